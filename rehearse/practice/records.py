"""The practice history's records: what a story, a take and a drill result are, the trend
numbers read from a report, and how a database row becomes a record."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


@dataclass(frozen=True)
class Story:
    id: int
    name: str
    created_at: str
    take_count: int = 0


@dataclass(frozen=True)
class TakeMetrics:
    """The per-take numbers the trend charts plot (from the report's JSON contract)."""

    total_s: float | None = None
    situation_s: float | None = None
    target_min_s: float | None = None
    target_max_s: float | None = None
    rubric_pass: int | None = None
    rubric_total: int | None = None
    fillers_per_min: float | None = None
    wpm: float | None = None
    pace: str | None = None  # too_fast, too_slow, ok (None before delivery coaching)
    fillers_verdict: str | None = None  # too_many, ok
    hedges: int | None = None


@dataclass(frozen=True)
class TakeRecord:
    id: int
    created_at: str
    lp: str
    level: str
    audio_path: str | None = None
    report_path: str | None = None
    story: str | None = None
    question_id: str | None = None
    question_text: str | None = None
    origin: str = "take"
    segmentation: str | None = None
    metrics: TakeMetrics = field(default_factory=TakeMetrics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "story": self.story,
            "lp": self.lp,
            "level": self.level,
            "question_id": self.question_id,
            "question_text": self.question_text,
            "origin": self.origin,
            "segmentation": self.segmentation,
            "audio_path": self.audio_path,
            "report_path": self.report_path,
            **{k: getattr(self.metrics, k) for k in TakeMetrics.__dataclass_fields__},
        }


@dataclass(frozen=True)
class DrillRecord:
    id: int
    created_at: str
    drill: str
    level: str
    lp: str
    passed: bool
    time_s: float | None
    target_min_s: float | None = None
    target_max_s: float | None = None
    story: str | None = None
    take_id: int | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DeleteResult:
    take_id: int
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # files outside rehearse's data dir are the user's: never deleted


def metrics_from_report(data: Mapping[str, Any]) -> TakeMetrics:
    """Trend numbers from a report dict (``rehearse.analysis.report.report_to_dict``)."""
    timing = data.get("timing") or {}
    delivery = data.get("delivery") or {}
    rubric = data.get("rubric") or {}
    verdicts = [v.get("verdict") for v in rubric.values() if isinstance(v, Mapping)]
    scored = [v for v in verdicts if v in ("pass", "fail")]
    return TakeMetrics(
        total_s=_num(timing.get("total_s")),
        situation_s=_num(timing.get("situation_s")),
        target_min_s=_num(timing.get("target_min_s")),
        target_max_s=_num(timing.get("target_max_s")),
        rubric_pass=sum(v == "pass" for v in scored) if scored else None,
        rubric_total=len(scored) if scored else None,
        fillers_per_min=_num(delivery.get("fillers_per_min")),
        wpm=_num(delivery.get("wpm")),
        pace=(delivery.get("pace") or {}).get("verdict"),
        fillers_verdict=(delivery.get("filler_rate") or {}).get("verdict"),
        hedges=len(delivery["hedges"]) if isinstance(delivery.get("hedges"), list) else None,
    )


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


# -- rows ------------------------------------------------------------------------------------


def take_from_row(row: sqlite3.Row) -> TakeRecord:
    """A ``takes`` row joined with its story's name (``story_name``). Columns added by later
    migrations may be missing from an older row: they read as their defaults."""
    keys = row.keys()
    return TakeRecord(
        id=int(row["id"]),
        created_at=row["created_at"],
        lp=row["lp"],
        level=row["level"],
        audio_path=row["audio_path"],
        report_path=row["report_path"],
        story=row["story_name"],
        question_id=row["question_id"],
        question_text=row["question_text"],
        origin=row["origin"] if "origin" in keys else "take",
        segmentation=row["segmentation"] if "segmentation" in keys else None,
        metrics=TakeMetrics(
            total_s=row["total_s"], situation_s=row["situation_s"], target_min_s=row["target_min_s"],
            target_max_s=row["target_max_s"], rubric_pass=row["rubric_pass"], rubric_total=row["rubric_total"],
            fillers_per_min=row["fillers_per_min"], wpm=row["wpm"],
            pace=row["pace"] if "pace" in keys else None,
            fillers_verdict=row["fillers_verdict"] if "fillers_verdict" in keys else None,
            hedges=row["hedges"] if "hedges" in keys else None,
        ),
    )


def drill_from_row(row: sqlite3.Row) -> DrillRecord:
    """A ``drill_results`` row joined with its story's name (``story_name``)."""
    return DrillRecord(
        int(row["id"]), row["created_at"], row["drill"], row["level"], row["lp"], bool(row["passed"]), row["time_s"],
        row["target_min_s"], row["target_max_s"], row["story_name"], row["take_id"],
        json.loads(row["details_json"] or "{}"),
    )
