"""The criteria and red flags decided from an analysed answer, and the rubric's entry point ``check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rehearse.errors import BadInputError
from rehearse.models import (
    Evidence,
    Finding,
    Guidance,
    RedFlag,
    RubricResult,
    Section,
    Sentence,
    Verdict,
)
from rehearse.rubric.advice import Slots, advice_text, shorten
from rehearse.rubric.answer import AnswerAnalysis, analyse_answer, snippet
from rehearse.rubric.clauses import YEAR_RE
from rehearse.rubric.doers import (
    modifier_use,
    noun_subject_before,
    reported_by_other,
    requested_of_other,
    whenever_span,
)
from rehearse.rubric.matching import Match
from rehearse.rubric.opening import customer_harm_in_opening
from rehearse.rubric.outcomes import (
    business_outcome,
    metric_deltas,
    second_order_outcome,
    sentiment_in_result,
)
from rehearse.rubric.ownership_signals import (
    assigned_to_speaker,
    checks_only_before_handover,
    consults_person,
    fix_anchor,
    idle_workload,
    not_a_motive,
    scope_statement,
    trusted_report,
    verification_by_observation,
    verification_by_purpose,
)
from rehearse.rubric.reflection import judge_reflection
from rehearse.rubric.rules import CRITERIA, NOT_JUST, RED_FLAGS, RubricRules, load_rules
from rehearse.rubric.scope_signals import boundary_evidence
from rehearse.rubric.signals import (
    NOT_CONTEXT_ROLES,
    action_sentences,
    find_handoff,
    find_tradeoff,
    first_match,
    irrealis_strict,
    is_message_object,
    opening_sentences,
    pronoun_counts,
    reflection_cues,
    reflection_sentences,
    result_sentences,
    verb_is_noun,
)
from rehearse.rubric.tradeoffs import decision_anchor


def check_answer(a: AnswerAnalysis, level: str, lp: str) -> RubricResult:
    rules = a.rules
    required = set(rules.levels.get(level, {}).get("required", [])) | set(rules.lps.get(lp, {}).get("required", []))
    findings: dict[str, Finding] = {}
    flags: list[RedFlag] = []
    result_sents = result_sentences(a)
    result_hint = f" (\"{shorten(result_sents[-1].sentence.text)}\")" if result_sents else ""
    opening_sents, opening_text, _opening_max = opening_sentences(a)

    def finding(cid: str, verdict: Verdict, evidence: Sequence[Evidence], advice: str, details: dict[str, Any] | None = None) -> None:
        findings[cid] = Finding(
            id=cid, verdict=verdict, evidence=tuple(evidence), advice=advice,
            required=cid in required, details=details or {},
        )

    def flag(fid: str, m: Match | None = None, sent: int | None = None) -> None:
        ev = a.quote(m, sent)
        advice = rules.red_flag_advice.get(fid, "").format_map(Slots(quote=snippet(a, m, sent)))
        flags.append(RedFlag(id=fid, quote=ev.quote, start_s=ev.start_s, advice=advice))

    # scope_boundary ----------------------------------------------------------
    # Scope statements carry their own negation ("isn't ours", "nobody asked"): not filtered by it.
    # A boundary belongs to the setting or the action: "used by all brand teams now, not only mine"
    # in the result is not one.
    scope = [m for m in a.matches.get("scope_boundary", []) if not irrealis_strict(a, m)
             and m.state != NOT_JUST and a.sents[m.sent].role not in ("result", "reflection")
             and not set(a.sents[m.sent].toks[m.start + 1:m.start + 2]) & rules.lex("not_just")]
    scope = boundary_evidence(a, scope) or boundary_evidence(a, [m for m in [scope_statement(a)] if m is not None])
    if scope and assigned_to_speaker(a) is not None:
        scope = []  # "my manager asked me to sort it out": assigned work has no boundary (spec)
    # Scope statements are often in a "wasn't asked" shape: keep them even though "asked" is irrealis-listed.
    if scope:
        m = first_match(scope)
        ev = a.quote(m)
        finding("scope_boundary", "pass", [ev], advice_text(rules, "scope_boundary", "pass", quote=snippet(a, m)))
    else:
        finding("scope_boundary", "fail", [], advice_text(rules, "scope_boundary", "fail", opening=opening_text))

    # ownership_language ------------------------------------------------------
    act = action_sentences(a)
    i_count, we_count, we_spots = pronoun_counts(a, act)
    # Actions told with "we" inside the situation (segmentation may put them there) count partly.
    act_ids = {s.index for s in act}
    sit = [s for s in a.sents if s.role == "situation" and s.index not in act_ids]
    _si, sit_we, sit_spots = pronoun_counts(a, sit)
    we_weighted = we_count + float(rules.settings.get("situation_we_weight", 0.5)) * sit_we
    we_spots = we_spots or sit_spots
    ratio = float(rules.settings.get("we_dominates_ratio", 1.0))
    details = {"i_count": i_count, "we_count": we_count, "we_in_situation": sit_we, "action_sentences": len(act)}
    if i_count + we_weighted == 0:
        finding("ownership_language", "n/a", [], advice_text(rules, "ownership_language", "na"), details)
    elif we_weighted > ratio * i_count or (we_weighted >= 2 and we_weighted >= i_count):
        si, k = we_spots[0]
        ev = a.quote(sent=si)
        finding("ownership_language", "fail", [ev], advice_text(
            rules, "ownership_language", "fail", quote=shorten(ev.quote, 14), i_count=i_count, we_count=we_count), details)
        flag("we_language", sent=si)
    else:
        i_sent = next((s for s in act if any(t in rules.lex("i_forms") for t in s.toks)), act[0])
        ev = a.quote(sent=i_sent.index)
        finding("ownership_language", "pass", [ev], advice_text(
            rules, "ownership_language", "pass", quote=shorten(ev.quote, 14), i_count=i_count, we_count=we_count), details)

    # impact_metric -----------------------------------------------------------
    # Negation is not checked for metrics: "with no reboot, reboots went from 5 to 0" is still a delta.
    metric = metric_deltas(a)
    if metric:
        m = first_match([x for x in metric if a.sents[x.sent].role == "result"] or metric)
        ev = a.quote(m)
        finding("impact_metric", "pass", [ev], advice_text(rules, "impact_metric", "pass", quote=snippet(a, m)))
    else:
        numbered = [s for s in a.sents if any(s.is_num) or any(YEAR_RE.match(t) for t in s.toks)]
        if numbered:
            ev = a.quote(sent=numbered[0].index)
            finding("impact_metric", "fail", [ev], advice_text(rules, "impact_metric", "fail_numbers", quote=shorten(ev.quote, 14)))
        else:
            finding("impact_metric", "fail", [], advice_text(rules, "impact_metric", "fail", result_hint=result_hint))

    # impact_business ---------------------------------------------------------
    biz = business_outcome(a)
    if biz is not None:
        ev = a.quote(biz)
        finding("impact_business", "pass", [ev], advice_text(rules, "impact_business", "pass", quote=snippet(a, biz)))
    else:
        finding("impact_business", "fail", [], advice_text(rules, "impact_business", "fail", result_hint=result_hint))

    # impact_second_order -----------------------------------------------------
    second = second_order_outcome(a)
    if second is not None:
        ev = a.quote(second)
        finding("impact_second_order", "pass", [ev], advice_text(
            rules, "impact_second_order", "pass", quote=snippet(a, second)))
    else:
        finding("impact_second_order", "fail", [], advice_text(rules, "impact_second_order", "fail", result_hint=result_hint))

    # verification ------------------------------------------------------------
    # A check word is the speaker's only as a verb with I as its doer: not "manual reconciling entries",
    # "checked the units and every time ...", "their analyst compared ...", "asked them to check ...".
    ver = [m for m in a.of("verification", subjects=("self",)) if not verb_is_noun(a, m)
           and not modifier_use(a.sents[m.sent], m.start) and not whenever_span(a.sents[m.sent], m.end)
           and noun_subject_before(a.sents[m.sent], m.start) in (None, "self")
           and not requested_of_other(a, a.sents[m.sent], m.start) and not reported_by_other(a, a.sents[m.sent], m.start)
           and not consults_person(a, a.sents[m.sent], m.start)]
    ver = ver or [m for m in [verification_by_observation(a) or verification_by_purpose(a)] if m is not None]
    delegated = a.of("delegated_validation", NOT_CONTEXT_ROLES, allow_not_just=False)
    # Someone else as the subject of testing, also when asked to ("told them to test it"), is delegation.
    delegated += [m for m in a.of("verification", NOT_CONTEXT_ROLES, real=False) if not verb_is_noun(a, m) and (
        m.subject == "other" or noun_subject_before(a.sents[m.sent], m.start) == "other")]
    if checks_only_before_handover(a, ver, delegated):
        ver = []  # diagnosis checks, then the change itself was tested by others
    delegated = delegated or [m for m in [trusted_report(a)] if m is not None]
    fix_hint = ""
    own_fix = a.of("own_fix", subjects=("self", "unknown"))
    own_fix = [m for m in own_fix if not is_message_object(a, m)]
    anchor_fix = fix_anchor(a, own_fix)
    if anchor_fix is not None:
        fix_hint = f" after \"{shorten(anchor_fix.quote, 10)}\""
    if ver:
        ev = a.quote(first_match(ver))
        finding("verification", "pass", [ev], advice_text(rules, "verification", "pass", quote=snippet(a, first_match(ver))))
    elif delegated:
        m = first_match(delegated)
        ev = a.quote(m)
        finding("verification", "fail", [ev], advice_text(rules, "verification", "fail_delegated", quote=snippet(a, m)))
        flag("delegated_validation", m)
    else:
        finding("verification", "fail", [], advice_text(rules, "verification", "fail", fix_hint=fix_hint))

    # reflection_specific -----------------------------------------------------
    refl = reflection_sentences(a)
    story_hint = ""
    act_for_hint = action_sentences(a)
    if act_for_hint:
        story_hint = f" (\"{shorten(act_for_hint[0].sentence.text, 10)}\")"
    refl_ids = {x.index for x in refl}
    cues = sorted((m.sent, m.start) for m in reflection_cues(a) if m.sent in refl_ids)
    judged = judge_reflection(a, refl, cues[0] if cues else None)
    if not judged.present or judged.evidence_sent is None:
        finding("reflection_specific", "fail", [], advice_text(rules, "reflection_specific", "fail", story_hint=story_hint))
    elif judged.specific:
        ev = a.quote(sent=judged.evidence_sent)
        finding("reflection_specific", "pass", [ev], advice_text(
            rules, "reflection_specific", "pass", quote=shorten(ev.quote, 16)), judged.details)
    else:
        ev = a.quote(sent=judged.evidence_sent)
        finding("reflection_specific", "fail", [ev], advice_text(
            rules, "reflection_specific", "fail_generic", quote=shorten(ev.quote, 14), story_hint=story_hint),
            judged.details)
        flag("generic_reflection", sent=judged.evidence_sent)

    # tradeoffs ---------------------------------------------------------------
    trade = find_tradeoff(a)
    if trade is not None:
        ev = a.quote(trade)
        finding("tradeoffs", "pass", [ev], advice_text(rules, "tradeoffs", "pass", quote=snippet(a, trade, n=18)))
    else:
        # A "tough call" told in the setting is not where the trade-off belongs: point at the action.
        vague = [m for m in a.of("vague_tradeoff", real=False) if a.sents[m.sent].role != "situation"]
        if vague:
            ev = a.quote(first_match(vague))
            finding("tradeoffs", "fail", [ev], advice_text(rules, "tradeoffs", "fail_vague", quote=snippet(a, first_match(vague), n=10)))
        else:
            action_hint = ""
            anchor = decision_anchor(a)
            if anchor is not None:
                action_hint = f", e.g. around \"{shorten(anchor.sentence.text, 10)}\""
            finding("tradeoffs", "fail", [], advice_text(rules, "tradeoffs", "fail", action_hint=action_hint))

    # customer_first ----------------------------------------------------------
    cust = customer_harm_in_opening(a)
    if cust is not None:
        ev = a.quote(cust)
        finding("customer_first", "pass", [ev], advice_text(rules, "customer_first", "pass", quote=snippet(a, cust)))
    else:
        ev_list = [a.quote(sent=opening_sents[0].index)] if opening_sents else []
        finding("customer_first", "fail", ev_list, advice_text(rules, "customer_first", "fail", opening=opening_text))

    # red flags that are not tied to a criterion ------------------------------
    handoff = find_handoff(a, own_fix)
    if handoff is not None:
        flag("escalation_handoff", handoff)
    opp = [m for m in a.of("opportunistic", real=False, allow_not_just=False)
           if not not_a_motive(a.sents[m.sent], m.start)]
    opp = opp or [m for m in [idle_workload(a)] if m is not None]
    if opp:
        flag("opportunistic_motivation", first_match(opp))
    if findings["impact_metric"].verdict != "pass":
        # Any section but the opening: segmentation may leave a short tail inside the situation.
        opening = {x.index for x in opening_sents[:2]}
        vague = [m for m in a.of("vague_result", real=False, allow_not_just=False)
                 if (a.sents[m.sent].role != "situation" or m.sent not in opening) and not irrealis_strict(a, m)]
        # "We successfully rebuilt trust", "it paid off significantly": a claim with no number in its clause.
        vague += [m for m in a.of("vague_claim", ("result",), allow_not_just=False)
                  if not any(x for j, x in enumerate(a.sents[m.sent].is_num)
                             if a.sents[m.sent].clause[j] == a.sents[m.sent].clause[m.start])]
        sentiment = sentiment_in_result(a)
        if sentiment is not None:
            vague.append(sentiment)
        if vague:
            flag("vague_result", first_match(vague))

    lp_info = rules.lps.get(lp, {})
    lvl_info = rules.levels.get(level, {})
    guidance = Guidance(
        lp=lp,
        level=level,
        emphasize=tuple(lp_info.get("emphasize", [])) + tuple(lvl_info.get("emphasize", [])),
        de_emphasize=tuple(lp_info.get("de_emphasize", [])) + tuple(lvl_info.get("de_emphasize", [])),
        notes=tuple(lp_info.get("notes", [])) + tuple(lvl_info.get("notes", [])),
    )
    order = {fid: i for i, fid in enumerate(RED_FLAGS)}
    flags.sort(key=lambda f: order.get(f.id, 99))
    return RubricResult(findings=tuple(findings[c] for c in CRITERIA), red_flags=tuple(flags), guidance=guidance)



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
