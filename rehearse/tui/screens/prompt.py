"""Prompt: the question is spoken (in a worker) and shown; r replays; optional prep countdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from rehearse.tui.screens.common import ServicesMixin, SpeechFinished, Take


class PromptScreen(ServicesMixin, Screen):
    BINDINGS = [
        Binding("space", "record", "Start recording"),
        Binding("enter", "record", "Start recording", show=False),
        Binding("r", "replay", "Replay"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, take: Take) -> None:
        super().__init__()
        self.take = take
        self.countdown_left = 0
        self._countdown: Timer | None = None
        self.speeches_finished = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="prompt-body"):
            window = self.services.level_window(self.take.level)
            yield Static(
                f"{self.services.principle_name(self.take.lp)} · {self.take.level} · target {window.label}",
                id="prompt-meta",
            )
            yield Static(self.take.question.text, id="question-text", markup=False)
            yield Static("", id="speech-status")
            yield Static("", id="countdown")
        yield Footer()

    def on_mount(self) -> None:
        self.speak()

    def speak(self) -> None:
        status = self.query_one("#speech-status", Static)
        if self.services.speak is None:
            status.update("No speakers: the question is shown as text. Space starts recording.")
            self._start_countdown()
            return
        status.update("Speaking the question…")
        speak = self.services.speak
        text = self.take.question.text

        def work() -> None:
            try:
                speak(text)
            except Exception as err:  # report in the UI, never crash the room
                self.post_message(SpeechFinished(str(err)))
            else:
                self.post_message(SpeechFinished())

        self.run_worker(work, thread=True, exclusive=True, group="speech", name="speak-prompt")

    def on_speech_finished(self, message: SpeechFinished) -> None:
        self.speeches_finished += 1
        status = self.query_one("#speech-status", Static)
        if message.error:
            status.update(f"Could not play the question ({message.error}); read it above.")
        else:
            status.update("[b]r[/b] replays the question · [b]space[/b] starts recording")
        self._start_countdown()

    def _start_countdown(self) -> None:
        seconds = self.rehearse_app.prep_seconds
        if not seconds or self._countdown is not None:
            return
        self.countdown_left = seconds
        self._show_countdown()
        self._countdown = self.set_interval(1.0, self._tick_countdown)

    def _tick_countdown(self) -> None:
        self.countdown_left -= 1
        self._show_countdown()
        if self.countdown_left <= 0:
            self.action_record()

    def _show_countdown(self) -> None:
        self.query_one("#countdown", Static).update(f"Recording starts in {self.countdown_left} s (space: now)")

    def action_replay(self) -> None:
        self.speak()

    def action_record(self) -> None:
        from rehearse.tui.screens.recording import RecordingScreen

        if self._countdown is not None:
            self._countdown.stop()
        self.services.stop_speaking()  # the candidate starts talking: the question must not be recorded
        recorder = self.start_recorder("answer")
        if recorder is None:
            return
        self.app.switch_screen(RecordingScreen(self.take, recorder))
