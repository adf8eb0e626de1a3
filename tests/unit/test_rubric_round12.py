"""Shapes batch 13 showed, in our own words, with near misses: "paid double" is no delta; customers
named by a role ("the holders"), queueing in a line, or a buyer that docks the speaker's side; a
generic lesson told as "never assume"; "what I'd heard" is no reflection; "by hand" routes nothing;
a re-cut route is someone else's fix; a ride on the new route with a stopwatch is a check."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

SCOPE = "The route file belongs to the contractor, not to my team, and nobody had a ticket for it."
FIX = "I rewrote the stop list myself."
RESULT = "Late arrivals went from forty a week to five."


def test_paid_double_is_no_before_and_after():
    text = (f"Parents were billed twice for the same visit. {SCOPE} I called the billing vendor, they changed the "
            "schedule and refunded the parents who paid double. After that things were much better.")
    assert verdict(text, "impact_metric") == "fail"
    assert flagged(text, "vague_result")


@pytest.mark.parametrize("opening", [
    "Last spring the holders of a token we had just listed were having their withdrawals frozen for days.",
    "People were standing in line outside my branch for three hours, some of them out in the heat.",
    "So the paper mill we sell our bales to was getting, like, loads full of plastic film and sending them back, "
    "or docking us on price.",
])
def test_customers_named_by_role_queue_or_purchase_are_customer_first(opening):
    assert verdict(f"{opening} {SCOPE} {FIX} {RESULT}", "customer_first") == "pass"


def test_never_assume_and_keep_people_informed_is_a_generic_reflection():
    text = (f"Riders waited at the wrong stops. {SCOPE} {FIX} {RESULT} The main thing I learned is to always "
            "double-check and never assume, and to keep people informed along the way.")
    assert verdict(text, "reflection_specific") == "fail"
    assert flagged(text, "generic_reflection")


def test_what_id_heard_is_no_reflection():
    text = (f"Riders waited at the wrong stops. {SCOPE} So I emailed the contractor and told them what I'd heard, "
            "that the times were off. They fixed it a week later. People seemed really happy.")
    assert verdict(text, "reflection_specific") == "fail"


def test_by_hand_routes_nothing():
    text = (f"Riders waited at the wrong stops. {SCOPE} The cheap fix was to tell drivers to adjust the times by "
            "hand. I rebuilt the timetable myself with their planner on the phone, and their planner reloaded it. "
            f"{RESULT}")
    assert not flagged(text, "escalation_handoff")


def test_a_route_recut_by_the_contractor_after_routing_is_a_handoff_and_a_ride_with_a_stopwatch_a_check():
    text = ("Kids on route fourteen were getting to school twenty minutes late. "
            f"{SCOPE} So we got the contractor's dispatcher on the phone and told them fourteen wasn't working. "
            "We sent them the parent calls and the stop list with the times. "
            "They re-cut the route on their end, and we let the parents know. "
            "I rode the new first run myself that Monday with a stopwatch. " + RESULT)
    assert flagged(text, "escalation_handoff")
    assert verdict(text, "verification") == "pass"


def test_walking_the_site_before_the_fix_is_no_check_of_it():
    text = (f"Drivers kept getting sent to the wrong side of a complex. {SCOPE} I walked the complex myself and "
            "marked the right drop points, and the mapping team loaded them. I never got to test it. " + RESULT)
    assert verdict(text, "verification") == "fail"


@pytest.mark.parametrize("boundary", [
    "The failures traced to a layer that belongs to the thin films module, a separate group, and nobody there had "
    "an investigation open.",
    "problem is in the billing system it is their mess not customer service we only take the calls",
])
def test_a_boundary_told_as_a_separate_group_or_their_mess(boundary):
    text = f"Riders were charged twice for the same trip. {boundary} {FIX} {RESULT}"
    assert verdict(text, "scope_boundary") == "pass"
