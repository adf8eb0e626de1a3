"""Trends over time: total against target, situation seconds, rubric passes, fillers/min, wpm."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rehearse.errors import RehearseError
from rehearse.tui.screens.common import ServicesMixin
from rehearse.tui.screens.history import NO_HISTORY, HistoryFilter, TrendCharts


class TrendsScreen(ServicesMixin, Screen):

    DEFAULT_CSS = """
    #trends-filter { height: 1; padding: 0 1; background: $boost; }
    #trend-charts { height: 1fr; padding: 0 1; }
    """

    BINDINGS = [
        Binding("s", "cycle('story')", "Story"),
        Binding("p", "cycle('lp')", "LP"),
        Binding("v", "cycle('level')", "Level"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, story: str | None = None, lp: str | None = None, level: str | None = None) -> None:
        super().__init__()
        self.filter = HistoryFilter(story, lp, level)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="trends-filter")
        yield TrendCharts(id="trend-charts")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.query_one("#trends-filter", Static).update(self.filter.label)
        practice = self.services.practice
        if practice is None:
            self.query_one("#trends-filter", Static).update(NO_HISTORY)
            return
        try:
            takes = practice.store.takes(story=self.filter.story, lp=self.filter.lp, level=self.filter.level)
        except RehearseError as err:
            self.query_one("#trends-filter", Static).update(f"[red]{err}[/]")
            return
        self.query_one(TrendCharts).show(takes, self.services.situation_amber_s)

    def action_cycle(self, field_name: str) -> None:
        practice = self.services.practice
        takes = practice.store.takes() if practice else []
        choices = sorted({getattr(t, field_name) for t in takes if getattr(t, field_name)})
        setattr(self.filter, field_name, HistoryFilter.next_value(getattr(self.filter, field_name), choices))
        self.reload()
