"""Terminal rendering with Rich: the report, a follow-up grade and the question bank."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rehearse.analysis.segmentation import unclear_notes
from rehearse.models import Delivery, Report
from rehearse.prompts import LeadershipPrinciple, QuestionBank
from rehearse.units import format_clock

SECTION_STYLES = {
    "situation": "black on bright_cyan",
    "task": "black on bright_blue",
    "action": "black on bright_green",
    "result": "black on bright_yellow",
    "reflection": "black on bright_magenta",
}
SECTION_LETTERS = {"situation": "S", "task": "T", "action": "A", "result": "R", "reflection": "Refl"}


def fmt_clock(seconds: float | None) -> str:
    return format_clock(seconds, missing="–")


def timeline_text(report: Report, width: int = 60) -> Text:
    """One coloured block per section, sized by its share of the answer."""
    text = Text()
    timing = report.timing
    total = timing.total_s if timing else sum(len(s.text.split()) for s in report.sections)
    if not report.sections or total <= 0:
        return text
    for s in report.sections:
        size = (s.duration_s or 0.0) if timing else len(s.text.split())
        cells = max(1, round(width * size / total))
        label = SECTION_LETTERS[s.name]
        style = SECTION_STYLES[s.name]
        if s.name == "situation" and timing and timing.situation_overrun:
            style = "white on red"
        full = label if timing is None else f"{label} {fmt_clock(size)}"
        body = (full if len(full) <= cells else label if len(label) <= cells else label[0])[:cells].center(cells)
        text.append(body, style=style)
    return text


PACE_STYLES = {"ok": "black on green", "too_fast": "white on red", "too_slow": "black on yellow", "n/a": "white on grey37"}
PACE_WORDS = {"ok": "fine", "too_fast": "too fast", "too_slow": "too slow", "n/a": "too short to judge"}


def pace_strip_text(report: Report, width: int = 60) -> Text:
    """Under the timeline: each section's wpm, coloured by the pace band."""
    text = Text()
    d, timing = report.delivery, report.timing
    if d is None or d.pace is None or timing is None or timing.total_s <= 0:
        return text
    verdicts = {s.name: s for s in d.pace.sections}
    for s in report.sections:
        cells = max(1, round(width * (s.duration_s or 0.0) / timing.total_s))
        pace = verdicts.get(s.name)
        label = f"{pace.wpm:.0f}" if pace else ""
        text.append(label[:cells].center(cells), style=PACE_STYLES[pace.verdict if pace else "n/a"])
    return text


def delivery_renderable(d: Delivery) -> Text:
    out = Text()
    if d.pace is not None:
        out.append(f"Pace {d.wpm:.0f} wpm: ", style="bold")
        out.append(PACE_WORDS[d.pace.verdict], style="green" if d.pace.verdict == "ok" else "bold red")
        out.append(f" (target {d.pace.min_wpm:.0f}–{d.pace.max_wpm:.0f})  ")
        out.append(" · ".join(f"{s.name} {s.wpm:.0f}" for s in d.pace.sections), style="dim")
        out.append(f"\n  {d.pace.advice}\n")
    fill = ", ".join(f"{k} ×{v}" for k, v in d.fillers.items()) or "none heard"
    out.append("Fillers: ", style="bold")
    out.append(f"{fill} ({d.fillers_per_min:.1f}/min, a lower bound)")
    if d.filler_rate is not None and d.filler_rate.verdict == "too_many":
        out.append(f"\n  {d.filler_rate.advice}", style="yellow")
    out.append("\n")
    if d.hesitations:
        kinds = Counter(h.phrase for h in d.hesitations)
        out.append("Hesitations: ", style="bold")
        out.append(", ".join(f"{k} ×{n}" for k, n in kinds.most_common()) + "\n")
    if d.long_pauses:
        out.append("Long pauses: ", style="bold")
        out.append(", ".join(
            f"{fmt_clock(p.start_s)} {p.duration_s:.1f}s {p.where.replace('_', ' ')}"
            + (" (before a number)" if p.kind == "deliberate" else "")
            for p in d.long_pauses
        ))
        if d.pause_advice:
            out.append(f"\n  {d.pause_advice}")
        out.append("\n")
    if d.hedges:
        out.append("Hedges: ", style="bold")
        out.append("; ".join(f"[{fmt_clock(h.start_s)}] “{h.quote}”" for h in d.hedges[:4]), style="italic")
        out.append(f"\n  {d.hedge_advice}\n", style="yellow")
    v = d.voice
    if v is not None:
        out.append("Voice: ", style="bold")
        if not v.measured:
            out.append(f"pitch not measured: {v.reason}", style="dim")
        else:
            out.append(v.advice, style="yellow" if v.monotone or v.fading or v.flat_sections else "")
    return out


def _verdict_text(verdict: str, required: bool) -> Text:
    if verdict == "pass":
        return Text("✔ pass", style="bold green")
    if verdict == "fail":
        return Text("✘ fail", style="bold red" if required else "yellow")
    return Text("– n/a", style="dim")


def report_renderable(report: Report, timeline_width: int = 78) -> Group:
    parts: list[Any] = []
    head = Text()
    head.append(f"{report.source}  ", style="bold")
    head.append(f"level {report.level} · {report.lp.replace('_', ' ')}")
    if report.model:
        head.append(f" · model {report.model}", style="dim")
    parts.append(head)
    parts.append(timeline_text(report, width=timeline_width))
    if report.delivery is not None and report.delivery.pace is not None:
        parts.append(pace_strip_text(report, width=timeline_width))
    if report.timing is not None:
        t = report.timing
        window = (
            f"under {fmt_clock(t.target_max_s)}"
            if t.target_min_s is None
            else f"{fmt_clock(t.target_min_s)}–{fmt_clock(t.target_max_s)}"
        )
        style = "green" if t.length == "ok" else "red"
        line = Text(f"Total {fmt_clock(t.total_s)} (target {window}): ")
        line.append(t.length.replace("_", " "), style=f"bold {style}")
        line.append(f"   Situation {fmt_clock(t.situation_s)}")
        if t.situation_overrun:
            line.append(f"  OVERRUN (> {fmt_clock(t.situation_limit_s)})", style="bold red")
        parts.append(line)
        source = "your marks" if report.segmentation == "marks" else "automatic segmentation"
        parts.append(Text(f"Section times from {source}.", style="dim"))
        for a in t.advice:
            parts.append(Text(f"• {a}", style="yellow"))
    for note in unclear_notes(report):
        parts.append(Text(f"• {note}", style="yellow"))
    table = Table(title="Sections", expand=True, show_lines=False)
    table.add_column("Part", no_wrap=True)
    table.add_column("Time", no_wrap=True)
    table.add_column("What you said", ratio=1)
    for s in report.sections:
        span = "" if s.start_s is None else f"{fmt_clock(s.start_s)}–{fmt_clock(s.end_s)}"
        table.add_row(Text(s.name, style=SECTION_STYLES[s.name]), span, Text(_clip(s.text, 160)))
    parts.append(table)
    if report.rubric.findings:
        rt = Table(title="What an interviewer would hear", expand=True)
        rt.add_column("Criterion", no_wrap=True)
        rt.add_column("Verdict", no_wrap=True)
        rt.add_column("Evidence and advice", ratio=1)
        for f in report.rubric.findings:
            cell = Text()
            for e in f.evidence[:2]:
                when = "" if e.start_s is None else f"[{fmt_clock(e.start_s)}] "
                cell.append(f"{when}“{_clip(e.quote, 140)}”\n", style="italic")
            cell.append(f.advice)
            name = f.id + (" *" if f.required else "")
            rt.add_row(name, _verdict_text(f.verdict, f.required), cell)
        parts.append(rt)
        parts.append(Text("* required for this level and LP", style="dim"))
    if report.rubric.red_flags:
        ft = Table(title="Red flags", expand=True)
        ft.add_column("Flag", no_wrap=True, style="red")
        ft.add_column("Quote and advice", ratio=1)
        for r in report.rubric.red_flags:
            when = "" if r.start_s is None else f"[{fmt_clock(r.start_s)}] "
            cell = Text(f"{when}“{_clip(r.quote, 140)}”\n", style="italic")
            cell.append(r.advice)
            ft.add_row(r.id, cell)
        parts.append(ft)
    if report.delivery is not None:
        parts.append(delivery_renderable(report.delivery))
    g = report.rubric.guidance
    if g is not None and (g.emphasize or g.de_emphasize or g.notes):
        gt = Text()
        if g.emphasize:
            gt.append("Emphasize: ", style="bold")
            gt.append("; ".join(g.emphasize) + "\n")
        if g.de_emphasize:
            gt.append("De-emphasize: ", style="bold")
            gt.append("; ".join(g.de_emphasize) + "\n")
        for n in g.notes:
            gt.append(f"• {n}\n")
        parts.append(Panel(gt, title=f"Angle for {g.lp.replace('_', ' ')} at {g.level} level"))
    return Group(*parts)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def render_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    console.print(report_renderable(report, timeline_width=min(100, max(30, console.width - 2))))


def render_probe(grade: Any, console: Console | None = None) -> None:
    console = console or Console()
    style = "bold green" if grade.grade == "strong" else "bold red"
    line = Text(f"{grade.question}  ")
    line.append(grade.grade.upper(), style=style)
    console.print(line)
    console.print(grade.reason)
    for e in getattr(grade, "evidence", ()):
        console.print(Text(f"“{getattr(e, 'quote', e)}”", style="italic"))


def render_question_bank(bank: QuestionBank, lp: str | None = None, console: Any = None) -> None:
    """Print the bank (or one LP) for ``rehearse prompts``."""
    from rich.console import Console
    from rich.markup import escape

    console = console or Console()
    chosen: Iterable[LeadershipPrinciple] = (bank.get(lp),) if lp is not None else bank.lps
    for principle in chosen:
        console.rule(f"[bold]{escape(principle.name)}[/]  [dim]{principle.id}[/]", align="left")
        console.print(f"[italic]{escape(principle.summary)}[/]")
        if principle.listen_for:
            console.print("[bold]Interviewers listen for[/]")
            for item in principle.listen_for:
                console.print(f"  • {escape(item)}")
        console.print("[bold]Questions[/]")
        for number, q in enumerate(principle.questions, start=1):
            console.print(f"  {number}. {escape(q.text)} [dim]({q.id})[/]")
        console.print("[bold]Follow-up probes[/]")
        for p in principle.probes:
            console.print(f"  [magenta]{p.kind:<12}[/] {escape(p.text)}")
        console.print()
