"""The rubric's criteria, one function each: an analysed answer in, its finding (and the red
flags the same evidence raises) out; ``check`` runs them all and adds the other red flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rehearse.errors import BadInputError
from rehearse.models import Guidance, RedFlag, RubricResult, Section, Sentence
from rehearse.rubric.advice import shorten
from rehearse.rubric.answer import AnswerAnalysis, analyse_answer, snippet
from rehearse.rubric.clauses import YEAR_RE, SentenceTokens
from rehearse.rubric.context import AnswerContext, Decision
from rehearse.rubric.doers import (
    doer,
    is_past_verb,
    modifier_use,
    noun_subject_before,
    reported_by_other,
    requested_of_other,
    whenever_span,
)
from rehearse.rubric.matching import Match
from rehearse.rubric.opening import customer_harm_in_opening
from rehearse.rubric.outcomes import business_outcome, metric_deltas
from rehearse.rubric.ownership_signals import (
    assigned_to_speaker,
    checked_by_other,
    checks_only_before_handover,
    consults_person,
    first_change,
    fix_anchor,
    scope_statement,
    trusted_report,
    verification_by_asking,
    verification_by_observation,
    verification_by_purpose,
)
from rehearse.rubric.red_flags import unattached_red_flags
from rehearse.rubric.reflection import judge_reflection
from rehearse.rubric.rules import CRITERIA, NOT_JUST, RED_FLAGS, RubricRules, load_rules
from rehearse.rubric.scope_signals import boundary_evidence
from rehearse.rubric.second_order import second_order_outcome
from rehearse.rubric.signals import (
    NOT_CONTEXT_ROLES,
    doer_sentences,
    find_tradeoff,
    first_match,
    irrealis_strict,
    pronoun_counts,
    reflection_cues,
    reflection_sentences,
    verb_is_noun,
)
from rehearse.rubric.tradeoffs import decision_anchor


def scope_boundary(ctx: AnswerContext) -> Decision:
    """Does the speaker say the problem was outside their remit ("not my team's", "no ticket")?"""
    answer, rules = ctx.answer, ctx.rules
    # Scope statements carry their own negation ("isn't ours", "nobody asked"): not filtered by it.
    # A boundary belongs to the setting or the action: "used by all brand teams now, not only mine"
    # in the result is not one.
    scope = [m for m in answer.matches.get("scope_boundary", []) if not irrealis_strict(answer, m)
             and m.state != NOT_JUST and answer.sents[m.sent].role not in ("result", "reflection")
             and not set(answer.sents[m.sent].toks[m.start + 1:m.start + 2]) & rules.lex("not_just")
             and not _about_testing(answer.sents[m.sent].toks, m.start, m.end)]
    scope = boundary_evidence(answer, scope) or boundary_evidence(
        answer, [m for m in [scope_statement(answer)] if m is not None])
    if scope and assigned_to_speaker(answer) is not None:
        scope = []  # "my manager asked me to sort it out": assigned work has no boundary (spec)
    # Scope statements are often in a "wasn't asked" shape: keep them even though "asked" is irrealis-listed.
    if scope:
        m = first_match(scope)
        return ctx.decide("scope_boundary", "pass", [answer.quote(m)],
                          ctx.advice("scope_boundary", "pass", quote=snippet(answer, m)))
    return ctx.decide("scope_boundary", "fail", [], ctx.advice("scope_boundary", "fail", opening=ctx.opening_text))


def _about_testing(toks: Sequence[str], start: int, end: int) -> bool:
    """"Their QA team ran it through their test suite", "their team ran their tests on it": a team
    running tests owns nothing here."""
    return any(t in {"test", "tests", "suite", "testing", "qa"} for t in toks[start:end + 5])


def ownership_language(ctx: AnswerContext) -> Decision:
    """"I" for the actions, not "we" (flag: we_language)."""
    answer, rules, act = ctx.answer, ctx.rules, ctx.actions
    i_count, we_count, we_spots = pronoun_counts(answer, act)
    # Actions told with "we" inside the situation (segmentation may put them there) count partly.
    act_ids = {s.index for s in act}
    situation = [s for s in answer.sents if s.role == "situation" and s.index not in act_ids]
    _si, sit_we, sit_spots = pronoun_counts(answer, situation)
    we_weighted = we_count + float(rules.settings.get("situation_we_weight", 0.5)) * sit_we
    we_spots = we_spots or sit_spots
    ratio = float(rules.settings.get("we_dominates_ratio", 1.0))
    details = {"i_count": i_count, "we_count": we_count, "we_in_situation": sit_we, "action_sentences": len(act)}
    if i_count + we_weighted == 0:
        # An Action told in the passive ("a ticket was raised with the vendor") has no "we" doing
        # things, so by the spec it passes; with no Action at all there is nothing to judge.
        told = [x for x in act if x.role == "action" and _passive_past(x)]
        if told:
            ev = answer.quote(sent=told[0].index)
            return ctx.decide("ownership_language", "pass", [ev], ctx.advice(
                "ownership_language", "pass_passive", quote=shorten(ev.quote, 14)), details)
        return ctx.decide("ownership_language", "n/a", [], ctx.advice("ownership_language", "na"), details)
    we_sents, i_sents = doer_sentences(act)
    # The spec's test is per sentence: most Action sentences have "we" doing things.
    # (judged on the Action's own sentences: a task's "I decided to take it on" is no action)
    in_action = [x for x in act if x.role in ("action", None)]
    we_act, i_act = doer_sentences(in_action)
    we_majority = (len(we_sents) >= 3 and len(we_sents) > 2 * len(i_sents)) or (
        len(we_act) >= 3 and 2 * len(we_act) > len(in_action) and len(we_act) > len(i_act))
    if we_weighted > ratio * i_count or (we_weighted >= 2 and we_weighted >= i_count) or we_majority:
        si, _k = we_spots[0] if we_spots else (we_sents[0], 0)
        ev = answer.quote(sent=si)
        return ctx.decide("ownership_language", "fail", [ev], ctx.advice(
            "ownership_language", "fail", quote=shorten(ev.quote, 14), i_count=i_count, we_count=we_count), details,
            flags=[ctx.flag("we_language", sent=si)])
    i_sent = next((s for s in act if any(t in rules.lex("i_forms") for t in s.toks)), act[0])
    ev = answer.quote(sent=i_sent.index)
    return ctx.decide("ownership_language", "pass", [ev], ctx.advice(
        "ownership_language", "pass", quote=shorten(ev.quote, 14), i_count=i_count, we_count=we_count), details)


def impact_metric(ctx: AnswerContext) -> Decision:
    """A number that changed ("from 2% to 0.1%"), outside the situation."""
    answer = ctx.answer
    # Negation is not checked for metrics: "with no reboot, reboots went from 5 to 0" is still a delta.
    metric = metric_deltas(answer)
    if metric:
        m = first_match([x for x in metric if answer.sents[x.sent].role == "result"] or metric)
        return ctx.decide("impact_metric", "pass", [answer.quote(m)],
                          ctx.advice("impact_metric", "pass", quote=snippet(answer, m)))
    numbered = [s for s in answer.sents if any(s.is_num) or any(YEAR_RE.match(t) for t in s.toks)]
    if numbered:
        ev = answer.quote(sent=numbered[0].index)
        return ctx.decide("impact_metric", "fail", [ev], ctx.advice("impact_metric", "fail_numbers", quote=shorten(ev.quote, 14)))
    return ctx.decide("impact_metric", "fail", [], ctx.advice("impact_metric", "fail", result_hint=ctx.result_hint))


def _outcome_found(ctx: AnswerContext, criterion: str, found: Match | None) -> Decision:
    """Pass quoting ``found``; else fail, pointing at the last result sentence."""
    if found is not None:
        return ctx.decide(criterion, "pass", [ctx.answer.quote(found)],
                          ctx.advice(criterion, "pass", quote=snippet(ctx.answer, found)))
    return ctx.decide(criterion, "fail", [], ctx.advice(criterion, "fail", result_hint=ctx.result_hint))


def impact_business(ctx: AnswerContext) -> Decision:
    """Customers or money, where something changed for them (rubric/outcomes.py)."""
    return _outcome_found(ctx, "impact_business", business_outcome(ctx.answer))


def impact_second_order(ctx: AnswerContext) -> Decision:
    """An effect beyond the fix: others adopted it, it became the default, a process changed."""
    return _outcome_found(ctx, "impact_second_order", second_order_outcome(ctx.answer))


def verification(ctx: AnswerContext) -> Decision:
    """The speaker tested it themselves (flag: delegated_validation when someone else did)."""
    answer = ctx.answer
    # A check word is the speaker's only as a verb with I as its doer: not "manual reconciling entries",
    # "checked the units and every time ...", "their analyst compared ...", "asked them to check ...".
    verified = [m for m in answer.of("verification", subjects=("self",)) if not verb_is_noun(answer, m)
                and not modifier_use(answer.sents[m.sent], m.start) and not whenever_span(answer.sents[m.sent], m.end)
                and noun_subject_before(answer.sents[m.sent], m.start) in (None, "self")
                and not requested_of_other(answer, answer.sents[m.sent], m.start)
                and not reported_by_other(answer, answer.sents[m.sent], m.start)
                and not consults_person(answer, answer.sents[m.sent], m.start)
                and not _not_a_check(answer, m)
                # (a reflection's "every change must be back-tested" proposes a rule, it checks nothing)
                and not (answer.sents[m.sent].role == "reflection" and _ruled_before(answer.sents[m.sent], m.start))]
    # ("Spot checks on every joint were done by me for two weeks": the passive's agent is the speaker)
    verified += [m for m in answer.of("verification", NOT_CONTEXT_ROLES, real=False)
                 if _done_by_me(answer.sents[m.sent]) and m not in verified]
    verified = verified or [m for m in [verification_by_observation(answer) or verification_by_purpose(answer)
                                        or verification_by_asking(answer)] if m is not None]
    delegated = answer.of("delegated_validation", NOT_CONTEXT_ROLES, allow_not_just=False)
    # (a reflection's "payroll signs off on it" proposes a rule for next time; "signed off" there is a slip)
    delegated += [m for m in answer.of("sign_off", NOT_CONTEXT_ROLES) if doer(answer, answer.sents[m.sent], m.start) != "self"
                  and (answer.sents[m.sent].role != "reflection" or is_past_verb(answer.sents[m.sent], m.start))]
    # Someone else as the subject of testing, also when asked to ("told them to test it"), is delegation.
    # (not a check built into someone's product, told as an outcome: "the contractor then built a
    # short-street check into their product, and it shipped to every town")
    delegated += [m for m in answer.of("verification", NOT_CONTEXT_ROLES, real=False) if not verb_is_noun(answer, m)
                  and (m.subject == "other" or noun_subject_before(answer.sents[m.sent], m.start) == "other"
                       or _our_people(answer, answer.sents[m.sent], m.start))
                  and not (answer.sents[m.sent].role == "result" and answer.sents[m.sent].toks[m.start] in _BUILDS)]
    delegated += [m for m in [checked_by_other(answer)] if m is not None]
    delegated = [m for m in delegated if not _rule_for_later(answer.sents[m.sent]) and not _done_by_me(answer.sents[m.sent])]
    if checks_only_before_handover(answer, verified, delegated):
        verified = []  # diagnosis checks, then the change itself was tested by others
    delegated = delegated or [m for m in [trusted_report(answer)] if m is not None]
    fix_hint = ""
    anchor_fix = fix_anchor(answer, ctx.own_fixes)
    if anchor_fix is not None:
        fix_hint = f" after \"{shorten(anchor_fix.quote, 10)}\""
    if verified:
        # The quote is the first check of the change itself when there is one, not a diagnosis before it.
        change_at = first_change(answer)
        after = [m for m in verified if change_at is not None and (m.sent, m.start) > change_at]
        shown = first_match(after or verified)
        return ctx.decide("verification", "pass", [answer.quote(shown)],
                          ctx.advice("verification", "pass", quote=snippet(answer, shown)))
    if delegated:
        m = first_match(delegated)
        return ctx.decide("verification", "fail", [answer.quote(m)],
                          ctx.advice("verification", "fail_delegated", quote=snippet(answer, m)),
                          flags=[ctx.flag("delegated_validation", m)])
    return ctx.decide("verification", "fail", [], ctx.advice("verification", "fail", fix_hint=fix_hint))


_BUILDS = frozenset({"built", "builds", "added", "adds", "wrote", "writes"})
_ADDRESSEES = frozenset({"people", "person", "team", "teams", "folks", "owner", "owners", "contact", "contacts"})


def _not_a_check(answer: AnswerAnalysis, m: Match) -> bool:
    """'I did not check anything further': the negation sits inside the matched words (or before
    "how": "I wouldn't know how to test it"); 'I made sure the right people knew': "right" names whom
    to tell, not a result that was right."""
    toks = answer.sents[m.sent].toks
    if any(t in answer.rules.lex("negators") for t in toks[m.start:m.end]):
        return True
    # "I wouldn't even know how to test it": an inability, not a check ("know how" opens a clause)
    before = toks[max(0, m.start - 6):m.start]
    if "how" in before and any(t in answer.rules.lex("negators") for t in before[:before.index("how")]):
        return True
    return toks[m.end - 1] == "right" and toks[m.end:m.end + 1] != [] and toks[m.end] in _ADDRESSEES


def _passive_past(s: SentenceTokens) -> bool:
    """'a ticket was raised with the vendor', 'the delay was looked into': a step told in the passive."""
    return any(t in {"was", "were"} and j + 1 < len(s.toks) and is_past_verb(s, j + 1) for j, t in enumerate(s.toks))


def _done_by_me(s: SentenceTokens) -> bool:
    """A passive whose agent is the speaker: "... were done by me", "was carried out by myself"."""
    toks = s.toks
    # (not the idiom "tested fine by me" = fine with me)
    return any(t == "by" and toks[j + 1:j + 2] in (["me"], ["myself"]) and j > 0
               and toks[j - 1] not in {"fine", "ok", "okay", "good", "alright"} and any(
                   x in {"was", "were", "been", "got"} for x in toks[max(0, j - 4):j]) for j, t in enumerate(toks))


_OBLIGATIONS = (("has", "to"), ("have", "to"), ("needs", "to"), ("need", "to"))


def _rule_for_later(s: SentenceTokens) -> bool:
    """"A paused treatment has to land on a board that someone reviews every day": a rule proposed for
    the future, in the present tense, not a check of this fix left to others."""
    toks = s.toks
    ruled = any(t in {"should", "must"} for t in toks) or any(tuple(toks[j:j + 2]) in _OBLIGATIONS for j in range(len(toks)))
    # (past auxiliaries, not -ed words: "a paused treatment has to land ..." is still a rule)
    return ruled and not any(t in {"had", "was", "were", "did", "didn't"} for t in toks)


def _ruled_before(s: SentenceTokens, k: int) -> bool:
    """"every threshold change must be back-tested": an obligation before the check word."""
    return any(t in {"should", "must"} for t in s.toks[:k])


def _our_people(answer: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """'Our workforce analysts monitored ...': people on the speaker's side, not the speaker."""
    people = answer.rules.lex("people_units") | {"analysts", "testers", "tester", "auditors", "reviewers", "qa"}
    before = s.toks[max(0, k - 5):k]
    return "our" in before and any(t in people for t in before[before.index("our") + 1:])


def reflection_specific(ctx: AnswerContext) -> Decision:
    """A reflection that names a mechanism or ties back to the story (flag: generic_reflection);
    judged in rubric/reflection.py."""
    answer = ctx.answer
    refl = reflection_sentences(answer)
    story_hint = f" (\"{shorten(ctx.actions[0].sentence.text, 10)}\")" if ctx.actions else ""
    refl_ids = {x.index for x in refl}
    cues = sorted((m.sent, m.start) for m in reflection_cues(answer) if m.sent in refl_ids)
    judged = judge_reflection(answer, refl, cues[0] if cues else None)
    if not judged.present or judged.evidence_sent is None:
        return ctx.decide("reflection_specific", "fail", [], ctx.advice("reflection_specific", "fail", story_hint=story_hint))
    ev = answer.quote(sent=judged.evidence_sent)
    if judged.specific:
        return ctx.decide("reflection_specific", "pass", [ev], ctx.advice(
            "reflection_specific", "pass", quote=shorten(ev.quote, 16)), judged.details)
    return ctx.decide("reflection_specific", "fail", [ev], ctx.advice(
        "reflection_specific", "fail_generic", quote=shorten(ev.quote, 14), story_hint=story_hint), judged.details,
        flags=[ctx.flag("generic_reflection", sent=judged.evidence_sent)])


def tradeoffs(ctx: AnswerContext) -> Decision:
    """A choice with its reason ("X over Y because ...")."""
    answer = ctx.answer
    trade = find_tradeoff(answer)
    if trade is not None:
        return ctx.decide("tradeoffs", "pass", [answer.quote(trade)],
                          ctx.advice("tradeoffs", "pass", quote=snippet(answer, trade, n=18)))
    # A "tough call" told in the setting is not where the trade-off belongs: point at the action.
    vague = [m for m in answer.of("vague_tradeoff", real=False) if answer.sents[m.sent].role != "situation"]
    if vague:
        return ctx.decide("tradeoffs", "fail", [ctx.first_quote(vague)],
                          ctx.advice("tradeoffs", "fail_vague", quote=snippet(answer, first_match(vague), n=10)))
    action_hint = ""
    anchor = decision_anchor(answer)
    if anchor is not None:
        action_hint = f", e.g. around \"{shorten(anchor.sentence.text, 10)}\""
    return ctx.decide("tradeoffs", "fail", [], ctx.advice("tradeoffs", "fail", action_hint=action_hint))


def customer_first(ctx: AnswerContext) -> Decision:
    """The opening says who was hurt and how, before the technical story (rubric/opening.py)."""
    answer = ctx.answer
    customer = customer_harm_in_opening(answer)
    if customer is not None:
        return ctx.decide("customer_first", "pass", [answer.quote(customer)],
                          ctx.advice("customer_first", "pass", quote=snippet(answer, customer)))
    evidence = [answer.quote(sent=ctx.opening[0].index)] if ctx.opening else []
    return ctx.decide("customer_first", "fail", evidence, ctx.advice("customer_first", "fail", opening=ctx.opening_text))


# In the order of rehearse.rubric.rules.CRITERIA.
CRITERION_CHECKS: dict[str, Callable[[AnswerContext], Decision]] = {
    "scope_boundary": scope_boundary,
    "ownership_language": ownership_language,
    "impact_metric": impact_metric,
    "impact_business": impact_business,
    "impact_second_order": impact_second_order,
    "verification": verification,
    "reflection_specific": reflection_specific,
    "tradeoffs": tradeoffs,
    "customer_first": customer_first,
}


def guidance_for(rules: RubricRules, level: str, lp: str) -> Guidance:
    """What to emphasise for this LP and level (prompts/rubric.toml)."""
    lp_info = rules.lps.get(lp, {})
    level_info = rules.levels.get(level, {})
    return Guidance(
        lp=lp,
        level=level,
        emphasize=tuple(lp_info.get("emphasize", [])) + tuple(level_info.get("emphasize", [])),
        de_emphasize=tuple(lp_info.get("de_emphasize", [])) + tuple(level_info.get("de_emphasize", [])),
        notes=tuple(lp_info.get("notes", [])) + tuple(level_info.get("notes", [])),
    )


def check_answer(answer: AnswerAnalysis, level: str, lp: str) -> RubricResult:
    """Every criterion and red flag on an analysed answer."""
    ctx = AnswerContext.of(answer, level, lp)
    decisions = {criterion: CRITERION_CHECKS[criterion](ctx) for criterion in CRITERIA}
    flags: list[RedFlag] = [f for d in decisions.values() for f in d.flags]
    flags += unattached_red_flags(ctx, metric_passed=decisions["impact_metric"].finding.verdict == "pass")
    order = {fid: i for i, fid in enumerate(RED_FLAGS)}
    flags.sort(key=lambda f: order.get(f.id, 99))
    return RubricResult(findings=tuple(decisions[c].finding for c in CRITERIA), red_flags=tuple(flags),
                        guidance=guidance_for(answer.rules, level, lp))


def validate_level_lp(level: str, lp: str, rules: RubricRules) -> None:
    if level not in rules.levels:
        raise BadInputError(f"unknown level {level!r}", f"use one of: {', '.join(sorted(rules.levels))}")
    if lp not in rules.lps:
        raise BadInputError(f"unknown LP {lp!r}", f"use one of: {', '.join(rules.lps)}")


def check(sections: Sequence[Section], level: str, lp: str, rules: RubricRules | None = None) -> RubricResult:
    """Run the rubric on STAR sections (in spoken order) for a level and LP."""
    rules = rules or load_rules()
    validate_level_lp(level, lp, rules)
    pairs = [(sent, sec.name) for sec in sections for sent in sec.sentences]
    if not any(sent.text.strip() for sent, _ in pairs):
        raise BadInputError("no answer text to check", "give a transcript with the spoken answer in it")
    return check_answer(analyse_answer(late_setup_as_outcome(pairs), rules), level, lp)


def late_setup_as_outcome(pairs: Sequence[tuple[Sentence, str]]) -> list[tuple[Sentence, str]]:
    """Sections are monotonic, so a "situation" that runs past 60% of the words means the
    segmenter found no later section: treat that tail as result (and a late task as action). A long
    setting followed by the story's later sections is just long, and stays the setting."""
    total = sum(len(s.text.split()) for s, _ in pairs) or 1
    later = [k for k, (_, role) in enumerate(pairs) if role not in ("situation", "task")]
    story_after = later[-1] if later else -1
    out: list[tuple[Sentence, str]] = []
    seen = 0
    for k, (sent, role) in enumerate(pairs):
        if seen / total >= 0.6 and role in ("situation", "task") and k > story_after:
            role = "result" if role == "situation" else "action"
        out.append((sent, role))
        seen += len(sent.text.split())
    return out


def lp_ids(rules: RubricRules | None = None) -> tuple[str, ...]:
    return tuple((rules or load_rules()).lps)
