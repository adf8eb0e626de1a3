"""Recording-screen timers: the large elapsed clock and the Situation timer."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Digits, Static

from rehearse.tui.services import clock

SITUATION_AMBER_S = 60.0
SITUATION_RED_S = 90.0


class ElapsedTimer(Digits):
    """Large m:ss clock of the take so far."""

    elapsed_s: reactive[float] = reactive(0.0)

    def __init__(self, **kwargs) -> None:
        super().__init__("0:00", **kwargs)

    def watch_elapsed_s(self, value: float) -> None:
        self.update(clock(value))


class SectionTimer(Static):
    """Current STAR section and its time; the Situation turns amber at 60 s and red at 90 s."""

    amber_s = SITUATION_AMBER_S
    red_s = SITUATION_RED_S

    def show(self, section: str, seconds: float) -> None:
        self.update(f"{section.capitalize()}  {clock(seconds)}")
        in_situation = section == "situation"
        self.set_class(in_situation and self.amber_s <= seconds < self.red_s, "amber")
        self.set_class(in_situation and seconds >= self.red_s, "red")
