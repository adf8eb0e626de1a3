"""Shapes batch 15 showed, in our own words, with near misses: a wish is no fix of one's own ("I
wanted it sorted before August"); the other side reopening, creating or putting a part in after a
routing is their fix (putting a sheet in a binder is not); "told us the numbers matched now" vouches
for the fix; a guessed feeling and a boss's praise are vague results; a reflection's rule counts
no outcome; idle afternoons, a slow January and "not a whole lot on my plate" are idle motives (a
trainee "slow in week three" is not); "these days" and "what I pushed for" open a reflection, and
"it felt really good" is a generic one."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

SCOPE = "The county map belongs to the GIS office, not to dispatch, and nobody had a ticket for it."
RESULT = "Wrong routes went from five a week to none."


@pytest.mark.parametrize("story", [
    "I wanted it sorted before August. I wrote up every bad route and flagged it to the county GIS lead. She "
    "took it from there, and her people pushed a new layer ten days later.",
    "We called our contractor and got them to send a technician. He found the failed board, and they came "
    "back on Sunday and put it in.",
])
def test_their_fix_after_a_routing_is_a_hand_off(story):
    assert flagged(f"Engines were sent down the wrong roads. {SCOPE} {story} {RESULT}", "escalation_handoff")


def test_a_sheet_put_in_their_binder_is_no_fix_of_theirs():
    text = (f"New agents were transferring billing calls. {SCOPE} I built a one-page cheat sheet myself and "
            "coached the new hires on it every morning. As a result, transfers went from forty a day to ten, and "
            "the training team liked the sheet so much they put it in the onboarding binder.")
    assert not flagged(text, "escalation_handoff")


def test_told_us_the_numbers_matched_now_is_a_delegated_check():
    text = (f"We were billed for more linen than we sent. {SCOPE} I asked the contractor to recalibrate their "
            f"scale. A few weeks later she came back and told us the weights matched now. {RESULT}")
    assert flagged(text, "delegated_validation")


@pytest.mark.parametrize("result", [
    "After that I didn't hear any more complaints, and I think the nurses were pretty relieved.",
    "In the end my vice president forwarded me a note from our CFO saying it was one of the best-handled "
    "problems he had seen.",
])
def test_a_guessed_feeling_or_a_bosss_praise_is_a_vague_result(result):
    text = f"Wristbands printed blank in the ED. {SCOPE} I swapped the printer drivers myself. {result}"
    assert flagged(text, "vague_result")


def test_praise_with_a_number_is_no_vague_result():
    text = (f"Wristbands printed blank in the ED. {SCOPE} I swapped the printer drivers myself. My director "
            "sent a note saying misprints fell from forty a week to two, the best run the unit has had.")
    assert not flagged(text, "vague_result")


def test_a_rule_in_the_reflection_counts_no_outcome():
    text = (f"Engines were sent down the wrong roads. {SCOPE} I fixed the three road segments myself. Things "
            "calmed down a lot after that. What I push for now is a gate on map changes. Any new layer from the "
            "county gets three test calls run by one of my leads before it goes live on the floor.")
    assert verdict(text, "impact_metric") == "fail"


@pytest.mark.parametrize("motive", [
    "Honestly, I only dug into it because January is slow and I had empty afternoons.",
    "Between forecast cycles I didn't have a whole lot on my plate, so I was looking for something to chew on.",
])
def test_idle_afternoons_or_an_empty_plate_are_an_idle_motive(motive):
    text = f"Riders were picked up ninety minutes early. {motive} {SCOPE} I rebuilt the windows myself. {RESULT}"
    assert flagged(text, "opportunistic_motivation")


def test_a_trainee_slow_in_week_three_is_no_idle_motive():
    text = (f"New attendants were quitting in their first month. {SCOPE} I paired each one with a buddy myself. "
            "One buddy asked, \"What if she's still slow in week three?\" So I added a check-in on day fifteen. "
            "Early quits went from six a quarter to one.")
    assert not flagged(text, "opportunistic_motivation")


@pytest.mark.parametrize("reflection", [
    "These days any change to the production schedule comes past sanitation before it gets posted. I got that "
    "written into the scheduling procedure, so it doesn't depend on me remembering to ask.",
    "What I pushed for afterwards is that a recipe change on a shared tool isn't qualified until the yield "
    "owner signs off on the electrical data.",
])
def test_a_habit_now_or_what_i_pushed_for_is_a_specific_reflection(reflection):
    text = (f"Customers found sesame in a sesame-free product. {SCOPE} I rewrote the changeover plan myself. "
            f"As a result, allergen holds went from six a month to zero. {reflection}")
    assert verdict(text, "reflection_specific") == "pass"


def test_it_felt_really_good_is_a_generic_reflection():
    text = (f"Customers sat in the lounge for two hours for an oil change. {SCOPE} I set up an express bay myself, "
            "so the lounge would empty out. As a result, "
            "waits went from two hours to forty minutes. Looking back, honestly, it just felt really good. Like, "
            "walking through that lounge and seeing it half empty, that felt good.")
    assert verdict(text, "reflection_specific") == "fail"
    assert flagged(text, "generic_reflection")
