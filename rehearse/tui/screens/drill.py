"""Drills: situation sprint, full story, follow-up rapid fire, same story other angle.

Each drill records from the same recorder as a take, evaluates against its target from
``prompts/levels.toml`` and ends with PASS or FAIL and the best passing time so far.
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from rehearse.errors import RehearseError
from rehearse.tui.practice import ProbeAnswer
from rehearse.tui.screens.common import ServicesMixin, WorkFailed
from rehearse.tui.services import (
    RecorderPort,
    clock,
    report_path_for,
    save_json_private,
)

RAPID_FIRE = "follow_up_rapid_fire"
OTHER_ANGLE = "other_angle"


class DrillFinished(Message):
    def __init__(self, outcome) -> None:
        super().__init__()
        self.outcome = outcome


class DrillMenuScreen(ServicesMixin, ModalScreen["str | None"]):

    DEFAULT_CSS = """
    #drill-list { height: auto; max-height: 10; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        practice = self.services.practice
        drills = list(practice.drills) if practice is not None else []
        with Vertical(classes="dialog"):
            yield Label("Choose a drill (Esc: back)")
            yield OptionList(*(Option(f"{d.name} — {d.description}", id=d.id) for d in drills), id="drill-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DrillScreen(ServicesMixin, Screen):

    DEFAULT_CSS = """
    #drill-body { padding: 1 2; }
    #drill-description { color: $text-muted; }
    #drill-prompt { padding: 1 0 0 0; }
    #drill-elapsed { color: $accent; text-style: bold; }
    #drill-result { margin-top: 1; }
    """

    BINDINGS = [
        Binding("space", "record", "Record / stop"),
        Binding("enter", "record", "Stop", show=False),
        Binding("escape", "back", "Back"),
    ]
    POLL_S = 0.1

    def __init__(self, drill_id: str) -> None:
        super().__init__()
        self.drill_id = drill_id
        self.recorder: RecorderPort | None = None
        self.captures: list = []
        self.outcome = None
        self.busy = False
        self.first: dict | None = None

    @property
    def practice(self):
        return self.services.practice

    @property
    def probes(self) -> tuple[str, ...]:
        return tuple(self.practice.drill(self.drill_id).probes)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="drill-body"):
            yield Static("", id="drill-title")
            yield Static("", id="drill-description")
            yield Static("", id="drill-prompt")
            yield Static("", id="drill-elapsed")
            yield Static("", id="drill-status")
            yield Static("", id="drill-result")
        yield Footer()

    def on_mount(self) -> None:
        app = self.rehearse_app
        spec = self.practice.drill(self.drill_id)
        low, high = self.practice.window(self.drill_id, app.level)
        target = f"{clock(low)}–{clock(high)}" if low else f"under {clock(high)}"
        if self.drill_id == RAPID_FIRE:
            target += " per probe"
        best = self.practice.best(self.drill_id, app.level)
        self.query_one("#drill-title", Static).update(
            f"[b]{escape(spec.name)}[/b] · {app.level} · {escape(self.services.principle_name(app.lp))} · target {target}"
            f" · best {clock(best) if best is not None else 'none yet'}"
        )
        story = getattr(app, "story", None)
        self.query_one("#drill-description", Static).update(
            escape(spec.description) + (f"\nStory: {escape(story)}" if story else "")
        )
        if self.drill_id == OTHER_ANGLE:
            found = self.practice.first_telling(story, app.lp)
            if found is None:
                self.set_status(
                    "This drill retells a story you already told for another LP. Choose that story in the story bank "
                    "([b]b[/b] on the home screen) and an LP you have not told it for."
                )
                self.busy = True  # nothing to record against
                return
            take, self.first = found
            self.query_one("#drill-prompt", Static).update(
                f"Retell “{escape(take.story or '')}” (told for {escape(self.services.principle_name(take.lp))}) "
                f"for {escape(self.services.principle_name(app.lp))}."
            )
        self.show_prompt()
        self.set_interval(self.POLL_S, self.tick)

    def set_status(self, text: str) -> None:
        self.query_one("#drill-status", Static).update(text)

    def show_prompt(self) -> None:
        if self.drill_id == RAPID_FIRE:
            index = len(self.captures)
            kind = self.probes[index]
            question = self.services.probe_question(kind, self.rehearse_app.lp)
            self.query_one("#drill-prompt", Static).update(f"Probe {index + 1}/{len(self.probes)}: [b]{escape(question)}[/b]")
            if self.services.speak is not None:
                speak = self.services.speak
                self.run_worker(lambda: speak(question), thread=True, exclusive=True, group="speech", exit_on_error=False)
        self.set_status("Space starts recording.")

    def tick(self) -> None:
        if self.recorder is not None:
            self.query_one("#drill-elapsed", Static).update(clock(self.recorder.elapsed_s))

    def action_record(self) -> None:
        if self.busy or self.outcome is not None:
            return
        if self.recorder is None:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        recorder = self.start_recorder("drill")
        if recorder is None:
            return
        self.recorder = recorder
        self.set_status("Recording… space stops.")

    def stop(self) -> None:
        assert self.recorder is not None
        try:
            capture = self.recorder.stop()
        except RehearseError as err:
            self.recorder = None
            self.set_status(f"[red]{escape(str(err))}[/]")
            return
        self.recorder = None
        self.captures.append(capture)
        if self.drill_id == RAPID_FIRE and len(self.captures) < len(self.probes):
            self.show_prompt()
            return
        self.busy = True
        self.set_status("Analysing…")
        self.run_worker(self.evaluate, thread=True, exclusive=True, group="drill", name="evaluate-drill")

    def evaluate(self) -> None:
        services, practice, app = self.services, self.practice, self.rehearse_app
        story = getattr(app, "story", None)
        try:
            if self.drill_id == RAPID_FIRE:
                if services.transcribe is None:
                    raise RehearseError("Transcription is unavailable", "reinstall rehearse")
                answers = [
                    ProbeAnswer(kind, services.transcribe(Path(c.path)), float(c.duration_s))
                    for kind, c in zip(self.probes, self.captures)
                ]
                outcome = practice.evaluate_rapid_fire(answers, app.level, app.lp, grade=services.grade_probe, story=story)
            else:
                path = Path(self.captures[-1].path)
                report = services.analyze(path, app.level, app.lp, None)
                data = services.report_to_dict(report)
                report_path = save_json_private(report_path_for(path), data)
                spec = practice.drill(self.drill_id)
                take = practice.save_take(data, path, report_path, story=story, question_text=spec.name, origin="drill")
                outcome = practice.evaluate(self.drill_id, data, story=story, take_id=take.id, first=self.first)
        except RehearseError as err:
            self.post_message(WorkFailed(str(err)))
        except Exception as err:  # show it; the room stays usable
            self.post_message(WorkFailed(f"The drill could not be scored: {err}"))
        else:
            self.post_message(DrillFinished(outcome))

    def on_work_failed(self, message: WorkFailed) -> None:
        self.busy = False
        self.captures = []
        self.set_status(f"[red]{escape(message.text)}[/] — space tries again.")

    def on_drill_finished(self, message: DrillFinished) -> None:
        outcome = self.outcome = message.outcome
        style = "green" if outcome.passed else "red"
        self.set_status("Done. Esc goes back.")
        lines = [f"[b {style}]{escape(outcome.headline)}[/]"]
        for part in outcome.parts:
            mark = "[green]✓[/]" if part.passed else "[red]✗[/]"
            lines.append(f" {mark} {escape(part.label.replace('_', ' '))}: {escape(part.detail)}")
        lines += [f" [yellow]•[/] {escape(note)}" for note in outcome.notes]
        self.query_one("#drill-result", Static).update("\n".join(lines))

    def action_back(self) -> None:
        if self.recorder is not None:
            cancel = getattr(self.recorder, "cancel", None)
            (cancel or self.recorder.stop)()
            self.recorder = None
        self.app.pop_screen()
