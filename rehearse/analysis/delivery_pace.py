"""Pace against a band (prompts/levels.toml [delivery]), overall and per STAR section. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from rehearse.models import Pace, SectionPace
from rehearse.prompts import DeliveryTargets

# Why each section's pace matters, for the sentence that names it.
SECTION_STAKES = {
    "situation": "where the interviewer is still getting oriented",
    "task": "where you say what you owned",
    "action": "the part that shows what you did",
    "result": "the part the interviewer most needs to hear",
    "reflection": "where you show what you learned",
}


def pace_verdict(wpm: float, targets: DeliveryTargets) -> str:
    if wpm > targets.pace_max_wpm:
        return "too_fast"
    if wpm < targets.pace_min_wpm:
        return "too_slow"
    return "ok"


def judge_pace(
    wpm: float,
    section_wpm: Mapping[str, float],
    section_s: Mapping[str, float],
    targets: DeliveryTargets,
) -> Pace:
    """Overall and per-section verdicts and one sentence of advice naming the worst section."""
    sections = tuple(
        SectionPace(
            name,
            rate,
            pace_verdict(rate, targets) if section_s.get(name, 0.0) >= targets.section_min_s else "n/a",
        )
        for name, rate in section_wpm.items()
    )
    overall = pace_verdict(wpm, targets)
    return Pace(overall, targets.pace_min_wpm, targets.pace_max_wpm, sections, _advice(wpm, overall, sections, targets))


def _distance(section: SectionPace, targets: DeliveryTargets) -> float:
    if section.verdict == "too_fast":
        return section.wpm - targets.pace_max_wpm
    if section.verdict == "too_slow":
        return targets.pace_min_wpm - section.wpm
    return 0.0


def _advice(wpm: float, overall: str, sections: tuple[SectionPace, ...], targets: DeliveryTargets) -> str:
    band = f"{targets.pace_min_wpm:.0f}–{targets.pace_max_wpm:.0f} wpm"
    off = [s for s in sections if s.verdict in ("too_fast", "too_slow")]
    parts = []
    if overall == "too_fast":
        parts.append(f"{wpm:.0f} wpm is too fast for an interview (aim for {band}).")
    elif overall == "too_slow":
        parts.append(f"{wpm:.0f} wpm is slow enough to lose the interviewer (aim for {band}).")
    if off:
        worst = max(off, key=lambda s: _distance(s, targets))
        stakes = SECTION_STAKES.get(worst.name, "")
        moved = "sped up to" if worst.verdict == "too_fast" else "slowed to"
        parts.append(f"You {moved} {worst.wpm:.0f} wpm in the {worst.name}{', ' + stakes if stakes else ''}.")
    if not parts:
        return f"Your pace ({wpm:.0f} wpm) sits in the {band} band."
    return " ".join(parts)
