"""Results: STAR timeline, total vs target, rubric checklist with evidence, red flags, delivery."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static

from rehearse.errors import NoSpeechError, RehearseError
from rehearse.models import Report
from rehearse.tui.practice import save_analysed_take
from rehearse.tui.screens.common import (
    AnalysisJob,
    AnalysisReady,
    Progress,
    ServicesMixin,
    WorkFailed,
)
from rehearse.tui.services import clock, discard_take, report_path_for, save_json_private
from rehearse.tui.widgets.findings import FindingsList
from rehearse.tui.widgets.pace_strip import PaceStrip
from rehearse.tui.widgets.star_timeline import StarTimeline, blocks_from_report
from rehearse.tui.widgets.transcript import TranscriptView

PREPARING = {"demo": "Synthesising the demo answer…", "interrupted": "Recovering the interrupted take…"}
LENGTH_WORDS = {"ok": "in the window", "too_long": "too long", "too_short": "too short"}


def summary_line(report: Report) -> str:
    timing = report.timing
    source = "your marks" if report.segmentation == "marks" else "automatic segmentation"
    if timing is None:
        return f"No timing (no timestamps) · sections from {source}"
    if timing.target_min_s:
        target = f"{clock(timing.target_min_s)}–{clock(timing.target_max_s)}"
    else:
        target = f"under {clock(timing.target_max_s)}"
    verdict = LENGTH_WORDS.get(timing.length, timing.length)
    style = "green" if timing.length == "ok" else "red"
    unclear = ""
    if report.unclear_sections:
        unclear = f" · [yellow]{', '.join(report.unclear_sections)} not clearly heard[/]"
    return (
        f"Total [b]{clock(timing.total_s)}[/b] / {target}: [{style}]{verdict}[/]"
        f" · times from [b]{source}[/b]{unclear}"
    )


PACE_WORDS = {"ok": "[green]in the band[/]", "too_fast": "[red]too fast[/]", "too_slow": "[yellow]too slow[/]"}


def delivery_line(report: Report) -> str:
    """Pace, fillers, pauses, hedges and voice: the verdicts first, then one line of advice each."""
    d = report.delivery
    if d is None:
        return "Delivery: no timing, so no pace or pauses."
    fillers = sum(d.fillers.values())
    top = ", ".join(f"{word} {count}" for word, count in sorted(d.fillers.items(), key=lambda kv: -kv[1])[:3])
    pace = f" ({PACE_WORDS.get(d.pace.verdict, d.pace.verdict)})" if d.pace else ""
    lines = [
        (
            f"Delivery: {d.wpm:.0f} wpm{pace} · {fillers} fillers ({d.fillers_per_min:.1f}/min{': ' + top if top else ''})"
            f" · {len(d.long_pauses)} long pause(s)"
        )
    ]
    if d.pace is not None and (d.pace.verdict != "ok" or any(s.verdict not in ("ok", "n/a") for s in d.pace.sections)):
        lines.append(f" • {escape(d.pace.advice)}")
    if d.filler_rate is not None and d.filler_rate.advice:
        lines.append(f" • {escape(d.filler_rate.advice)}")
    if d.pause_advice:
        lines.append(f" • {escape(d.pause_advice)}")
    for hedge in d.hedges[:3]:
        lines.append(f" • hedge [{clock(hedge.start_s)}] “{escape(hedge.quote)}”")
    if d.hedge_advice:
        lines.append(f"   {escape(d.hedge_advice)}")
    if d.voice is not None:
        voice = d.voice.advice if d.voice.measured else f"pitch not measured: {d.voice.reason}"
        lines.append(f" • Voice: {escape(voice)}")
    return "\n".join(lines)


def red_flags_text(report: Report) -> str:
    flags = report.rubric.red_flags
    if not flags:
        return "Red flags: none"
    lines = ["Red flags:"]
    lines += [f" ⚑ “{escape(flag.quote)}” — {escape(flag.advice or flag.id)}" for flag in flags]
    return "\n".join(lines)


class ResultsScreen(ServicesMixin, Screen):
    BINDINGS = [
        Binding("f", "follow_up", "Follow-up"),
        Binding("t", "focus_transcript", "Transcript"),
        Binding("n", "new_take", "New take"),
        Binding("escape", "new_take", "Home", show=False),
    ]

    def __init__(self, job: AnalysisJob) -> None:
        super().__init__()
        self.job = job
        self.report: Report | None = None
        self.audio_path = job.audio_path
        self.report_path: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Analysing…", id="status")
        yield StarTimeline(id="timeline")
        yield PaceStrip(id="pace-strip")
        yield Static("", id="summary")
        with Horizontal(id="results-main"):
            with VerticalScroll(id="results-left"):
                yield FindingsList(id="findings")
                yield Static("", id="finding-detail")
                yield Static("", id="red-flags")
                yield Static("", id="delivery")
            with VerticalScroll(id="transcript-scroll"):
                yield TranscriptView(id="transcript")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results-main").display = False
        self.analyze()

    def analyze(self) -> None:
        job = self.job
        services = self.services

        def work() -> None:
            try:
                path = job.audio_path
                if path is None:
                    assert job.prepare is not None
                    self.post_message(Progress(PREPARING.get(job.origin, "Preparing the audio…")))
                    path = job.prepare()
                self.post_message(Progress("Transcribing and analysing… (the first take loads the model)"))
                report = services.analyze(path, job.level, job.lp, job.marks)
                data = services.report_to_dict(report)
                report_path: Path | None
                warning: str | None
                try:
                    report_path = save_json_private(report_path_for(path), data)
                except RehearseError as err:  # a read-only disk: still show what was heard
                    report_path = None
                    warning = f"The report was not saved: {err}"
                else:
                    warning = save_analysed_take(services, getattr(self.app, "story", None), job, data, path, report_path)
                if warning:
                    self.app.call_from_thread(self.notify, warning, severity="warning")
            except NoSpeechError as err:
                if job.origin == "take" and job.audio_path is not None:  # our silent recording, not the user's file
                    discard_take(job.audio_path)
                    err = NoSpeechError(f"{err.message} (the silent take was deleted)", err.hint)
                self.post_message(WorkFailed(str(err)))
            except RehearseError as err:
                self.post_message(WorkFailed(str(err)))
            except Exception as err:  # show it; the room stays usable
                self.post_message(WorkFailed(f"Analysis failed: {err}"))
            else:
                self.post_message(AnalysisReady(report, path, report_path))

        self.run_worker(work, thread=True, exclusive=True, group="analysis", name="analyze-take")

    def on_progress(self, message: Progress) -> None:
        self.query_one("#status", Static).update(message.text)

    def on_work_failed(self, message: WorkFailed) -> None:
        self.query_one("#status", Static).update(f"[red]{escape(message.text)}[/]")
        self.query_one("#status", Static).add_class("error")

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self.show_report(message.report)
        self.audio_path = message.audio_path
        self.report_path = message.report_path

    def show_report(self, report: Report) -> None:
        self.report = report
        title = self.job.question_text or report.source
        self.query_one("#status", Static).update(
            f"[b]{escape(self.services.principle_name(report.lp))}[/b] · {report.level} · {escape(title)}"
        )
        self.query_one("#status", Static).set_class(True, "title-line")
        timing = report.timing
        blocks = blocks_from_report(report)
        target_max_s = timing.target_max_s if timing else None
        self.query_one(StarTimeline).show(blocks, target_max_s)
        self.query_one(PaceStrip).show(blocks, target_max_s, report.delivery.pace if report.delivery else None)
        self.query_one("#summary", Static).update(summary_line(report))
        self.query_one("#red-flags", Static).update(red_flags_text(report))
        self.query_one("#delivery", Static).update(delivery_line(report))
        self.query_one(TranscriptView).show(report.text or (report.transcript.text if report.transcript else ""))
        self.query_one("#results-main").display = True
        findings = self.query_one(FindingsList)
        findings.show(report.rubric.findings)
        findings.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.report is None or event.option_list.id != "findings":
            return
        finding = self.query_one(FindingsList).findings.get(event.option.id or "")
        if finding is None:
            return
        quotes = [e.quote for e in finding.evidence]
        self.query_one(TranscriptView).show(self.query_one(TranscriptView).text, quotes)
        detail = []
        if quotes:
            detail.append("Evidence: " + " · ".join(f"“{escape(q)}”" for q in quotes))
        elif finding.verdict == "fail":
            detail.append("Evidence: nothing in the answer.")
        if finding.advice:
            detail.append(escape(finding.advice))
        self.query_one("#finding-detail", Static).update("\n".join(detail))

    def action_focus_transcript(self) -> None:
        self.query_one("#transcript-scroll").focus()

    def action_follow_up(self) -> None:
        from rehearse.tui.screens.followup import FollowUpScreen

        if self.report is None:
            self.notify("The analysis is still running.")
            return
        self.app.push_screen(FollowUpScreen(self.report, self.job))

    def action_new_take(self) -> None:
        self.app.pop_screen()
