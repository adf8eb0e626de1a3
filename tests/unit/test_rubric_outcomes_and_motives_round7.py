"""Motives, outcomes, openings, trade-offs, reflections and scope told in the shapes batch 7 showed,
in our own words, each with a near miss."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

SETTING = "Tenants in our two buildings kept losing hot water at night, and the boilers belonged to the landlord's contractor."
ACTION = "I rebalanced the boiler schedule myself and logged the temperatures every night for two weeks to confirm it held."
RESULT = "Cold-water complaints went from twelve a week to one."


# -- motives ------------------------------------------------------------------------------------

@pytest.mark.parametrize("motive", [
    "It had rained all week, so we were sitting around the depot with not much to do, and I thought, let's look at it.",
    "Then my regular audit got cancelled. Two free days. Nothing urgent on my plate. So I had a go at it.",
])
def test_an_idle_speaker_told_as_the_motive(motive):
    assert flagged(f"{SETTING} {motive} {ACTION} {RESULT}", "opportunistic_motivation")


def test_something_else_being_free_is_no_motive():
    opening = "Most of the flats were actually free by the afternoon, it's just that the boilers restarted late."
    assert not flagged(f"{SETTING} {opening} {ACTION} {RESULT}", "opportunistic_motivation")


# -- outcomes -----------------------------------------------------------------------------------

def test_a_multiplier_naming_a_thing_is_no_metric():
    text = (f"{SETTING} {ACTION} After the next cycle I went through twenty of the bills myself and none of them "
            "had the double charge. After that things calmed down and the tenants were a lot happier.")
    assert verdict(text, "impact_metric") == "fail"
    assert flagged(text, "vague_result")


def test_work_per_week_that_went_away_is_time_saved():
    text = (f"{SETTING} {ACTION} {RESULT} The night call-outs, which had been eating about thirty technician hours "
            "a week, mostly went away.")
    assert verdict(text, "impact_business") == "pass"


def test_a_kept_contract_is_a_business_outcome():
    assert verdict(f"{SETTING} {ACTION} {RESULT} The landlord kept the contract with us.", "impact_business") == "pass"


def test_work_per_week_with_no_change_is_not_time_saved():
    text = f"{SETTING} {ACTION} {RESULT} The night rounds take about thirty technician hours a week."
    assert verdict(text, "impact_business") == "fail"


# -- openings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("opening", [
    "About forty families in our after-school meals program were close to losing their meals for the spring.",
    "A salad plant I audit shipped bad bags to two chains, and shoppers had to bring back nine thousand of them.",
])
def test_customer_harm_past_a_phrase_or_told_as_what_they_had_to_do(opening):
    text = f"{opening} I rebuilt the schedule with the two senior clerks. Time to a full load fell to three months."
    assert verdict(text, "customer_first") == "pass"


def test_counted_customers_before_someone_elses_loss_are_not_harmed():
    opening = ("When I took over the night desk our new clerks took six months to handle a full patient load "
               "and two of the last five had left.")
    text = f"{opening} I rebuilt the onboarding plan with the two senior clerks. Time to a full load fell to three months."
    assert verdict(text, "customer_first") == "fail"


# -- trade-offs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("action", [
    "The units got sent on a long trip instead of to a charger, because a firmware update had lowered the threshold. "
    "I reset the threshold myself.",
    "We pulled the meter data for every night since go-live and lined it up against the bills. I reset the schedule.",
    "It was a tough call whether to shut the boilers or run them. In the end I shut them. I didn't wait for a work "
    "order. I got a crew together that night and stayed with them while both boilers were rebuilt.",
])
def test_no_trade_off_without_the_speakers_choice_and_a_reason(action):
    assert verdict(f"{SETTING} {action} {RESULT}", "tradeoffs") == "fail"


def test_a_choice_with_a_contrast_still_counts():
    action = ("I reset the schedule myself instead of waiting for the contractor, because every week cost tenants "
              "hot water and the change was easy to undo.")
    assert verdict(f"{SETTING} {action} {RESULT}", "tradeoffs") == "pass"


# -- reflection and scope -----------------------------------------------------------------------

def test_a_platitude_with_a_reason_is_still_generic():
    reflection = ("The main thing I took from it is that you have to stay on top of your contractors and keep the "
                  "lines of communication open, because nobody cares about your queue as much as you do.")
    text = f"{SETTING} {ACTION} {RESULT} {reflection}"
    assert verdict(text, "reflection_specific") == "fail"
    assert flagged(text, "generic_reflection")


@pytest.mark.parametrize("boundary", [
    "Nobody had an open issue on it when I noticed.",
    "The boilers aren't something our team controls.",
])
def test_scope_told_as_no_open_issue_or_not_ours_to_control(boundary):
    text = f"Tenants kept losing hot water at night. {boundary} {ACTION} {RESULT}"
    assert verdict(text, "scope_boundary") == "pass"


def test_nobody_having_an_issue_with_it_is_no_scope():
    text = f"Tenants kept losing hot water at night. Nobody had an issue with the new schedule. {ACTION} {RESULT}"
    assert verdict(text, "scope_boundary") == "fail"


def test_a_rule_now_in_force_after_another_team_adopted_it_is_second_order():
    text = (f"{SETTING} {ACTION} {RESULT} The contractor made the rule permanent: any building with two cold nights "
            "in a row now gets a boiler check booked automatically.")
    assert verdict(text, "impact_second_order") == "pass"


def test_a_rule_now_proposed_on_its_own_is_not_second_order():
    text = (f"{SETTING} {ACTION} {RESULT} Any building that carries a night schedule now goes through a second "
            "check before the winter.")
    assert verdict(text, "impact_second_order") == "fail"
