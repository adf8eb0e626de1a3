"""Follow-up: one probe chosen from the answer's gaps, spoken, answered briefly and graded."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rehearse.errors import RehearseError
from rehearse.models import Report
from rehearse.tui.screens.common import (
    AnalysisJob,
    ServicesMixin,
    SpeechFinished,
    WorkFailed,
)
from rehearse.tui.services import (
    ProbeVerdict,
    RecorderPort,
    clock,
    report_path_for,
    save_json_private,
)
from rehearse.tui.widgets.mic_meter import MicLevelMeter


class ProbeGraded(Message):
    def __init__(self, verdict: ProbeVerdict, text: str, audio_path: Path) -> None:
        super().__init__()
        self.verdict = verdict
        self.text = text
        self.audio_path = audio_path


class FollowUpScreen(ServicesMixin, Screen):
    BINDINGS = [
        Binding("space", "record", "Record / stop"),
        Binding("enter", "record", "Record / stop", show=False),
        Binding("r", "replay", "Replay"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, report: Report, job: AnalysisJob) -> None:
        super().__init__()
        self.report = report
        self.job = job
        self.probe_id: str | None = None
        self.recorder: RecorderPort | None = None
        self.verdict: ProbeVerdict | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="followup-body"):
            yield Static("", id="probe-title")
            yield Static("", id="probe-question")
            yield Static("", id="followup-status")
            yield Static("", id="followup-elapsed")
            yield MicLevelMeter(id="followup-meter")
            yield Static("", id="verdict")
            yield Static("", id="answer-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(MicLevelMeter).display = False
        self.probe_id = self.services.choose_probe(self.report.rubric)
        if self.probe_id is None:
            self.query_one("#probe-title", Static).update("No follow-up needed")
            self.query_one("#probe-question", Static).update(
                "The answer already covers escalation, motivation, verification and reflection."
            )
            return
        self.query_one("#probe-title", Static).update(f"Follow-up probe: [b]{self.probe_id}[/b]")
        self.query_one("#probe-question", Static).update(escape(self.services.probe_question(self.probe_id, self.report.lp)))
        self.speak()

    def set_status(self, text: str) -> None:
        self.query_one("#followup-status", Static).update(text)

    def speak(self) -> None:
        if self.probe_id is None:
            return
        if self.services.speak is None:
            self.set_status("No speakers: read the probe. Space records a short answer.")
            return
        self.set_status("Speaking the probe…")
        speak, text = self.services.speak, self.services.probe_question(self.probe_id, self.report.lp)

        def work() -> None:
            try:
                speak(text)
            except Exception as err:
                self.post_message(SpeechFinished(str(err)))
            else:
                self.post_message(SpeechFinished())

        self.run_worker(work, thread=True, exclusive=True, group="speech", name="speak-probe")

    def on_speech_finished(self, message: SpeechFinished) -> None:
        if self.recorder is None:
            error = f"Could not play the probe ({message.error}). " if message.error else ""
            self.set_status(error + "Space records a short answer (about 30 s).")

    def action_replay(self) -> None:
        if self.recorder is None:
            self.speak()

    def action_record(self) -> None:
        if self.probe_id is None or self.verdict is not None:
            return
        if self.recorder is None:
            self.start_recording()
        else:
            self.stop_recording()

    def start_recording(self) -> None:
        recorder = self.start_recorder("followup")
        if recorder is None:
            return
        self.recorder = recorder
        self.query_one(MicLevelMeter).display = True
        self.set_status("Recording your answer… space stops.")
        self._poll = self.set_interval(0.1, self.tick)
        self.tick()

    def tick(self) -> None:
        if self.recorder is None:
            return
        self.query_one("#followup-elapsed", Static).update(clock(self.recorder.elapsed_s))
        self.query_one(MicLevelMeter).level = self.recorder.level

    def stop_recording(self) -> None:
        assert self.recorder is not None
        self._poll.stop()
        capture = self.recorder.stop()
        self.recorder_done = True
        self.query_one(MicLevelMeter).display = False
        self.set_status("Transcribing and grading…")
        services, probe_id = self.services, self.probe_id
        assert probe_id is not None

        def work() -> None:
            try:
                if services.transcribe is None or services.grade_probe is None:
                    raise RehearseError("Grading is unavailable", "reinstall rehearse")
                text = services.transcribe(Path(capture.path))
                verdict = services.grade_probe(probe_id, text)
                save_json_private(
                    report_path_for(Path(capture.path)),
                    {"probe": probe_id, "grade": verdict.grade, "reason": verdict.reason, "text": text},
                )
            except Exception as err:
                self.post_message(WorkFailed(str(err)))
            else:
                self.post_message(ProbeGraded(verdict, text, Path(capture.path)))

        self.run_worker(work, thread=True, exclusive=True, group="grading", name="grade-probe")

    def on_work_failed(self, message: WorkFailed) -> None:
        self.set_status(f"[red]{escape(message.text)}[/]")

    def on_probe_graded(self, message: ProbeGraded) -> None:
        self.verdict = message.verdict
        strong = message.verdict.grade == "strong"
        style = "green" if strong else "red"
        self.set_status("Graded. Esc goes back to the results.")
        self.query_one("#verdict", Static).update(
            f"[b {style}]{message.verdict.grade.upper()}[/] — {escape(message.verdict.reason)}"
        )
        self.query_one("#answer-text", Static).update(f"You said: “{escape(message.text)}”")

    def action_back(self) -> None:
        if self.recorder is not None and self.verdict is None and not getattr(self, "recorder_done", False):
            self.recorder.stop()
        self.app.pop_screen()
