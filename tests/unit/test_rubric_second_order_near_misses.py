"""Second-order impact: a symptom other groups share, or an obligation in the lesson, is not uptake."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text

SETTING = "Our depot's delivery slots were double-booked, and the booking tool belonged to IT."


def second_order(text: str) -> str:
    return next(f.verdict for f in check_text(text, "senior", "ownership").findings if f.id == "impact_second_order")


@pytest.mark.parametrize("text", [
    f"{SETTING} I opened the slot log, and the other two depots show the same thing. I rewrote the slot rule myself. "
    "Double bookings fell from nine a week to one.",
    f"{SETTING} I rewrote the slot rule myself. Double bookings fell from nine a week to one. "
    "What I take away is that you have to keep talking to the other teams and pick up the phone.",
])
def test_shared_symptoms_and_obligations_are_not_uptake(text):
    assert second_order(text) == "fail"


def test_other_depots_copying_the_rule_is_uptake():
    text = (f"{SETTING} I rewrote the slot rule myself. Double bookings fell from nine a week to one, "
            "and the other two depots set up the same rule the next month.")
    assert second_order(text) == "pass"


def test_a_proposal_in_the_lesson_is_not_uptake_however_long_the_sentence():
    text = (f"{SETTING} I rewrote the slot rule myself. Double bookings fell from nine a week to one. "
            "What I'd push for now is a booking check at every depot for every carrier, written into the "
            "dispatch checklist, so a clash gets caught before the truck leaves.")
    assert second_order(text) == "fail"
