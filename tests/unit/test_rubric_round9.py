"""Shapes batch 9 showed, in our own words, with near misses: a summary told after a short setting
("The short version is ..."), an outcome told first and then "That came out of ...", a Result that
gives the after value of a rate the setting measured, "didn't have to" (an outcome, not a rule) and
"nobody on our team lets ... without ..." (a rule)."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict
from star_parts import star_sections

from rehearse.analysis.pipeline import split_text
from rehearse.analysis.segmentation import label_sentences
from rehearse.rubric.criteria import check

SETTING = ("Tenants in our two towers were waiting days for a plumber because the repair queue sorted by date, "
           "not urgency, and the queue belonged to the contractor's dispatch desk, not to my team.")
ACTION = ("I went through three months of jobs and found that burst pipes sat behind dripping taps for days. "
          "I wrote an urgency rule into our intake form myself, with three bands and a photo prompt. "
          "I rang the contractor's dispatch lead and walked her through the bands. "
          "Then I sat with the intake line for two mornings to check every job landed in the right band.")


def test_a_summary_after_a_short_setting_is_the_result():
    text = (f"{SETTING} I'm one of four coordinators on the intake side. The short version is urgent leaks went "
            f"from a three-day wait to same day. How I got there: {ACTION} I also rewrote the intake script. "
            "Next time I would ask for the dispatch data on day one.")
    labels = label_sentences(split_text(text))
    assert labels[2] == "result"
    assert labels[3] == "action"


def test_a_setting_sentence_with_a_summary_phrase_late_in_it_stays_the_setting():
    text = (f"{SETTING} Nobody had a short version of the backlog for me. {ACTION} Urgent leaks went from a "
            "three-day wait to same day. Next time I would ask for the dispatch data on day one.")
    assert label_sentences(split_text(text))[1] == "situation"


def test_an_outcome_told_first_then_a_step_back_is_the_result():
    text = ("Urgent leak repairs in our towers went from about seventy a week to twelve. That came out of something "
            f"I noticed last winter. {SETTING} {ACTION} I rewrote the intake script as well.")
    labels = label_sentences(split_text(text))
    assert labels[0] == "result"
    assert labels[2] == "situation"


def test_an_opening_number_with_no_step_back_stays_the_setting():
    text = ("Urgent leak repairs in our towers went from one day to three over the winter. Tenants were furious. "
            f"{SETTING} {ACTION}")
    assert label_sentences(split_text(text))[0] == "situation"


def test_the_after_value_of_a_rate_the_setting_measured_is_a_delta():
    setting = (f"{SETTING} By January the share of urgent jobs waiting over a day had crept up to about forty percent.")
    result = "At the spring review the share of urgent jobs waiting over a day was under five percent."
    assert verdict(f"{setting} {ACTION} {result}", "impact_metric") == "pass"


@pytest.mark.parametrize("result", [
    # the same value again is a target met, not a change
    "At the spring review the share of urgent jobs waiting over a day was still about forty percent.",
    # a percentage of something else
    "At the spring review the plumbers' overtime on the night shift was about five percent.",
])
def test_a_result_percentage_that_is_no_after_value_is_no_delta(result):
    setting = (f"{SETTING} By January the share of urgent jobs waiting over a day had crept up to about forty percent.")
    assert verdict(f"{setting} {ACTION} {result}", "impact_metric") == "fail"


def test_didnt_have_to_is_an_outcome_not_a_lesson():
    text = (f"{SETTING} {ACTION} Urgent leaks went from a three-day wait to same day. And the landlord didn't have "
            "to pay the roughly six thousand in compensation the contract had set aside.")
    assert verdict(text, "reflection_specific") == "fail"


def test_nobody_lets_without_is_a_rule_of_the_team():
    text = (f"{SETTING} {ACTION} Urgent leaks went from a three-day wait to same day. These days nobody on our "
            "desk closes an urgent job without a photo of the fixed pipe from the plumber.")
    assert verdict(text, "reflection_specific") == "pass"


def test_nobody_complained_is_no_rule():
    text = (f"{SETTING} {ACTION} Urgent leaks went from a three-day wait to same day. Nobody has complained "
            "about a leak since.")
    assert verdict(text, "reflection_specific") == "fail"


MOTIVE_STORY = ("I pulled a month of intake calls myself, rewrote the urgency bands, and sat with the intake line "
                "for two mornings to check every job landed in the right band. Urgent leaks went from a three-day "
                "wait to same day.")


@pytest.mark.parametrize("motive", [
    "That winter the evenings were pretty quiet, to be honest, so I picked it up.",
    "I was kind of looking for a project, so I picked it up.",
    "Since the inspections had wrapped up and I had a fairly quiet few weeks, I picked it up.",
    "I had a bit of a lull between inspections, so I figured, well, I've got the time, I'll take a look.",
])
def test_idle_time_told_in_new_words_is_an_opportunistic_motive(motive):
    assert flagged(f"{SETTING} {motive} {MOTIVE_STORY}", "opportunistic_motivation")


@pytest.mark.parametrize("near_miss", [
    "The evenings were busy with callouts, but I picked it up anyway because tenants were flooding.",
    "I was looking for the root cause, so I picked it up.",
    "I didn't have the time, but tenants were flooding, so I picked it up.",
    "That winter the evenings were not quiet at all, but tenants were flooding, so I picked it up.",
])
def test_busy_time_or_a_search_for_the_cause_is_no_idle_motive(near_miss):
    assert not flagged(f"{SETTING} {near_miss} {MOTIVE_STORY}", "opportunistic_motivation")


HANDOFF_SETTING = ("Pharmacies we supply were getting short deliveries of insulin, and the scanners belong to the "
                   "vendor, not to my receiving team.")
HANDOFF_RESULT = "Short deliveries went from about forty a week to five."


@pytest.mark.parametrize("routing", [
    "I pulled two weeks of order lines, gave it to the vendor, and they sorted it the next week.",
    "I pulled two weeks of order lines, phoned the vendor's desk, and they re-filed the scan rules on their end.",
    "I pulled two weeks of order lines. I emailed their quality team with the photos and they took it from there.",
])
def test_routing_then_their_fix_in_new_words_is_a_hand_off(routing):
    assert flagged(f"{HANDOFF_SETTING} {routing} {HANDOFF_RESULT}", "escalation_handoff")


@pytest.mark.parametrize("near_miss", [
    "I pulled two weeks of order lines, rewrote the scan rule myself, and gave it to the vendor to ship in their patch.",
    "The vendor's desk sent me their logs, and I took it from there and rewrote the scan rule myself.",
    "I pulled two weeks of order lines, sorted them by tote, and rewrote the scan rule myself.",
])
def test_an_own_fix_with_the_vendor_beside_it_is_no_hand_off(near_miss):
    assert not flagged(f"{HANDOFF_SETTING} {near_miss} {HANDOFF_RESULT}", "escalation_handoff")


CF_STORY = ("The lift belongs to another team, not mine. I timed the line myself for two Saturdays and moved two "
            "handheld scanners to the gate. The wait went from forty minutes to twelve.")


@pytest.mark.parametrize("opening", [
    "On busy mornings snowboarders at the main base were standing in the queue for forty minutes.",
    "The creamery that buys all our milk had to throw away a whole vat last winter because of our cell counts.",
    "Members who had told us about a sesame allergy were getting boxes with sesame crackers in them.",
])
def test_customer_harm_told_with_new_nouns_opens_customer_first(opening):
    assert verdict(f"{opening} {CF_STORY}", "customer_first") == "pass"


@pytest.mark.parametrize("opening", [
    "On busy mornings snowboarders at the main base mostly took the new chairlift.",
    "The creamery that buys all our milk opened a second cheese line last winter.",
    "Our shift lead has a sesame allergy, so the break room went sesame-free last spring.",
])
def test_the_same_nouns_with_no_harm_are_no_customer_harm(opening):
    assert verdict(f"{opening} {CF_STORY}", "customer_first") == "fail"


CHECK_SETTING = ("Patients on my dialysis shifts were getting short treatments, and the machines belong to biomed, "
                 "not to nursing. I swapped the dialyzer lot back myself.")


def test_a_rule_with_someone_reviewing_is_no_check_left_to_others():
    text = (f"{CHECK_SETTING} Every morning for two weeks I pull the delivered minutes off the machines myself and "
            "compare them to each prescription. Short sessions fall from twenty percent to three. A paused treatment "
            "has to land on a board that someone reviews every day.")
    assert verdict(text, "verification") == "pass"
    assert not flagged(text, "delegated_validation")


def test_a_check_that_others_had_to_do_is_still_left_to_them():
    text = (f"{CHECK_SETTING} Biomed had to review the delivered minutes, and they signed off on the swap. "
            "Short sessions fell from twenty percent to three.")
    assert flagged(text, "delegated_validation")


TRIAL_SETTING = ("Drive-thru customers at my stores kept getting the wrong orders because the speakers were crackly, "
                 "and the speakers belong to the equipment vendor, not to me. The vendor swapped the headsets at all "
                 "seven stores.")


def test_an_own_trial_after_someone_elses_fix_with_its_outcome_heard_is_a_check():
    trial = "After that I sat in the lane at one store and ordered a couple of things myself, and I could hear every word."
    assert verdict(f"{TRIAL_SETTING} {trial} Wrong orders fell from thirty a week to four.", "verification") == "pass"


def test_an_own_visit_with_nothing_perceived_is_no_check():
    visit = "After that I sat in the lane at one store and ordered a couple of things myself, and the burgers were good."
    assert verdict(f"{TRIAL_SETTING} {visit} Wrong orders fell from thirty a week to four.", "verification") == "fail"


SCOPE_STORY = ("I moved two printers to the lobby myself and timed the line every ten minutes. The wait went from "
               "forty minutes to eight.")


def test_the_whole_thing_being_my_responsibility_is_no_boundary():
    text = ("Three thousand attendees were stuck in the badge line on day one. I was the lead producer, so the whole "
            f"event was my responsibility. Registration is handled by an outside vendor. {SCOPE_STORY}")
    assert verdict(text, "scope_boundary") == "fail"


@pytest.mark.parametrize("boundary", [
    "Registration wasn't my responsibility, it belongs to an outside vendor.",
    "The kiosks are handled by an outside vendor, and nobody owned the queue itself.",
])
def test_a_boundary_beside_an_outside_vendor_is_still_one(boundary):
    text = f"Three thousand attendees were stuck in the badge line on day one. {boundary} {SCOPE_STORY}"
    assert verdict(text, "scope_boundary") == "pass"


TRUCK = ("I run a coffee cart, and milk was my biggest cost after beans. Nobody else looks at the books, so I call "
         "four dairies myself and run two of them side by side for a week. The regulars seem happy.")


def test_what_i_take_from_it_opens_the_reflection_not_an_outcome():
    lesson = "What I take from it is you gotta keep an eye on your costs, every dollar counts."
    labels = label_sentences(split_text(f"{TRUCK} {lesson}"))
    assert labels[-1] == "reflection"
    assert verdict(f"{TRUCK} {lesson}", "impact_business") == "fail"


def test_money_saved_in_the_result_is_still_a_business_outcome():
    result = "In the end the switch saved about four hundred dollars a month on milk."
    assert verdict(f"{TRUCK} {result} What I take from it is you always have to watch your costs.",
                   "impact_business") == "pass"


CAPTION = ("Viewers of our late news lost captions three nights a week, and the encoder belongs to the network "
           "operations centre, not to my team. I traced it to a firmware update myself and rolled the encoder back. "
           "Caption dropouts went from three nights in seven to none.")


def test_a_rule_followed_by_its_proposal_is_the_reflection():
    text = (f"{CAPTION} Any firmware change on shared gear should pass a caption check before it goes out. "
            "I've proposed that to the NOC as a sign-off line. They haven't taken it up yet.")
    assert verdict(text, "reflection_specific") == "pass"


def test_a_rule_three_from_the_end_with_no_proposal_after_it_is_not_read_as_one():
    text = (f"{CAPTION} Any firmware change on shared gear should pass a caption check before it goes out. "
            "My manager was pleased. Everyone was relieved.")
    assert verdict(text, "reflection_specific") == "fail"


def _reflection_verdict(parts):
    result = check(star_sections(parts), "mid", "customer_obsession")
    return next(f.verdict for f in result.findings if f.id == "reflection_specific")


ALLERGY_PARTS = [
    ("situation", ["Members who had told us about a nut allergy were getting boxes with almond bars.",
                   "The support team was taking angry calls about it every day.",
                   "The pick rules belong to the warehouse systems team, not to me."]),
    ("action", ["I caught it in the fulfillment numbers and rewrote the exclusion list myself."]),
    ("result", ["After it went live I opened fifty boxes at the pack line, and none had nuts."]),
]


def test_how_the_result_felt_is_no_reflection():
    felt = ("And the support team said things felt a lot calmer after that, and my manager was really happy I'd "
            "caught it, so I think it went pretty well overall.")
    assert _reflection_verdict([*ALLERGY_PARTS, ("reflection", [felt])]) == "fail"


def test_a_lesson_after_how_it_felt_is_still_judged():
    felt = ("My manager was really happy I'd caught it, so I think it went pretty well, and what I learned is that "
            "every allergy flag needs a second check at the pack line.")
    assert _reflection_verdict([*ALLERGY_PARTS, ("reflection", [felt])]) == "pass"


DAIRY = ("The creamery that buys our milk had to throw away a batch because of our cell counts. The parlour is the "
         "parlour manager's, not mine. I counted the liner wear myself and swapped the worn ones. Cell counts fell "
         "from three hundred thousand to two hundred thousand.")


def test_someone_else_passing_it_on_to_other_groups_is_second_order():
    text = f"{DAIRY} The co-op's field vet took my counting sheet, and now she gives it to the other twenty farms she visits."
    assert verdict(text, "impact_second_order") == "pass"


def test_the_speaker_sending_it_to_others_is_no_uptake():
    text = f"{DAIRY} I also sent my counting sheet to the other twenty farms in the co-op."
    assert verdict(text, "impact_second_order") == "fail"


@pytest.mark.parametrize("task", [
    "So I thought, right, I'll have a go at sorting the intake line out.",
    "So the question I put to myself is: why are urgent leaks waiting behind dripping taps?",
])
def test_a_commitment_or_a_question_put_to_oneself_is_the_task(task):
    text = (f"{SETTING} Nobody had asked me to look at it. {task} I went through three months of jobs and found that "
            "burst pipes sat behind dripping taps for days. I wrote an urgency rule into our intake form myself. "
            "Urgent leaks went from a three-day wait to same day.")
    sentences = split_text(text)
    labels = label_sentences(sentences)
    assert labels[next(i for i, s in enumerate(sentences) if s.text.startswith("So "))] == "task"
