"""Cue-less closing sentences: a generic claim in the present is a rule (a reflection); a "no X for
N months" outcome is not."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text

STORY = ("Carriers overwrote each other's dock bookings in a shared sheet, and nobody owned it. I built a booking "
         "form myself and tested it with three carriers. Average gate wait went from ninety minutes to twenty.")


def reflection(closing: str) -> str:
    text = f"{STORY} {closing}"
    return next(f.verdict for f in check_text(text, "mid", "ownership").findings if f.id == "reflection_specific")


@pytest.mark.parametrize("closing", [
    "A schedule that outside carriers can write to gets one hard rule and one named owner on the yard side.",
    "A shared booking sheet needs an owner before any carrier gets write access.",
])
def test_a_generic_claim_in_the_present_is_a_specific_rule(closing):
    assert reflection(closing) == "pass"


@pytest.mark.parametrize("closing", [
    "No double bookings for the remaining five months of the contract.",
    "A carrier now gets a confirmed slot in two minutes.",
])
def test_outcomes_at_the_end_are_not_a_reflection(closing):
    assert reflection(closing) == "fail"
