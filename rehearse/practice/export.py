"""Shareable reports of one take: Markdown, self-contained printable HTML, and JSON.

Input is the report dict (``rehearse.analysis.report.report_to_dict``) plus the take's history
record, so exports work for any saved take. The output depends only on those inputs (no
clock, no paths of this machine beyond what the take records), which keeps it golden-testable.
The HTML draws the STAR timeline as proportional coloured SVG blocks.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from rehearse.errors import BadInputError
from rehearse.units import format_clock

FORMATS = ("md", "html", "json")
SECTION_COLORS = {
    "situation": "#4e79a7",
    "task": "#76b7b2",
    "action": "#59a14f",
    "result": "#edc948",
    "reflection": "#b07aa1",
}
OVERRUN_COLOR = "#e15759"
SECTION_LETTERS = {"situation": "S", "task": "T", "action": "A", "result": "R", "reflection": "Refl"}
BAR_LETTERS = {"situation": "S", "task": "T", "action": "A", "result": "R", "reflection": "F"}
LENGTH_WORDS = {"ok": "in the window", "too_long": "too long", "too_short": "too short"}
MARKS = {"pass": "✓", "fail": "✗", "n/a": "–"}


def clock(seconds: float | None) -> str:
    return format_clock(seconds, missing="–")


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _lp_name(lp: str) -> str:
    return " ".join(w if w in ("and", "a", "to", "be", "bring") else w.capitalize() for w in lp.split("_"))


def _target(timing: Mapping[str, Any]) -> str:
    low, high = timing.get("target_min_s"), timing.get("target_max_s")
    if low and high:
        return f"{clock(low)}–{clock(high)}"
    return f"under {clock(high)}" if high else "any length"


def _heading(report: Mapping[str, Any], take: Mapping[str, Any]) -> str:
    number = f"Take {take['id']} · " if take.get("id") is not None else ""
    return f"{number}{_lp_name(str(report.get('lp', '')))} · {report.get('level', '')}"


def _meta_items(report: Mapping[str, Any], take: Mapping[str, Any]) -> list[tuple[str, str]]:
    items = []
    if take.get("story"):
        items.append(("Story", str(take["story"])))
    if take.get("question_text"):
        items.append(("Question", str(take["question_text"])))
    if take.get("created_at"):
        items.append(("Recorded", str(take["created_at"])))
    items.append(("Audio", str(report.get("source") or "–")))
    source = "the candidate's marks" if report.get("segmentation") == "marks" else "automatic segmentation"
    items.append(("Section times from", source))
    return items


def _summary(report: Mapping[str, Any]) -> str:
    timing = report.get("timing")
    if not timing:
        return "No timing: the transcript had no timestamps."
    verdict = LENGTH_WORDS.get(str(timing.get("length")), str(timing.get("length")))
    line = f"Total {clock(timing.get('total_s'))} against a target of {_target(timing)}: {verdict}."
    line += f" Situation {clock(timing.get('situation_s'))}"
    line += " (overrun)." if timing.get("situation_overrun") else "."
    return line


def _blocks(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    timing = report.get("timing") or {}
    blocks = []
    for section in report.get("sections") or []:
        start, duration = section.get("start_s"), section.get("duration_s")
        if start is None or not duration or duration <= 0:
            continue
        overrun = section.get("name") == "situation" and bool(timing.get("situation_overrun"))
        blocks.append({"name": section["name"], "start_s": float(start), "duration_s": float(duration), "overrun": overrun})
    return blocks


def _delivery(report: Mapping[str, Any]) -> str | None:
    d = report.get("delivery")
    if not d:
        return None
    fillers = d.get("fillers") or {}
    count = sum(fillers.values())
    top = ", ".join(f"{w} ×{n}" for w, n in sorted(fillers.items(), key=lambda kv: (-kv[1], kv[0])))
    pauses = d.get("long_pauses") or []
    line = (
        f"{float(d.get('wpm') or 0):.0f} words per minute · {count} fillers"
        f" ({float(d.get('fillers_per_min') or 0):.1f}/min{': ' + top if top else ''}, a lower bound)"
        f" · {len(pauses)} long pause{'s' if len(pauses) != 1 else ''}"
    )
    return " ".join([line, *_coaching(d)])


def _coaching(d: Mapping[str, Any]) -> list[str]:
    """The delivery advice of reports written since delivery coaching (older ones have none)."""
    pace, fillers, voice = d.get("pace") or {}, d.get("filler_rate") or {}, d.get("voice") or {}
    said = [pace.get("advice"), fillers.get("advice"), d.get("pause_advice"), d.get("hedge_advice")]
    if voice:
        said.append(voice.get("advice") if voice.get("measured") else f"Pitch not measured: {voice.get('reason')}.")
    return [str(s) for s in said if s]


def _transcript(report: Mapping[str, Any]) -> str:
    transcript = report.get("transcript") or {}
    return str(transcript.get("text") or " ".join(str(s.get("text", "")) for s in report.get("sections") or []))


# -- Markdown ------------------------------------------------------------------------------


def to_markdown(report: Mapping[str, Any], take: Mapping[str, Any] | None = None) -> str:
    take = take or {}
    out = [f"# {_heading(report, take)}", ""]
    out += [f"- **{k}:** {v}" for k, v in _meta_items(report, take)]
    out += ["", "## STAR timeline", "", _summary(report), ""]
    blocks = _blocks(report)
    if blocks:
        total = sum(b["duration_s"] for b in blocks) or 1.0
        bar = "".join(BAR_LETTERS[b["name"]] * max(1, round(40 * b["duration_s"] / total)) for b in blocks)
        out += [f"`{bar}`  (S situation · T task · A action · R result · F reflection)", ""]
    out += ["| Section | Start | Length | What you said |", "|---|---|---|---|"]
    for s in report.get("sections") or []:
        out.append(
            f"| {_title(s['name'])} | {clock(s.get('start_s'))} | {clock(s.get('duration_s'))} | {_md_cell(s.get('text', ''))} |"
        )
    advice = (report.get("timing") or {}).get("advice") or []
    if advice:
        out += [""] + [f"- {a}" for a in advice]
    out += ["", "## Rubric", ""]
    for cid, f in (report.get("rubric") or {}).items():
        required = " (required)" if f.get("required") else ""
        out.append(f"- {MARKS.get(f.get('verdict'), '?')} **{_title(cid)}**{required}: {f.get('verdict')}")
        for e in f.get("evidence") or []:
            out.append(f"  - “{e.get('quote')}”" + (f" at {clock(e['start_s'])}" if e.get("start_s") is not None else ""))
        if f.get("advice"):
            out.append(f"  - {f['advice']}")
    flags = report.get("red_flags") or []
    out += ["", "## Red flags", ""]
    out += [f"- **{_title(r['id'])}**: “{r.get('quote')}” — {r.get('advice')}" for r in flags] or ["None."]
    delivery = _delivery(report)
    if delivery:
        out += ["", "## Delivery", "", delivery]
    guidance = report.get("guidance") or {}
    if guidance.get("emphasize") or guidance.get("de_emphasize"):
        out += ["", "## Angle", ""]
        if guidance.get("emphasize"):
            out.append("- Emphasise: " + "; ".join(guidance["emphasize"]))
        if guidance.get("de_emphasize"):
            out.append("- De-emphasise: " + "; ".join(guidance["de_emphasize"]))
    out += ["", "## Transcript", "", _transcript(report), ""]
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


# -- HTML ----------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.1rem; margin-top: 1.75rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0 0; }
dl.meta dt { color: #666; }
dl.meta dd { margin: 0; }
svg.timeline { width: 100%; height: auto; display: block; margin: .5rem 0; }
.legend span { display: inline-block; margin-right: 1rem; font-size: .85rem; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; border-radius: 2px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #eee; }
.pass { color: #2e7d32; font-weight: 600; }
.fail { color: #c62828; font-weight: 600; }
.na { color: #777; }
.quote { font-style: italic; color: #444; }
.advice { color: #555; }
.flag { color: #c62828; }
.summary.bad { color: #c62828; }
.transcript { white-space: pre-wrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
}
""".strip()


def _svg_timeline(report: Mapping[str, Any]) -> str:
    blocks = _blocks(report)
    if not blocks:
        return '<p class="na">No section times: the transcript had no timestamps.</p>'
    timing = report.get("timing") or {}
    width, bar_h, top = 1000.0, 44.0, 6.0
    origin = blocks[0]["start_s"]
    end = max(b["start_s"] + b["duration_s"] for b in blocks)
    high = timing.get("target_max_s")
    scale = max(end, float(high or 0.0)) - origin or 1.0

    def x(t: float) -> float:
        return round((t - origin) / scale * width, 1)

    parts = [
        f'<svg class="timeline" viewBox="0 0 {width:.0f} 80" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="STAR timeline">'
    ]
    low = timing.get("target_min_s")
    if low and high:
        parts.append(
            f'<rect x="{x(float(low))}" y="0" width="{round(x(float(high)) - x(float(low)), 1)}" height="{bar_h + 2 * top:.0f}" '
            f'fill="#e8f5e9"/>'
        )
    for b in blocks:
        color = OVERRUN_COLOR if b["overrun"] else SECTION_COLORS[b["name"]]
        bx, bw = x(b["start_s"]), round(b["duration_s"] / scale * width, 1)
        label = f"{SECTION_LETTERS[b['name']]} {clock(b['duration_s'])}"
        parts.append(
            f'<rect x="{bx}" y="{top:.0f}" width="{bw}" height="{bar_h:.0f}" fill="{color}" stroke="#fff" stroke-width="2">'
            f"<title>{_title(b['name'])}: {clock(b['start_s'])}–{clock(b['start_s'] + b['duration_s'])}</title></rect>"
        )
        if bw >= 60:
            parts.append(
                f'<text x="{round(bx + bw / 2, 1)}" y="{top + bar_h / 2 + 5:.0f}" text-anchor="middle" '
                f'font-size="16" font-family="sans-serif" fill="#fff">{html.escape(label)}</text>'
            )
    if high:
        hx = x(float(high))
        parts.append(f'<line x1="{hx}" y1="0" x2="{hx}" y2="{bar_h + 2 * top:.0f}" stroke="#c62828" stroke-width="3" stroke-dasharray="6 4"/>')
        parts.append(
            f'<text x="{min(hx, width - 4)}" y="74" text-anchor="end" font-size="14" font-family="sans-serif" '
            f'fill="#c62828">target {html.escape(clock(float(high)))}</text>'
        )
    parts.append('<text x="0" y="74" font-size="14" font-family="sans-serif" fill="#666">0:00</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{SECTION_COLORS[n]}"></i>{_title(n)}</span>'
        for n in SECTION_COLORS if any(b["name"] == n for b in blocks)
    )
    if any(b["overrun"] for b in blocks):
        legend += f'<span><i style="background:{OVERRUN_COLOR}"></i>Overrun</span>'
    return "\n".join(parts) + f'\n<div class="legend">{legend}</div>'


def to_html(report: Mapping[str, Any], take: Mapping[str, Any] | None = None) -> str:
    take = take or {}
    e = html.escape
    title = _heading(report, take)
    timing = report.get("timing") or {}
    bad = " bad" if timing and timing.get("length") != "ok" else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} — rehearse</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        '<dl class="meta">',
    ]
    out += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _meta_items(report, take)]
    out += ["</dl>", "<h2>STAR timeline</h2>", _svg_timeline(report), f'<p class="summary{bad}">{e(_summary(report))}</p>']
    out += ["<table>", "<tr><th>Section</th><th>Start</th><th>Length</th><th>What you said</th></tr>"]
    for s in report.get("sections") or []:
        out.append(
            f"<tr><td>{e(_title(s['name']))}</td><td>{clock(s.get('start_s'))}</td><td>{clock(s.get('duration_s'))}</td>"
            f"<td>{e(' '.join(str(s.get('text', '')).split()))}</td></tr>"
        )
    out.append("</table>")
    advice = timing.get("advice") or []
    if advice:
        out += ["<ul>"] + [f"<li>{e(a)}</li>" for a in advice] + ["</ul>"]
    out += ["<h2>Rubric</h2>", "<table>"]
    for cid, f in (report.get("rubric") or {}).items():
        verdict = str(f.get("verdict"))
        css = {"pass": "pass", "fail": "fail"}.get(verdict, "na")
        cell = "".join(f'<div class="quote">“{e(str(x.get("quote")))}”</div>' for x in f.get("evidence") or [])
        if f.get("advice"):
            cell += f'<div class="advice">{e(str(f["advice"]))}</div>'
        required = " <small>(required)</small>" if f.get("required") else ""
        out.append(
            f'<tr><td>{e(_title(cid))}{required}</td><td class="{css}">{MARKS.get(verdict, "?")} {e(verdict)}</td><td>{cell}</td></tr>'
        )
    out += ["</table>", "<h2>Red flags</h2>"]
    flags = report.get("red_flags") or []
    if flags:
        out += ["<ul>"] + [
            f'<li class="flag"><b>{e(_title(r["id"]))}</b>: <span class="quote">“{e(str(r.get("quote")))}”</span> — {e(str(r.get("advice")))}</li>'
            for r in flags
        ] + ["</ul>"]
    else:
        out.append("<p>None.</p>")
    delivery = _delivery(report)
    if delivery:
        out += ["<h2>Delivery</h2>", f"<p>{e(delivery)}</p>"]
    guidance = report.get("guidance") or {}
    if guidance.get("emphasize") or guidance.get("de_emphasize"):
        out += ["<h2>Angle</h2>", "<ul>"]
        if guidance.get("emphasize"):
            out.append(f"<li>Emphasise: {e('; '.join(guidance['emphasize']))}</li>")
        if guidance.get("de_emphasize"):
            out.append(f"<li>De-emphasise: {e('; '.join(guidance['de_emphasize']))}</li>")
        out.append("</ul>")
    out += ["<h2>Transcript</h2>", f'<p class="transcript">{e(_transcript(report))}</p>', "</body>", "</html>", ""]
    return "\n".join(out)


def to_json(report: Mapping[str, Any], take: Mapping[str, Any] | None = None) -> str:
    return json.dumps({"take": dict(take or {}), "report": dict(report)}, indent=2, ensure_ascii=False) + "\n"


def export(report: Mapping[str, Any], take: Mapping[str, Any] | None, fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}", "use --format md, html or json")
    return {"md": to_markdown, "html": to_html, "json": to_json}[fmt](report, take)
