"""What every criterion reads: the analysed answer plus the facts several criteria share, and
the Decision a criterion returns (its finding and the red flags it raises)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rehearse.models import Evidence, Finding, RedFlag, Verdict
from rehearse.rubric.advice import Slots, advice_text, shorten
from rehearse.rubric.answer import AnswerAnalysis, snippet
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import RubricRules
from rehearse.rubric.signals import (
    action_sentences,
    first_match,
    is_message_object,
    opening_sentences,
    result_sentences,
)


@dataclass(frozen=True)
class Decision:
    """One criterion's verdict, and the red flags the same evidence raises."""

    finding: Finding
    flags: tuple[RedFlag, ...] = ()


@dataclass(frozen=True)
class AnswerContext:
    answer: AnswerAnalysis
    required: frozenset[str]  # criteria this level and LP require
    result_hint: str  # ' ("<last result sentence>")' for advice, or ""
    opening: list[SentenceTokens]  # where the scope and the customer belong
    opening_text: str
    actions: list[SentenceTokens]  # the sentences that tell what the speaker did
    own_fixes: list[Match]  # "I fixed/patched/shipped ...", not "I sent them a message"

    @classmethod
    def of(cls, answer: AnswerAnalysis, level: str, lp: str) -> AnswerContext:
        rules = answer.rules
        required = set(rules.levels.get(level, {}).get("required", [])) | set(rules.lps.get(lp, {}).get("required", []))
        results = result_sentences(answer)
        result_hint = f" (\"{shorten(results[-1].sentence.text)}\")" if results else ""
        opening, opening_text, _opening_max = opening_sentences(answer)
        own_fixes = [m for m in answer.of("own_fix", subjects=("self", "unknown"))
                     if not is_message_object(answer, m) and not _not_an_action(answer, m)]
        return cls(answer, frozenset(required), result_hint, opening, opening_text, action_sentences(answer),
                   own_fixes)

    @property
    def rules(self) -> RubricRules:
        return self.answer.rules

    def advice(self, criterion: str, key: str, **slots: object) -> str:
        return advice_text(self.rules, criterion, key, **slots)

    def decide(self, criterion: str, verdict: Verdict, evidence: Sequence[Evidence], advice: str,
               details: dict[str, Any] | None = None, flags: Sequence[RedFlag] = ()) -> Decision:
        finding = Finding(
            id=criterion, verdict=verdict, evidence=tuple(evidence), advice=advice,
            required=criterion in self.required, details=details or {},
        )
        return Decision(finding, tuple(flags))

    def flag(self, flag_id: str, match: Match | None = None, sent: int | None = None) -> RedFlag:
        """A red flag quoting ``match`` (or sentence ``sent``), with its advice filled in."""
        evidence = self.answer.quote(match, sent)
        advice = self.rules.red_flag_advice.get(flag_id, "").format_map(Slots(quote=snippet(self.answer, match, sent)))
        return RedFlag(id=flag_id, quote=evidence.quote, start_s=evidence.start_s, advice=advice)

    def first_quote(self, matches: Sequence[Match]) -> Evidence:
        return self.answer.quote(first_match(matches))


def _not_an_action(answer: AnswerAnalysis, m: Match) -> bool:
    """"after their deploy", "the training team": nouns; "refunds, which had been running at ...": a
    state. None of them is a fix."""
    s = answer.sents[m.sent]
    prev = s.toks[m.start - 1] if m.start > 0 else ""
    # ("the training department": an -ing form after an article names a thing)
    article_ing = prev in {"the", "a", "an"} and s.toks[m.start].endswith("ing")
    return prev in {"their", "his", "her", "been", "being"} or article_ing
