"""When the segmenter is unsure, the report says so instead of guessing silently."""

from __future__ import annotations

from rich.console import Console

from rehearse.analysis.pipeline import build_report
from rehearse.analysis.report import report_to_dict
from rehearse.analysis.segmentation import unclear_notes
from rehearse.cli.render import render_report
from rehearse.lang.sentences import split_text

VAGUE = "Our warehouse sat next to the river. The building was old and the roof leaked in spring."
CLEAR = (
    "At my last job our checkout page failed for one shopper in fifty. "
    "It was not my team's page and nobody had a ticket for it. "
    "I traced the failures to a timeout and I wrote a patch with retries. "
    "I tested it under load before I opened the pull request. "
    "As a result failures dropped from 2% to 0.1%. "
    "Looking back, I would set up a shared alert so a gap like this has an owner."
)


def test_unsure_sections_reach_the_json_and_the_readable_report():
    report = build_report(split_text(VAGUE), level="mid", lp="ownership", source="vague.txt")
    assert report.unclear_sections
    data = report_to_dict(report)
    assert data["unclear_sections"] == list(report.unclear_sections)
    assert all(0.0 <= s["confidence"] <= 1.0 for s in data["sections"])
    console = Console(record=True, width=120)
    render_report(report, console)
    out = console.export_text()
    for name in report.unclear_sections:
        assert f"{name.capitalize()} not clearly heard" in out


def test_a_clear_answer_has_no_unclear_note():
    report = build_report(split_text(CLEAR), level="mid", lp="ownership", source="clear.txt")
    assert report.unclear_sections == ()
    assert unclear_notes(report) == []
    assert report_to_dict(report)["unclear_sections"] == []
