"""Timing drills (issue 6): pure evaluation against the targets in ``prompts/levels.toml``.

Each drill ends with pass or fail against its target and the best passing time so far:

- ``situation_sprint``: only the Situation and Task, within 30 s;
- ``full_story``: the whole story inside the level's window;
- ``follow_up_rapid_fire``: the four probes in a row, each answered strongly within 30 s;
- ``other_angle``: one story retold for a second LP; the LP's required criteria from
  ``prompts/rubric.toml`` (e.g. ``customer_first`` for Customer Obsession) must now pass.

Inputs are report dicts (the JSON contract of ``rehearse.analysis.report.report_to_dict``), so a take
from the history and a fresh analysis are evaluated the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rehearse import prompts
from rehearse.errors import BadInputError
from rehearse.units import format_clock

SITUATION_SPRINT = "situation_sprint"
FULL_STORY = "full_story"
RAPID_FIRE = "follow_up_rapid_fire"
OTHER_ANGLE = "other_angle"
LATER_SECTIONS = ("action", "result", "reflection")


@dataclass(frozen=True)
class DrillPart:
    """One checked item: a probe answer, a required criterion, or the time."""

    label: str
    passed: bool
    detail: str = ""
    time_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "passed": self.passed, "detail": self.detail, "time_s": _r(self.time_s)}


@dataclass(frozen=True)
class DrillOutcome:
    drill: str
    name: str
    level: str
    lp: str
    passed: bool
    time_s: float | None
    target_min_s: float | None
    target_max_s: float | None
    parts: tuple[DrillPart, ...] = ()
    notes: tuple[str, ...] = ()
    best_s: float | None = None
    details: dict = field(default_factory=dict)

    @property
    def target_label(self) -> str:
        low, high = self.target_min_s, self.target_max_s
        if low and high:
            return f"{clock(low)}–{clock(high)}"
        return f"under {clock(high)}" if high else "any length"

    @property
    def headline(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        per = " per probe, slowest answer" if self.drill == RAPID_FIRE else ""
        best = f" · best {clock(self.best_s)}" if self.best_s is not None else " · no passing time yet"
        return f"{verdict} — {self.name}: {clock(self.time_s)} (target {self.target_label}{per}){best}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "drill": self.drill,
            "name": self.name,
            "level": self.level,
            "lp": self.lp,
            "passed": self.passed,
            "time_s": _r(self.time_s),
            "target_min_s": self.target_min_s,
            "target_max_s": self.target_max_s,
            "best_s": _r(self.best_s),
            "parts": [p.to_dict() for p in self.parts],
            "notes": list(self.notes),
            **self.details,
        }


def clock(seconds: float | None) -> str:
    return format_clock(seconds)


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def drill_spec(drill_id: str, levels: prompts.Levels | None = None) -> prompts.DrillSpec:
    return (levels or prompts.load_levels()).drill(drill_id)


def _total(report: Mapping[str, Any]) -> float | None:
    timing = report.get("timing") or {}
    total = timing.get("total_s")
    return None if total is None else float(total)


def _window_part(total: float | None, low: float | None, high: float | None) -> DrillPart:
    if total is None:
        return DrillPart("time", False, "no timing: the take had no timestamps")
    if high is not None and total > high:
        return DrillPart("time", False, f"{clock(total)} is over {clock(high)} by {total - high:.0f} s", total)
    if low is not None and total < low:
        return DrillPart("time", False, f"{clock(total)} is short of {clock(low)} by {low - total:.0f} s", total)
    return DrillPart("time", True, f"{clock(total)} is inside the target", total)


def _outcome(spec: prompts.DrillSpec, level: str, lp: str, low, high, time_s, parts, notes=(), details=None) -> DrillOutcome:
    return DrillOutcome(
        drill=spec.id, name=spec.name, level=level, lp=lp, passed=all(p.passed for p in parts) and bool(parts),
        time_s=time_s, target_min_s=low, target_max_s=high, parts=tuple(parts), notes=tuple(notes),
        details=dict(details or {}),
    )


def evaluate_situation_sprint(report: Mapping[str, Any], levels: prompts.Levels | None = None) -> DrillOutcome:
    spec = drill_spec(SITUATION_SPRINT, levels)
    level_spec = (levels or prompts.load_levels()).get(str(report.get("level") or "mid"))
    low, high = spec.window(level_spec)
    total = _total(report)
    parts = [_window_part(total, low, high)]
    notes = []
    sections = report.get("sections") or []
    words = {s.get("name"): len(str(s.get("text", "")).split()) for s in sections}
    all_words = sum(words.values()) or 1
    later = sum(words.get(name, 0) for name in LATER_SECTIONS)
    if later / all_words > 0.3:
        notes.append("You ran on past the task into the action: stop once the task is clear.")
    if not words.get("situation") and not words.get("task"):
        notes.append("No situation or task was heard: set the scene, then say what you had to do.")
    return _outcome(spec, level_spec.id, str(report.get("lp") or ""), low, high, total, parts, notes)


def evaluate_full_story(report: Mapping[str, Any], levels: prompts.Levels | None = None) -> DrillOutcome:
    spec = drill_spec(FULL_STORY, levels)
    level_spec = (levels or prompts.load_levels()).get(str(report.get("level") or "mid"))
    low, high = spec.window(level_spec)
    total = _total(report)
    notes = list((report.get("timing") or {}).get("advice") or [])
    return _outcome(spec, level_spec.id, str(report.get("lp") or ""), low, high, total, [_window_part(total, low, high)], notes)


@dataclass(frozen=True)
class ProbeAnswer:
    """One rapid-fire answer: the probe kind, what was said, and how long it took."""

    probe: str
    text: str
    duration_s: float | None


def evaluate_rapid_fire(
    answers: Sequence[ProbeAnswer], level: str, lp: str, levels: prompts.Levels | None = None, grade=None
) -> DrillOutcome:
    from rehearse.rubric.probes import grade_probe

    grade = grade or grade_probe
    levels = levels or prompts.load_levels()
    spec = drill_spec(RAPID_FIRE, levels)
    level_spec = levels.get(level)
    low, high = spec.window(level_spec)
    expected = list(spec.probes)
    given = [a.probe for a in answers]
    if given != expected:
        raise BadInputError(
            f"rapid fire needs answers to {', '.join(expected)} in that order (got {', '.join(given) or 'none'})",
            "answer all four probes, one audio file each",
        )
    parts, grades = [], []
    for answer in answers:
        graded = grade(answer.probe, answer.text) if answer.text.strip() else None
        strong = graded is not None and graded.grade == "strong"
        in_time = answer.duration_s is not None and (high is None or answer.duration_s <= high)
        reason = graded.reason if graded is not None else "nothing was heard"
        timing = f"{clock(answer.duration_s)}" + ("" if in_time else f" (over {clock(high)})")
        parts.append(DrillPart(answer.probe, strong and in_time, f"{'strong' if strong else 'weak'} · {timing} · {reason}", answer.duration_s))
        grades.append({"probe": answer.probe, "grade": graded.grade if graded else "weak", "text": answer.text})
    durations = [a.duration_s for a in answers if a.duration_s is not None]
    # The target is per probe, so the drill's time is the slowest answer.
    slowest = max(durations) if len(durations) == len(answers) else None
    return _outcome(spec, level_spec.id, lp, low, high, slowest, parts, details={"answers": grades})


def lp_required(lp: str) -> tuple[str, ...]:
    """The criteria ``prompts/rubric.toml`` requires for this LP: where its emphasis must show."""
    from rehearse.rubric import load_rules

    rules = load_rules()
    if lp not in rules.lps:
        raise BadInputError(f"unknown LP {lp!r}", "see 'rehearse prompts' for the LP ids")
    return tuple(rules.lps[lp].get("required", ()))


def _verdict(report: Mapping[str, Any], criterion: str) -> str:
    entry = (report.get("rubric") or {}).get(criterion) or {}
    return str(entry.get("verdict") or "n/a")


def evaluate_other_angle(
    retelling: Mapping[str, Any], first: Mapping[str, Any] | None, levels: prompts.Levels | None = None
) -> DrillOutcome:
    """Did the retelling for its LP put the emphasis where that LP's required criteria say?"""
    from rehearse.practice.consistency import compare

    levels = levels or prompts.load_levels()
    spec = drill_spec(OTHER_ANGLE, levels)
    lp = str(retelling.get("lp") or "")
    level_spec = levels.get(str(retelling.get("level") or "mid"))
    low, high = spec.window(level_spec)
    total = _total(retelling)
    parts: list[DrillPart] = []
    notes: list[str] = []
    first_lp = str(first.get("lp") or "") if first else ""
    if first is not None and first_lp == lp:
        parts.append(DrillPart("angle", False, f"both tellings are for {lp}: retell for a different LP"))
    moved = []
    for criterion in lp_required(lp):
        now = _verdict(retelling, criterion)
        before = _verdict(first, criterion) if first is not None else None
        if now == "pass" and before not in (None, "pass"):
            moved.append(criterion)
        was = f" (was {before} in the {first_lp.replace('_', ' ')} telling)" if before is not None else ""
        advice = ((retelling.get("rubric") or {}).get(criterion) or {}).get("advice", "")
        detail = f"{now}{was}" + (f" — {advice}" if now != "pass" and advice else "")
        parts.append(DrillPart(criterion, now == "pass", detail))
    parts.append(_window_part(total, low, high))
    guidance = retelling.get("guidance") or {}
    if guidance.get("emphasize"):
        notes.append("Emphasise: " + "; ".join(guidance["emphasize"]))
    conflicts = []
    if first is not None:
        conflicts = compare(_text(first), _text(retelling), "first telling", "retelling")
        for conflict in conflicts:
            notes.append(f"Numbers changed between tellings: {conflict.message}")
    details = {"first_lp": first_lp or None, "moved": moved, "conflicts": [c.to_dict() for c in conflicts]}
    return _outcome(spec, level_spec.id, lp, low, high, total, parts, notes, details)


def _text(report: Mapping[str, Any]) -> str:
    transcript = report.get("transcript") or {}
    return str(transcript.get("text") or " ".join(str(s.get("text", "")) for s in report.get("sections") or []))


def with_best(outcome: DrillOutcome, best_s: float | None) -> DrillOutcome:
    return replace(outcome, best_s=best_s)


def record(store: Any, outcome: DrillOutcome, *, story: str | None = None, take_id: int | None = None) -> DrillOutcome:
    """Save the result and return it with the best passing time so far (this one included)."""
    store.add_drill_result(
        outcome.drill, level=outcome.level, lp=outcome.lp, passed=outcome.passed, time_s=outcome.time_s,
        target_min_s=outcome.target_min_s, target_max_s=outcome.target_max_s, story=story, take_id=take_id,
        details=outcome.to_dict(),
    )
    return with_best(outcome, store.best_drill_time(outcome.drill, outcome.level))
