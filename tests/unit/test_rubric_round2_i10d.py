"""Round 2 (issue 10), impact / reflection / customer-first: clause shapes, each with near misses.

Second-order uptake, business value, specific versus generic reflections and a customer harm told
as an ongoing event. The wordings are written for these tests, not taken from the labelled batches.
"""

from __future__ import annotations

import pytest
from star_parts import star_sections

from rehearse.rubric import check

SETTING = "Our returns portal kept rejecting valid barcodes for a month."
ACTION = ("I traced the rejections to a stale lookup table and rebuilt it myself.",)


def grade(result: tuple[str, ...] = (), reflection: tuple[str, ...] = (), situation: tuple[str, ...] = (SETTING,),
          action: tuple[str, ...] = ACTION):
    """Check an answer given as STAR parts."""
    parts = [("situation", situation), ("action", action), ("result", result), ("reflection", reflection)]
    return check(star_sections(parts), "senior", "ownership")


def verdict(result, crit: str) -> str:
    return next(f.verdict for f in result.findings if f.id == crit)


def flagged(result, fid: str) -> bool:
    return any(f.id == fid for f in result.red_flags)


# --------------------------------------------------------------------------- second-order uptake

@pytest.mark.parametrize("sentence", [
    "The corrected table was then shipped out to all six depots in the network.",
    "Compliance later made the barcode replay a mandatory step in every quarterly audit.",
    "The replay job became a permanent item in the weekly release review.",
    "Two partner warehouses, which were not even part of the rollout, switched to the new table on their own.",
    "Three other regions, the northern sites and the coastal hub among them, requested our lookup job and ran it.",
    "The rebuilt table was taken up by the Leeds and Bristol depots.",
])
def test_uptake_told_in_other_shapes_passes(sentence: str) -> None:
    assert verdict(grade(result=("Rejections fell from about 300 a week to 12.", sentence)), "impact_second_order") == "pass"


@pytest.mark.parametrize("sentence", [
    # the group is acted on: the migration itself
    "All twelve thousand sellers were migrated to the new portal by June.",
    # a noun after a possessive sits where the verb would be
    "Several people on other teams mentioned their uploads felt quicker.",
    # use resumed, not spread
    "The stores started using our portal again after the fix.",
    # the speaker's own habit
    "Checking the lookup table is now a standard step for me before each peak.",
    # a superlative judgement, not "became part of"
    "The week of waiting was the most costly part of the project.",
])
def test_near_misses_of_uptake_fail(sentence: str) -> None:
    assert verdict(grade(result=("Rejections fell from about 300 a week to 12.", sentence)), "impact_second_order") == "fail"


def test_speaker_asking_other_groups_in_the_action_is_no_uptake() -> None:
    r = grade(action=("I asked the four leads on my floor, and then the other two floors, to send me every rejected label.",
                      "I rebuilt the table myself."),
              result=("Rejections fell from about 300 a week to 12.",))
    assert verdict(r, "impact_second_order") == "fail"


# --------------------------------------------------------------------------- business value

def test_a_customer_kept_is_business_value() -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.", "We held on to the client, which mattered more.",
                      "And we kept the client, roughly two point five million a year."))
    assert verdict(r, "impact_business") == "pass"


def test_keeping_a_schedule_is_not_business_value() -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.", "We kept the schedule we had promised."))
    assert verdict(r, "impact_business") == "fail"


def test_customers_counted_with_a_trailing_ticket_phrase_still_count() -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.",
                      "About forty business accounts with open complaints about it closed them that month."))
    assert verdict(r, "impact_business") == "pass"


# --------------------------------------------------------------------------- reflection

@pytest.mark.parametrize("rule", [
    "A lookup table gets rebuilt from the carrier feed every night, not patched by hand.",
    "Carrier barcodes get validated against a replayed day of scans before a table change ships.",
])
def test_present_get_passive_rule_is_a_specific_reflection(rule: str) -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.",), reflection=(rule,))
    assert verdict(r, "reflection_specific") == "pass"


@pytest.mark.parametrize("lesson", [
    "What I took away is that you have to trust your people with the real barcode problems.",
    "My lesson was that people on the portal team and the depots should talk to each other more.",
    "I think the main thing is that rebuilding trust with the depots takes everybody pulling together.",
])
def test_a_people_lesson_with_story_nouns_is_generic(lesson: str) -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.",), reflection=(lesson,))
    assert verdict(r, "reflection_specific") == "fail"
    assert flagged(r, "generic_reflection")


def test_own_new_habit_about_people_stays_specific() -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.",),
              reflection=("Lesson: I now ask what people will scan at the counter before I change a lookup table.",))
    assert verdict(r, "reflection_specific") == "pass"


def test_a_finding_in_the_action_does_not_start_the_reflection() -> None:
    r = grade(action=("We learned that the lookup table had not been refreshed since the carrier merger.",
                      "I rebuilt the table myself and replayed a day of scans through it."),
              result=("Rejections fell from about 300 a week to 12.",),
              reflection=("What I took from it is that good teamwork matters most.",))
    assert verdict(r, "reflection_specific") == "fail"
    assert flagged(r, "generic_reflection")


def test_had_contraction_in_the_action_is_no_reflection() -> None:
    r = grade(action=("I rebuilt the table and then I told the portal lead what I'd found.",),
              result=("Rejections fell from about 300 a week to 12.",))
    assert verdict(r, "reflection_specific") == "fail"
    assert not flagged(r, "generic_reflection")


def test_third_party_present_practice_is_an_outcome_not_a_reflection() -> None:
    r = grade(result=("Rejections fell from about 300 a week to 12.",),
              reflection=("And now the depot team is running this rebuild every quarter, with my script as the base.",))
    assert verdict(r, "reflection_specific") == "fail"
    assert not flagged(r, "generic_reflection")


# --------------------------------------------------------------------------- customer_first

@pytest.mark.parametrize("opening", [
    "Shoppers returning parcels at our lockers were being turned away with a scan error.",
    "Tenants whose leases had renewed in spring were receiving two rent invoices each month.",
    "Policyholders with flood claims were waiting nine weeks for a first answer.",
    "in the spring our patients on the night ward started having dizzy spells after the new dosing chart",
])
def test_customers_in_an_ongoing_past_event_open_with_harm(opening: str) -> None:
    r = grade(situation=(opening, "I ran the data team."))
    assert verdict(r, "customer_first") == "pass"


@pytest.mark.parametrize("opening", [
    "Shoppers were using our lockers every week, and I ran the data team.",
    "Shoppers started using our lockers in the spring, and I ran the data team.",
    "I led planning at a company with about two hundred million dollars in annual revenue.",
    "Leadership expected that churn would rise by two points after the price change.",
])
def test_near_misses_of_customer_harm_fail(opening: str) -> None:
    r = grade(situation=(opening, "The forecast fed the hiring plan."))
    assert verdict(r, "customer_first") == "fail"


# --------------------------------------------------------------------------- impact_metric

@pytest.mark.parametrize("sentence", [
    "Failed scans at the depot dropped from fourteen over the summer to none in the autumn.",
    "Refund requests during the sale were roughly a quarter lower than in last year's sale.",
    "Chargebacks ran 30% fewer than in the quarter before.",
])
def test_deltas_told_as_to_none_or_as_a_comparison_pass(sentence: str) -> None:
    assert verdict(grade(result=(sentence,)), "impact_metric") == "pass"


@pytest.mark.parametrize("sentence", [
    "The rebuild took three days longer than planned, and the depots were happy.",
    "Everybody at the depots said it felt much smoother than before.",
])
def test_effort_or_sentiment_comparisons_fail_the_metric(sentence: str) -> None:
    assert verdict(grade(result=(sentence,)), "impact_metric") == "fail"


def test_a_rule_run_on_after_the_story_in_unpunctuated_speech_is_found() -> None:
    tail = ("and for two weeks i stood at the returns desk myself and timed every scan to make sure the table held "
            "a lookup table gets rebuilt from the carrier feed every night not patched by hand")
    r = grade(result=("rejections fell from about three hundred a week to twelve", tail))
    assert verdict(r, "reflection_specific") == "pass"


def test_the_speakers_own_get_passive_story_is_no_rule() -> None:
    tail = "and after that i got asked to present the fix at the depot meeting"
    r = grade(result=("rejections fell from about three hundred a week to twelve", tail))
    assert verdict(r, "reflection_specific") == "fail"


# --------------------------------------------------------------------------- business value, near misses

def test_renewing_a_thing_is_not_a_renewal() -> None:
    r = grade(result=("On Tuesday the vendor renewed the certificate and the warning went away.",))
    assert verdict(r, "impact_business") == "fail"


@pytest.mark.parametrize("sentence", ["In March the client renewed the contract for two more years.",
                                      "They renewed for three years at the same price."])
def test_a_customer_renewal_is_business_value(sentence: str) -> None:
    assert verdict(grade(result=(sentence,)), "impact_business") == "pass"


def test_back_to_normal_far_from_a_duration_is_no_time_saved() -> None:
    r = grade(result=("so we went back to normal service and it was like ninety minutes from start to finish",))
    assert verdict(r, "impact_business") == "fail"


def test_hours_given_back_are_time_saved() -> None:
    r = grade(result=("The night shift got about twenty hours a month back.",))
    assert verdict(r, "impact_business") == "pass"


def test_people_counted_with_a_harm_avoided_are_a_customer_count() -> None:
    r = grade(result=("We worked out that roughly nine thousand people would have been stuck without refunds otherwise.",))
    assert verdict(r, "impact_business") == "pass"


def test_people_counted_without_a_harm_are_no_customer_count() -> None:
    r = grade(result=("Around forty people came to the depot meeting about it.",))
    assert verdict(r, "impact_business") == "fail"
