"""Section durations and verdicts against the level's time window. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.models import SECTION_NAMES, Section, Timing
from rehearse.units import format_clock


@dataclass(frozen=True)
class TimingTargets:
    """The numbers a level sets (from prompts/levels.toml)."""

    target_min_s: float | None
    target_max_s: float | None
    situation_overrun_s: float = 90.0
    situation_task_max_share: float = 0.25


def compute_timing(sections: Sequence[Section], total_s: float, targets: TimingTargets) -> Timing:
    """Timing verdicts; ``total_s`` runs from the first word to the last."""
    section_s = {name: 0.0 for name in SECTION_NAMES}
    for s in sections:
        section_s[s.name] += max(0.0, s.duration_s or 0.0)
    situation_s = section_s["situation"]
    overrun = situation_s > targets.situation_overrun_s

    if targets.target_max_s is not None and total_s > targets.target_max_s:
        length = "too_long"
    elif targets.target_min_s is not None and total_s < targets.target_min_s:
        length = "too_short"
    else:
        length = "ok"

    shares = {k: (v / total_s if total_s > 0 else 0.0) for k, v in section_s.items()}
    advice: list[str] = []
    if overrun:
        advice.append(
            f"The situation ran {format_clock(situation_s)}, past the {format_clock(targets.situation_overrun_s)} "
            "limit: cut the architecture tour and get to the problem in two or three sentences."
        )
    if length == "too_long":
        advice.append(
            f"The answer ran {format_clock(total_s)}; this level's window ends at {format_clock(targets.target_max_s or 0)}. "
            f"Trim {format_clock(total_s - (targets.target_max_s or 0))} — usually from the situation or a second-order action."
        )
    elif length == "too_short":
        advice.append(
            f"The answer ran {format_clock(total_s)}; this level expects at least {format_clock(targets.target_min_s or 0)}. "
            "Add the trade-off you weighed and the systemic root cause, not more setup."
        )
    setup_share = shares["situation"] + shares["task"]
    if total_s > 0 and setup_share > targets.situation_task_max_share:
        advice.append(
            f"Situation and task took {setup_share:.0%} of the answer; keep them under "
            f"{targets.situation_task_max_share:.0%} so the actions get the time."
        )
    present = [k for k in SECTION_NAMES if section_s[k] > 0]
    if present and section_s["action"] > 0 and max(present, key=lambda k: section_s[k]) != "action":
        biggest = max(present, key=lambda k: section_s[k])
        advice.append(
            f"The {biggest} ({format_clock(section_s[biggest])}) took longer than the action "
            f"({format_clock(section_s['action'])}); the action should be the largest part."
        )
    for name in ("action", "result"):
        if section_s[name] == 0 and sections:
            advice.append(f"No {name} part was recognised; say it explicitly.")

    return Timing(
        total_s=round(total_s, 2),
        target_min_s=targets.target_min_s,
        target_max_s=targets.target_max_s,
        length=length,  # type: ignore[arg-type]
        situation_s=round(situation_s, 2),
        situation_overrun=overrun,
        situation_limit_s=targets.situation_overrun_s,
        section_s={k: round(v, 2) for k, v in section_s.items()},
        shares={k: round(v, 3) for k, v in shares.items()},
        advice=tuple(advice),
    )
