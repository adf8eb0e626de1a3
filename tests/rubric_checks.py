"""Shared helpers for rubric unit tests: one verdict or one red flag of a plain-text answer, and
the text of a blind answer that showed a shape."""

from __future__ import annotations

import sys
from pathlib import Path

from rehearse.analysis.pipeline import check_text
from rehearse.models import RubricResult

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

BLIND = Path(__file__).resolve().parent / "data" / "blind"


def blind_answer(prefix: str) -> dict:
    """The blind answer whose id starts with ``prefix`` ("b17d_03"), from its batch file."""
    batch = BLIND / f"batch{prefix[1:prefix.index('_') - 1]}_{prefix[prefix.index('_') - 1]}.toml"
    return next(x for x in tomllib.loads(batch.read_text())["answer"] if x["id"].startswith(prefix))


def blind_text(prefix: str) -> str:
    return " ".join(s["text"].strip() for s in blind_answer(prefix)["sections"])


def result_of(text: str, level: str = "mid", lp: str = "ownership") -> RubricResult:
    return check_text(text, level, lp)


def verdict(text: str, criterion: str, level: str = "mid", lp: str = "ownership") -> str:
    """The verdict ("pass", "fail", "n/a") of one criterion."""
    return next(f.verdict for f in result_of(text, level, lp).findings if f.id == criterion)


def flagged(text: str, flag: str, level: str = "mid", lp: str = "ownership") -> bool:
    """Whether the answer raises the red flag."""
    return any(f.id == flag for f in result_of(text, level, lp).red_flags)
