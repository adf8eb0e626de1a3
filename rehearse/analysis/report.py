"""The report's JSON contract (schema_version 1); terminal rendering is in rehearse.cli.render.

JSON field names are a contract other tools read; add fields, never rename.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any

from rehearse.models import (
    Delivery,
    Evidence,
    Phrase,
    Report,
    RubricResult,
    Section,
    Voice,
)

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


def _phrase(p: Phrase) -> dict[str, Any]:
    return {"phrase": p.phrase, "quote": p.quote, "section": p.section, "start_s": _r(p.start_s)}


def delivery_to_dict(d: Delivery) -> dict[str, Any]:
    """The ``delivery`` object. The first six keys are the original contract; the rest were added."""
    data: dict[str, Any] = {
        "wpm": d.wpm,
        "section_wpm": d.section_wpm,
        "fillers": d.fillers,
        "fillers_per_min": d.fillers_per_min,
        "fillers_note": "lower bound: speech recognition drops some fillers",
        "long_pauses": [
            {"start_s": p.start_s, "duration_s": p.duration_s, "where": p.where, "kind": p.kind,
             "section": p.section, "before": p.before}
            for p in d.long_pauses
        ],
        "pause_advice": d.pause_advice,
        "pace": None,
        "filler_rate": None,
        "filler_hits": [_phrase(p) for p in d.filler_hits],
        "hedges": [_phrase(p) for p in d.hedges],
        "hedge_advice": d.hedge_advice,
        "hesitations": [_phrase(p) for p in d.hesitations],
        "voice": None,
    }
    if d.pace is not None:
        data["pace"] = {
            "verdict": d.pace.verdict,
            "min_wpm": d.pace.min_wpm,
            "max_wpm": d.pace.max_wpm,
            "sections": {s.name: {"wpm": s.wpm, "verdict": s.verdict} for s in d.pace.sections},
            "advice": d.pace.advice,
        }
    if d.filler_rate is not None:
        data["filler_rate"] = asdict(d.filler_rate)
    if d.voice is not None:
        v = d.voice
        data["voice"] = {
            **asdict(v),
            "flat_sections": list(v.flat_sections),
            "faded_quotes": [{"quote": e.quote, "start_s": _r(e.start_s)} for e in v.faded_quotes],
        }
    return data


def voice_from_dict(data: Any) -> Voice | None:
    """The voice verdict from a report's JSON (``check`` on analyze's JSON has no audio to measure)."""
    if not isinstance(data, dict) or not isinstance(data.get("measured"), bool):
        return None
    numbers_ok = all(
        data.get(k) is None or (isinstance(data[k], (int, float)) and not isinstance(data[k], bool))
        for k in ("pitch_median_hz", "pitch_spread_st", "fading_share")
    )
    flags_ok = all(data.get(k) is None or isinstance(data[k], bool) for k in ("monotone", "fading"))
    if not (numbers_ok and flags_ok and all(isinstance(data.get(k, ""), str) for k in ("reason", "advice"))):
        return None  # hand-edited or foreign JSON: no voice verdict rather than a wrong one
    try:
        fields = {k: data[k] for k in Voice.__dataclass_fields__ if k in data and k not in ("flat_sections", "faded_quotes")}
        return Voice(
            **fields,
            flat_sections=tuple(str(x) for x in data.get("flat_sections") or ()),
            faded_quotes=tuple(Evidence(str(q["quote"]), q.get("start_s")) for q in data.get("faded_quotes") or ()),
        )
    except (KeyError, TypeError):
        return None


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
        data["delivery"] = delivery_to_dict(report.delivery)
    if report.transcript is not None:
        data["transcript"] = {
            "text": report.transcript.text,
            "words": [{"w": w.text, "start_s": _r(w.start_s), "end_s": _r(w.end_s)} for w in report.transcript.words],
        }
    else:
        data["transcript"] = {"text": report.text, "words": []}
    data.update(report.extra)
    return data
