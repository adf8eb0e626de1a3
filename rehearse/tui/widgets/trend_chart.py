"""A small bar chart of one metric over takes, with the target drawn as a dotted line.

Drawn with block characters (no plotting dependency) so it reads at 80×24 and snapshots
are exact. Bars inside the target are green, outside red; without a target, the accent colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.widget import Widget

from rehearse.tui.widgets.palette import theme_colors

EIGHTHS = " ▁▂▃▄▅▆▇█"
GUTTER = 6
BAR_STEP = 3  # two cells of bar and one of air per take


class TrendChart(Widget):
    DEFAULT_CSS = """
    TrendChart { height: 5; }
    """

    def __init__(
        self,
        title: str,
        *,
        fmt: Callable[[float], str] = lambda v: f"{v:.0f}",
        rows: int = 4,
        higher_is_better: bool | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.fmt = fmt
        self.rows = rows
        self.higher_is_better = higher_is_better
        self.values: list[float | None] = []
        self.target_min: float | None = None
        self.target_max: float | None = None
        self.styles.height = rows + 1

    def show(self, values: Sequence[float | None], target_min: float | None = None, target_max: float | None = None) -> None:
        self.values = list(values)
        self.target_min, self.target_max = target_min, target_max
        self.refresh()

    def in_target(self, value: float) -> bool | None:
        if self.target_min is None and self.target_max is None:
            return None
        return (self.target_max is None or value <= self.target_max) and (self.target_min is None or value >= self.target_min)

    def caption(self) -> str:
        known = [v for v in self.values if v is not None]
        if not known:
            return f"{self.title}: no takes yet"
        parts = [f"latest {self.fmt(known[-1])}"]
        if len(known) > 1:
            delta = known[-1] - known[0]
            parts.append(f"first {self.fmt(known[0])}")
            parts.append("↑" if delta > 0 else "↓" if delta < 0 else "=")
        if self.target_min is not None and self.target_max is not None:
            parts.append(f"target {self.fmt(self.target_min)}–{self.fmt(self.target_max)}")
        elif self.target_max is not None:
            parts.append(f"target ≤ {self.fmt(self.target_max)}")
        return f"{self.title}: " + " · ".join(parts) + f" ({len(known)} take{'s' if len(known) != 1 else ''})"

    def render(self) -> Text:
        colors = theme_colors(self)
        text = Text(self.caption(), style="bold", no_wrap=True, overflow="ellipsis")
        width = max(4, self.size.width - GUTTER)
        values = self.values[-max(1, width // BAR_STEP):]
        known = [v for v in values if v is not None]
        top = max(known + [self.target_max or 0.0, self.target_min or 0.0, 1e-9]) * 1.1
        for row in range(self.rows):
            low = top * (self.rows - 1 - row) / self.rows
            high = top * (self.rows - row) / self.rows
            label = self.fmt(high) if row == 0 else ("0" if row == self.rows - 1 else "")
            text.append("\n" + label[: GUTTER - 1].rjust(GUTTER - 1) + "┤", style="dim")
            for value in values:
                target_here = any(t is not None and low < t <= high for t in (self.target_min, self.target_max))
                gap = "┈" if target_here else " "
                if value is None:
                    text.append(gap * BAR_STEP, style="dim")
                    continue
                inside = self.in_target(value)
                color = colors["accent"] if inside is None else colors["success"] if inside else colors["error"]
                if value >= high:
                    text.append("██", style=color)
                elif value > low:
                    text.append(EIGHTHS[max(1, int((value - low) / (high - low) * 8))] * 2, style=color)
                else:
                    text.append(gap * 2, style=colors["warning"] if target_here else "")
                text.append(gap, style=colors["warning"] if target_here else "")
        return text
