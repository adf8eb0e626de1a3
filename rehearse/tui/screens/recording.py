"""Recording: big timer, level window bar, mic meter, STAR section marks, one sparse cue."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rehearse.errors import RehearseError
from rehearse.models import SECTION_NAMES
from rehearse.tui.screens.common import AnalysisJob, ConfirmScreen, ServicesMixin, Take
from rehearse.tui.services import Marks, RecorderPort, clock, discard_take
from rehearse.tui.widgets.level_window import LevelWindowBar
from rehearse.tui.widgets.mic_meter import MicLevelMeter
from rehearse.tui.widgets.timers import ElapsedTimer, SectionTimer

# One poll merges every fast update (elapsed, level) instead of a message per audio block.
POLL_S = 0.1


def section_strip(current: int) -> str:
    parts = []
    for index, name in enumerate(SECTION_NAMES):
        label = name.capitalize()
        parts.append(f"[reverse b] {label} [/]" if index == current else f" {label} ")
    return " › ".join(parts)


LIVE_CHARS = 400  # the live transcript shows the latest words only


def live_transcript_markup(view) -> str:
    """Committed words normal, the partial hypothesis dim, the automatic section beside the marks."""
    committed, partial = view.committed_text, view.partial_text
    text = (committed + " " + partial).strip()
    if len(text) > LIVE_CHARS:  # keep the end: cut the committed part first
        over = len(text) - LIVE_CHARS
        committed = "…" + committed[over:] if over < len(committed) else ""
        partial = partial[max(0, over - len(view.committed_text)) :]
    auto = f"[b]auto: {view.section.capitalize()}[/b]" if view.section else "auto: listening…"
    lag = f" · [yellow]behind by {view.lag_s:.0f} s{', larger chunks' if view.degraded else ''}[/]" if view.degraded else ""
    return f"{auto}{lag}\n{escape(committed)} [dim]{escape(partial)}[/dim]".rstrip()


class RecordingScreen(ServicesMixin, Screen):
    DEFAULT_CSS = "#live-transcript { height: auto; max-height: 6; margin-top: 1; }"
    BINDINGS = [
        Binding("space", "next_section", "Next section"),
        Binding("enter", "stop", "Stop"),
        Binding("s", "stop", "Stop", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, take: Take, recorder: RecorderPort) -> None:
        super().__init__()
        self.take = take
        self.window = self.services.level_window(take.level)
        self.recorder: RecorderPort | None = recorder  # already started by the prompt screen
        self.section_index = 0
        self.marks: Marks = []
        self.cues_fired: set[str] = set()
        self.cue = ""
        self.stopped = False
        self.stream = None  # the live transcription of this take, if the services run one

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="recording-body"):
            yield Static(self.take.question.text, id="recording-question", markup=False)
            yield ElapsedTimer(id="elapsed")
            yield Static(f"{self.take.level} target {self.window.label}", id="window-label")
            yield LevelWindowBar(self.window, id="window-bar")
            yield MicLevelMeter(id="mic-meter")
            yield Static(section_strip(0), id="section-strip")
            yield SectionTimer(id="section-timer")
            yield Static("", id="cue")
            yield Static("", id="live-transcript")
        yield Footer()

    def on_mount(self) -> None:
        self.stream = self.services.live_stream(self.recorder)
        self.live_version = -1
        self.query_one("#live-transcript").display = self.stream is not None
        timer = self.query_one(SectionTimer)
        timer.amber_s, timer.red_s = self.services.situation_amber_s, self.services.situation_red_s
        self.tick()
        self.set_interval(POLL_S, self.tick)

    def current_section(self) -> str:
        return SECTION_NAMES[self.section_index]

    def section_elapsed(self, elapsed: float) -> float:
        start = self.marks[-1][1] if self.marks else 0.0
        return max(0.0, elapsed - start)

    def tick(self) -> None:
        if self.recorder is None or self.stopped:
            return
        elapsed = self.recorder.elapsed_s
        self.query_one(ElapsedTimer).elapsed_s = elapsed
        self.query_one(LevelWindowBar).elapsed_s = elapsed
        self.query_one(MicLevelMeter).level = self.recorder.level
        section = self.current_section()
        in_section = self.section_elapsed(elapsed)
        self.query_one(SectionTimer).show(section, in_section)
        red_s = self.services.situation_red_s
        if section == "situation" and in_section >= red_s:
            self.fire_cue("situation", f"Situation past {clock(red_s)} — get to your task.")
        if elapsed > self.window.max_s:
            self.fire_cue("window", f"Past {clock(self.window.max_s)} — land the result now.")
        self.show_live()

    def show_live(self) -> None:
        """The poll merges every partial update of the streaming worker into one repaint."""
        if self.stream is None:
            return
        view = self.stream.live()
        key = (view.version, view.partial_text, view.section, view.degraded)
        if key == self.live_version:
            return
        self.live_version = key
        self.query_one("#live-transcript", Static).update(live_transcript_markup(view))

    def fire_cue(self, key: str, text: str) -> None:
        """Each limit cues once; only the latest cue is on screen."""
        if key in self.cues_fired:
            return
        self.cues_fired.add(key)
        self.cue = text
        self.query_one("#cue", Static).update(text)
        self.app.bell()

    def action_next_section(self) -> None:
        if self.recorder is None or self.section_index >= len(SECTION_NAMES) - 1:
            return
        elapsed = self.recorder.elapsed_s
        if not self.marks:
            self.marks.append((SECTION_NAMES[0], 0.0))
        self.section_index += 1
        self.marks.append((self.current_section(), elapsed))
        self.query_one("#section-strip", Static).update(section_strip(self.section_index))
        self.tick()

    def _stop_recorder(self):
        self.stopped = True
        assert self.recorder is not None
        return self.recorder.stop()

    def action_stop(self) -> None:
        from rehearse.tui.screens.results import ResultsScreen

        if self.recorder is None or self.stopped:
            return
        try:
            capture = self._stop_recorder()
        except RehearseError as err:
            self.notify(str(err), title="Recording failed", severity="error")
            self.app.pop_screen()
            return
        if capture.overflows:
            self.notify(
                f"{capture.overflows} input overflow(s): some audio was lost. Close other busy programs.",
                severity="warning",
            )
        job = AnalysisJob(
            lp=self.take.lp,
            level=self.take.level,
            question_text=self.take.question.text,
            audio_path=capture.path,
            marks=list(self.marks) or None,
            overflows=capture.overflows,
        )
        self.app.switch_screen(ResultsScreen(job))

    def action_cancel(self) -> None:
        if self.recorder is None or self.stopped:
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if not discard or self.stopped:
                return
            self.stopped = True
            assert self.recorder is not None
            if self.stream is not None:
                self.stream.cancel()
            cancel = getattr(self.recorder, "cancel", None)
            if cancel is not None:
                cancel()  # the recorder deletes its own files
            else:
                discard_take(self.recorder.stop().path)
            self.app.pop_screen()
            self.app.notify("Take discarded.")

        self.app.push_screen(ConfirmScreen("Discard this take? The recording will be deleted."), answered)

    def on_unmount(self) -> None:
        # Leaving by any other route must not leave the microphone open.
        if self.recorder is not None and not self.stopped:
            if self.stream is not None:
                self.stream.cancel()
            self._stop_recorder()
