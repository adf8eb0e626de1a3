"""Shapes batch 10 showed, in our own words, with near misses: a fix vouched for by "IT" (the
department, lower-cased by speech), by a party in the present perfect ("the vendor has confirmed it
is corrected"), or a promise to keep an eye on it."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, result_of, verdict

from rehearse.analysis.pipeline import split_text
from rehearse.analysis.segmentation import label_sentences

SETTING = ("Shoppers at our stores were charged the old price on a promotion, and the price file belongs to the "
           "supplier, not to my team.")
RESULT = "Price complaints went from about forty a week to three."


@pytest.mark.parametrize("vouched", [
    "I emailed central IT with the examples. Central IT told me it was good now.",
    "I asked the supplier to correct the file. After two days the supplier has confirmed everything is corrected, "
    "and I trusted them.",
    "I sent the new file over to the night supervisor, and he said he'd keep an eye on it and tell us if anything "
    "looked off.",
])
def test_a_fix_vouched_for_by_others_is_delegated_validation(vouched):
    text = f"{SETTING} {vouched} {RESULT}"
    assert flagged(text, "delegated_validation")
    assert verdict(text, "verification") == "fail"


@pytest.mark.parametrize("near_miss", [
    "I emailed central IT with the examples, then I rang up ten promotions at a till myself to check the prices.",
    "I asked the supplier to correct the file, and no report could have caught the old price before that.",
])
def test_an_own_check_or_no_one_vouching_is_no_delegation(near_miss):
    assert not flagged(f"{SETTING} {near_miss} {RESULT}", "delegated_validation")


WELD = ("Our welds on the overhead joints were failing x-ray at seven percent, and the preheat logs belong to the "
        "night supervisor, not to me. We put rod ovens at each station and required the preheat reading at the joint.")


def test_a_check_in_the_passive_done_by_me_is_my_check():
    text = f"{WELD} Spot checks on every overhead joint were done by me for the first two weeks. Rejects fell to two percent."
    assert verdict(text, "verification") == "pass"
    assert not flagged(text, "delegated_validation")


def test_a_check_in_the_passive_done_by_the_inspector_is_theirs():
    text = (f"{WELD} Spot checks on every overhead joint were done by the yard inspector for the first two weeks. "
            "Rejects fell to two percent.")
    assert verdict(text, "verification") == "fail"


MUSEUM = ("Loaned paintings were arriving with damage nobody had recorded, and the condition reports were the "
          "organiser's responsibility; no one had asked me to audit them. I rewrote the protocol myself and "
          "checked every crate at the next venue.")


@pytest.mark.parametrize("result", [
    "Our insurer cut the premium on our next touring exhibition by about twelve percent.",
    "Unrecorded damage went from four of the first ten crates to zero for the rest of the tour.",
])
def test_a_delta_with_a_long_phrase_inside_it_is_a_metric(result):
    assert verdict(f"{MUSEUM} {result}", "impact_metric") == "pass"


def test_a_change_with_no_number_is_no_metric():
    assert verdict(f"{MUSEUM} Our insurer cut the premium on our next touring exhibition.", "impact_metric") == "fail"


def test_a_protocol_made_mandatory_by_others_is_second_order():
    text = f"{MUSEUM} The organiser has made my protocol mandatory for the six remaining venues."
    assert verdict(text, "impact_second_order") == "pass"


@pytest.mark.parametrize("near_miss", [
    "I think the organiser should make my protocol mandatory for the remaining venues.",
    "The organiser made my crates heavier for the remaining venues.",
])
def test_a_proposal_or_another_change_is_no_standard(near_miss):
    assert verdict(f"{MUSEUM} {near_miss}", "impact_second_order") == "fail"


DYE = "Dyed lots were coming out off-shade, and the dye house belongs to the finishing manager, not to me."


def test_an_option_refused_with_a_reason_is_a_trade_off():
    action = ("I pulled the lot records myself, and I refused to add a re-dye step for every failed lot, because a "
              "re-dye costs forty dollars a lot and would have hidden the cause. Then I added a sequestering agent.")
    assert verdict(f"{DYE} {action} Off-shade lots went from twelve percent to two.", "tradeoffs") == "pass"


def test_a_refusal_with_no_reason_is_no_trade_off():
    action = "I pulled the lot records myself, and I refused to add a re-dye step. Then I added a sequestering agent."
    assert verdict(f"{DYE} {action} Off-shade lots went from twelve percent to two.", "tradeoffs") == "fail"


HOODS = ("Fume hoods were failing their airflow checks, and no work order had ever gone to facilities about them. "
         "I retested every hood myself and had the worst fans rebalanced. Failing hoods went from forty to two.")


def test_work_given_by_our_director_is_assigned_and_no_boundary():
    text = f"Last year our environmental health director asked me to take over the hood program. {HOODS}"
    assert verdict(text, "scope_boundary") == "fail"


def test_no_work_order_with_nobody_assigning_it_is_a_boundary():
    assert verdict(f"Nobody asked me to look at the hood program. {HOODS}", "scope_boundary") == "pass"


def test_a_team_running_its_tests_is_no_boundary():
    text = ("Our charging robots kept failing to dock, and keeping them running is what my team is there for. I "
            "pulled the fault logs and swapped the firmware on the chargers myself. And then their team ran their "
            "tests on it and told us it was good to go. Docking faults went from thirty a day to two.")
    assert verdict(text, "scope_boundary") == "fail"


def test_on_our_rotation_is_on_call_for_it():
    text = ("The charging robots kept failing to dock. It was on our rotation that month, and the chargers are "
            "maintained by the vendor's team. I swapped the firmware myself. Docking faults went from thirty a day to two.")
    assert verdict(text, "scope_boundary") == "fail"


COURT_STORY = ("The scanning room is run by an outside contractor, not my unit. I matched the misfiled images to "
               "their dockets myself. Misfiled images went from forty a week to two.")


def test_a_number_before_a_singular_customer_word_counts_something_else():
    opening = ("Our county court has three divisions, civil, family and criminal, and each has its own intake window. "
               "Filings go to a scanning room twice a day.")
    assert verdict(f"{opening} {COURT_STORY}", "customer_first") == "fail"


def test_counted_families_with_harm_still_open_customer_first():
    opening = "Three families lost their hearing dates because their filings were scanned into the wrong dockets."
    assert verdict(f"{opening} {COURT_STORY}", "customer_first") == "pass"


CASH = ("Our stands were short on cash most game days, and the tills belong to the vendor, not to my team. I "
        "changed the rounding rule myself and counted the drawers after the next three games.")


def test_two_counts_set_side_by_side_are_a_check_not_a_delta():
    result = "The first game was 18,420 in cash against 18,423 on the tills, the third also the same to the dollar."
    assert verdict(f"{CASH} {result}", "impact_metric") == "fail"


def test_a_value_against_the_year_before_is_a_delta():
    result = "Cash shortages were 2% of takings against 9% the year before."
    assert verdict(f"{CASH} {result}", "impact_metric") == "pass"


PAD = ("The splash pad kept shutting down on hot days, and the chlorine probe belongs to the pool contractor, not "
       "to parks. I recalibrated the probe myself and checked the readings every morning for two weeks. The pad "
       "was open fifty-eight of sixty days, against twenty of forty-five the year before, and we saved the city "
       "about twenty thousand dollars.")


def test_a_reflection_that_tells_the_result_again_is_generic():
    text = f"{PAD} What I took from it is that the probe fix really got the splash pad open way more and saved a ton of money."
    assert verdict(text, "reflection_specific") == "fail"
    assert flagged(text, "generic_reflection")


def test_a_lesson_drawn_from_the_result_is_specific():
    text = (f"{PAD} What I took from it is that every chlorine probe on a splash pad should get a weekly "
            "calibration check on the parks checklist.")
    assert verdict(text, "reflection_specific") == "pass"


PLANT = ("The plant's ammonia readings had been flat for months, and the plant's lab is not ours to run. We found "
         "they reused one calibration for weeks, and the plant was told to recalibrate.")


def test_a_second_visit_so_id_know_is_a_check():
    check = ("A week later I went back on my own, took a second set of samples myself, and carried them to the "
             "state lab, so I'd know the numbers were real.")
    assert verdict(f"{PLANT} {check} Readings moved within a week.", "verification") == "pass"


def test_id_with_another_verb_is_no_check_purpose():
    visit = "A week later I went back on my own and took a coffee with the operator, so I'd keep the relationship."
    assert verdict(f"{PLANT} {visit} Readings moved within a week.", "verification") == "fail"


PAYROLL = ("Forty employees who had moved states were still taxed for the old one, and the tax setup belongs to the "
           "HRIS team, not to payroll.")
PAYROLL_RESULT = "Wrong withholdings went from forty to zero by year-end."


def test_a_colour_coded_list_is_no_fix_of_ones_own_before_a_hand_off():
    action = ("I pulled the list together in a spreadsheet, very color-coded, and emailed it to the vendor's support "
              "line. Eventually the vendor's team went in and corrected the work locations.")
    assert flagged(f"{PAYROLL} {action} {PAYROLL_RESULT}", "escalation_handoff")


def test_a_fix_in_the_passive_after_routing_is_someone_elses():
    action = ("I called the vendor's account manager and asked him to correct the tax table. After two days the vendor "
              "confirmed everything was corrected.")
    assert flagged(f"{PAYROLL} {action} {PAYROLL_RESULT}", "escalation_handoff")


def test_a_fix_in_the_passive_done_by_me_is_mine():
    action = ("I called the vendor's account manager to get access to the tax table. The table was corrected by me "
              "the same afternoon.")
    assert not flagged(f"{PAYROLL} {action} {PAYROLL_RESULT}", "escalation_handoff")


GAME = ("Players were charged twice for one bundle, and the store config belongs to the monetization team, not live "
        "ops. I found the duplicate price rule myself and tested the purchase on three devices.")


def test_what_id_changed_is_had_not_a_proposal():
    text = (f"{GAME} Then I pushed the config and sent the monetization lead a note with exactly what I'd changed. "
            "Double charges went from two hundred a day to zero.")
    assert verdict(text, "reflection_specific") == "fail"
    assert not flagged(text, "generic_reflection")


def test_what_id_change_is_still_a_proposal():
    text = (f"{GAME} Double charges went from two hundred a day to zero. What I'd change is that every price rule "
            "gets a duplicate check before it ships.")
    assert verdict(text, "reflection_specific") == "pass"


def test_an_outcome_that_points_ahead_to_the_story_is_the_result():
    text = ("Availability of our turbines went from 92 to 97 percent in one quarter after what I will tell you now. "
            "I lead a technician crew of eleven on an offshore wind farm. The pump procedure is owned by onshore "
            "engineering, not by my crew. I measured the torque on every pump myself and changed the wrench "
            "setting. Pump trips went from ten a month to one.")
    sentences = split_text(text)
    assert label_sentences(sentences)[0] == "result"
    assert verdict(text, "impact_metric") == "pass"


def test_an_opening_number_with_no_pointer_ahead_is_the_setting():
    text = ("Availability of our turbines had been stuck at 92 percent for a year. I lead a technician crew of eleven "
            "on an offshore wind farm. The pump procedure is owned by onshore engineering, not by my crew. I measured "
            "the torque on every pump myself and changed the wrench setting.")
    assert label_sentences(split_text(text))[0] == "situation"


CLERKS = ("Court files were coming back with pages from other cases, and the scanning belongs to the IT contractor, "
          "not my unit. My clerks kept finding stray pages. Each one took twenty minutes to trace. Nobody was "
          "counting it.")
CLERKS_STORY = ("I pulled a month of filings myself and matched every page to its docket. Misfiled pages went from "
                "sixty a month to four.")


def test_an_idle_team_confessed_late_is_an_opportunistic_motive():
    motive = "Honestly, that summer the court was in recess and my team had a lot of quiet time, so I looked into it."
    assert flagged(f"{CLERKS} {motive} {CLERKS_STORY}", "opportunistic_motivation")


def test_a_busy_team_confessed_late_is_no_idle_motive():
    motive = "Honestly, that summer my team had a lot of hearings, but the misfiles were hurting families, so I looked into it."
    assert not flagged(f"{CLERKS} {motive} {CLERKS_STORY}", "opportunistic_motivation")


def test_praise_for_the_speaker_vouches_for_no_fix():
    text = (f"{CLERKS} {CLERKS_STORY} My branch manager told me it was good that I'd pushed on it.")
    assert not flagged(text, "delegated_validation")


def test_an_action_told_in_the_passive_has_no_we_and_passes_with_a_nudge():
    text = ("Guests were walked on sold-out nights, and the channel manager belongs to the vendor, not revenue. A ticket "
            "was raised with the channel manager vendor the next morning. The sync delay was looked into by their "
            "support team that week. A configuration problem was identified on their side. Walked guests went from "
            "six a month to one.")
    finding = next(f for f in result_of(text).findings if f.id == "ownership_language")
    assert finding.verdict == "pass"
    assert "passive" in finding.advice
