"""Verdicts from clause shapes, not phrases: trade-offs, verification, delegated validation,
escalation hand-offs, scope boundaries and opportunistic motivation told in many styles (terse,
formal, non-native, filler-heavy, unpunctuated), each with near misses that must not trigger.
The wordings are written for these tests, not taken from the labelled batches."""

from __future__ import annotations

import pytest
from star_parts import star_sections

from rehearse.analysis.pipeline import check_text
from rehearse.models import Section, Sentence
from rehearse.rubric import check

SETTING = "Our warehouse kept shipping late orders to one region."
FIRST_STEP = "I looked into it."


def grade(action: list[str], situation: tuple[str, ...] = (SETTING,), level: str = "senior",
          lp: str = "ownership", result: tuple[str, ...] = (), task: tuple[str, ...] = ()):
    """Check an answer given as STAR parts; each sentence lasts four seconds."""
    return check(star_sections([("situation", situation), ("task", task), ("action", action), ("result", result)]),
                 level, lp)


def verdict(result, crit: str) -> str:
    return next(f.verdict for f in result.findings if f.id == crit)


def flagged(result, fid: str) -> bool:
    return any(f.id == fid for f in result.red_flags)


# --------------------------------------------------------------------------- trade-offs

@pytest.mark.parametrize("steps", [
    # counterfactual answered by a fact, then the choice
    ["We could have hired a contractor to do the migration, but the quote came in at ninety thousand "
     "dollars, so I wrote the scripts over two weekends."],
    # options named, the choice and a reason in the next sentence
    ["My options were to pause the rollout or keep going with a kill switch.",
     "I kept going, since the kill switch took seconds to flip and every paused day delayed refunds."],
    # someone else's proposal answered with a choice and a consequence
    ["The finance lead wanted a full audit of every account.",
     "I pushed for sampling two hundred accounts first: a full audit would have taken the whole quarter."],
    # what the choice cost, accepted for a reason
    ["Going with the spreadsheet meant giving up the nice reporting, which was fine because the data fit on one sheet."],
    ["One option was to buy more scanners; the other was to change the shift pattern.",
     "I changed the shift pattern, as the scanners sat idle half the day anyway."],
    # a refused wait with reversibility as the reason
    ["I didn't wait for the vendor patch: customers were being double-charged every hour, and the config "
     "flag was easy to switch back."],
    ["I thought about rewriting the whole parser, but that was two months of work, so I patched the one rule that broke."],
    # non-native, present tense
    ["I have two choice: stop the line today or run it until Friday.",
     "I stop it today, because every day more bad parts go to the customer."],
    # filler-heavy
    ["So, um, we considered, like, a second shift, but, uh, overtime would have cost more than the late fees, "
     "so I re-sequenced the pick waves instead."],
    ["Manual invoicing would have been faster to set up, but it breaks the first time the clerk is away, "
     "so I built the field."],
    # a comparison of two actions, labelled plans, "A, not B", a reason told before a bare "instead"
    ["I prefer to fix the mapping than to rebuild the whole system, because the mapping is one day of work."],
    ["Better to patch the label template now than wait for the new printer software, since every week we ship "
     "around two hundred wrong labels."],
    ["Plan A was a new conveyor; plan B was re-slotting the fast movers.",
     "I went for plan B because it cost almost nothing and we could start on Monday."],
    ["I go with the short survey, not the long one, because people stop answering after five questions."],
    ["The new scanners were about forty thousand dollars, so I re-trained the pickers on the old ones instead."],
    # unpunctuated speech, the contrast opening the next sentence
    ["i could have let the vendor rebuild the whole feed", "but that was a six week job so i fixed the two broken fields myself"],
])
def test_tradeoff_told_in_other_shapes_passes(steps):
    assert verdict(grade([FIRST_STEP, *steps]), "tradeoffs") == "pass"


@pytest.mark.parametrize("steps", [
    ["It was a really hard decision between the two vendors, and in the end I went with the second one."],
    ["I thought about asking another team for help, but in the end I did it myself."],
    ["I could have asked for help, but I didn't."],
    # preferences are not reasons
    ["I went with the blue design over the green one because most of the team liked it better."],
    ["I used Postgres rather than Mongo since I was more comfortable with it."],
    ["I picked the second supplier since it was the one everybody preferred."],
    # no alternative named
    ["We weighed the pros and cons for a couple of weeks and then made a call."],
    ["I considered the numbers, but they didn't add up."],
    ["It could have been worse, but the customers were still angry."],
    ["The customer wanted to know when the parcels would arrive, so I checked the tracking and called her back."],
    ["My manager wanted a report by Friday.", "I went to the warehouse because the scanner data was wrong."],
    # time, not reason; an action, not reversibility; a view, not an option
    ["Since March the team had been running two versions of the report."],
    ["I rolled back the release, and the errors stopped within minutes."],
    # options a product has, a fact nobody weighed, a question of fact, a short wait
    ["The checkout page showed two payment options, but one of them failed because the token expired."],
    ["The outage could have been prevented, but nobody monitored the queue."],
    ["I didn't know whether the bug was in the app or the API, because the logs were empty."],
    ["We didn't wait long; the truck arrived in ten minutes because the dock was empty."],
    ["Some people wanted a new tool, others wanted to keep the spreadsheet, and we talked about it for a while."],
    ["I chose the red one.", "It looked nicer."],
    ["I stayed calm because I was thinking about the fix instead of the blame."],
])
def test_tradeoff_near_misses_fail(steps):
    assert verdict(grade([FIRST_STEP, *steps]), "tradeoffs") == "fail"


def test_a_tough_call_with_a_real_reason_still_passes():
    r = grade([FIRST_STEP, "It was a tough call, but I chose the vendor tool instead of building our own, because "
                           "building would have tied up two engineers for a quarter."])
    assert verdict(r, "tradeoffs") == "pass"


def test_a_proposal_in_the_reflection_is_not_a_choice_made():
    def one(name: str, text: str, t: float) -> Section:
        return Section(name=name, sentences=(Sentence(text=text, start_s=t, end_s=t + 4.0),), start_s=t, end_s=t + 4.0)

    sections = [one("situation", SETTING, 0.0), one("action", "I rewrote the pick rules myself.", 5.0),
                one("reflection", "Next time I would run a pilot rather than a big launch, because pilots are "
                                  "cheaper to undo.", 10.0)]
    assert verdict(check(sections, "senior", "ownership"), "tradeoffs") == "fail"


# --------------------------------------------------------------------------- verification

@pytest.mark.parametrize("steps", [
    ["I moved the pick faces closer to the dock.",
     "For the next three weeks I tallied the late orders myself at the end of each shift."],
    # a people story: the outcome data checked personally
    ["I rewrote the onboarding checklist with the two supervisors.",
     "A month later I went back through the exit survey answers to see whether the complaints about week one had stopped."],
    ["I changed the reorder threshold in the planning sheet.",
     "Then I compared every reorder from the next cycle against the old rule by hand."],
    ["I re-ordered the triage questions on the intake form.", "After the change I sat in on ten calls and timed each one myself."],
    ["I changed the pick path.", "Then I kept an eye on the mis-pick report every morning for two weeks."],
    ["I changed the pick path.", "After go-live I ran the numbers again with my own spreadsheet to make sure they matched."],
    ["I changed the pick path.", "I sat with the night shift and watched the first hundred scans go through."],
    # split speech: the subject carried from the previous sentence
    ["i changed the dock schedule and went out two mornings later", "and counted the waiting trucks myself"],
])
def test_checking_outcome_data_yourself_is_verification(steps):
    assert verdict(grade([FIRST_STEP, *steps]), "verification") == "pass"


@pytest.mark.parametrize("steps", [
    # investigation before the change is not a check of the fix
    ["I pulled six weeks of scan data myself and found the two zip codes that were wrong.", "I updated the mapping file."],
    ["I updated the mapping file.", "I never counted the parcels myself afterwards; I assumed the scans would show it."],
    ["I updated the mapping file.", "Next time I would count the parcels myself for a week."],
    ["I updated the mapping file.", "Every time a parcel was late, the station re-routed it by hand."],
    # someone else did the comparing
    ["I updated the mapping file and sent it to the regional office, and their analyst compared the next week against the old one."],
    ["I chose to let her lead the design review over presenting it myself."],
    ["I changed the pick path.", "The night shift lead kept an eye on it and said it was fine."],
])
def test_near_misses_are_not_verification(steps):
    assert verdict(grade([FIRST_STEP, *steps]), "verification") == "fail"


@pytest.mark.parametrize("steps", [
    ["I swapped the feeder belt.", "Maintenance told me they had run it for a full shift and it was fine, so I closed the work order."],
    ["I rewrote the rota.", "I asked the two shift supervisors to check that nobody was double-booked, and they said it was all good."],
    ["I changed the pricing rule and had the analytics team verify the next week's invoices."],
])
def test_trusting_someone_elses_check_is_delegated_validation(steps):
    r = grade([FIRST_STEP, *steps])
    assert verdict(r, "verification") == "fail"
    assert flagged(r, "delegated_validation")


@pytest.mark.parametrize("steps", [
    ["I changed the pricing rule.", "I never got to test it on a live order before I changed roles."],
    ["I changed the pricing rule.", "I asked the analyst for last month's invoices so I could compare them against the new rule myself."],
    ["I changed the pricing rule.", "I let her run the Monday review on her own after that."],
])
def test_near_misses_are_not_delegated_validation(steps):
    assert not flagged(grade([FIRST_STEP, *steps]), "delegated_validation")


# --------------------------------------------------------------------------- escalation hand-off

@pytest.mark.parametrize("steps", [
    ["I pinged the payments team about the duplicate charges.", "A week later they rolled back the pricing service and fixed the rounding bug."],
    ["I emailed their support desk with the error codes, and they replaced the controller board the next day."],
    ["So I logged a ticket with facilities.", "Their crew recalibrated the sensors that Friday."],
    ["Called the vendor hotline. Opened a case.", "They pushed a firmware update to all the units."],
    # an own attempt that did not hold does not clear it
    ["I reset the controllers, but the fault kept coming back.", "So I emailed their support line, and they replaced the boards."],
])
def test_routing_the_problem_while_someone_else_fixes_it_is_a_handoff(steps):
    assert flagged(grade([FIRST_STEP, *steps]), "escalation_handoff")


@pytest.mark.parametrize("steps", [
    ["I flagged the bug to their lead, but I brought a tested patch with it, and they merged it that afternoon."],
    ["I didn't just escalate it; I wrote the fix myself and they deployed my patch."],
    ["I told my manager about the plan, and then I rewrote the rota myself."],
    ["I emailed the customer an apology and a refund.", "I changed the label template myself that night."],
    ["I asked the vendor for their logs.", "I found the bug myself and patched the parser.", "They updated their docs afterwards."],
    # the speaker's own fix first, then telling the people it affects
    ["I rebuilt the delivery routes myself.", "Then I told them about the new routes, and they changed their pickup times."],
])
def test_informing_others_alongside_your_own_fix_is_not_a_handoff(steps):
    assert not flagged(grade([FIRST_STEP, *steps]), "escalation_handoff")


# --------------------------------------------------------------------------- scope boundary

@pytest.mark.parametrize("sentence, expected", [
    ("Strictly speaking the returns process was the job of the regional logistics office, and no one on our "
     "floor had ever been asked to look at it.", "pass"),
    ("Nobody in the clinic had filed anything about it.", "pass"),
    ("The scheduling tool sat with the central planning group, not with me.", "pass"),
    ("I run the returns desk, so the returns process was my responsibility.", "fail"),
    ("As the team lead it was my job to sort it out.", "fail"),
    ("Nobody complained at first, so the errors piled up.", "fail"),
    ("The fix was used by every store in the district, not only mine.", "fail"),
])
def test_scope_boundary_from_clause_shapes(sentence, expected):
    r = grade(["I rewrote the pick rules myself."], situation=(SETTING, sentence))
    assert verdict(r, "scope_boundary") == expected


def test_a_boundary_word_in_the_result_is_not_a_scope_boundary():
    r = grade(["I rewrote the pick rules myself."],
              result=("Late orders fell from forty a day to five.", "Every other site uses the rules now, not just ours."))
    assert verdict(r, "scope_boundary") == "fail"


# --------------------------------------------------------------------------- opportunistic motivation

def test_spare_time_given_to_others_is_not_opportunistic():
    r = grade([FIRST_STEP, "I negotiated for each new nurse to have one free afternoon a week for shadowing."])
    assert not flagged(r, "opportunistic_motivation")


def test_the_speakers_own_spare_time_is_opportunistic():
    r = grade([FIRST_STEP], situation=(SETTING, "I had some free time that week, so I took it on."))
    assert flagged(r, "opportunistic_motivation")


# --------------------------------------------------------------------------- where advice points

def _sections_quoted(advice: str, parts: dict[str, tuple[str, ...]]) -> set[str]:
    """The sections whose words the advice quotes (the template's own examples are in none)."""
    quoted = [p.replace("…", "").strip() for p in advice.split('"')[1::2]]
    return {name for q in quoted if len(q.split()) >= 3 for name, texts in parts.items() if any(q in t for t in texts)}


_SITUATION = (
    "It was a tough call for the whole company whether to move regions that year.",
    "I run the returns desk, and we rebuilt and moved the whole returns flow the year before.",
)
_ACTION = ["We moved the pick faces next to the dock.", "We changed the wave plan for the evening shift.",
           "I checked one evening myself."]


@pytest.mark.parametrize("crit", ["tradeoffs", "verification", "ownership_language"])
def test_action_tips_point_at_an_action_sentence_never_the_situation(crit):
    r = grade(_ACTION[:2], situation=_SITUATION)
    finding = next(f for f in r.findings if f.id == crit)
    assert finding.verdict == "fail"
    parts = {"situation": _SITUATION, "action": tuple(_ACTION)}
    assert _sections_quoted(finding.advice, parts) == {"action"}, finding.advice


def test_scope_tip_points_at_the_opening():
    r = grade(_ACTION, situation=_SITUATION)
    finding = next(f for f in r.findings if f.id == "scope_boundary")
    assert finding.verdict == "fail"
    parts = {"opening": _SITUATION[:1], "rest": _SITUATION[1:] + tuple(_ACTION)}
    assert _sections_quoted(finding.advice, parts) == {"opening"}, finding.advice


# --------------------------------------------------------------------------- whole answers, unpunctuated

_DOCK = ("so our trucks were getting turned away at the cross dock like twice a week and customers waited an extra "
         "day for their freight the dock schedule wasnt mine it belonged to the regional planning office i went "
         "through a month of gate logs and found the appointments overlapped every monday the planners wanted to "
         "add a second dock door which was going to cost about sixty thousand dollars but the overlap was only on "
         "mondays so i moved our monday pickups two hours later instead then i stood at the gate the next three "
         "mondays and counted the refused trucks myself refusals went from eight a month to zero")
_REMINDERS = ("our clinic's appointment reminders stopped going out so patients were missing visits the reminder "
              "system is run by an outside vendor i noticed the no show rate doubling in our weekly report i "
              "contacted the vendor's account manager and explained the pattern with screenshots their engineers "
              "found a broken template after a release and corrected it within two days no shows went back from "
              "twenty percent to ten percent")
_BATTERIES = ("forklift batteries died mid shift two three a week charging bay was facilities job i logged a ticket "
              "with facilities sent photos too they swapped the chargers the next month their tech said the new "
              "ones were tested fine by me dead batteries dropped to one a month")


def test_unpunctuated_answer_with_a_proposal_answered_by_a_choice():
    r = check_text(_DOCK, "senior", "ownership")
    assert verdict(r, "tradeoffs") == "pass"
    assert verdict(r, "verification") == "pass"
    assert verdict(r, "scope_boundary") == "pass"


def test_unpunctuated_answer_routed_to_a_vendor_who_fixed_it():
    r = check_text(_REMINDERS, "mid", "ownership")
    assert flagged(r, "escalation_handoff")
    assert verdict(r, "verification") == "fail"


def test_unpunctuated_terse_answer_trusting_the_vendors_test():
    r = check_text(_BATTERIES, "mid", "ownership")
    assert verdict(r, "verification") == "fail"
    assert flagged(r, "delegated_validation")
    assert flagged(r, "escalation_handoff")


@pytest.mark.parametrize("motive, expected", [
    ("I was between projects and had a few idle days, so I picked it up.", True),
    ("Honestly, things were slow that month and I was a bit bored, so I dug in.", True),
    ("Nothing much on my plate that week, so I had a look.", True),
    ("I took it on because customers were losing orders every night.", False),
    ("I spent my free time that month volunteering at the food bank, which is where I met the coordinator.", False),
    ("The team had no spare capacity, so I took it on myself.", False),
])
def test_opportunistic_motivation_told_in_the_decision_to_act(motive, expected):
    r = grade(["I rewrote the pick rules myself."], situation=(SETTING, motive))
    assert flagged(r, "opportunistic_motivation") == expected


@pytest.mark.parametrize("setting, expected", [
    ("Scheduling belonged to the planning office, and my director asked me to sort it out before the audit.", "fail"),
    ("The dock schedule sat with regional planning, but the VP assigned me the fix last spring.", "fail"),
    ("The dock schedule sat with regional planning, and nobody had asked me to touch it.", "pass"),
    ("The dock schedule sat with the regional planning team; my manager told me the numbers were off.", "pass"),
])
def test_assigned_work_has_no_scope_boundary(setting, expected):
    r = grade(["I rewrote the pick rules myself."], situation=(SETTING, setting))
    assert verdict(r, "scope_boundary") == expected
