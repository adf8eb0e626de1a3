"""The level's target window as a bar: 0–3:00 with the 2:30–3:00 zone for senior, 0–2:00 for mid."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from rehearse.tui.services import LevelWindow, clock
from rehearse.tui.widgets.palette import theme_colors


class LevelWindowBar(Widget):
    DEFAULT_CSS = """
    LevelWindowBar { height: 2; }
    """

    elapsed_s: reactive[float] = reactive(0.0)

    def __init__(self, window: LevelWindow, **kwargs) -> None:
        super().__init__(**kwargs)
        self.window = window

    def render(self) -> Text:
        colors = theme_colors(self)
        width = max(10, self.size.width)
        scale = self.window.scale_s
        zone_start = self.window.min_s or 0.0
        text = Text(no_wrap=True)
        for cell in range(width):
            t = (cell + 0.5) * scale / width
            in_zone = t >= zone_start
            zone_bg = colors["success"] if in_zone and self.window.min_s else colors["panel"]
            if self.elapsed_s > scale:
                text.append("█", style=colors["error"])
            elif t <= self.elapsed_s:
                text.append("█", style=colors["accent"])
            else:
                text.append("░" if not (in_zone and self.window.min_s) else "▒", style=zone_bg)
        text.append("\n")
        text.append(self._ticks(width))
        return text

    def _ticks(self, width: int) -> Text:
        scale = self.window.scale_s
        labels = {0.0: clock(0)}
        step = 30.0 if width >= 60 else 60.0
        t = step
        while t <= scale:
            labels[t] = clock(t)
            t += step
        if self.window.min_s:
            labels[self.window.min_s] = clock(self.window.min_s)
        row = [" "] * width
        for seconds, label in sorted(labels.items()):
            pos = min(width - len(label), int(seconds / scale * width))
            if pos > 0 and seconds != scale:
                pos = max(0, pos - len(label) // 2)
            if all(ch == " " for ch in row[max(0, pos - 1) : pos + len(label) + 1]):
                row[pos : pos + len(label)] = list(label)
        return Text("".join(row), style="dim")
