"""Trade-offs in shapes the phrase rules missed: options told in the present, counted people or
suppliers the speaker could have gone to, options "on the table", a cost weighed against another;
and near misses with no choice or no reason."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text

SETTING = "Our clinic's appointment reminders went out a day late, and the SMS gateway belonged to IT."


def tradeoffs(action: str) -> str:
    text = f"{SETTING} {action} Late reminders fell from forty a week to two."
    return next(f.verdict for f in check_text(text, "senior", "ownership").findings if f.id == "tradeoffs")


@pytest.mark.parametrize("action", [
    "I can wait for IT's upgrade, or I can fix the schedule myself. I do not wait, because every week "
    "thirty patients miss appointments.",
    "There were two suppliers we could have moved to. The first was cheaper but slow to onboard. The second "
    "could start Monday. I picked the second because patients were missing visits every day.",
    "The options on the table were a new gateway, a manual call list, or a fix to the schedule, and I argued "
    "for the fix because it could ship that week.",
    "I took a two-week slip rather than send reminders I couldn't trust. Two weeks was cheap next to another "
    "month of missed visits.",
])
def test_choice_with_its_reason(action):
    assert tradeoffs(action) == "pass"


@pytest.mark.parametrize("action", [
    "I can see the gateway logs, and I can read the schedule too. I fixed the schedule myself.",
    "There were two people on the IT team. I fixed the schedule myself.",
    "The options in the scheduler were confusing, so I rewrote the reminder rule myself.",
])
def test_no_choice_weighed(action):
    assert tradeoffs(action) == "fail"
