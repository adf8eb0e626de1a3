"""Results: each section's words per minute under the STAR timeline, coloured by the pace band."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from rehearse.models import Pace
from rehearse.tui.widgets.palette import theme_colors
from rehearse.tui.widgets.star_timeline import Block, cell_blocks, readable_on

# Theme colour per verdict: in the band, too fast, too slow, too short to judge.
VERDICT_COLORS = {"ok": "success", "too_fast": "error", "too_slow": "warning", "n/a": "panel"}


class PaceStrip(Widget):
    DEFAULT_CSS = """
    PaceStrip { height: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.blocks: list[Block] = []
        self.target_max_s: float | None = None
        self.pace: Pace | None = None

    def show(self, blocks: Sequence[Block], target_max_s: float | None, pace: Pace | None) -> None:
        self.blocks, self.target_max_s, self.pace = list(blocks), target_max_s, pace
        self.refresh()

    def render(self) -> Text:
        if self.pace is None or not self.blocks:
            return Text("")
        colors = theme_colors(self)
        by_name = {s.name: s for s in self.pace.sections}
        width = max(10, self.size.width)
        names = [block.name if block else None for _, block in cell_blocks(self.blocks, self.target_max_s, width)]
        text = Text(no_wrap=True)
        index = 0
        while index < width:
            name = names[index]
            run = 1
            while index + run < width and names[index + run] == name:
                run += 1
            section = by_name.get(name or "")
            if section is None:
                text.append(" " * run)
            else:
                color = colors.get(VERDICT_COLORS[section.verdict], colors["primary"])
                label = f"{section.wpm:.0f} wpm" if run >= 9 else f"{section.wpm:.0f}"
                text.append(label.center(run)[:run], style=f"{readable_on(color)} on {color}")
            index += run
        return text
