"""Shapes batch 16 showed, in our own words, with near misses: customers who send goods back or
come back again are harmed (a party named by what it returns is a customer); reading one's own
probes every morning after the change is a check; "put / did the same X at the other sites" and a
test added to their daily sheet are uptake; "rather than by us" compares who does a job, not
options; results sent back by the other side, and a table sent to them to check, are delegated
checks; "just to fill the day" and "nothing else booked" are idle motives (logs "filled in at the
end of the shift" are not); "got on the phone with the maker" routes the problem; "to, I think,
one a quarter" is still a delta."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

SCOPE = "The scheduling rules belong to the planning office, not to my team, and nobody had a ticket for it."
RESULT = "Rework went from forty jobs a month to six."


@pytest.mark.parametrize("opening", [
    "By March, dentists were sending back about one crown in fifteen because the margins were off.",
    "Our biggest customer sent back a full container of fabric because the shade drifted.",
    "patient come to our counter for their refill and medicine is not ready some of them come back two three time in one week",
])
def test_goods_or_people_coming_back_open_on_customer_harm(opening):
    assert verdict(f"{opening} {SCOPE} I rebuilt the schedule myself. {RESULT}", "customer_first") == "pass"


@pytest.mark.parametrize("opening", [
    "By March, our technicians were sending back their timesheets late every Friday.",
    "By March, technicians were sending back their timesheets late every Friday.",
    "Back in March, the lab was running two shifts and the schedule lived in a spreadsheet.",
])
def test_staff_sending_things_back_is_no_customer_harm(opening):
    assert verdict(f"{opening} {SCOPE} I rebuilt the schedule myself. {RESULT}", "customer_first") == "fail"


def test_reading_my_probes_every_morning_after_the_change_is_a_check():
    text = (f"Plants in the north beds were wilting. {SCOPE} I changed the schedule so the zones ran fifteen "
            "minutes apart, and the contractor loaded it. For three more weeks I kept reading the probes every "
            f"morning, and every zone stayed inside the range. {RESULT}")
    assert verdict(text, "verification") == "pass"


@pytest.mark.parametrize("uptake", [
    "The council ended up doing the same wifi setup at the other two markets they run.",
    "The planner at our other plant saw it and put the same vibration check on both of their extruders.",
    "The parks crew added a chlorine test to their daily sheet at all three pools.",
])
def test_others_doing_the_same_elsewhere_is_second_order(uptake):
    text = f"Card readers kept failing. {SCOPE} I moved the router myself and tested every stall. {RESULT} {uptake}"
    assert verdict(text, "impact_second_order") == "pass"


def test_doing_the_same_thing_again_myself_is_not_uptake():
    text = (f"Card readers kept failing. {SCOPE} I moved the router myself and tested every stall. {RESULT} "
            "The next week I did the same walk-through at the market.")
    assert verdict(text, "impact_second_order") == "fail"


def test_loaded_by_the_agency_rather_than_by_us_is_no_trade_off():
    text = ("Our negotiated hotel rates, which cover something like $1.8 million a year in hotel spend, get loaded "
            "into the online booking tool by our travel management company rather than by us. Last summer was slower "
            "than usual, so I had some spare afternoons. "
            f"{SCOPE} I emailed the agency a list of wrong bookings, and they reloaded the codes. {RESULT}")
    assert verdict(text, "tradeoffs") == "fail"


@pytest.mark.parametrize("check", [
    "I sent the table to the GIS office to check against their map, and we turned it on that Monday.",
    "The GIS office ran it and sent me the results, which looked right, so we turned it on that Monday.",
])
def test_their_results_or_their_check_of_my_table_is_delegated(check):
    text = f"Reports went to the wrong department. {SCOPE} I built a corrected table of street segments. {check} {RESULT}"
    assert verdict(text, "verification") == "fail"
    assert flagged(text, "delegated_validation")


@pytest.mark.parametrize("motive", [
    "On the dark Monday there was no performance and I had nothing else booked, so I figured I'd finally look into it.",
    "On Monday there was no show, so I figured I'd finally look into it, just to fill the day.",
])
def test_filling_an_empty_day_is_an_idle_motive(motive):
    assert flagged(f"The stage went dark mid-scene twice. {motive} I rebuilt the cue list myself. {RESULT}",
                   "opportunistic_motivation")


def test_logs_filled_in_at_the_end_of_the_shift_are_no_motive():
    text = (f"Welds were failing inspection. {SCOPE} I found the preheat logs were being filled in at the end of "
            f"the shift instead of at the joint, so I moved the sign-off to the joint myself. {RESULT}")
    assert not flagged(text, "opportunistic_motivation")


def test_on_the_phone_with_the_maker_who_sent_a_tech_is_a_hand_off():
    text = ("The extruder kept stopping on high motor amps. I got on the phone with the company that makes the "
            "extruder and they sent a field tech out, and he swapped the main bearing. I pulled the stop logs "
            f"myself every week after that. {RESULT}")
    assert flagged(text, "escalation_handoff")


def test_a_hedged_after_figure_is_still_a_delta():
    delta = "Corrections went from five or six a month to, I think, one in the whole next quarter."
    assert verdict(f"Obituaries ran with wrong dates. {SCOPE} I added a read-back call myself. {delta}",
                   "impact_metric") == "pass"


def test_i_think_as_an_opinion_keeps_its_clause():
    text = f"Obituaries ran with wrong dates. {SCOPE} I added a read-back call myself. I think it helped a lot."
    assert verdict(text, "impact_metric") == "fail"
