"""Clause spans and shared word classes for the outcome finders (rubric/outcomes.py and
rubric/second_order.py)."""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import AFFIRMED

POINTERS = frozenset({"it", "same", "my", "this", "that", "these", "mine"})
LEADS = {"into", "in", "to", "as", "became", "become", "becomes", "now"}
JOINERS = {"and", "or", "but", "so", "then", "because"}
PREPOSITIONS = {"for", "of", "with", "to", "from", "on", "about", "among", "by", "at", "in", "per"}


def clause_span(s: SentenceTokens, k: int) -> range:
    """The token indices of the clause holding token k."""
    c = s.clause[k]
    lo = k
    while lo > 0 and s.clause[lo - 1] == c:
        lo -= 1
    hi = k
    while hi + 1 < len(s.toks) and s.clause[hi + 1] == c:
        hi += 1
    return range(lo, hi + 1)


def first_in(s: SentenceTokens, span: range, words: frozenset[str]) -> int | None:
    """The first token in span that is one of words (or whose base is), or None."""
    for j in span:
        if s.toks[j] in words or s.base[j] in words:
            return j
    return None


def outcome_match(cat: str, s: SentenceTokens, start: int, end: int, why: str) -> Match:
    return Match(cat, s.index, start, max(end, start + 1), AFFIRMED, False, "unknown", why)


def negated_before(a: AnswerAnalysis, s: SentenceTokens, k: int, window: int = 6) -> bool:
    """A negator in the few words of k's clause before it."""
    neg = a.rules.lex("negators")
    span = clause_span(s, k)
    return any(s.toks[j] in neg for j in range(max(span.start, k - window), k))
