"""Drill evaluation against prompts/levels.toml targets, and the best time from the store."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from rehearse.analysis.pipeline import build_report
from rehearse.analysis.report import report_to_dict
from rehearse.errors import BadInputError
from rehearse.lang.sentences import split_text
from rehearse.practice import drills
from rehearse.practice.store import Store

REPORT = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())


def timed(total_s: float, level: str = "senior", lp: str = "ownership", sections=None) -> dict:
    data = copy.deepcopy(REPORT)
    data["level"], data["lp"] = level, lp
    data["timing"]["total_s"] = total_s
    if sections is not None:
        data["sections"] = [{"name": n, "text": t} for n, t in sections]
    return data


def test_situation_sprint_passes_within_thirty_seconds():
    st = [("situation", "Our checkout dropped webhooks."), ("task", "I had to find out why.")]
    assert drills.evaluate_situation_sprint(timed(24.0, sections=st)).passed
    slow = drills.evaluate_situation_sprint(timed(31.0, sections=st))
    assert not slow.passed and "over 0:30" in slow.parts[0].detail
    ran_on = drills.evaluate_situation_sprint(timed(25.0))
    assert ran_on.passed and any("past the task" in n for n in ran_on.notes)


@pytest.mark.parametrize(
    "level, total, passed", [("mid", 119, True), ("mid", 125, False), ("senior", 140, False), ("senior", 171, True), ("senior", 185, False)]
)
def test_full_story_uses_the_level_window(level, total, passed):
    outcome = drills.evaluate_full_story(timed(total, level))
    assert outcome.passed is passed
    assert (outcome.target_min_s, outcome.target_max_s) == ((None, 120.0) if level == "mid" else (150.0, 180.0))


def test_rapid_fire_needs_four_strong_answers_within_thirty_seconds_each():
    strong = {
        "escalation": "I wrote the fix myself and brought a ready pull request to their lead.",
        "motivation": "Customers were losing payments and nobody was addressing it, so I took responsibility.",
        "verification": "I reproduced the failure in staging and watched the drop rate fall to zero myself.",
        "reflection": "I would set up a shared SLA and an alert on the queue depth so the gap is caught early.",
    }
    answers = [drills.ProbeAnswer(k, strong[k], 20.0) for k in ("escalation", "motivation", "verification", "reflection")]
    outcome = drills.evaluate_rapid_fire(answers, "mid", "ownership")
    assert outcome.passed, [p.detail for p in outcome.parts]
    assert outcome.time_s == 20.0

    slow = [*answers[:3], drills.ProbeAnswer("reflection", strong["reflection"], 34.0)]
    assert not drills.evaluate_rapid_fire(slow, "mid", "ownership").passed
    weak = [drills.ProbeAnswer("escalation", "I escalated it to their team and they fixed it.", 10.0), *answers[1:]]
    result = drills.evaluate_rapid_fire(weak, "mid", "ownership")
    assert not result.passed and not result.parts[0].passed
    with pytest.raises(BadInputError, match="in that order"):
        drills.evaluate_rapid_fire(answers[:3], "mid", "ownership")


OWNERSHIP_TELLING = (
    "Last spring I noticed our checkout service was dropping 0.3 percent of payment webhooks. "
    "It was not my team's system and there was no ticket. I traced the drops to a retry handler and I wrote a fix. "
    "I tested it in staging. The drop rate went to zero and we recovered 8000 dollars a week. "
    "I learned to add an alert on queue depth."
)
CUSTOMER_TELLING = (
    "Our merchants were losing paid orders because 0.3 percent of their payment webhooks never arrived, and customers "
    "were charged without getting a confirmation. I traced the drops to a retry handler and I wrote a fix. "
    "I tested it in staging. The drop rate went to zero and we recovered 8000 dollars of revenue a week. "
    "I learned to add an alert on queue depth."
)


def text_report(text: str, lp: str, total_s: float = 100.0) -> dict:
    data = report_to_dict(build_report(split_text(text), level="mid", lp=lp, source="t"))
    data["timing"] = {"total_s": total_s, "target_min_s": None, "target_max_s": 120.0}
    return data


def test_other_angle_passes_when_the_emphasis_moved_to_the_new_lp():
    first = text_report(OWNERSHIP_TELLING, "ownership")
    assert first["rubric"]["customer_first"]["verdict"] == "fail"
    outcome = drills.evaluate_other_angle(text_report(CUSTOMER_TELLING, "customer_obsession"), first)
    assert outcome.passed, [(p.label, p.detail) for p in outcome.parts]
    assert "customer_first" in outcome.details["moved"]
    assert outcome.details["conflicts"] == []


def test_other_angle_fails_when_the_retelling_keeps_the_old_emphasis():
    first = text_report(OWNERSHIP_TELLING, "ownership")
    same_story = text_report(OWNERSHIP_TELLING.replace("0.3 percent", "3 percent"), "customer_obsession")
    outcome = drills.evaluate_other_angle(same_story, first)
    assert not outcome.passed
    assert not next(p for p in outcome.parts if p.label == "customer_first").passed
    assert any("Numbers changed" in note for note in outcome.notes)


def test_record_returns_the_best_passing_time_so_far(tmp_path):
    store = Store(tmp_path / "h.sqlite3")
    st = [("situation", "Our checkout dropped webhooks."), ("task", "I had to find out why.")]
    first = drills.record(store, drills.evaluate_situation_sprint(timed(26.0, sections=st)))
    assert first.best_s == 26.0 and "best 0:26" in first.headline and first.headline.startswith("PASS")
    failed = drills.record(store, drills.evaluate_situation_sprint(timed(33.0, sections=st)))
    assert failed.best_s == 26.0 and failed.headline.startswith("FAIL")
    better = drills.record(store, drills.evaluate_situation_sprint(timed(22.0, sections=st)))
    assert better.best_s == 22.0
