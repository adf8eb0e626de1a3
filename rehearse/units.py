"""How durations are shown: one m:ss formatter for the report, the TUI, exports and advice text."""

from __future__ import annotations

MISSING_CLOCK = "–:––"


def format_clock(seconds: float | None, missing: str = MISSING_CLOCK) -> str:
    """``seconds`` as m:ss, rounded to the nearest second (so 119.6 s reads 2:00 everywhere);
    ``missing`` when there is no duration. Negative durations show as 0:00."""
    if seconds is None:
        return missing
    whole = max(0, int(round(float(seconds))))
    return f"{whole // 60}:{whole % 60:02d}"
