"""History: every saved take, filtered by story, LP and level; replay and trends from here."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from rehearse.errors import RehearseError
from rehearse.prompts import load_levels
from rehearse.tui.practice import TimedWord, timed_words, word_at
from rehearse.tui.screens.common import ConfirmScreen, ServicesMixin
from rehearse.tui.services import clock
from rehearse.tui.widgets.trend_chart import TrendChart

NO_HISTORY = "The practice history is off (see the notice on the home screen)."


class HistoryFilter:
    """story / lp / level, each None (all) or one value; cycled by keys."""

    def __init__(self, story: str | None = None, lp: str | None = None, level: str | None = None) -> None:
        self.story, self.lp, self.level = story, lp, level

    @staticmethod
    def next_value(current: str | None, choices: list[str]) -> str | None:
        options: list[str | None] = [None, *choices]
        index = options.index(current) if current in options else 0
        return options[(index + 1) % len(options)]

    @property
    def label(self) -> str:
        parts = [
            f"[b]s[/b]tory: {self.story or 'all'}",
            f"l[b]p[/b]: {(self.lp or 'all').replace('_', ' ')}",
            f"le[b]v[/b]el: {self.level or 'all'}",
        ]
        return "Filter — " + " · ".join(parts)


def _judged(value: float | None, fmt: str, off: bool) -> Text:
    """A delivery figure, red when its take's verdict was off target (plain for older takes)."""
    if value is None:
        return Text("–")
    return Text(fmt.format(value), style="red" if off else "")


class HistoryScreen(ServicesMixin, Screen):

    DEFAULT_CSS = """
    #history-filter { height: 1; padding: 0 1; background: $boost; }
    #history-table { height: 1fr; }
    #history-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("s", "cycle('story')", "Story"),
        Binding("p", "cycle('lp')", "LP"),
        Binding("v", "cycle('level')", "Level"),
        Binding("enter", "replay", "Replay"),
        Binding("g", "trends", "Trends"),
        Binding("x", "delete", "Delete"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = HistoryFilter()
        self.take_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="history-filter")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-status")
        yield Footer()

    @property
    def practice(self):
        return self.services.practice

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "When", "Story", "LP", "Lvl", "Total", "Target", "Sit.", "Rubric", "wpm", "Fill/m")
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.query_one("#history-filter", Static).update(self.filter.label)
        table = self.query_one(DataTable)
        table.clear()
        self.take_ids = []
        if self.practice is None:
            self.query_one("#history-status", Static).update(NO_HISTORY)
            return
        try:
            takes = self.practice.store.takes(
                story=self.filter.story, lp=self.filter.lp, level=self.filter.level, newest_first=True
            )
        except RehearseError as err:
            self.query_one("#history-status", Static).update(f"[red]{err}[/]")
            return
        for t in takes:
            m = t.metrics
            inside = m.total_s is not None and (m.target_max_s is None or m.total_s <= m.target_max_s) and (
                m.target_min_s is None or m.total_s >= m.target_min_s
            )
            target = (
                f"{clock(m.target_min_s)}–{clock(m.target_max_s)}" if m.target_min_s else f"<{clock(m.target_max_s)}"
            )
            table.add_row(
                str(t.id), t.created_at[5:16].replace("T", " "), t.story or "–", t.lp.replace("_", " "),
                t.level[:3], Text(clock(m.total_s), style="green" if inside else "red"), target,
                clock(m.situation_s), f"{m.rubric_pass}/{m.rubric_total}" if m.rubric_total else "–",
                _judged(m.wpm, "{:.0f}", m.pace in ("too_fast", "too_slow")),
                _judged(m.fillers_per_min, "{:.1f}", m.fillers_verdict == "too_many"),
                key=str(t.id),
            )
            self.take_ids.append(t.id)
        count = len(takes)
        self.query_one("#history-status", Static).update(
            f"{count} take{'s' if count != 1 else ''} · Enter replays · g trends · x deletes" if count
            else "No takes match — record one, or press s/p/v to change the filter."
        )

    def _choices(self, field_name: str) -> list[str]:
        takes = self.practice.store.takes() if self.practice else []
        values = {getattr(t, field_name) for t in takes if getattr(t, field_name)}
        return sorted(values)

    def action_cycle(self, field_name: str) -> None:
        current = getattr(self.filter, field_name)
        setattr(self.filter, field_name, HistoryFilter.next_value(current, self._choices(field_name)))
        self.reload()

    def selected_take_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.take_ids or table.cursor_row is None or table.cursor_row >= len(self.take_ids):
            return None
        return self.take_ids[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_replay()

    def action_replay(self) -> None:
        take_id = self.selected_take_id()
        if take_id is not None:
            self.app.push_screen(ReplayScreen(take_id))

    def action_trends(self) -> None:
        from rehearse.tui.screens.trends import TrendsScreen

        self.app.push_screen(TrendsScreen(self.filter.story, self.filter.lp, self.filter.level))

    def action_delete(self) -> None:
        take_id = self.selected_take_id()
        if take_id is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                result = self.practice.store.delete_take(take_id)
            except RehearseError as err:
                self.notify(str(err), severity="error")
                return
            self.notify(f"Deleted take {take_id} ({len(result.removed)} file(s) removed).")
            self.reload()

        self.app.push_screen(ConfirmScreen(f"Delete take {take_id}? Its audio and report are removed."), answered)


class ReplayScreen(ServicesMixin, Screen):
    """Plays a take and highlights the word being spoken, from the clock since playback began."""

    DEFAULT_CSS = """
    #replay-title { height: auto; padding: 0 1; }
    #replay-clock { height: 1; padding: 0 1; color: $accent; text-style: bold; }
    #replay-scroll { height: 1fr; padding: 0 1; }
    """


    BINDINGS = [
        Binding("space", "toggle", "Play / pause"),
        Binding("home", "restart", "Restart"),
        Binding("escape", "back", "Back"),
    ]
    POLL_S = 0.1

    def __init__(self, take_id: int) -> None:
        super().__init__()
        self.take_id = take_id
        self.words: list[TimedWord] = []
        self.position_s = 0.0
        self.playing = False
        self.started_at = 0.0
        self.current: int | None = None
        self.audio_path: Path | None = None
        self.duration_s = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="replay-title")
        yield Static("", id="replay-clock")
        with VerticalScroll(id="replay-scroll"):
            yield Static("", id="replay-transcript")
        yield Footer()

    def on_mount(self) -> None:
        practice = self.services.practice
        try:
            take = practice.store.get_take(self.take_id)
            report = practice.store.report(self.take_id)
        except RehearseError as err:
            self.query_one("#replay-title", Static).update(f"[red]{err}[/]")
            return
        self.words = timed_words(report)
        self.duration_s = max([w.end_s for w in self.words] + [float(report.get("duration_s") or 0.0)])
        self.audio_path = Path(take.audio_path) if take.audio_path else None
        story = f" · {take.story}" if take.story else ""
        sound = "" if practice.play else " (no speakers: the transcript follows the clock)"
        self.query_one("#replay-title", Static).update(
            f"[b]Take {take.id}[/b]{story} · {take.lp.replace('_', ' ')} · {take.level} — space plays{sound}"
        )
        self.render_words()
        self.set_interval(self.POLL_S, self.tick)

    def action_toggle(self) -> None:  # type: ignore[override]  # play/pause, not DOMNode.toggle
        practice = self.services.practice
        if self.playing:
            self.position_s = practice.clock() - self.started_at
            self.playing = False
            practice.stop_playing()
        else:
            if self.position_s >= self.duration_s:
                self.position_s = 0.0
            self.started_at = practice.clock() - self.position_s
            self.playing = True
            if practice.play and self.audio_path is not None and self.position_s == 0.0:
                try:
                    practice.play(self.audio_path)
                except Exception as err:  # the transcript still follows the clock
                    self.notify(f"Cannot play the audio: {err}", severity="warning")
        self.tick()

    def action_restart(self) -> None:
        self.services.practice.stop_playing()
        self.playing = False
        self.position_s = 0.0
        self.action_toggle()

    def tick(self) -> None:
        if self.playing:
            self.position_s = self.services.practice.clock() - self.started_at
            if self.position_s >= self.duration_s:
                self.position_s = self.duration_s
                self.playing = False
        self.query_one("#replay-clock", Static).update(
            f"{'▶' if self.playing else '❚❚'} {clock(self.position_s)} / {clock(self.duration_s)}"
        )
        index = word_at(self.words, self.position_s) if (self.playing or self.position_s > 0) else None
        if index != self.current:
            self.current = index
            self.render_words()

    def render_words(self) -> None:
        text = Text()
        for i, word in enumerate(self.words):
            if i:
                text.append(" ")
            if self.current is not None and i == self.current:
                text.append(word.text, style="reverse bold")
            elif self.current is not None and i < self.current:
                text.append(word.text)
            else:
                text.append(word.text, style="dim")
        self.query_one("#replay-transcript", Static).update(text if self.words else "(no transcript)")

    @property
    def current_word(self) -> str | None:
        return None if self.current is None else self.words[self.current].text

    def action_back(self) -> None:
        if self.playing:
            self.services.practice.stop_playing()
        self.app.pop_screen()


class TrendCharts(VerticalScroll):
    """The five trend charts over a list of takes, oldest first."""

    def compose(self) -> ComposeResult:
        yield TrendChart("Total vs target", fmt=clock, id="trend-total")
        yield TrendChart("Situation", fmt=clock, id="trend-situation")
        yield TrendChart("Rubric passes", id="trend-rubric")
        yield TrendChart("Fillers/min", fmt=lambda v: f"{v:.1f}", id="trend-fillers")
        yield TrendChart("Words/min", id="trend-wpm")

    def show(self, takes, situation_red_s: float | None = None) -> None:
        metrics = [t.metrics for t in takes]
        targets = [(m.target_min_s, m.target_max_s) for m in metrics if m.target_max_s]
        low, high = targets[-1] if targets else (None, None)
        self.query_one("#trend-total", TrendChart).show([m.total_s for m in metrics], low, high)
        self.query_one("#trend-situation", TrendChart).show([m.situation_s for m in metrics], None, situation_red_s)
        totals = [m.rubric_total for m in metrics if m.rubric_total]
        self.query_one("#trend-rubric", TrendChart).show(
            [None if m.rubric_pass is None else float(m.rubric_pass) for m in metrics], None, None
        )
        self.query_one("#trend-rubric", TrendChart).title = f"Rubric passes (of {max(totals)})" if totals else "Rubric passes"
        # Pace and filler rate against today's targets in prompts/levels.toml, so old takes compare too.
        delivery = load_levels().delivery
        self.query_one("#trend-fillers", TrendChart).show(
            [m.fillers_per_min for m in metrics], None, delivery.fillers_max_per_min
        )
        self.query_one("#trend-wpm", TrendChart).show(
            [m.wpm for m in metrics], delivery.pace_min_wpm, delivery.pace_max_wpm
        )
