"""The report's JSON contract (schema_version 1); terminal rendering is in rehearse.cli.render.

JSON field names are a contract other tools read; add fields, never rename.
"""

from __future__ import annotations

import json
import math
from typing import Any

from rehearse.models import Report, RubricResult, Section

SCHEMA_VERSION = 1


def json_text(data: Any) -> str:
    """Strict JSON for stdout and files: a NaN or infinity (never valid JSON) becomes null."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:
        return json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(float(x), nd)


def section_to_dict(section: Section, timed: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"name": section.name}
    if timed:
        d.update(start_s=_r(section.start_s), end_s=_r(section.end_s), duration_s=_r(section.duration_s))
    d["text"] = section.text
    if section.confidence is not None:
        d["confidence"] = section.confidence
    return d


def rubric_to_dict(result: RubricResult) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    rubric = {
        f.id: {
            "verdict": f.verdict,
            "required": f.required,
            "evidence": [{"quote": e.quote, "start_s": _r(e.start_s)} for e in f.evidence],
            "advice": f.advice,
            **({"details": f.details} if f.details else {}),
        }
        for f in result.findings
    }
    flags = [
        {"id": r.id, "quote": r.quote, "start_s": _r(r.start_s), "advice": r.advice} for r in result.red_flags
    ]
    guidance = None
    if result.guidance is not None:
        g = result.guidance
        guidance = {
            "lp": g.lp,
            "level": g.level,
            "emphasize": list(g.emphasize),
            "de_emphasize": list(g.de_emphasize),
            "notes": list(g.notes),
        }
    return rubric, flags, guidance


def report_to_dict(report: Report) -> dict[str, Any]:
    timed = report.timing is not None
    rubric, flags, guidance = rubric_to_dict(report.rubric)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": report.source,
        "level": report.level,
        "lp": report.lp,
        "model": report.model,
        "duration_s": _r(report.duration_s),
        "segmentation": report.segmentation,
        "sections": [section_to_dict(s, timed) for s in report.sections],
        "unclear_sections": list(report.unclear_sections),
        "timing": None,
        "delivery": None,
        "rubric": rubric,
        "red_flags": flags,
        "guidance": guidance,
        "transcript": None,
    }
    if report.timing is not None:
        t = report.timing
        data["timing"] = {
            "total_s": t.total_s,
            "target_min_s": t.target_min_s,
            "target_max_s": t.target_max_s,
            "length": t.length,
            "situation_s": t.situation_s,
            "situation_overrun": t.situation_overrun,
            "sections_s": t.section_s,
            "shares": t.shares,
            "advice": list(t.advice),
        }
    if report.delivery is not None:
        d = report.delivery
        data["delivery"] = {
            "wpm": d.wpm,
            "section_wpm": d.section_wpm,
            "fillers": d.fillers,
            "fillers_per_min": d.fillers_per_min,
            "fillers_note": "lower bound: speech recognition drops some fillers",
            "long_pauses": [{"start_s": p.start_s, "duration_s": p.duration_s} for p in d.long_pauses],
        }
    if report.transcript is not None:
        data["transcript"] = {
            "text": report.transcript.text,
            "words": [{"w": w.text, "start_s": _r(w.start_s), "end_s": _r(w.end_s)} for w in report.transcript.words],
        }
    else:
        data["transcript"] = {"text": report.text, "words": []}
    data.update(report.extra)
    return data
