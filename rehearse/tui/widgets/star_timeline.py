"""Results: one block per STAR section, sized by time; overruns in red."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.color import Color
from rich.text import Text
from textual.widget import Widget

from rehearse.models import Report
from rehearse.tui.services import clock
from rehearse.tui.widgets.palette import theme_colors

SHORT = {"situation": "S", "task": "T", "action": "A", "result": "R", "reflection": "Rf"}
COLOR_KEYS = {"situation": "primary", "task": "secondary", "action": "accent", "result": "success", "reflection": "warning"}


@dataclass(frozen=True)
class Block:
    name: str
    start_s: float
    duration_s: float
    overrun: bool = False


def blocks_from_report(report: Report) -> list[Block]:
    """Consecutive blocks from the report's section times (marks or automatic)."""
    timing = report.timing
    blocks: list[Block] = []
    cursor = 0.0
    for section in report.sections:
        duration = section.duration_s
        if duration is None and timing is not None:
            duration = timing.section_s.get(section.name)
        if not duration or duration <= 0:
            continue
        start = section.start_s if section.start_s is not None else cursor
        overrun = bool(timing and section.name == "situation" and timing.situation_overrun)
        blocks.append(Block(section.name, start, duration, overrun))
        cursor = start + duration
    return blocks


def time_scale(blocks: Sequence[Block], target_max_s: float | None) -> tuple[float, float]:
    """(origin, seconds across the width): the answer, or the target window if it is longer."""
    origin = blocks[0].start_s
    end = max(b.start_s + b.duration_s for b in blocks)
    return origin, max(end, target_max_s or 0.0) - origin or 1.0


def cell_blocks(blocks: Sequence[Block], target_max_s: float | None, width: int) -> list[tuple[float, Block | None]]:
    """For each of ``width`` cells, its time and the block under it (shared with the pace strip)."""
    if not blocks:
        return []
    origin, scale = time_scale(blocks, target_max_s)
    out = []
    for cell in range(width):
        t = origin + (cell + 0.5) * scale / width
        out.append((t, next((b for b in blocks if b.start_s <= t < b.start_s + b.duration_s), None)))
    return out


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on the block colour."""
    try:
        red, green, blue = Color.parse(background).get_truecolor()
    except Exception:
        return "white"
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "white"


class StarTimeline(Widget):
    DEFAULT_CSS = """
    StarTimeline { height: 2; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.blocks: list[Block] = []
        self.target_max_s: float | None = None

    def show(self, blocks: Sequence[Block], target_max_s: float | None) -> None:
        self.blocks = list(blocks)
        self.target_max_s = target_max_s
        self.refresh()

    def render(self) -> Text:
        if not self.blocks:
            return Text("No section times: the transcript had no timestamps.", style="dim")
        colors = theme_colors(self)
        width = max(10, self.size.width)
        origin, scale = time_scale(self.blocks, self.target_max_s)
        cells: list[tuple[str, str]] = []
        for t, block in cell_blocks(self.blocks, self.target_max_s, width):
            if block is None:
                cells.append((" ", ""))
                continue
            past_target = self.target_max_s is not None and t > self.target_max_s
            color = colors["error"] if block.overrun or past_target else colors[COLOR_KEYS.get(block.name, "primary")]
            cells.append((block.name, color))
        top = Text(no_wrap=True)
        index = 0
        while index < width:
            name, color = cells[index]
            run = 1
            while index + run < width and cells[index + run] == (name, color):
                run += 1
            block = next((b for b in self.blocks if b.name == name), None)
            label = ""
            if block is not None:
                full = f"{SHORT.get(name, name[:1].upper())} {clock(block.duration_s)}"
                label = full if len(full) + 2 <= run else SHORT.get(name, "")[: max(0, run)]
            body = label.center(run)[:run]
            top.append(body, style=f"bold {readable_on(color)} on {color}" if color else "")
            index += run
        bottom = Text("\n" + clock(0).ljust(width - 5) + clock(origin + scale).rjust(5), style="dim", no_wrap=True)
        return top + bottom
