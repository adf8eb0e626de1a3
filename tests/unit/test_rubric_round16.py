"""Shapes batch 17 showed, in our own words, with near misses: checks left to others told in the
passive ("their sign-off was accepted as confirmation") or promised ("said he'd check the new
scanners, so I left that part with him"); "I wouldn't know how to test it" is no check; regulars and
a gentleman at the counter are customers (regulars among volunteers are not); an opening sentence
the splitter cut at a comma is still one sentence; "no query had been raised" and "belonged to the
sponsor" are scope; "I'd rather X than Y, because Z" and "I turned it down, because" are reasoned
choices ("went through the lists against the wristbands" is not); a quieter week, evenings free and
restlessness are idle motives; a fix by the engineer the problem was sent to, told after a split, is a
hand-off; calling the people affected a week later to ask what they got is a check (asking one of
them to redo it is not)."""

from __future__ import annotations

import pytest
from rubric_checks import blind_text, flagged, verdict

SCOPE = "The scheduling system belongs to another department, and nobody had a ticket for it."
RESULT = "Missed visits went from nine a month to one."


@pytest.mark.parametrize("check", [
    "Once the swap was finished, the engineering department was asked to confirm the readings, and their "
    "sign-off was accepted as confirmation that the fault had been cleared.",
    "The loss prevention guy from district said he'd check that the new scanners were ringing everything up "
    "right, so I left that part with him.",
    "I sent the new sheet to Gary, and he said he'd try it out with a few of the other coaches and let me know "
    "if anything was off.",
])
def test_a_check_left_to_others_is_delegated(check):
    text = f"Scanners were freezing at the tills. {SCOPE} I swapped the scanners on the two lanes myself. {check} {RESULT}"
    assert verdict(text, "verification") == "fail"
    assert flagged(text, "delegated_validation")


def test_not_knowing_how_to_test_it_is_no_check():
    text = ("Two couples were booked for the same Saturday. I called my brother-in-law and he fixed the calendar "
            "code. He told me it was all good now, and I trusted him, I wouldn't even know how to test it.")
    assert verdict(text, "verification") == "fail"


@pytest.mark.parametrize("opening", [
    "Yeah so, last spring my regulars started getting charged twice for their lunch.",
    "So this is at the free clinic in our town where I volunteer on Tuesday mornings, I did thirty years as a "
    "nurse before I retired. One morning a gentleman comes up with an empty bottle of his pills and says, "
    "\"They told me the pharmacy would send more, nothing came.\"",
    "Shoppers who typed a query with a unit or a hyphen in it, things like 'usb-c cable' or '65in tv', were "
    "landing on a zero-results page, even though we had thousands of matching products.",
])
def test_customers_told_in_these_shapes_open_on_their_harm(opening):
    assert verdict(f"{opening} {SCOPE} I rebuilt the check myself. {RESULT}", "customer_first") == "pass"


def test_regulars_among_volunteers_are_not_customers():
    text = (f"Volunteers kept showing up to shifts that had been cancelled, and three of our regulars quit in one "
            f"month because of it. {SCOPE} I rebuilt the rota myself. {RESULT}")
    assert verdict(text, "customer_first") == "fail"


@pytest.mark.parametrize("boundary", [
    "The scheduling tool belonged to the sponsor, and it was not something we had touched.",
    "No query had ever been raised about it with the study team.",
])
def test_another_organisation_owning_it_or_no_query_is_scope(boundary):
    text = f"Trial visits were being booked outside the window. {boundary} I recalculated every visit myself. {RESULT}"
    assert verdict(text, "scope_boundary") == "pass"


@pytest.mark.parametrize("choice", [
    "I'd rather lose a couple of card sales in the lunch rush than have a regular see two charges, because that "
    "person quietly stops coming.",
    "The first option ops put forward was a second nightly truck, and I turned it down, because it was about "
    "38,000 dollars a month for a timing problem. Instead I moved the feeder departure forty minutes earlier.",
])
def test_a_preference_or_a_refusal_with_its_reason_is_a_trade_off(choice):
    text = f"Charges were doubling at two lots. {SCOPE} I traced it to the signal myself. {choice} {RESULT}"
    assert verdict(text, "tradeoffs") == "pass"


def test_going_through_lists_against_wristbands_is_no_choice():
    text = ("Kids with allergies were getting the wrong trays. We made coloured wristbands for every camper. Then "
            "the nurse went through the lists against the wristbands and told us everything matched, so we "
            f"trusted that and moved on. {RESULT}")
    assert verdict(text, "tradeoffs") == "fail"


@pytest.mark.parametrize("motive", [
    "The kill line was shut for a refit, so I had a much quieter week than usual and looked into the paperwork.",
    "The choir was on break, I had my Thursday evenings free, so I thought I'd poke at it.",
    "I was getting a little restless over the summer, so I thought I'd poke at it.",
])
def test_a_quiet_week_free_evenings_or_restlessness_is_an_idle_motive(motive):
    assert flagged(f"Tagout sheets were incomplete. {motive} I rewrote the sheets myself. {RESULT}",
                   "opportunistic_motivation")


def test_the_engineer_it_was_sent_to_fixing_it_after_a_split_is_a_hand_off():
    text = ("Line widths on one chamber were drifting wider. I pulled the SPC charts for the last 30 days, and I "
            "saw the drift started right after a preventive maintenance on that chamber. I also checked the "
            "critical dimension data from metrology for the lots from that chamber, and the line widths were "
            "trending about 1.5 nanometers wider, still in spec. I wrote it up with the charts and sent it to the "
            "equipment engineer on day shift, and he found a worn O-ring on the throttle valve from the PM and "
            "replaced it. After that the metrology team told me the numbers looked fine, so I considered it closed.")
    assert flagged(text, "escalation_handoff")


def test_calling_the_people_affected_a_week_later_is_a_check():
    text = ("Our homebound members could barely hear the livestream. I recorded the stream two Sundays in a row "
            "and played the clips for Roger. Roger ordered two new microphones and rewired the board himself. "
            "A week after he'd finished, I called Edna and four of the other homebound members and asked each of "
            "them exactly what they could and couldn't hear.")
    assert verdict(text, "verification") == "pass"


def test_asking_one_customer_to_redo_it_is_not_my_check():
    text = ("Refunds for damaged returns were coming through short. The portal team changed the refund rule. "
            "A week later I asked one of the customers who'd complained, a woman returning a dining chair, to push "
            "her return through the portal again, and she confirmed the full refund came through.")
    assert verdict(text, "verification") == "fail"


def test_running_a_hose_on_each_roof_myself_is_a_check():
    text = ("New houses were leaking around the chimneys. We re-flashed twenty-two roofs over two weeks. "
            "Afterwards I got up on every single one myself with a garden hose and ran water on it for twenty "
            "minutes.")
    assert verdict(text, "verification") == "pass"


@pytest.mark.parametrize("prefix", [
    "b17b_05",  # ends on "That one stuck with me."
    "b17d_03",  # told in the present, ends on "And we keep all twelve cafés ... and she stays."
])
def test_a_closing_line_with_no_lesson_is_no_specific_reflection(prefix):
    assert verdict(blind_text(prefix), "reflection_specific") == "fail"


def test_a_rule_at_the_end_of_a_story_told_in_the_present_is_still_a_reflection():
    story = [
        "Every Friday a café calls me because their bread order comes up short.",
        "The wholesale orders come in on a sheet my mother set up years ago, and nobody owns that sheet.",
        "So I sit down on a Sunday and I rebuild the sheet with one tab per café.",
        "I lock the quantities and I add a check that flags any order that drops by half.",
        "I call every café on Monday and read their order back to them myself.",
        "Short orders go from around fifteen a week to one or two.",
        "What I believe now is that any wholesale order sheet needs a weekly read-back call and a check that "
        "flags any order that drops by half, with one named person on it.",
    ]
    assert verdict(" ".join(story), "reflection_specific") == "pass"
