"""Checks told with a purpose ("to be sure"), by recomputing, or in a participle phrase; checks told in
the passive by someone else; routing through a queue, a causative fix, and fixes that are not fixes (a
write-up, a sort order); with near misses. Written in our own words for the shapes batch 7 showed."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

SETTING = ("Our warehouse pickers were walking the whole floor for every online order, and the pick lists "
           "belonged to the regional systems team.")
CHANGE = "I rebuilt the aisle order in the pick-list template myself."
RESULT = "Pick time fell from eleven minutes an order to four."


@pytest.mark.parametrize("check", [
    "Before it went live I recalculated thirty of the lists by hand from the raw orders, to be sure the order was right.",
    "On a quiet morning I picked twenty real orders myself, timing every one against the old list.",
])
def test_a_check_told_by_its_purpose_or_alongside_is_the_speakers(check):
    assert verdict(f"{SETTING} {CHANGE} {check} {RESULT}", "verification") == "pass"


@pytest.mark.parametrize("step", [
    "I printed twenty of the new lists to be ready for the Monday wave.",
    "On a quiet morning I printed the new lists, hoping the pickers would like them.",
])
def test_a_step_without_a_check_is_not_verification(step):
    assert verdict(f"{SETTING} {CHANGE} {step} {RESULT}", "verification") == "fail"


def test_a_check_before_the_change_told_by_its_purpose():
    check = "First I went through every open list against the floor map, to be sure I wasn't about to drop a live aisle."
    assert verdict(f"{SETTING} {check} Then I rebuilt the aisle order in the template. {RESULT}", "verification") == "pass"


def test_a_check_told_in_the_passive_by_someone_else_is_delegated():
    text = f"{SETTING} {CHANGE} The new template was tested by the regional team's analyst. {RESULT}"
    assert verdict(text, "verification") == "fail"
    assert flagged(text, "delegated_validation")


def test_a_passive_check_by_the_speaker_is_not_delegated():
    text = f"{SETTING} {CHANGE} Every list was checked by me against the floor map before the first wave. {RESULT}"
    assert not flagged(text, "delegated_validation")


def test_a_sign_off_proposed_in_the_reflection_is_not_delegation():
    text = (f"{SETTING} {CHANGE} I picked twenty real orders myself with the new list to be sure it held. {RESULT} "
            "Any change to a pick list now runs beside the old one for a week, and operations signs off on it, "
            "not just the systems team.")
    assert verdict(text, "verification") == "pass"
    assert not flagged(text, "delegated_validation")


@pytest.mark.parametrize("action", [
    "I ran a report on every list and sorted it by aisle and by age. I put it in the regional team's queue with "
    "a suggested order. They fixed the template that same week.",
    "I wrote the whole thing up with the walking times and sent it to the regional team's lead. They changed "
    "the aisle order the following week.",
    "I sent the walking times to the regional team's lead, and they got their developer to correct the aisle order.",
])
def test_routing_then_their_fix_is_a_handoff(action):
    assert flagged(f"{SETTING} {action} {RESULT}", "escalation_handoff")


@pytest.mark.parametrize("action", [
    "We could have asked the regional team to change the aisle order, but their next release was months away, "
    "so I rebuilt the template myself. They merged my version the next week.",
    "I rebuilt the aisle order myself and sent it to the regional team's lead. They reviewed it and merged it.",
])
def test_an_option_weighed_or_an_own_fix_is_not_a_handoff(action):
    assert not flagged(f"{SETTING} {action} {RESULT}", "escalation_handoff")
