"""Shared helpers for rubric unit tests: one verdict or one red flag of a plain-text answer."""

from __future__ import annotations

from rehearse.analysis.pipeline import check_text
from rehearse.models import RubricResult


def result_of(text: str, level: str = "mid", lp: str = "ownership") -> RubricResult:
    return check_text(text, level, lp)


def verdict(text: str, criterion: str, level: str = "mid", lp: str = "ownership") -> str:
    """The verdict ("pass", "fail", "n/a") of one criterion."""
    return next(f.verdict for f in result_of(text, level, lp).findings if f.id == criterion)


def flagged(text: str, flag: str, level: str = "mid", lp: str = "ownership") -> bool:
    """Whether the answer raises the red flag."""
    return any(f.id == flag for f in result_of(text, level, lp).red_flags)
