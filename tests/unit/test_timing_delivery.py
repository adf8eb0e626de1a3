from __future__ import annotations

import pytest

from rehearse.analysis.delivery import compute_delivery, count_fillers, long_pauses
from rehearse.analysis.timing import TimingTargets, compute_timing
from rehearse.models import Section, Sentence, Word

MID = TimingTargets(target_min_s=None, target_max_s=120.0)
SENIOR = TimingTargets(target_min_s=150.0, target_max_s=180.0)


def sec(name: str, start: float, end: float) -> Section:
    return Section(name=name, sentences=(Sentence("x"),), start_s=start, end_s=end)


def test_situation_over_90_seconds_is_an_overrun():
    t = compute_timing([sec("situation", 0, 95), sec("action", 95, 150)], 150, SENIOR)
    assert t.situation_overrun is True
    assert t.situation_s == 95
    assert any("situation ran 1:35" in a for a in t.advice)


def test_the_overrun_limit_comes_from_the_level_and_the_report_names_it():
    from rich.console import Console

    from rehearse.cli.render import render_report
    from rehearse.models import Report, RubricResult

    coached = TimingTargets(target_min_s=None, target_max_s=120.0, situation_overrun_s=75.0)
    t = compute_timing([sec("situation", 0, 80), sec("action", 80, 110)], 110, coached)
    assert t.situation_overrun and t.situation_limit_s == 75.0
    console = Console(record=True, width=100)
    sections = (sec("situation", 0, 80), sec("action", 80, 110))
    report = Report("a.wav", "mid", "ownership", "tiny.en", 110.0, sections, t, None, RubricResult(), None)
    render_report(report, console)
    assert "OVERRUN (> 1:15)" in console.export_text()


def test_situation_at_exactly_90_seconds_is_not_an_overrun():
    t = compute_timing([sec("situation", 0, 90), sec("action", 90, 160)], 160, SENIOR)
    assert t.situation_overrun is False


@pytest.mark.parametrize(
    "targets,total,expected",
    [(MID, 119.0, "ok"), (MID, 121.0, "too_long"), (MID, 30.0, "ok"),
     (SENIOR, 149.0, "too_short"), (SENIOR, 165.0, "ok"), (SENIOR, 181.0, "too_long")],
)
def test_length_verdict_against_level_window(targets, total, expected):
    assert compute_timing([sec("action", 0, total)], total, targets).length == expected


def test_shares_and_advice_when_setup_dominates():
    t = compute_timing([sec("situation", 0, 40), sec("task", 40, 60), sec("action", 60, 90), sec("result", 90, 100)], 100, MID)
    assert t.shares["situation"] == pytest.approx(0.4)
    assert any("Situation and task took 60%" in a for a in t.advice)
    assert any("situation (0:40) took longer than the action" in a for a in t.advice)


def test_fillers_are_counted_including_phrases_but_not_plain_verbs():
    words = [Word(w) for w in "Um, I, uh, fixed it, you know, and I know the answer. I mean, um it worked".split()]
    counts = count_fillers(words)
    assert counts["um"] == 2 and counts["uh"] == 1
    assert counts["you know"] == 1
    assert counts["i mean"] == 1


def test_long_pauses_and_wpm():
    words = [Word("a", 0.0, 0.5), Word("b", 0.5, 1.0), Word("c", 3.5, 4.0), Word("d", 4.0, 6.0)]
    assert [(p.start_s, p.duration_s) for p in long_pauses(words)] == [(1.0, 2.5)]
    d = compute_delivery(words, [Section("action", (Sentence("a b c d", tuple(words), 0.0, 6.0),), 0.0, 6.0)])
    assert d.wpm == pytest.approx(40.0)
    assert d.section_wpm["action"] == pytest.approx(40.0)
