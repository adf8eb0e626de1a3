"""Live microphone level; redrawn by the screen's timer from the recorder's latest level."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from rehearse.tui.widgets.palette import theme_colors


class MicLevelMeter(Widget):
    """``level`` is the recorder's meter position, 0..1 on a -60..0 dBFS scale."""

    DEFAULT_CSS = """
    MicLevelMeter { height: 1; }
    """

    level: reactive[float] = reactive(0.0)

    def render(self) -> Text:
        colors = theme_colors(self)
        label = "Mic "
        width = max(4, self.size.width - len(label))
        filled = round(max(0.0, min(1.0, self.level)) * width)
        text = Text(label, style="bold", no_wrap=True)
        for cell in range(width):
            if cell < filled:
                hot = cell >= width * 0.9  # the top tenth: close to clipping
                text.append("▮", style=colors["error"] if hot else colors["success"])
            else:
                text.append("·", style="dim")
        return text
