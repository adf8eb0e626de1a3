"""The opportunistic_motivation flag from an idle speaker told as the motive, in words other than
the stock phrases; and idle words that are not the speaker's motive."""

from __future__ import annotations

import pytest
from star_parts import star_sections

from rehearse.rubric import check

SETTING = "Our clinic's refill reminders kept reaching patients a week late."
FIX = ["I rewrote the reminder schedule myself and tested it on my own phone."]


def opportunistic(situation: tuple[str, ...], action: list[str] = FIX) -> bool:
    result = check(star_sections([("situation", situation), ("action", action)]), "mid", "ownership")
    return any(f.id == "opportunistic_motivation" for f in result.red_flags)


@pytest.mark.parametrize("motive", [
    "I had a bit of time between two inspections, so I opened the reminder logs.",
    "I had some downtime after the migration, so I figured I'd look at the logs.",
    "The ward was shut for painting and I had two days with nothing to do.",
    "So it's a Friday, I've got nothing planned, and I start reading the logs.",
    "The office closed for a week and I had a week with no clinic shifts, so I dug in.",
    "It was a quiet patch for the pharmacy team, so I poked at the logs.",
    "Honestly things were pretty slow, so I went looking.",
    "The backlog was empty that week, so I took a look.",
    "Storm season was over, my crews were caught up and I had some slack, so I dug in.",
    "I was between releases, kind of bored honestly, so I picked it up.",
    "It rained all week and little work happened, so I had time and I thought I could look at it.",
    "My evening classes had just finished and I finally had my evenings back, so I looked into it.",
    "It was a freeze week, so I didn't really have much on, and I dug into it.",
    "It was a freeze week, and I looked into it to fill the time.",
])
def test_idle_time_told_as_the_motive_is_opportunistic(motive):
    assert opportunistic((SETTING, motive))


@pytest.mark.parametrize("motive", [
    "It wasn't because I had spare time; patients were missing doses.",
    "We had two hours of downtime on the reminder service that month.",
    "The delay had nothing to do with the phone carrier.",
    "My job was to get the backlog cleared before the audit.",
    "Nurses booked calls when it suited them, not when the queue was quiet.",
    "I had a week to fix it before the regulator's visit.",
    "Patients were bored of waiting and some left before their refill was ready.",
    "I had time pressure from the regulator, so I moved fast.",
    "I had much on my plate that week, but patients were missing doses.",
])
def test_idle_words_that_are_not_the_speakers_motive_are_not(motive):
    assert not opportunistic((SETTING, motive))


def test_idle_time_late_in_the_story_is_not_the_motive():
    late = FIX + ["I called the pharmacy lead.", "I changed the batch job.",
                  "Later that month I had some downtime and wrote it up for the wiki."]
    assert not opportunistic((SETTING,), late)


def test_idle_time_in_the_turn_to_act_is_the_motive():
    turn = ["The ward was shut for painting, so I had an afternoon with nothing to do and opened the logs."] + FIX
    assert opportunistic((SETTING,), turn)
