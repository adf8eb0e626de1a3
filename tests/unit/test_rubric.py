"""Rubric checker: each criterion passing and failing, red flags and their look-alikes, input errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearse.analysis.pipeline import check_text
from rehearse.errors import BadInputError, RehearseError
from rehearse.models import Section, Sentence, Word
from rehearse.rubric import CRITERIA, RED_FLAGS, check, inflect, load_rules

ROOT = Path(__file__).resolve().parents[2]
LP_IDS = (
    "customer_obsession", "ownership", "invent_and_simplify", "are_right_a_lot", "learn_and_be_curious",
    "hire_and_develop_the_best", "insist_on_the_highest_standards", "think_big", "bias_for_action", "frugality",
    "earn_trust", "dive_deep", "have_backbone_disagree_and_commit", "deliver_results",
    "strive_to_be_earths_best_employer", "success_and_scale_bring_broad_responsibility",
)


def sections(**parts: list[str]) -> list[Section]:
    """Sections in STAR order from lists of sentences; sentence i starts at 5*i seconds."""
    out, t = [], 0.0
    for name in ("situation", "task", "action", "result", "reflection"):
        sents = []
        for text in parts.get(name, []):
            sents.append(Sentence(text=text, start_s=t, end_s=t + 4.0))
            t += 5.0
        if sents:
            out.append(Section(name=name, sentences=tuple(sents), start_s=sents[0].start_s, end_s=sents[-1].end_s))
    return out


def verdicts(result) -> dict[str, str]:
    return {f.id: f.verdict for f in result.findings}


def flags(result) -> set[str]:
    return {f.id for f in result.red_flags}


BASE = dict(
    situation=["Our checkout service had a slow page."],
    action=["I profiled the page and I found an unindexed query."],
)


def run(level: str = "mid", lp: str = "ownership", **parts: list[str]):
    merged = {**BASE, **parts}
    return check(sections(**merged), level, lp)


# --------------------------------------------------------------------------- criteria


@pytest.mark.parametrize(
    "parts, expected",
    [
        ({"task": ["It wasn't my team's service and no ticket existed."]}, "pass"),
        ({"task": ["Nobody asked me to look at it, it belonged to another team."]}, "pass"),
        ({"task": ["It was outside my team's scope."]}, "pass"),
        ({"task": ["I saw the errors in the billing service logs and decided to dig in."]}, "fail"),
        ({"task": ["My manager assigned me the ticket for it."]}, "fail"),
    ],
)
def test_scope_boundary(parts, expected):
    assert verdicts(run(**parts))["scope_boundary"] == expected


def test_ownership_language_counts_i_and_we_in_actions():
    good = run(action=["I traced the bug, I wrote the patch and I deployed it."])
    f = next(f for f in good.findings if f.id == "ownership_language")
    assert f.verdict == "pass" and f.details["i_count"] == 3 and f.details["we_count"] == 0

    bad = run(action=["We figured out the root cause.", "We wrote a fix and we deployed it."])
    f = next(f for f in bad.findings if f.id == "ownership_language")
    assert f.verdict == "fail" and f.details["we_count"] == 3
    assert "we_language" in flags(bad)
    assert "We figured out" in f.evidence[0].quote


def test_we_in_situation_and_result_does_not_hurt_ownership():
    r = run(
        situation=["We were a team of five and we owned the payments API."],
        action=["I pulled the logs and I found the leak.", "I fixed it and I tested the fix."],
        result=["We cut errors from 5% to 0.1%."],
    )
    assert verdicts(r)["ownership_language"] == "pass"
    assert "we_language" not in flags(r)


@pytest.mark.parametrize(
    "result, expected",
    [
        ("Errors went from 5% to 0.2%.", "pass"),
        ("I cut latency by 40%.", "pass"),
        ("Duplicate charges went down to zero.", "pass"),
        ("Build time dropped from twenty minutes to four.", "pass"),
        ("We shipped it in March 2022 with a team of 6 after 3 weeks.", "fail"),
        ("We grew the team from 4 to 10 engineers.", "fail"),
        ("The service handles 2 million requests a day.", "fail"),
    ],
)
def test_impact_metric(result, expected):
    assert verdicts(run(result=[result]))["impact_metric"] == expected


def test_numbers_in_the_situation_are_not_impact():
    r = run(situation=["Our webhook drop rate was 0.3% and latency went from 200ms to 2 seconds after a deploy."])
    assert verdicts(r)["impact_metric"] == "fail"


@pytest.mark.parametrize(
    "result, expected",
    [
        ("It recovered about $8K a week in revenue.", "pass"),
        # A customer metric, not money, a customer count, hours or churn (rubric-spec).
        ("Support tickets from customers fell by half.", "fail"),
        ("It saved the analysts about 10 hours a week.", "pass"),
        ("The page got faster from 4 seconds to 1 second.", "fail"),
    ],
)
def test_impact_business(result, expected):
    assert verdicts(run(result=[result]))["impact_business"] == expected


@pytest.mark.parametrize(
    "result, expected",
    [
        ("Three other teams adopted my alert pattern.", "pass"),
        ("The platform team made it the default for every new service.", "pass"),
        ("No other team has adopted it yet.", "fail"),
        ("Errors went from 5% to zero.", "fail"),
    ],
)
def test_impact_second_order(result, expected):
    assert verdicts(run(result=[result]))["impact_second_order"] == expected


def test_verification_pass_and_delegated_fail():
    ok = run(action=["I wrote a patch and I reproduced the failure locally to confirm it.", "I tested my patch."])
    assert verdicts(ok)["verification"] == "pass"
    bad = run(action=["I wrote a patch.", "I told the platform team about the fix and trusted them to test it."])
    assert verdicts(bad)["verification"] == "fail"
    assert "delegated_validation" in flags(bad)
    never = run(action=["I wrote a patch.", "I never tested it myself."])
    assert verdicts(never)["verification"] == "fail"


def test_reflection_specific_generic_and_missing():
    specific = run(reflection=["I would set up shared reliability SLAs and dashboards across teams."])
    assert verdicts(specific)["reflection_specific"] == "pass"
    generic = run(reflection=["I learned that communication is important."])
    assert verdicts(generic)["reflection_specific"] == "fail"
    assert "generic_reflection" in flags(generic)
    missing = run()
    assert verdicts(missing)["reflection_specific"] == "fail"
    assert "generic_reflection" not in flags(missing)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("I chose a minimal patch over a full rewrite because the rewrite would have taken a quarter.", "pass"),
        ("I went with retries instead of a longer timeout, since a longer timeout would block threads.", "pass"),
        ("It was a tough call and there were a lot of trade-offs.", "fail"),
        ("I worked hard on it.", "fail"),
        # a system that gives up trades nothing; a speaker who gives something up does
        ("I traced the drops to a retry handler that gave up after one timeout.", "fail"),
        ("I gave up the nice dashboard to ship the fix that week because invoices were being lost.", "pass"),
    ],
)
def test_tradeoffs(sentence, expected):
    r = run(level="senior", action=["I profiled the page.", sentence])
    assert verdicts(r)["tradeoffs"] == expected
    assert next(f for f in r.findings if f.id == "tradeoffs").required  # senior requires it


def test_customer_first():
    ok = check(sections(situation=["Customers were losing orders at checkout every evening.", "I owned search."],
                        action=["I fixed it."]), "mid", "customer_obsession")
    late = check(sections(situation=["Our stack is Kafka, Postgres and a Redis cache in front of the API.",
                                     "We run twelve services in two regions with a shared deploy pipeline."],
                          action=["I found that customers were losing orders and I fixed it."]),
                 "mid", "customer_obsession")
    assert verdicts(ok)["customer_first"] == "pass"
    assert verdicts(late)["customer_first"] == "fail"
    assert next(f for f in late.findings if f.id == "customer_first").required


# --------------------------------------------------------------------------- red flags and contrasts


@pytest.mark.parametrize(
    "sentence, flagged",
    [
        ("I escalated it to the platform team and they handled it.", True),
        ("I did escalate it, I sent them a Slack message and they handled it.", True),
        ("I didn't just escalate it, I brought a fix.", False),
        ("I flagged it to their tech lead but brought a ready-to-merge PR.", False),
        ("i didnt just escalate it i brought a fix", False),
    ],
)
def test_escalation_handoff_and_contrast(sentence, flagged):
    r = run(action=[sentence])
    assert ("escalation_handoff" in flags(r)) is flagged


@pytest.mark.parametrize(
    "sentence, flagged",
    [
        ("I had some free time that week, so I picked it up.", True),
        ("It wasn't because I had free time, customers were losing orders.", False),
    ],
)
def test_opportunistic_motivation_and_contrast(sentence, flagged):
    assert ("opportunistic_motivation" in flags(run(task=[sentence]))) is flagged


def test_vague_result_only_without_a_metric():
    vague = run(result=["In the end the team was happy and it went well."])
    assert "vague_result" in flags(vague)
    quantified = run(result=["Errors went from 5% to zero and the team was happy."])
    assert "vague_result" not in flags(quantified)


def test_delegated_validation_contrast():
    mine = run(action=["I wrote the fix and I tested it myself before QA verified it."])
    assert "delegated_validation" not in flags(mine)
    assert verdicts(mine)["verification"] == "pass"


def test_every_flag_has_quote_advice_and_time():
    r = run(
        task=["I had some free time."],
        action=["We figured out the cause and we fixed it.", "We deployed it.", "I escalated it and they handled it.",
                "I trusted them to test it."],
        result=["Everyone was happy."],
        reflection=["I learned communication is important."],
    )
    got = {f.id: f for f in r.red_flags}
    assert set(got) == set(RED_FLAGS)
    for f in got.values():
        assert f.quote and f.advice and f.start_s is not None


# --------------------------------------------------------------------------- shape, guidance, data


def test_findings_cover_all_criteria_with_advice_quoting_the_answer():
    r = run(task=["It wasn't my team's service."], result=["Errors went from 5% to zero."])
    assert tuple(f.id for f in r.findings) == CRITERIA
    for f in r.findings:
        assert f.verdict in ("pass", "fail", "n/a") and f.advice
    scope = next(f for f in r.findings if f.id == "scope_boundary")
    assert "wasn't my team" in scope.advice  # advice quotes what they said
    metric = next(f for f in r.findings if f.id == "impact_metric")
    assert metric.evidence[0].start_s == 15.0  # the result sentence's start time


def test_evidence_uses_word_times_when_present():
    words = tuple(Word(w, start_s=1.0 + i * 0.3, end_s=1.2 + i * 0.3) for i, w in enumerate(
        "Nobody asked me to fix it because it belonged to another team.".split()))
    sent = Sentence(text=" ".join(w.text for w in words), words=words, start_s=1.0, end_s=words[-1].end_s)
    r = check([Section("task", (sent,), 1.0, sent.end_s)], "mid", "ownership")
    scope = next(f for f in r.findings if f.id == "scope_boundary")
    assert scope.verdict == "pass" and scope.evidence[0].start_s == pytest.approx(1.0)


def test_required_follows_level_and_lp():
    mid_own = {f.id: f.required for f in run(level="mid", lp="ownership").findings}
    senior_co = {f.id: f.required for f in run(level="senior", lp="customer_obsession").findings}
    assert mid_own["scope_boundary"] and not mid_own["tradeoffs"] and not mid_own["customer_first"]
    assert senior_co["tradeoffs"] and senior_co["customer_first"] and not senior_co["scope_boundary"]


def test_guidance_for_every_lp():
    rules = load_rules()
    assert set(LP_IDS) == set(rules.lps)
    for lp in LP_IDS:
        g = run(lp=lp).guidance
        assert g.lp == lp and g.emphasize and g.de_emphasize and g.notes
    co = run(lp="customer_obsession", level="senior").guidance
    assert any("customer impact" in e for e in co.emphasize)
    assert any("technical" in d for d in co.de_emphasize)
    assert any("trade-off" in e for e in co.emphasize)  # senior level adds its own angle


def test_asr_like_input_without_punctuation_or_capitals():
    text = (
        "um so the webhook service wasnt my teams service and there was no ticket for it i pulled the logs "
        "and i found a retry bug i wrote a patch and i reproduced the failure locally and tested my patch "
        "the drop rate went from point three percent to zero and we recovered about 8k dollars a week "
        "two other teams adopted my alert in hindsight i would set up shared slas and dashboards"
    )
    v = verdicts(check_text(text, "mid", "ownership"))
    assert v["scope_boundary"] == v["ownership_language"] == v["verification"] == "pass"
    assert v["impact_metric"] == v["impact_business"] == v["impact_second_order"] == "pass"
    assert v["reflection_specific"] == "pass"


def test_ordinal_after_a_determiner_does_not_split_run_on_speech():
    from rehearse.lang.sentences import split_text

    texts = [s.text for s in split_text("i chose to fetch the first segment in parallel over a full rewrite because it was faster")]
    assert len(texts) == 1


def test_typed_lines_without_full_stops_become_sentences():
    from rehearse.lang.sentences import typed_text_to_prose

    typed = "Situation:\n- It wasn't my team's service\n- Errors went from 5% to zero\n"
    assert typed_text_to_prose(typed) == "Situation: It wasn't my team's service. Errors went from 5% to zero."
    assert typed_text_to_prose("one line stays as is") == "one line stays as is"


def test_thirty_minute_transcript_runs():
    answer = (ROOT / "tests" / "data" / "rubric" / "dev_a.toml").read_text()
    text = " ".join(answer.split()[:300])
    long_text = " ".join([text] * 15)  # ~4500 words, about 30 minutes of speech
    r = check_text(long_text, "senior", "ownership")
    assert len(r.findings) == len(CRITERIA)


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_input_is_a_clear_error(text):
    with pytest.raises(BadInputError) as err:
        check_text(text, "mid", "ownership")
    assert "no answer text" in str(err.value) and err.value.exit_code == 2
    with pytest.raises(RehearseError):
        check([], "mid", "ownership")


def test_unknown_level_or_lp_lists_valid_ones():
    with pytest.raises(BadInputError) as err:
        check_text("I fixed it.", "staff", "ownership")
    assert "mid" in str(err.value) and "senior" in str(err.value)
    with pytest.raises(BadInputError) as err:
        check_text("I fixed it.", "mid", "ownershp")
    assert "customer_obsession" in str(err.value) and "dive_deep" in str(err.value)


def test_rules_errors_and_word_forms(tmp_path):
    with pytest.raises(BadInputError):
        load_rules(tmp_path / "missing.toml")
    bad = tmp_path / "rubric.toml"
    bad.write_text("[patterns\n")
    with pytest.raises(BadInputError):
        load_rules(bad)
    assert {"escalate", "escalated", "escalating", "escalates"} <= inflect("escalate")
    assert {"stopped", "stopping", "verified"} <= inflect("stop") | inflect("verify")


# --------------------------------------------------------------------------- generalisation mechanisms
# Each case exercises a general mechanism (a token class, voice, clause or hedge rule), not a phrase.


@pytest.mark.parametrize("result", [
    "The backfill recovered about $40,000 in invoices that had never been built.",  # Whisper's rendering
    "The backfill recovered about forty thousand dollars in invoices that had never been billed.",
    "That put roughly €12k a month back into the budget.",
])
def test_an_amount_of_money_is_business_value(result):
    assert verdicts(run(result=[result]))["impact_business"] == "pass"


def test_a_share_of_sales_is_not_an_amount_of_money():
    r = run(action=["I found that 50% of sales in some groups came from recommendations."],
            result=["The design document was reviewed by the principal engineer."])
    assert verdicts(r)["impact_business"] == "fail"


@pytest.mark.parametrize("result, expected", [
    ("The time to a full load dropped to about three and a half months.", "pass"),  # hedge before a number
    ("Contacts fell by over 75% for driver-related concerns.", "pass"),
    ("Desync reports dropped by a factor of ten.", "pass"),
    ("The contract was worth about six hundred thousand dollars a year.", "fail"),  # a value, not a delta
])
def test_metric_deltas_with_hedges_and_unusual_forms(result, expected):
    assert verdicts(run(result=[result]))["impact_metric"] == expected


@pytest.mark.parametrize("action, expected", [
    ("Every board revision was flashed and tested by me before the update went out.", "pass"),
    ("I found the forms sat unread because the mailbox was monitored only on Fridays.", "fail"),
])
def test_passive_voice_verification_needs_the_speaker_as_agent(action, expected):
    r = run(action=["I rewrote the reconnect logic.", action])
    assert verdicts(r)["verification"] == expected


def test_verified_by_someone_else_is_delegated_validation():
    r = run(action=["I wrote a fix that buffered updates.", "The fix was verified by QA before release."])
    assert verdicts(r)["verification"] == "fail"
    assert "delegated_validation" in flags(r)


def test_an_agent_after_a_preposition_is_not_the_subject():
    r = run(action=["I graded the first 500 returns myself next to the quality team to confirm we agreed."])
    assert verdicts(r)["verification"] == "pass"
    assert "delegated_validation" not in flags(r)


def test_they_said_it_worked_is_delegated_validation():
    r = run(action=["I swapped the lens myself.", "The automation team told me it was working and I believed them."])
    assert verdicts(r)["verification"] == "fail"
    assert "delegated_validation" in flags(r)


@pytest.mark.parametrize("sentence, expected", [
    ("New hires now get access in two days instead of three weeks because the form moved.", "fail"),
    ("I deleted data in small daily batches instead of one big purge, because a purge locks the database.", "pass"),
    ("I refused to compromise on quality, even when it meant additional development work.", "pass"),
])
def test_instead_of_an_amount_is_a_comparison_not_a_trade_off(sentence, expected):
    assert verdicts(run(action=[sentence]))["tradeoffs"] == expected


@pytest.mark.parametrize("opening, expected", [
    (["I was in a meeting with a client, presenting a demo to their team.", "I had to pause it."], "fail"),
    (["There was pressure to focus on short-term deliverables and immediate revenue.", "I owned it."], "fail"),
    (["Small-business customers were being locked out of their accounts.", "I owned it."], "pass"),
    (["Parents of our students never received the invitations and were missing conferences.", "I owned it."], "pass"),
])
def test_customer_first_needs_an_impact_on_the_customer(opening, expected):
    r = check(sections(situation=opening, action=["I fixed the form."]), "mid", "customer_obsession")
    assert verdicts(r)["customer_first"] == expected


@pytest.mark.parametrize("reflection, expected", [
    ("Next time I would communicate more with the hiring managers.", "fail"),
    ("I learned that I should follow up more closely on tickets.", "fail"),
    ("I learned that communication matters, so I now add a shared delivery dashboard with an owner to every integration.", "pass"),
])
def test_a_generic_lesson_clause_does_not_become_specific_by_its_object(reflection, expected):
    r = run(action=["I filed tickets with the hiring managers and the platform team."], reflection=[reflection])
    assert verdicts(r)["reflection_specific"] == expected


def test_learning_about_something_in_the_action_is_not_a_reflection():
    r = run(action=["I learned about React hooks and rewrote the chat component with them."])
    assert verdicts(r)["reflection_specific"] == "fail"
    assert "generic_reflection" not in flags(r)


def test_adoption_by_other_units_and_rollout_to_own_staff():
    adopted = run(result=["Two other studios in the company picked up the cache for their own engines."])
    assert verdicts(adopted)["impact_second_order"] == "pass"
    own_rollout = run(result=["We rolled it out to all the tellers in the branch."])
    assert verdicts(own_rollout)["impact_second_order"] == "fail"


@pytest.mark.parametrize("scope, expected", [
    ("The supplier relationship was owned by procurement, not by engineering.", "pass"),
    ("Nobody on our firmware team had been asked to look into it.", "pass"),
    ("I found that users on older app versions were never assigned to the control group.", "fail"),
])
def test_scope_statements(scope, expected):
    assert verdicts(run(situation=[scope]))["scope_boundary"] == expected


def test_unpunctuated_object_pronoun_closes_a_clause():
    # Without punctuation "could read it" must not lend its modal to the metric after it.
    text = ("i phoned ten families at random to confirm they had received the invitation and could read it "
            "conference attendance for those families went from one in three to nine in ten")
    assert verdicts(run(result=[text]))["impact_business"] == "pass"


