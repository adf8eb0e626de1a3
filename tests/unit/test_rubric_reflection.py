"""Reflections judged clause by clause (mechanisms versus platitudes, rules without cue words) and
customer_first (the opening's customer harm). Wordings are our own, with near misses."""

from __future__ import annotations

import pytest
from test_rubric import flags, run, verdicts

RESULT = ["Mislabelled pallets fell from about thirty a week to two."]


@pytest.mark.parametrize(
    "reflection",
    [
        ["Every supplier change should trigger a first-batch inspection before the parts reach the line."],
        ["What I'd push for is a weekly reconciliation report that the controller owns."],
        ["Looking back, I'd give the label printer a named owner and an alert when its template changes."],
        ["I learned that a shared on-call calendar matters more than heroics."],  # a value claim carried by a mechanism
        ["If I did it again, I would set up a daily check of the pallet scans against the manifest."],
        ["Any change to the routing table needs a dry run on yesterday's orders first."],
        ["I would write the escalation path into the carrier contract, with a four-hour response SLA on their side."],
    ],
)
def test_specific_systemic_reflections_pass(reflection):
    r = run(result=RESULT, reflection=reflection)
    assert verdicts(r)["reflection_specific"] == "pass"
    assert "generic_reflection" not in flags(r)


def test_a_rule_run_on_from_the_result_in_unpunctuated_speech_counts():
    r = run(result=[("wrong pallets went to about four a day and any label change gets a one week shadow count "
                    "before it is set")])
    assert verdicts(r)["reflection_specific"] == "pass"


def test_a_closing_rule_with_no_cue_word_counts_even_when_heard_as_result():
    r = run(result=RESULT + ["Any new pallet label needs a named owner and a scan check on its first shift."])
    assert verdicts(r)["reflection_specific"] == "pass"


@pytest.mark.parametrize(
    "reflection",
    [
        [("What I took from it is that real change happens when you bring people with you and every voice in "
         "the room is heard.")],
        [("I learned that trust is built slowly, and that you have to keep the people around you informed every "
         "step of the way.")],
        ["Looking back, I'd communicate earlier with the warehouse leads."],
        [("So, um, for me the big lesson is that the people closest to the work usually know best, so always "
         "listen to your crew.")],
        ["I learned that teamwork really matters."],
        ["I now believe that ownership means acting before you're asked."],
        ["Next time I'd set up more regular check-ins so nothing falls through the cracks."],
        ["If I did it again, I would get buy-in from the stakeholders sooner and set expectations more clearly."],
        ["My takeaway is that clarity beats speed, and that alignment up front saves pain later."],
        [("Looking back, what stays with me is that people open up when they feel genuinely seen, and that real "
         "trust is earned one honest conversation at a time.")],
        # the story's own nouns carried by value words, no mechanism anywhere
        [("What I took from it is that pride in every mislabelled pallet is the heart of what a good warehouse "
          "really is, and I believe that is the foundation of everything we do.")],
        ["A good lead has to model the habits they want to see and never settle for good enough."],
    ],
)
def test_generic_reflections_fail_even_when_long(reflection):
    r = run(result=RESULT, reflection=reflection)
    assert verdicts(r)["reflection_specific"] == "fail"
    assert "generic_reflection" in flags(r)


def test_a_rule_in_the_result_does_not_make_a_platitude_after_the_cue_specific():
    r = run(result=RESULT + ["The pallet check got written into the depot's opening template, so every new depot now has "
                             "to run it."],
            reflection=["What I took from it is to speak up early and keep everyone in the loop."])
    assert verdicts(r)["reflection_specific"] == "fail"
    assert "generic_reflection" in flags(r)
    assert verdicts(r)["impact_second_order"] == "pass"


def test_a_count_of_rollout_is_no_reflection():
    r = run(result=RESULT + ["All six depots on the new labels by the end of the month."])
    assert verdicts(r)["reflection_specific"] == "fail"


def test_a_missing_reflection_fails_without_a_flag():
    r = run(result=RESULT)
    assert verdicts(r)["reflection_specific"] == "fail"
    assert "generic_reflection" not in flags(r)


def test_a_past_tense_tail_heard_as_reflection_is_no_reflection():
    r = run(result=RESULT, reflection=["We fixed the printer and it went fine."])
    assert verdicts(r)["reflection_specific"] == "fail"
    assert "generic_reflection" not in flags(r)


# --------------------------------------------------------------------------- customer_first


@pytest.mark.parametrize(
    "situation",
    [
        ["Tenants in the east tower kept receiving final notices, and a lot of them called us angry."],
        ["So, um, basically, the pharmacies we supply were getting short-dated stock they had to throw away."],
        ["Sure.", "Shoppers who ordered online were getting the wrong sizes in about one order in twelve."],
        ["I worked at a call center where callers waited forty minutes on hold."],
        ["Okay.", ("At the clinic, patients with early appointments were being told to come back another day "
         "because the front desk system was down.")],
        ["Readers of our app saw the same three articles for days, and a lot of them just stopped opening it."],
        # counted customers who are the subject of their own harm; an adverb before the ongoing verb
        ["So, at my old practice, three clients in one week got, um, the wrong dosage printed on the label."],
        ["Last spring, riders on the night line were regularly finding the last bus already gone."],
        ["So, um, last spring buyers on our site got hit by fake listings, they'd pay and nothing ever arrived."],
        ["During a file review I found that participants at two sites had been enrolled on a superseded protocol."],
    ],
)
def test_customer_harm_in_the_opening_passes(situation):
    assert verdicts(run(situation=situation))["customer_first"] == "pass"


@pytest.mark.parametrize(
    "situation",
    [
        ["I was the manager of a busy forty-bed clinic, and our nurses were working double shifts."],
        ["Our internal users kept getting locked out of the expense tool."],
        ["Our warehouse pickers were walking twice as far as they needed to on every order."],
        ["The goal for the quarter was to grow active users by ten percent."],  # a goal that mentions users
        ["The dashboard the finance team used kept timing out every morning."],
        # scale, with a failure of the system later in the clause
        ["I was one of 9 engineers on the booking platform for an airline with 40 million passengers and the nightly run failed."],
    ],
)
def test_staff_internal_users_and_the_workplace_are_not_customer_harm(situation):
    assert verdicts(run(situation=situation))["customer_first"] == "fail"


def test_customer_harm_after_the_first_two_sentences_is_too_late():
    r = run(situation=[("I ran the night shift at a parcel hub on the edge of town, the biggest one the company had in "
                       "the region at the time."),
                       "We had just installed a new sorter from a vendor, and the whole building was still learning it.",
                       "Customers were getting parcels three days late."])
    assert verdicts(r)["customer_first"] == "fail"


# --------------------------------------------------------------------------- the reflection probe


@pytest.mark.parametrize(
    "answer, strength",
    [
        ("I'd put an alert on the nightly export and give it a named owner on their side.", "strong"),
        ("Honestly, I'd keep everyone in the loop and make sure people feel heard at the weekly review.", "weak"),
    ],
)
def test_the_reflection_probe_judges_like_the_criterion(answer, strength):
    from rehearse.rubric import grade_probe

    assert grade_probe("reflection", answer).grade == strength


def test_a_reflection_in_the_present_tense_without_a_marker_word_is_judged_not_dropped():
    """Whisper may hear "I learned" as "I learn": present tense, no cue, still a reflection."""
    from rehearse.models import Section, Sentence
    from rehearse.rubric import check

    def part(name: str, text: str) -> Section:
        return Section(name, (Sentence(text),))

    answer = [
        part("situation", "Drivers at our depot kept missing the loading window for the early routes."),
        part("action", "I moved the pick list print to the night shift and I timed the loading myself for a week."),
        part("result", "Late departures fell from nine a week to two."),
        part("reflection", "I plan the pick list the night before every route change because the morning has no slack."),
    ]
    finding = next(f for f in check(answer, "mid", "ownership").findings if f.id == "reflection_specific")
    assert finding.evidence, finding.advice
    story_tail = answer[:3] + [part("reflection", "We fixed it and the drivers were happy.")]
    tail = next(f for f in check(story_tail, "mid", "ownership").findings if f.id == "reflection_specific")
    assert tail.verdict == "fail" and not tail.evidence
