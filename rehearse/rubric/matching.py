"""Pattern matching inside a sentence: every rule pattern found through an index on its first
token, with its clause state (negated, "not just"), irrealis mood and subject (I / we / other / none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.lang.tokens import is_had_contraction
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.rules import (
    AFFIRMED,
    NEGATED,
    NOT_JUST,
    Pattern,
    RubricRules,
    TokenSpec,
)


@dataclass(frozen=True)
class Match:
    category: str
    sent: int
    start: int
    end: int  # exclusive token index
    state: str
    irrealis: bool
    subject: str  # self | we | other | unknown
    pattern: str


def _spec_ok(spec: TokenSpec, s: SentenceTokens, k: int) -> bool:
    if spec.words and (s.toks[k] in spec.words or s.base[k] in spec.words):
        return True
    if spec.number and s.is_num[k]:
        return True
    if spec.rate and s.is_rate[k]:
        return True
    return bool(spec.money and s.is_money[k])


def _match_at(specs: Sequence[TokenSpec], s: SentenceTokens, start: int) -> int:
    """End index of the shortest match of specs at start, or -1. Gaps stay in the clause."""
    n = len(s.toks)
    clause = s.clause[start]

    def go(si: int, k: int) -> int:
        if si == len(specs):
            return k
        spec = specs[si]
        if spec.gap:
            for skip in range(spec.gap + 1):
                kk = k + skip
                if kk >= n or s.clause[kk] != clause:
                    break
                end = go(si + 1, kk)
                if end >= 0:
                    return end
            return -1
        if k >= n or s.clause[k] != clause or not _spec_ok(spec, s, k):
            return -1
        return go(si + 1, k + 1)

    return go(0, start)


def _state(s: SentenceTokens, start: int, rules: RubricRules) -> str:
    negators = rules.lex("negators")
    not_just = rules.lex("not_just")
    window = int(rules.settings.get("negation_window", 5))
    clause = s.clause[start]
    k = start - 1
    steps = 0
    while k >= 0 and s.clause[k] == clause and steps < window:
        if s.toks[k] in negators:
            nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
            nxt2 = s.toks[k + 2] if k + 2 < len(s.toks) else ""
            if nxt in not_just or (nxt in {"do", "did", "i", "we"} and nxt2 in not_just):
                return NOT_JUST
            return NEGATED
        k -= 1
        steps += 1
    return AFFIRMED


def _irrealis(s: SentenceTokens, start: int, rules: RubricRules) -> bool:
    irrealis = rules.lex("irrealis")
    window = int(rules.settings.get("irrealis_window", 8))
    clause = s.clause[start]
    k = start - 1
    only_before_to = rules.lex("irrealis_before_to")
    while k >= 0 and s.clause[k] == clause and start - k <= window:
        t = s.toks[k]
        if (t in irrealis and not is_had_contraction(s.toks, k)) or (
                t == "next" and k + 1 < len(s.toks) and s.toks[k + 1] == "time"):
            # "we only needed one feature" is a fact; "we needed to cut it" is a goal.
            if t in only_before_to and "to" not in s.toks[k + 1 : k + 4]:
                k -= 1
                continue
            return True
        k -= 1
    return False


def _subject(s: SentenceTokens, start: int, end: int, rules: RubricRules) -> str:
    """Who does the matched verb: nearest agent before it in the clause, else the clause subject."""
    self_forms = rules.lex("i_forms")
    we_forms = rules.lex("we_forms")
    others = rules.lex("other_subjects")
    agents = rules.lex("other_agents")
    carry = rules.lex("carry_subject")
    clause = s.clause[start]
    # "... tested it myself"
    k = start + 1
    while k < len(s.toks) and s.clause[k] == clause and k < end + 4:
        if s.toks[k] == "myself":
            return "self"
        k += 1
    # Passive voice ("the mailbox was monitored", "the fix was tested by QA"): the agent is the
    # "by ..." phrase after the verb, and nobody in particular when there is none.
    if any(_is_passive(s, k, rules) for k in range(start, min(end, start + 3))):
        k = end
        while k < len(s.toks) and s.clause[k] == clause and k < end + 6:
            if s.toks[k] == "by" and k + 1 < len(s.toks):
                j = k + 1
                while j < len(s.toks) and j < k + 4 and s.toks[j] in {"the", "a", "an", "their", "our", "my"}:
                    j += 1
                if j >= len(s.toks):
                    break
                t = s.toks[j]
                if t in {"me", "myself"} or t in self_forms:
                    return "self"
                if t in {"us", "ourselves"} or t in we_forms:
                    return "we"
                return "other"
            k += 1
        return "passive"
    k = start - 1
    while k >= 0 and s.clause[k] == clause:
        t = s.toks[k]
        if t in self_forms:
            return "self"
        if t in we_forms:
            return "we"
        if t in others or (s.base[k] in agents and not _after_preposition(s, k)):
            return "other"
        if t in carry:
            break  # "and tested it": the subject is the clause's / previous clause's
        k -= 1

    def kind(j: int) -> str | None:
        t = s.toks[j]
        if t in self_forms:
            return "self"
        if t in we_forms:
            return "we"
        if t in others or (s.base[j] in agents and not _after_preposition(s, j)):
            return "other"
        return None

    # Clause subject: first agent of this clause, then of earlier clauses.
    for c in range(clause, -1, -1):
        for j in range(len(s.toks)):
            if s.clause[j] != c or (c == clause and j >= start):
                continue
            found = kind(j)
            if found:
                return found
    return "unknown"


_PREPOSITIONS = {"to", "with", "for", "from", "of", "at", "on", "in", "into", "beside", "alongside", "next",
                 "behind", "among", "between", "about", "across", "toward", "towards", "against", "via"}


def _after_preposition(s: SentenceTokens, k: int) -> bool:
    """'next to the quality team', 'with their lead': an agent noun that is an object, not a subject."""
    j = k - 1
    while j >= 0 and k - j <= 4 and s.clause[j] == s.clause[k]:
        t = s.toks[j]
        if t in _PREPOSITIONS:
            return True
        # Determiners and modifiers ("the quality team") may sit in between; a verb or pronoun ends it.
        if t not in {"the", "a", "an", "their", "our", "my", "his", "her", "its", "that", "this", "whole",
                     "entire", "other", "platform", "quality", "engineering", "product", "data", "qa", "ops"}:
            return False
        j -= 1
    return False


_PASSIVE_SKIP = {"now", "since", "eventually", "not", "never", "only", "also", "then", "just", "all", "both", "each", "being", "been", "n't",
                 "actually", "really", "already", "later", "finally", "carefully", "thoroughly", "manually"}


def _is_passive(s: SentenceTokens, start: int, rules: RubricRules) -> bool:
    """A participle right after a form of "be" ("was monitored", "were never tested", "got fixed")."""
    tok = s.toks[start]
    if not (tok.endswith(("ed", "en")) or tok in rules.lex("participles")):
        return False
    be = rules.lex("be_forms")
    k = start - 1
    while k >= 0 and s.clause[k] == s.clause[start] and start - k <= 5:
        t = s.toks[k]
        if t in be:
            return True
        # "was flashed and tested": skip a coordinated participle
        if t not in _PASSIVE_SKIP and t != "and" and not t.endswith("ed"):
            return False
        k -= 1
    return False


def _possible(p: Pattern, vocab: set[str], has_num: bool, has_rate: bool, has_money: bool) -> bool:
    """Cheap pre-check: every position of the pattern has some token of the sentence."""
    for spec in p.specs:
        if spec.gap:
            continue
        if spec.number and has_num or spec.rate and has_rate or spec.money and has_money:
            continue
        if spec.words.isdisjoint(vocab):
            return False
    return True


def scan_sentence(s: SentenceTokens, rules: RubricRules) -> list[Match]:
    out: list[Match] = []
    index = rules.index
    vocab = set(s.toks) | set(s.base)
    has_num, has_rate, has_money = any(s.is_num), any(s.is_rate), any(s.is_money)
    possible: dict[int, bool] = {}
    for k in range(len(s.toks)):
        cands: list[Pattern] = []
        for key in {s.toks[k], s.base[k]}:
            cands.extend(index.get(key, ()))
        if s.is_num[k]:
            cands.extend(index.get("#NUM", ()))
        if s.is_rate[k]:
            cands.extend(index.get("#RATE", ()))
        if s.is_money[k]:
            cands.extend(index.get("#MONEY", ()))
        seen: set[int] = set()
        for p in cands:
            pattern_id = id(p)
            if pattern_id in seen:
                continue
            seen.add(pattern_id)
            ok = possible.get(pattern_id)
            if ok is None:
                ok = possible[pattern_id] = _possible(p, vocab, has_num, has_rate, has_money)
            if not ok:
                continue
            end = _match_at(p.specs, s, k)
            if end < 0:
                continue
            out.append(
                Match(
                    category=p.category,
                    sent=s.index,
                    start=k,
                    end=end,
                    state=_state(s, k, rules),
                    irrealis=_irrealis(s, k, rules),
                    subject=_subject(s, k, end, rules),
                    pattern=p.source,
                )
            )
    return out


def subject_at(s: SentenceTokens, k: int, rules: RubricRules) -> str:
    """Who does the word at k (self / we / other / passive / unknown), as for a one-word match."""
    return _subject(s, k, k + 1, rules)
