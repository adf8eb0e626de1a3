"""Adoption, trade-offs and checks told in the shapes batch 8 showed, in our own words, with near
misses: other teams asking for the same thing, a mandatory step, a default template; "on the one
hand ... on the other hand"; "I'd replayed" (had, not would); "I did not check anything"; "I made
sure the right people knew"."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

SETTING = ("Riders at our two depots kept missing the last bus because the timetable feed was wrong, and "
           "the feed belonged to the regional planning team.")
ACTION = "I rebuilt the feed mapping myself and rode the last three buses on both routes to confirm it held."
RESULT = "Missed last buses went from forty a week to three."


@pytest.mark.parametrize("uptake", [
    "The north and south depots asked for the same mapping for their own routes.",
    "The rail team picked up the same mapping rule a month later.",
    "Afterwards the rail team added a feed check as a mandatory step for every new route.",
    "The planning team made my mapping with a holiday fallback the default template for every new timetable.",
])
def test_adoption_by_others_is_second_order(uptake):
    assert verdict(f"{SETTING} {ACTION} {RESULT} {uptake}", "impact_second_order") == "pass"


@pytest.mark.parametrize("near_miss", [
    "The night drivers asked for a coffee machine at the depot.",
    "I still use the same mapping rule for my own reports.",
])
def test_no_adoption_is_no_second_order(near_miss):
    assert verdict(f"{SETTING} {ACTION} {RESULT} {near_miss}", "impact_second_order") == "fail"


def test_on_the_one_hand_with_a_reason_is_a_trade_off():
    action = ("On the one hand, I could add a second bus, which fixes it at once but costs nine thousand a month; "
              "on the other hand, I could fix the feed, which costs nothing but needs a week. I chose the feed, "
              "because the problem was the data and not the capacity. " + ACTION)
    assert verdict(f"{SETTING} {action} {RESULT}", "tradeoffs") == "pass"


def test_on_the_one_hand_with_no_reason_is_no_trade_off():
    action = ("On the one hand, I could add a second bus; on the other hand, I could fix the feed. It was a tough "
              "call, and in the end I fixed the feed. I rebuilt the feed mapping myself over two evenings.")
    assert verdict(f"{SETTING} {action} {RESULT}", "tradeoffs") == "fail"


def test_id_before_a_participle_is_had_not_would():
    action = ("I rebuilt the feed mapping. When I took it to the planning lead, I'd replayed the last month of "
              "timetables through it myself, and it would have caught every missed bus.")
    text = f"{SETTING} {action} {RESULT}"
    assert verdict(text, "verification") == "pass"
    assert not flagged(text, "delegated_validation")


def test_id_before_a_base_form_is_still_a_proposal():
    text = (f"{SETTING} I rebuilt the feed mapping. {RESULT} If I did it again, I'd put a daily feed-error count "
            "on the planning dashboard and I'd check it every morning.")
    assert verdict(text, "verification") == "fail"


def test_a_check_denied_in_the_same_words_is_no_check():
    action = ("I rebuilt the feed mapping and sent it to the two depot managers. Both said it looked perfect, so I "
              "marked it done and I did not check anything further myself.")
    text = f"{SETTING} {action} {RESULT}"
    assert verdict(text, "verification") == "fail"
    assert flagged(text, "delegated_validation")


def test_making_sure_the_right_people_knew_is_no_check():
    action = "I rebuilt the feed mapping myself. So I made sure the right people knew."
    assert verdict(f"{SETTING} {action} {RESULT}", "verification") == "fail"


@pytest.mark.parametrize("confession", [
    "Honestly, I only looked into it because the depot was closed for two weeks and I had free afternoons.",
    "And the main reason I picked it up myself was that January is quiet and I was getting a bit restless.",
])
def test_idle_time_confessed_late_as_the_reason_is_opportunistic(confession):
    assert flagged(f"{SETTING} {ACTION} {RESULT} {confession}", "opportunistic_motivation")


def test_a_late_reason_that_is_not_idle_time_is_no_motive_flag():
    reason = "Honestly, I only picked it up because riders were being stranded at night."
    assert not flagged(f"{SETTING} {ACTION} {RESULT} {reason}", "opportunistic_motivation")


@pytest.mark.parametrize("routing", [
    "I wrote to the planning team with the list of wrong stops, and they corrected the feed on their side.",
    "We flagged it to the planning team, and they re-ran the timetable export.",
    "We raised it with the planning team and they redrew the route boundary.",
])
def test_routing_then_their_fix_is_a_handoff(routing):
    assert flagged(f"{SETTING} {routing} {RESULT}", "escalation_handoff")


def test_writing_the_fix_yourself_is_no_handoff():
    action = "I wrote the corrected feed mapping myself and sent it to the planning team, who merged it."
    assert not flagged(f"{SETTING} {action} {RESULT}", "escalation_handoff")


def test_most_action_sentences_told_with_we_fail_ownership_language():
    action = ("We pulled the timetable exports for a month. We ran them against the stop list and found the wrong "
              "stops. We talked about whether to patch the feed or rebuild it, and we rebuilt it. Then I called the "
              "planning lead and I walked her through it, and I sent her the notes. Before the next week I personally "
              "rode the last three buses and I checked every stop myself.")
    text = f"{SETTING} So I decided I would take it on, even though I knew it wasn't my area. {action} {RESULT}"
    assert verdict(text, "ownership_language") == "fail"
    assert flagged(text, "we_language")


def test_a_joint_step_among_mostly_i_passes_ownership_language():
    action = ("I pulled the timetable exports for a month. We ran them against the stop list together. I found the "
              "wrong stops and I rebuilt the feed mapping myself. I rode the last three buses myself to confirm it held.")
    assert verdict(f"{SETTING} {action} {RESULT}", "ownership_language") == "pass"


def test_a_check_handed_over_as_someone_elses_purpose_is_delegated():
    action = ("I rebuilt the feed mapping myself. Then I passed the new timetable over to the planning desk to "
              "publish and confirm it overnight, and I trusted them to get it right.")
    text = f"{SETTING} {action} {RESULT}"
    assert verdict(text, "verification") == "fail"
    assert flagged(text, "delegated_validation")


def test_sending_a_fix_then_confirming_it_yourself_is_verification():
    action = ("I rebuilt the feed mapping myself and sent it to the planning desk. The next morning I rode the "
              "first bus on each route to confirm it myself.")
    assert verdict(f"{SETTING} {action} {RESULT}", "verification") == "pass"


def test_sending_to_ones_own_device_to_confirm_is_ones_own_check():
    action = ("I rebuilt the feed mapping myself, and I sent test timetables to my own phone for a week to confirm "
              "they arrived on time.")
    text = f"{SETTING} {action} {RESULT}"
    assert verdict(text, "verification") == "pass"
    assert not flagged(text, "delegated_validation")
