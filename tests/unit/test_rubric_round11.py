"""Shapes batch 12 showed, in our own words, with near misses: a customer told as a person ("an
elderly man", "a farmer", "voters") whose harm comes in the next sentence, or in their own quoted
words; a harm that was headed off ("would have meant growers getting ...") is none."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, result_of, verdict

REST = ("The booking form belongs to the head-office web team, not to me. I rewrote the size label myself and "
        "checked every booking the night before. Refits went from about forty a weekend to under ten.")


@pytest.mark.parametrize("opening", [
    # The customer is picked up as the next sentence's subject.
    "An old woman at the ward desk once said to me that she had never seen the place so busy. "
    "She'd been waiting nearly an hour for a porter.",
    # The harm in the customer's own quoted words, or said to them.
    'A father at my counter held up two boots and said, "Why doesn\'t a single pair of these fit my kids?" '
    "That was most Saturdays at the shop I managed.",
    'Picture a mother with a baby at our clinic, and the nurse saying, "I\'m so sorry, can you come back next week?" '
    "That was happening every month.",
    # People outside the company, named by who they are.
    "Voters at four rural polling places waited over an hour to check in last spring. I run elections logistics.",
    "Farmers hauling corn to our elevator were getting docked for moisture they did not have. I run the scale house.",
])
def test_a_person_harmed_in_the_opening_is_customer_first(opening):
    assert verdict(f"{opening} {REST}", "customer_first") == "pass"


@pytest.mark.parametrize("opening", [
    # The next sentence's subject is the speaker, not the customer.
    "An old woman at the ward desk once said to me that the place looked busy. "
    "I'd been waiting nearly an hour for a porter myself.",
    # A quote with nothing wrong in it.
    'A father at my counter held up two boots and said, "These are great, thanks!" '
    "I managed the rental shop that season.",
    # A harm that was headed off before it reached anyone.
    "Last season I ran forty trial plots across three states, and some plot yields looked wrong, which would have "
    "meant growers getting the wrong recommendations in the spring.",
])
def test_no_harm_to_a_customer_in_the_opening_is_no_customer_first(opening):
    assert verdict(f"{opening} {REST}", "customer_first") == "fail"


LABELS = ("Shoppers were getting bottles with the wrong alcohol statement on the label, and labels are printed by "
          "our supplier, not by my team.")

FIXED = "I rewrote the label file myself."
DROPPED = "Label errors went from twelve a month to none."


def story(*parts: str) -> str:
    """The label story: its setting, then the given parts in order."""
    return " ".join((LABELS, *parts))


@pytest.mark.parametrize("handoff", [
    # Routed in the passive; the agent after it belongs to the fix.
    "The gap was then escalated and corrected by the supplier's print team in their next run.",
    # An obligation in the task is no fix of the speaker's own before the routing.
    "I had to get it resolved before the deadline. I sent the issue over to the printer, and they reprinted the "
    "labels at their plant.",
    # Someone else had their own people make the fix.
    "I raised it with the supplier's director, since the print office runs the label software, and she had her "
    "print lead rebuild the label file.",
])
def test_routing_then_someone_elses_fix_is_a_handoff(handoff):
    assert flagged(story(handoff, DROPPED), "escalation_handoff")


@pytest.mark.parametrize("near_miss", [
    "I raised it with the supplier's director, and their contractor had the repair scheduled for spring, so I "
    "rewrote the label file myself that night.",
    "I wrote a one-page proposal, then I corrected the label file myself and sent it to the printer.",
])
def test_own_fix_or_a_fix_only_scheduled_is_no_handoff(near_miss):
    assert not flagged(story(near_miss, DROPPED), "escalation_handoff")


def test_trusting_a_report_after_the_fix_is_delegated_validation():
    text = (f"{LABELS} I found it was card testing on the label scanner. We re-sent corrected files to the printer. "
            "Their QA confirmed that the new labels were right, so I trusted that and went back to my work. "
            "Label errors went from twelve a month to none.")
    assert flagged(text, "delegated_validation")
    assert verdict(text, "verification") == "fail"


def test_walking_through_ones_own_new_guide_is_verification():
    text = (f"{LABELS} I rewrote the label guide. Then I followed my own guide from a blank template, start to "
            "finish. Label errors went from twelve a month to none.")
    assert verdict(text, "verification") == "pass"


def test_a_rate_told_at_length_is_still_a_before_and_after():
    text = (f"{LABELS} I rewrote the label file myself. Within a quarter, hearings postponed for a missing "
            "interpreter went from about one in five of the cases with a language need to roughly one in twenty-five.")
    assert verdict(text, "impact_metric") == "pass"


def test_hours_to_fill_is_an_idle_motive_but_passing_inspections_every_time_is_not():
    base = story(FIXED, DROPPED)
    assert flagged(f"The night shifts had gone quiet and I had hours to fill. {base}", "opportunistic_motivation")
    assert not flagged(f"The covers were old, but they were passing the inspections every time. {base}",
                       "opportunistic_motivation")


def test_thanks_beside_a_count_of_customers_helped_is_no_vague_result():
    text = (f"{LABELS} I rewrote the label file myself. By August about a hundred and twenty students had their "
            'aid released on time. One of them poked her head round my door and said, "I\'m in the dorm. Thank you."')
    assert not flagged(text, "vague_result")
    assert flagged(story(FIXED, "Everyone was really pleased."), "vague_result")


@pytest.mark.parametrize("boundary", [
    "The labels are the hub print room's job, it's a different team, and there wasn't any ticket open on it.",
])
def test_a_boundary_told_as_a_different_team_and_no_ticket(boundary):
    text = f"Shoppers got bottles with the wrong label. {boundary} I rewrote the file. Errors went from twelve to none."
    assert verdict(text, "scope_boundary") == "pass"


@pytest.mark.parametrize("reuse", [
    "Our sister plant in Dayton asked for a copy and runs it now too.",
    "The night crew started doing the same thing the following month.",
])
def test_a_peer_site_taking_it_up_is_second_order(reuse):
    text = story(FIXED, DROPPED, reuse)
    assert verdict(text, "impact_second_order") == "pass"


@pytest.mark.parametrize("report", [
    "They told me the label system was updated, so I closed the items out.",
    "The printer told us the numbers were right after that, so we signed off.",
])
def test_closing_out_on_someone_elses_word_is_delegated_validation(report):
    text = f"{LABELS} I rewrote the label file and sent it to the printer. {report} Label errors went from twelve to none."
    assert flagged(text, "delegated_validation")


@pytest.mark.parametrize("near_miss", [
    # The report is of trouble still there: the speaker acts on a problem, not on a fix vouched for.
    "The printer told me shoppers were still confused by the label, so I rewrote it again.",
    # The speaker checks after the report.
    "They told me the label system was updated, so I pulled twenty bottles off the shelf and read every label myself.",
])
def test_acting_on_a_problem_report_or_checking_after_it_is_no_delegation(near_miss):
    text = f"{LABELS} I rewrote the label file and sent it to the printer. {near_miss} Label errors went from twelve to none."
    assert not flagged(text, "delegated_validation")


def test_a_check_proposed_in_the_reflection_is_no_verification():
    text = (f"{LABELS} I rewrote the label file and sent it to the printer. Label errors went from twelve to none. "
            "What I believe now is that every label change must be back-tested against last year's recalls.")
    assert verdict(text, "verification") == "fail"


@pytest.mark.parametrize("handoff", [
    "I emailed the printer's account team with the list and asked them to fix it. They reloaded the file a few days later.",
    "I called the printer's support line and opened a ticket. Their tech came out the next morning, found a worn "
    "plate on the press, swapped it and reset the label run.",
])
def test_a_fix_told_by_a_less_common_verb_or_a_long_series_is_theirs(handoff):
    assert flagged(story(handoff, DROPPED), "escalation_handoff")


def test_a_fix_the_speaker_chose_to_make_themselves_is_no_handoff():
    text = (f"{LABELS} I chose to write the corrected label file myself, since a file change can be reverted in a "
            "minute. I sent it to the printer's admin, and once he reloaded the file, I checked ten bottles myself. "
            "Label errors went from twelve a month to none.")
    assert not flagged(text, "escalation_handoff")


@pytest.mark.parametrize("reuse", [
    "The six a.m. check also went onto the guest services checklist for all fourteen ships in the fleet.",
    "The drainage district added culvert inlets under township roads to their spring inspection list.",
    "Corporate made label challenge tests standard at our other three plants.",
    "The co-op's other four elevators now pull a weekly sample against their own meters.",
    "The hall now hands my corrected seat map to the visiting ensembles, so it gets used well beyond our own concerts.",
])
def test_reuse_told_in_other_words_is_second_order(reuse):
    text = story(FIXED, DROPPED, reuse)
    assert verdict(text, "impact_second_order") == "pass"


@pytest.mark.parametrize("own_step", [
    "I added a boundary test to the pipeline.",
    "What I'd push for is that it goes on the turn checklist, because right now nobody owns it.",
])
def test_the_speakers_own_step_or_a_proposal_is_no_second_order(own_step):
    text = story(FIXED, own_step, DROPPED)
    assert verdict(text, "impact_second_order") == "fail"


@pytest.mark.parametrize("check", [
    "After the new label file went in, I came back three times unannounced and made forty swabs again myself.",
    "On Friday I took the previous week's bottles and re-ran them through the new label check myself.",
])
def test_samples_taken_or_a_rerun_by_the_speaker_is_verification(check):
    text = story(FIXED, check, DROPPED)
    assert verdict(text, "verification") == "pass"


@pytest.mark.parametrize("near_miss", [
    "I took it on myself, because the recalls were landing on shoppers.",
    "I set up a sign-up sheet and I ran the sessions myself for eight weeks.",
])
def test_taking_it_on_or_running_sessions_is_no_check(near_miss):
    text = story(near_miss, FIXED, DROPPED)
    assert verdict(text, "verification") == "fail"


def test_the_verification_quote_is_the_check_of_the_change_not_the_diagnosis():
    text = (f"{LABELS} I compared a month of label files with the bottles myself and found the old template. "
            "I fixed the template, and then I re-ran last week's orders through it and checked every label. "
            "Label errors went from twelve a month to none.")
    finding = next(f for f in result_of(text).findings if f.id == "verification")
    assert finding.verdict == "pass"
    assert "re-ran last week's orders" in finding.evidence[0].quote
