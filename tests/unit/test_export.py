"""Export is golden-tested: a fixed report (tests/data/export/report.json) must export byte for byte
to the committed files. After an intended change: REHEARSE_UPDATE_GOLDEN=1 pytest tests/unit/test_export.py,
then read the diff of tests/data/export/ before committing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from rehearse.errors import BadInputError
from rehearse.practice.export import SECTION_COLORS, export

DATA = Path(__file__).resolve().parents[1] / "data" / "export"
TAKE = {"id": 7, "created_at": "2025-03-01T10:15:00+00:00", "story": "webhook drop",
        "question_text": "Tell me about a time you took on something outside your area.", "lp": "ownership", "level": "senior"}


def report() -> dict:
    return json.loads((DATA / "report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_export_matches_the_golden_file(fmt):
    produced = export(report(), TAKE, fmt)
    golden = DATA / f"take.{fmt}"
    if os.environ.get("REHEARSE_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_html_draws_the_timeline_as_proportional_blocks():
    page = export(report(), TAKE, "html")
    rects = re.findall(r'<rect x="([\d.]+)" y="6" width="([\d.]+)" height="44" fill="(#[0-9a-f]{6})"', page)
    sections = report()["sections"]
    assert [fill for *_, fill in rects] == [SECTION_COLORS[s["name"]] for s in sections]
    widths = [float(w) for _, w, _ in rects]
    # action (75 s) is five times the task (15 s)
    assert widths[2] == pytest.approx(5 * widths[1], rel=0.01)
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@media print" in page


def test_an_overrun_situation_is_red_and_html_is_escaped():
    data = report()
    data["timing"]["situation_overrun"] = True
    data["sections"][0]["text"] = "<b>bold</b> & co"
    page = export(data, TAKE, "html")
    assert 'fill="#e15759"' in page and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page


def test_unknown_format_is_a_clear_error():
    with pytest.raises(BadInputError, match="md, html or json"):
        export(report(), TAKE, "pdf")
