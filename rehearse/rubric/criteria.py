"""The rubric's criteria, one function each: an analysed answer in, its finding (and the red
flags the same evidence raises) out; ``check`` runs them all and adds the other red flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rehearse.errors import BadInputError
from rehearse.models import Guidance, RedFlag, RubricResult, Section, Sentence
from rehearse.rubric.advice import shorten
from rehearse.rubric.answer import AnswerAnalysis, analyse_answer, snippet
from rehearse.rubric.clauses import YEAR_RE, clause_start
from rehearse.rubric.context import AnswerContext, Decision
from rehearse.rubric.matching import Match
from rehearse.rubric.red_flags import unattached_red_flags
from rehearse.rubric.rules import CRITERIA, RED_FLAGS, RubricRules, inflect, load_rules
from rehearse.rubric.signals import (
    BUSINESS_WINDOW,
    NOT_CONTEXT_ROLES,
    clause_has,
    clause_has_metric,
    customer_impacted,
    find_tradeoff,
    first_match,
    irrealis_strict,
    is_counted,
    near_number,
    people_delta,
    pronoun_counts,
    reflection_cues,
    reflection_sentences,
    reflection_specificity,
    verb_is_noun,
)


def scope_boundary(ctx: AnswerContext) -> Decision:
    """Does the speaker say the problem was outside their remit ("not my team's", "no ticket")?"""
    answer = ctx.answer
    # Scope statements carry their own negation ("isn't ours", "nobody asked"): not filtered by it.
    # They are often in a "wasn't asked" shape: keep them even though "asked" is irrealis-listed.
    scope = [m for m in answer.matches.get("scope_boundary", []) if not irrealis_strict(answer, m)]
    if scope:
        m = first_match(scope)
        return ctx.decide("scope_boundary", "pass", [answer.quote(m)],
                          ctx.advice("scope_boundary", "pass", quote=snippet(answer, m)))
    return ctx.decide("scope_boundary", "fail", [], ctx.advice("scope_boundary", "fail", opening=ctx.opening_text))


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
        return ctx.decide("ownership_language", "n/a", [], ctx.advice("ownership_language", "na"), details)
    if we_weighted > ratio * i_count or (we_weighted >= 2 and we_weighted >= i_count):
        si, _k = we_spots[0]
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
    metric = [m for m in answer.matches.get("metric_delta", []) if answer.sents[m.sent].role in NOT_CONTEXT_ROLES
              and not m.irrealis and not people_delta(answer, m)]
    if metric:
        m = first_match([x for x in metric if answer.sents[x.sent].role == "result"] or metric)
        return ctx.decide("impact_metric", "pass", [answer.quote(m)],
                          ctx.advice("impact_metric", "pass", quote=snippet(answer, m)))
    numbered = [s for s in answer.sents if any(s.is_num) or any(YEAR_RE.match(t) for t in s.toks)]
    if numbered:
        ev = answer.quote(sent=numbered[0].index)
        return ctx.decide("impact_metric", "fail", [ev], ctx.advice("impact_metric", "fail_numbers", quote=shorten(ev.quote, 14)))
    return ctx.decide("impact_metric", "fail", [], ctx.advice("impact_metric", "fail", result_hint=ctx.result_hint))


def impact_business(ctx: AnswerContext) -> Decision:
    """Customers or money, where something changed for them."""
    answer, rules = ctx.answer, ctx.rules
    # A customer or money word counts as business value only where something changed for it:
    # a change/gain/outcome verb or a number in its clause ("customers were happy" does not count).
    # "getting locked out" is a state, not a change: motion verbs count except "get".
    motion = rules.lex("motion_verbs") - inflect("get", {"get": ["got", "gotten"]})
    change_words = (rules.lex("change_verbs") | rules.lex("gain_verbs") | rules.lex("outcome_verbs") | motion
                    | rules.lex("change_particles"))
    vague_spans = {(m.sent, k) for m in answer.matches.get("vague_result", []) for k in range(m.start, m.end)}
    metric_at = [(x.sent, answer.sents[x.sent].clause[x.start]) for x in answer.of("metric_delta", real=False)
                 if not people_delta(answer, x)]
    business: list[Match] = []
    for m in answer.of("business", NOT_CONTEXT_ROLES):
        s = answer.sents[m.sent]
        if (m.sent, m.start) in vague_spans or (is_counted(answer, m) and s.toks[m.end : m.end + 1] and
                                               s.toks[m.end] in rules.lex("customer_compounds")):
            continue
        # "$40,000" or "forty thousand dollars": an amount of money is business value by itself.
        money_amount = any(s.is_money[m.start : m.end]) or (
            bool(set(s.toks[m.start : m.end]) & rules.lex("currency_words")) and near_number(s, m.start, m.end))
        # A customer named right after a metric delta ("the close came down to six days, and
        # clients got their statements on time") is the delta's business side. Speech split into
        # sentences at "and" may put the two in consecutive sentences.
        c = s.clause[m.start]
        result_with_metric = s.role in ("action", "result") and not is_counted(answer, m) and any(
            (si == m.sent and ci < c) or (si == m.sent - 1 and c == 0) for si, ci in metric_at)
        near_change = clause_has(s, m.start, change_words, window=BUSINESS_WINDOW)
        if near_change or clause_has_metric(answer, m) or money_amount or result_with_metric:
            if s.role == "reflection" and not near_change and not money_amount:
                continue
            business.append(m)
    if business:
        return ctx.decide("impact_business", "pass", [ctx.first_quote(business)],
                          ctx.advice("impact_business", "pass", quote=snippet(answer, first_match(business))))
    return ctx.decide("impact_business", "fail", [], ctx.advice("impact_business", "fail", result_hint=ctx.result_hint))


def impact_second_order(ctx: AnswerContext) -> Decision:
    """An effect beyond the fix: others adopted it, it became the default, a process changed."""
    answer = ctx.answer
    second = answer.of("second_order", NOT_CONTEXT_ROLES)
    second += answer.of("second_order_by_others", NOT_CONTEXT_ROLES, subjects=("other", "unknown", "passive"))
    if second:
        return ctx.decide("impact_second_order", "pass", [ctx.first_quote(second)],
                          ctx.advice("impact_second_order", "pass", quote=snippet(answer, first_match(second))))
    return ctx.decide("impact_second_order", "fail", [],
                      ctx.advice("impact_second_order", "fail", result_hint=ctx.result_hint))


def verification(ctx: AnswerContext) -> Decision:
    """The speaker tested it themselves (flag: delegated_validation when someone else did)."""
    answer = ctx.answer
    verified = [m for m in answer.of("verification", subjects=("self",)) if not verb_is_noun(answer, m)]
    delegated = answer.of("delegated_validation", NOT_CONTEXT_ROLES, allow_not_just=False)
    # Someone else as the subject of testing, also when asked to ("told them to test it"), is delegation.
    delegated += [m for m in answer.of("verification", NOT_CONTEXT_ROLES, subjects=("other",), real=False)
                  if not verb_is_noun(answer, m)]
    fix_hint = ""
    if ctx.own_fixes:
        fix_hint = f" after \"{shorten(ctx.first_quote(ctx.own_fixes).quote, 10)}\""
    if verified:
        return ctx.decide("verification", "pass", [ctx.first_quote(verified)],
                          ctx.advice("verification", "pass", quote=snippet(answer, first_match(verified))))
    if delegated:
        m = first_match(delegated)
        return ctx.decide("verification", "fail", [answer.quote(m)],
                          ctx.advice("verification", "fail_delegated", quote=snippet(answer, m)),
                          flags=[ctx.flag("delegated_validation", m)])
    return ctx.decide("verification", "fail", [], ctx.advice("verification", "fail", fix_hint=fix_hint))


def _story_hint(ctx: AnswerContext) -> str:
    return f" (\"{shorten(ctx.actions[0].sentence.text, 10)}\")" if ctx.actions else ""


def reflection_specific(ctx: AnswerContext) -> Decision:
    """A reflection that names a mechanism or ties back to the story (flag: generic_reflection)."""
    answer, rules = ctx.answer, ctx.rules
    refl = reflection_sentences(answer)
    story_hint = _story_hint(ctx)
    if not refl:
        return ctx.decide("reflection_specific", "fail", [], ctx.advice("reflection_specific", "fail", story_hint=story_hint))
    # Judge the sentences that carry a reflection cue when there are any: a section boundary
    # placed too early would otherwise lend the result's story words to the reflection.
    refl_ids = {x.index for x in refl}
    cues = sorted((m.sent, m.start) for m in reflection_cues(answer) if m.sent in refl_ids)
    first = cues[0] if cues else None
    judged = [x for x in refl if x.index >= first[0]] if first else refl
    # In a run-on sentence, only the part from the cue's clause on is the reflection.
    skip_before = {}
    if first is not None:
        s0 = answer.sents[first[0]]
        skip_before[first[0]] = clause_start(s0.clause, s0.clause[first[1]])
    sys_hits, overlap, generic, content = reflection_specificity(answer, judged, skip_before)
    min_overlap = int(rules.settings.get("reflection_min_story_overlap", 2))
    min_content = int(rules.settings.get("reflection_min_content_words", 4))
    # Specific: names a mechanism, ties back to the story, or is a concrete practice in its
    # own words with no platitude in it.
    specific = sys_hits >= 1 or overlap >= min_overlap or (content >= min_content and not generic)
    details = {"systemic_terms": sys_hits, "story_overlap": overlap, "generic_cues": generic,
               "content_words": content}
    if specific:
        best = max(refl, key=lambda s: sum(1 for t in s.toks if t in rules.lex("systemic_terms")))
        ev = answer.quote(sent=best.index)
        return ctx.decide("reflection_specific", "pass", [ev], ctx.advice(
            "reflection_specific", "pass", quote=shorten(ev.quote, 16)), details)
    ev = answer.quote(sent=refl[0].index)
    return ctx.decide("reflection_specific", "fail", [ev], ctx.advice(
        "reflection_specific", "fail_generic", quote=shorten(ev.quote, 14), story_hint=story_hint), details,
        flags=[ctx.flag("generic_reflection", sent=refl[0].index)])


def tradeoffs(ctx: AnswerContext) -> Decision:
    """A choice with its reason ("X over Y because ...")."""
    answer = ctx.answer
    trade = find_tradeoff(answer)
    if trade is not None:
        return ctx.decide("tradeoffs", "pass", [answer.quote(trade)],
                          ctx.advice("tradeoffs", "pass", quote=snippet(answer, trade, n=18)))
    vague = answer.of("vague_tradeoff", real=False)
    if vague:
        return ctx.decide("tradeoffs", "fail", [ctx.first_quote(vague)],
                          ctx.advice("tradeoffs", "fail_vague", quote=snippet(answer, first_match(vague), n=10)))
    action_hint = ""
    if ctx.actions:
        action_hint = f", e.g. around \"{shorten(ctx.actions[0].sentence.text, 10)}\""
    return ctx.decide("tradeoffs", "fail", [], ctx.advice("tradeoffs", "fail", action_hint=action_hint))


def customer_first(ctx: AnswerContext) -> Decision:
    """The opening says who was hurt and how, before the technical story."""
    answer = ctx.answer
    # Only the first `opening_max_words` words count, so a long run-on first "sentence" does not stretch it.
    offsets: dict[int, int] = {}
    seen_words = 0
    for s in ctx.opening:
        offsets[s.index] = seen_words
        seen_words += len(s.toks)
    # "a telecom with 5 million subscribers" is scale, not impact: skip counted customer words.
    customer = [m for m in answer.of("customer_impact", real=False)
                if m.sent in offsets and offsets[m.sent] + m.start < ctx.opening_max_words and not is_counted(answer, m)
                and customer_impacted(answer, m)]
    if customer:
        return ctx.decide("customer_first", "pass", [ctx.first_quote(customer)],
                          ctx.advice("customer_first", "pass", quote=snippet(answer, first_match(customer))))
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
    segmenter found no later section: treat that tail as result (and a late task as action)."""
    total = sum(len(s.text.split()) for s, _ in pairs) or 1
    out: list[tuple[Sentence, str]] = []
    seen = 0
    for sent, role in pairs:
        if seen / total >= 0.6 and role in ("situation", "task"):
            role = "result" if role == "situation" else "action"
        out.append((sent, role))
        seen += len(sent.text.split())
    return out


def lp_ids(rules: RubricRules | None = None) -> tuple[str, ...]:
    return tuple((rules or load_rules()).lps)
