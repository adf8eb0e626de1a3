"""The question bank and the level targets: ``prompts/questions.toml`` and ``prompts/levels.toml``.

Pure data loading plus validation of user-given ids. Everything returned is frozen, and
the default files are parsed once per process (reloaded if they change on disk).

Modules: schema (TOML reading, the cache, schema checks) < bank (LPs, questions, probes)
< levels (level windows, drills, delivery targets). This package holds where the files are
and the loaders, so ``rehearse.prompts.PROMPTS_DIR`` is the directory they read.
"""

from __future__ import annotations

from pathlib import Path

from rehearse.prompts.bank import (
    LP_IDS,
    MIN_QUESTIONS_PER_LP,
    PROBE_KINDS,
    REQUIRED_PROBE_KINDS,
    LeadershipPrinciple,
    Probe,
    Question,
    QuestionBank,
    _parse_bank,
)
from rehearse.prompts.levels import (
    LEVEL_IDS,
    DeliveryTargets,
    DrillSpec,
    Levels,
    LevelSpec,
    _parse_levels,
)
from rehearse.prompts.schema import _cached, normalise_id

__all__ = [
    "LEVELS_FILE",
    "LEVEL_IDS",
    "LP_IDS",
    "MIN_QUESTIONS_PER_LP",
    "PROBE_KINDS",
    "PROMPTS_DIR",
    "QUESTIONS_FILE",
    "REQUIRED_PROBE_KINDS",
    "DeliveryTargets",
    "DrillSpec",
    "LeadershipPrinciple",
    "LevelSpec",
    "Levels",
    "Probe",
    "Question",
    "QuestionBank",
    "load_levels",
    "load_question_bank",
    "normalise_id",
    "validate_level",
    "validate_lp",
]


def _find_prompts_dir() -> Path:
    """prompts/ beside the package (a checkout or editable install), else the installed copy."""
    import sys

    # rehearse/prompts/__init__.py -> the directory holding rehearse/
    beside = Path(__file__).resolve().parent.parent.parent / "prompts"
    installed = Path(sys.prefix) / "share" / "rehearse" / "prompts"
    return beside if beside.is_dir() or not installed.is_dir() else installed


PROMPTS_DIR = _find_prompts_dir()
QUESTIONS_FILE = "questions.toml"
LEVELS_FILE = "levels.toml"


def load_question_bank(path: str | Path | None = None) -> QuestionBank:
    """Load ``prompts/questions.toml`` (or ``path``); RehearseError naming the file if it is broken."""
    bank: QuestionBank = _cached(Path(path) if path is not None else PROMPTS_DIR / QUESTIONS_FILE, _parse_bank)
    return bank


def load_levels(path: str | Path | None = None) -> Levels:
    """Load ``prompts/levels.toml`` (or ``path``); RehearseError naming the file if it is broken."""
    levels: Levels = _cached(Path(path) if path is not None else PROMPTS_DIR / LEVELS_FILE, _parse_levels)
    return levels


# -- validation of user input --------------------------------------------------------------


def validate_level(level: str, levels: Levels | None = None) -> LevelSpec:
    """The LevelSpec for a user-given level; BadInputError listing the valid levels otherwise."""
    return (levels or load_levels()).get(level)


def validate_lp(lp: str, bank: QuestionBank | None = None) -> LeadershipPrinciple:
    """The LP for a user-given id or name; BadInputError listing the valid ids otherwise."""
    return (bank or load_question_bank()).get(lp)
