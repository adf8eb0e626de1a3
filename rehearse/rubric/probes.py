"""Follow-up probes: the four questions an interviewer asks when the answer leaves a gap.

``grade_probe`` grades a short follow-up answer strong or weak with the reason;
``choose_probe`` picks the probe that the main answer's gaps call for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rehearse.errors import BadInputError
from rehearse.models import Evidence, RubricResult
from rehearse.rubric.advice import Slots, shorten
from rehearse.rubric.answer import AnswerAnalysis, analyse_plain
from rehearse.rubric.reflection import judge_reflection_sents
from rehearse.rubric.rules import RubricRules, load_rules
from rehearse.rubric.signals import (
    find_handoff,
    first_match,
    is_message_object,
    verb_is_noun,
)

PROBES: dict[str, str] = {
    "escalation": "Did you escalate it?",
    "motivation": "Why did you take it on?",
    "verification": "How did you know it worked?",
    "reflection": "What would you do differently?",
}

@dataclass(frozen=True)
class ProbeGrade:
    probe: str
    question: str
    grade: str  # "strong" | "weak"
    reason: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "probe": self.probe,
            "question": self.question,
            "grade": self.grade,
            "reason": self.reason,
            "evidence": [{"quote": e.quote, "start_s": e.start_s} for e in self.evidence],
        }


def _reason(rules: RubricRules, probe: str, key: str, quote: str = "") -> str:
    template = rules.probes.get(probe, {}).get(key, "")
    return template.format_map(Slots(quote=f"\"{quote}\"" if quote else ""))


def grade_probe(probe_id: str, text: str, rules: RubricRules | None = None) -> ProbeGrade:
    """Grade a short follow-up answer to one of the four probes."""
    if probe_id not in PROBES:
        raise BadInputError(f"unknown probe {probe_id!r}", f"use one of: {', '.join(PROBES)}")
    if not text or not text.strip():
        raise BadInputError("no answer text to grade", "give the follow-up answer as text")
    rules = rules or load_rules()
    a = analyse_plain(text, rules)
    question = PROBES[probe_id]

    def grade(g: str, key: str, ev: Evidence | None = None) -> ProbeGrade:
        q = shorten(ev.quote, 18).rstrip(".!?,;") if ev else ""
        return ProbeGrade(probe_id, question, g, _reason(rules, probe_id, key, q), (ev,) if ev else ())

    if probe_id == "escalation":
        own_fix = [m for m in a.of("own_fix", subjects=("self", "unknown")) if not is_message_object(a, m)]
        handoff = find_handoff(a, own_fix)
        if handoff is not None:
            return grade("weak", "weak_handoff", a.quote(handoff))
        if own_fix:
            return grade("strong", "strong", a.quote(first_match(own_fix)))
        return grade("weak", "weak_none")

    if probe_id == "motivation":
        opp = a.of("opportunistic", real=False, allow_not_just=False)
        stake = _stake_sentence(a)
        if opp and stake is None:
            return grade("weak", "weak_opportunistic", a.quote(first_match(opp)))
        if stake is not None and not opp:
            return grade("strong", "strong", a.quote(sent=stake))
        if opp:
            return grade("weak", "weak_opportunistic", a.quote(first_match(opp)))
        return grade("weak", "weak_none")

    if probe_id == "verification":
        ver = [m for m in a.of("verification", subjects=("self", "unknown")) if not verb_is_noun(a, m)]
        delegated = a.of("delegated_validation", allow_not_just=False)
        delegated += [m for m in a.of("verification", subjects=("other",), real=False)
                      if not verb_is_noun(a, m)]
        if ver and not (delegated and not [m for m in ver if m.subject == "self"]):
            return grade("strong", "strong", a.quote(first_match(ver)))
        if delegated:
            return grade("weak", "weak_delegated", a.quote(first_match(delegated)))
        return grade("weak", "weak_none")

    # reflection
    # The same judgement as reflection_specific: a mechanism in a clause that is not a platitude.
    judged = judge_reflection_sents(a, a.sents) if a.sents else None
    if judged is not None and judged.specific and judged.evidence_sent is not None:
        return grade("strong", "strong", a.quote(sent=judged.evidence_sent))
    gen = a.of("generic_reflection", real=False)
    if gen:
        return grade("weak", "weak_generic", a.quote(first_match(gen)))
    return grade("weak", "weak_none", a.quote(sent=0) if a.sents else None)


def _stake_sentence(a: AnswerAnalysis) -> int | None:
    for s in a.sents:
        hits = [t for t in s.toks if t in a.rules.lex("motive_stake")]
        strong = [t for t in hits if t not in {"no", "nobody", "own"}]
        if strong or ("nobody" in hits or ("no" in s.toks and "one" in s.toks)):
            return s.index
    return None


def choose_probe(result: RubricResult) -> str | None:
    """The follow-up an interviewer would ask given the main answer's gaps, or None."""
    flags = {f.id for f in result.red_flags}
    verdicts = {f.id: f.verdict for f in result.findings}
    if "escalation_handoff" in flags:
        return "escalation"
    if verdicts.get("scope_boundary") == "fail" or "opportunistic_motivation" in flags:
        return "motivation"
    if verdicts.get("verification") == "fail" or "delegated_validation" in flags:
        return "verification"
    if "generic_reflection" in flags or verdicts.get("reflection_specific") == "fail":
        return "reflection"
    return None

