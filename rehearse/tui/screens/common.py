"""State passed between screens, the messages workers post, and the small modal dialogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from rehearse.models import Report
from rehearse.tui.services import Marks, Question, RecorderPort, Services

if TYPE_CHECKING:
    from rehearse.tui.app import RehearseApp


@dataclass(frozen=True)
class Take:
    """What the candidate chose on the home screen."""

    lp: str
    level: str
    question: Question


@dataclass(frozen=True)
class AnalysisJob:
    """Audio to analyse: a recorded take, a file, an interrupted take or the demo (``prepare``)."""

    lp: str
    level: str
    question_text: str = ""
    audio_path: Path | None = None
    marks: Marks | None = None
    prepare: Callable[[], Path] | None = None
    overflows: int = 0
    origin: str = "take"


class ServicesMixin:
    @property
    def services(self) -> Services:
        return self.rehearse_app.services

    @property
    def rehearse_app(self) -> RehearseApp:
        return self.app  # type: ignore[attr-defined,return-value,unused-ignore]

    def start_recorder(self, kind: str) -> RecorderPort | None:
        """A started recorder, or None after telling the user why (no microphone, a read-only
        disk, a device error): whatever fails outside, the room must not crash."""
        if self.services.new_recorder is None:
            problem = self.services.problems[0] if self.services.problems else "No microphone"
            self.notify(problem, title="Recording is off", severity="error")  # type: ignore[attr-defined]
            return None
        try:
            recorder = self.services.new_recorder(kind)
            recorder.start()
        except Exception as err:  # RehearseError, or an OSError from a disk rehearse cannot write
            self.notify(str(err), title="Cannot record", severity="error")  # type: ignore[attr-defined]
            return None
        return recorder


# Messages posted from worker threads; handlers run on the UI thread.
class Progress(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class AnalysisReady(Message):
    def __init__(self, report: Report, audio_path: Path, report_path: Path | None) -> None:
        super().__init__()
        self.report = report
        self.audio_path = audio_path
        self.report_path = report_path


class WorkFailed(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SpeechFinished(Message):
    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self.error = error


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no question; Esc means no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, id="confirm-question")
            yield Label("[b]y[/b] yes   [b]n[/b] no", classes="dim")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class FilePathScreen(ModalScreen["Path | None"]):
    """Ask for an audio file to analyse."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Audio file to analyse (wav, flac, mp3, m4a, ogg):")
            yield Input(placeholder="~/answer.wav", id="file-path")
            yield Label("", id="file-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip() or not path.is_file():
            self.query_one("#file-error", Label).update(f"No such file: {path} — type the full path to an audio file")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InterruptedTakesScreen(ModalScreen["Path | None"]):
    """Offer takes a crash left behind for analysis."""

    BINDINGS = [Binding("escape", "later", "Later")]

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"{len(self.paths)} interrupted take(s) were found. Analyse one? (Esc: later)")
            yield OptionList(*(Option(p.name, id=str(i)) for i, p in enumerate(self.paths)), id="interrupted-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.paths[int(event.option.id or 0)])

    def action_later(self) -> None:
        self.dismiss(None)
