"""Round 2 of the rubric generalisation (issue 10): trade-offs, verification, hand-offs, scope and
opportunistic motivation in the shapes a stranger's answers used, each with a near miss that must
not trigger. Wordings are written for these tests (other domains than the labelled batches)."""

from __future__ import annotations

import pytest
from test_rubric_generalise import flagged, verdict
from test_rubric_generalise import grade as grade_parts

SETTING = "Our bakery's wholesale orders kept arriving at cafes an hour late."


def grade(action: list[str], situation: tuple[str, ...] = (SETTING,), result: tuple[str, ...] = (),
          task: tuple[str, ...] = ()):
    return grade_parts(action, situation, "senior", "ownership", result, task)


# --------------------------------------------------------------------------- trade-offs

@pytest.mark.parametrize("steps", [
    # counted options set out in an existential, a modal cost in the next sentence
    ["I timed the van loading for a week.", "There were two realistic options.",
     "Buying a second van would have cost forty thousand dollars.",
     "I picked the earlier loading slot, because it needed nobody new."],
    # the sentence opens on the count
    ["I traced the late drops to one route.", "Three options: split the route, start earlier, or drop two cafes.",
     "I started earlier, since the drivers were idle before six anyway."],
    # a described option, refused with a bare "I didn't" and a reason
    ["The quick option was to add a second driver.", "I didn't, because the delay was in the loading, not on the road."],
    # rejected with "recommended against"
    ["I recommended against a new routing tool, because our spreadsheet could do the same for free."],
    # a decision with its two sides, chosen in the next sentence
    ["So I had a call to make: keep the old ovens running late, or bake the cafe batch first.",
     "I chose the cafe batch first, because retail customers arrive after nine anyway."],
    # "I could X, but I decided Y, because Z"
    ["I could cut the cafe list in half, but I decided to keep all twelve, because four of them were our biggest accounts."],
    # explored option told with "looked at whether"
    ["I looked at whether we could rent a cold room, but that was a six month lease, so I went with a night shift."],
    # "only for A, not for all"
    ["I proposed the early start only for the two largest routes, not for all nine, because those carried most orders."],
    # counted options told one per sentence, the choice and its reason several sentences on
    ["That left me with two options.", "I could wait for the oven vendor's engineer, three weeks out.",
     "Or I could move the cafe batch to the second oven.", "I moved the cafe batch, since the second oven sat idle after five."],
    # terse: options, a bare choice, the reason as a plain statement of cost
    ["I saw two ways.", "Buy a second van, about thirty thousand.", "Or start loading at five.",
     "I chose the early start.", "It costs nothing, and the drivers were idle before six anyway."],
    # an option described by a judgement, then the speaker's own way with a reason
    ["The safer route was a full oven service, two days down.",
     "I took the narrower one, a new thermostat, since that was an hour and would prove the theory."],
    # the choice as a question to oneself
    ["Then I had to make a call.", "Do I pay a second courier, or do I let the cafes wait until Monday?",
     "I paid the courier, because a missed Saturday could cost us the account."],
])
def test_tradeoff_shapes_pass(steps: list[str]) -> None:
    assert verdict(grade(steps), "tradeoffs") == "pass"


@pytest.mark.parametrize("steps", [
    # a product's options, not the speaker's
    ["I added two payment options for cafes to the order form.", "Most of them used the card one because it was quick."],
    # counted options then a tough call, no reason
    ["There were two ways to go: a second van or an earlier start.",
     "It was a tough decision, and in the end I went with the earlier start.",
     "I then rewrote the loading plan so that the drivers knew the new times."],
    # a timing, not an option
    ["We set up a weekly call where we'd review late drops before the invoice run instead of after.",
     "We also wrote a checklist so that new drivers knew the stops."],
    # looked at data, not at an option
    ["I looked at the delivery logs, but they only covered one month, so I asked for more."],
    # "I could see ..." with no choice of the speaker's after the contrast
    ["I could see the vans leaving late, but the reason was not obvious at first."],
    # a route that is just a route
    ["The east route was the longest, so I timed it first because it had the most cafes."],
    # options named inside the tough call, with a cause only much later in the story
    ["It was a tough call whether to buy a second van or start earlier, and in the end I started earlier.",
     "I rewrote the loading plan.", "The drivers signed off on it, since they had seen the numbers."],
])
def test_tradeoff_near_misses_fail(steps: list[str]) -> None:
    assert verdict(grade(steps), "tradeoffs") == "fail"


def test_option_in_the_setting_needs_the_speakers_answer() -> None:
    answered = grade(["I didn't, because a second baker would not fix the loading."],
                     situation=(SETTING, "The obvious option was to hire a second baker."))
    assert verdict(answered, "tradeoffs") == "pass"
    unanswered = grade(["I rewrote the loading plan for the drivers."],
                       situation=(SETTING, "The obvious option was to hire a second baker, because the owner liked it."))
    assert verdict(unanswered, "tradeoffs") == "fail"


# --------------------------------------------------------------------------- verification

def test_purpose_check_after_the_change_passes() -> None:
    r = grade(["I moved the cafe batch to the first oven slot.",
               "The next Monday I rode along with the driver myself to make sure every cafe got its order before eight."])
    assert verdict(r, "verification") == "pass"


def test_asking_others_to_make_sure_is_not_own_check() -> None:
    r = grade(["I moved the cafe batch to the first oven slot.",
               "Then I asked the drivers to make sure every cafe got its order before eight."])
    assert verdict(r, "verification") == "fail"


def test_consulting_a_person_checks_nothing() -> None:
    r = grade(["I moved the cafe batch to the first oven slot.",
               "I checked with my manager whether we should tell the cafes, and she said no."])
    assert verdict(r, "verification") == "fail"


def test_diagnosis_checks_then_others_test_the_change_is_delegation() -> None:
    r = grade(["I compared every late order with the oven schedule.",
               "I wrote a new schedule and gave it to the production planners.",
               "They tested it in their planning tool and told me it was fine, so we used it."])
    assert verdict(r, "verification") == "fail"
    assert flagged(r, "delegated_validation")


def test_observation_before_any_step_is_diagnosis() -> None:
    r = grade(["I stood in the loading bay for two mornings just watching, and I saw the vans wait for the last tray.",
               "So I started packing the cafe trays first."],
              task=("My goal was to get the cafes their bread before eight.",))
    assert verdict(r, "verification") == "fail"


def test_shadowing_one_person_is_coaching() -> None:
    r = grade(["I set up weekly sessions with our new baker.", "After a month I shadowed him on the early shift."],
              situation=("Our new baker was struggling with the early shift.",))
    assert verdict(r, "verification") == "fail"


def test_watching_someone_do_the_task_still_counts() -> None:
    r = grade(["I rewrote the order form.", "Afterwards I watched her place a real order on it myself."],
              situation=("A cafe owner kept ordering the wrong loaves.",))
    assert verdict(r, "verification") == "pass"


def test_report_acted_on_is_trusted() -> None:
    r = grade(["I set up weekly sessions with our new baker.",
               "After two months my manager told me he was doing a lot better, so I took that as a sign and stepped back."],
              situation=("Our new baker was struggling with the early shift.",))
    assert flagged(r, "delegated_validation")


# --------------------------------------------------------------------------- hand-off, motive

def test_we_routing_then_their_fix_is_a_handoff() -> None:
    r = grade(["We listed every late cafe.", "We escalated it to the logistics company with the list, and they fixed the route."])
    assert flagged(r, "escalation_handoff")


def test_we_routing_after_our_own_fix_is_not() -> None:
    r = grade(["I rewrote the route plan myself.", "We escalated it to the logistics company, and they updated their system."])
    assert not flagged(r, "escalation_handoff")


def test_slow_season_is_opportunistic() -> None:
    r = grade(["It was a slow summer and I had time on my hands, so I redid the route plan."])
    assert flagged(r, "opportunistic_motivation")


def test_season_without_slack_is_not() -> None:
    r = grade(["It was a busy summer, so I redid the route plan before the cafes complained more."])
    assert not flagged(r, "opportunistic_motivation")


# --------------------------------------------------------------------------- scope

@pytest.mark.parametrize("situation", [
    (SETTING, "I sat in the dispatch office for a morning to see how orders came in."),
    (SETTING, "The delivery schedule was my team's responsibility."),
    (SETTING, "It was my schedule which was wrong, and the planner that another team had built only copied it."),
])
def test_scope_near_misses_fail(situation: tuple[str, ...]) -> None:
    assert verdict(grade(["I rewrote the delivery schedule."], situation=situation), "scope_boundary") == "fail"


@pytest.mark.parametrize("situation", [
    (SETTING, "The schedule belonged to the logistics department, not my bakery team."),
    (SETTING, "It was my schedule, but nobody had a ticket for the late drops."),
    (SETTING, "The recipe tests were run by quality, not my laboratory."),
])
def test_scope_statements_pass(situation: tuple[str, ...]) -> None:
    assert verdict(grade(["I rewrote the delivery schedule."], situation=situation), "scope_boundary") == "pass"


def test_trusting_others_to_check_is_not_a_purpose_check() -> None:
    r = grade(["I moved the cafe batch to the first oven slot.",
               "Afterwards I sent the new plan to the planners and relied on them to confirm it worked."])
    assert verdict(r, "verification") == "fail"


@pytest.mark.parametrize("steps", [
    # unpunctuated speech split on "and": the contrast answers the counterfactual two pieces later
    ["i could have just emailed the planners a note", "and let them sort it out",
     "but they were deep in the christmas rush so i rewrote the plan myself"],
    # the options run on into the same piece
    ["there were two options a second van or an earlier start", "i picked the earlier start because it cost nothing"],
])
def test_tradeoffs_in_split_speech(steps: list[str]) -> None:
    assert verdict(grade(steps), "tradeoffs") == "pass"


def test_split_counterfactual_without_a_contrast_fails() -> None:
    steps = ["i could have just emailed the planners a note", "and let them sort it out", "so i rewrote the plan myself"]
    assert verdict(grade(steps), "tradeoffs") == "fail"


def test_running_the_flow_oneself_is_a_check() -> None:
    r = grade(["I moved the cafe order form to the new site.",
               "I borrowed three old tablets and ran the order flow on each one myself before the cafes saw it."])
    assert verdict(r, "verification") == "pass"


def test_over_a_time_span_is_not_a_preference() -> None:
    r = grade(["I used the earlier loading slot and late drops went from thirty a week to five over the summer "
               "because the vans left before the traffic."])
    assert verdict(r, "tradeoffs") == "fail"


# --------------------------------------------------------------------------- batch 2 shapes (issue 10, round 3)

def test_their_deploy_and_a_running_amount_are_no_fix_of_ones_own() -> None:
    r = grade(["I opened the delivery logs and saw the route file skipped two cafes.",
               "I messaged the logistics company's dispatcher with the log lines.",
               "Their developer picked it up the next day and they shipped a corrected file."],
              result=("After their deploy, late drops, which had been running at about twenty a week, went to two.",))
    assert flagged(r, "escalation_handoff")


def test_they_took_it_from_there_is_a_handoff() -> None:
    r = grade(["I wrote down which cafes were late.",
               "Then I asked the training department to retrain the drivers, and they took it from there."])
    assert flagged(r, "escalation_handoff")


def test_praise_for_working_with_the_speaker_vouches_for_no_fix() -> None:
    r = grade(["I set up a weekly call with the cafe owner and rewrote our delivery promise with her."],
              result=("She started ordering again, and she told my manager she liked working with me.",))
    assert not flagged(r, "delegated_validation")


def test_trusting_their_certificate_and_carrying_on_is_delegation() -> None:
    r = grade(["I sent photos of the burnt loaves to the oven supplier.",
               "Their technician recalibrated the oven and sent a report saying it was in spec, and we trusted that and kept baking."])
    assert flagged(r, "delegated_validation")
    assert verdict(r, "verification") == "fail"


def test_measuring_every_unit_oneself_is_verification() -> None:
    r = grade(["I moved the loading to five o'clock.",
               "For the next two weeks I measured every van's departure time against the plan."])
    assert verdict(r, "verification") == "pass"


def test_nobody_reassigned_it_or_asked_me_is_a_boundary_not_an_assignment() -> None:
    r = grade(["I rebuilt the cafe delivery schedule myself."],
              situation=(SETTING, "The wholesale accounts weren't mine, and nobody had reassigned them or asked me to look at them."))
    assert verdict(r, "scope_boundary") == "pass"


def test_a_delta_over_the_pilot_is_a_time_span_not_a_choice() -> None:
    r = grade(["I moved the cafe drops to an earlier slot for a pilot."],
              result=("So yeah, late drops went from about twenty percent to, like, five percent over the pilot.",))
    assert verdict(r, "tradeoffs") == "fail"


@pytest.mark.parametrize("situation, expected", [
    ((SETTING, "Routing belongs to the courier's planners, and there was no work order for it."), "pass"),
    ((SETTING, "The ovens are the landlord's, and nobody had written up a fault report yet."), "pass"),
])
def test_more_scope_shapes(situation: tuple[str, ...], expected: str) -> None:
    assert verdict(grade(["I rebuilt the delivery schedule myself."], situation=situation), "scope_boundary") == expected


def test_their_team_running_the_tests_is_no_boundary() -> None:
    r = grade(["I rewrote the order export myself.",
               "Their QA team ran it through their regression suite and told us it was fine."])
    assert verdict(r, "scope_boundary") == "fail"


@pytest.mark.parametrize("steps", [
    # one of their people fixed it after the speaker's ticket and pings
    ["I filed a ticket for the oven vendor with the burnt-batch photos.", "I pinged their manager twice when it stalled.",
     "Eventually one of their technicians found the faulty thermostat and fixed it."],
    # a write-up, then the escalation, then their change, all in one sentence
    ["I wrote it all up with the late-drop examples and escalated it to the courier, and their team changed the route."],
    # their team took the equipment apart and reworked it
    ["I escalated it formally and asked their lead to assign someone.",
     "His team disassembled the mixer and reworked the paddle."],
])
def test_routing_then_their_fix_in_other_shapes_is_a_handoff(steps: list[str]) -> None:
    assert flagged(grade(steps), "escalation_handoff")


def test_most_action_sentences_told_with_we_fail_even_with_a_few_i_words() -> None:
    r = grade(["So, how we got there.", "We pulled every late-drop ticket and laid them next to the on-time ones.",
               "We saw the late ones all came off the afternoon van.", "We went out to the depot and we watched them load.",
               "We found the afternoon crew was still using the morning route sheet.",
               "In the end I moved the cafe drops to the morning van.",
               "We had the courier update the sheet, and we went back to the normal schedule."])
    assert verdict(r, "ownership_language") == "fail"
    assert flagged(r, "we_language")


@pytest.mark.parametrize("steps", [
    ["I moved the cafe batch to the second oven.",
     "Then I baked a test tray myself alongside the old one so I could compare the crusts."],
    ["I moved the cafe batch to the second oven.",
     "Before the Monday run I drove the new route myself twice, and it didn't slip once."],
])
def test_an_own_trial_with_its_purpose_or_outcome_is_verification(steps: list[str]) -> None:
    assert verdict(grade(steps), "verification") == "pass"


def test_an_own_step_with_no_check_in_it_is_not_verification() -> None:
    r = grade(["I moved the cafe batch to the second oven.", "Then I baked the cafe trays myself for a week."])
    assert verdict(r, "verification") == "fail"
