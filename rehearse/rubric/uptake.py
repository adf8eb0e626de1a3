"""Is a second-order match really uptake by others? Shapes that look like adoption but are not.

Each check names a clause shape, not a phrase:
- the group is acted on (passive: "all the merchants were moved"), which is the work itself;
- the "verb" is a noun after a possessive ("people on other teams mentioned their builds");
- use resumed ("they started using our dashboard again"), which is the fix working, not spreading;
- a practice kept for oneself ("a standard step for me");
- in the Action, the speaker asks or tells the group ("I asked the other two pods to send me ...").
"""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.matching import Match

_POSSESSIVES = frozenset({"their", "our", "my", "his", "her", "its", "your"})
_GET_FORMS = frozenset({"got", "get", "gets", "getting"})
_IRREGULAR_PARTICIPLES = frozenset({"sent", "put", "brought", "taken", "given", "told", "shown", "made", "built"})
# Joining a tool after being moved onto it is still uptake.
_UPTAKE_PARTICIPLES = frozenset({"onboarded", "adopted"})
_RESUMED = frozenset({"again", "back"})
_RELATIVES = frozenset({"which", "who", "whom", "whose"})
# Verbs by which the speaker gets others to do something: the group is their object, not an adopter.
_DIRECTIVE_VERBS = frozenset({"asked", "told", "had", "got", "emailed", "messaged", "pinged", "trained",
                              "invited", "called", "begged", "persuaded", "convinced", "needed"})
_SELF_OBJECTS = frozenset({"me", "myself"})


def _clause_span(s: SentenceTokens, k: int) -> range:
    c = s.clause[k]
    lo, hi = k, k
    while lo > 0 and s.clause[lo - 1] == c:
        lo -= 1
    while hi + 1 < len(s.toks) and s.clause[hi + 1] == c:
        hi += 1
    return range(lo, hi + 1)


def _participle(tok: str) -> bool:
    return tok.endswith("ed") or tok in _IRREGULAR_PARTICIPLES


def group_acted_on(a: AnswerAnalysis, m: Match) -> bool:
    """"All forty thousand merchants were moved": a be/get form then a participle inside the match."""
    s = a.sents[m.sent]
    be = a.rules.lex("be_forms") | _GET_FORMS
    for j in range(m.start, min(m.end, len(s.toks)) - 1):
        nxt = s.toks[j + 1]
        # ("was picked up by the Lisbon office": the agent after "by" took it up)
        if s.toks[j] in be and _participle(nxt) and nxt not in _UPTAKE_PARTICIPLES and "by" not in s.toks[j + 2 : j + 4]:
            return True
    return False


def verb_slot_is_noun(a: AnswerAnalysis, m: Match) -> bool:
    """"mentioned their builds": the pattern's last word, the verb, is a plural noun after a possessive."""
    s = a.sents[m.sent]
    last = m.end - 1
    if last <= m.start or last >= len(s.toks):
        return False
    return s.toks[last - 1] in _POSSESSIVES and s.toks[last].endswith("s") and "~" in m.pattern.split()[-1]


def resumed_use(a: AnswerAnalysis, m: Match, window: int = 4) -> bool:
    """"started using our dashboard again", "went back to the old report": a return, not a spread."""
    s = a.sents[m.sent]
    span = _clause_span(s, m.start)
    return any(s.toks[j] in _RESUMED for j in range(m.start, min(span.stop, m.end + window)))


def kept_for_oneself(a: AnswerAnalysis, m: Match, window: int = 4) -> bool:
    """"that's now a standard step for me": the speaker's own habit is not adoption by others."""
    s = a.sents[m.sent]
    for j in range(m.end, min(len(s.toks), m.end + window)):
        if s.toks[j] in ("for", "to") and j + 1 < len(s.toks) and s.toks[j + 1] in _SELF_OBJECTS:
            return True
    return False


def speaker_directs_group(a: AnswerAnalysis, m: Match) -> bool:
    """In the Action, "I asked the other two pods to send me ...": the speaker's request, not uptake."""
    s = a.sents[m.sent]
    if s.role != "action":
        return False
    # The whole sentence before the match: the request often sits a comma earlier.
    mine = a.rules.lex("i_forms") | a.rules.lex("we_forms")
    hearsay = a.rules.lex("hearsay_verbs")
    return any(s.toks[j] in mine and not (j + 1 < len(s.toks) and s.toks[j + 1] in hearsay)
               and any(t in _DIRECTIVE_VERBS for t in s.toks[j + 1 : j + 3])
               for j in range(max(0, m.start - 12), m.start))


def ranked_part(a: AnswerAnalysis, m: Match) -> bool:
    """"were the most expensive part of the project": a superlative judgement, not "became part of"."""
    s = a.sents[m.sent]
    toks = s.toks[m.start : m.end]
    if "part" not in toks:
        return False
    before = toks[: toks.index("part")]
    return any(t in ("most", "least", "worst", "best") or (len(t) > 4 and t.endswith("est")) for t in before)


def negation_in_aside(a: AnswerAnalysis, m: Match, window: int = 6) -> bool:
    """"titles, which weren't even in scope, moved onto the service": the negator belongs to the
    relative clause before the verb, not to the uptake."""
    s = a.sents[m.sent]
    neg = a.rules.lex("negators")
    for j in range(m.start - 1, max(-1, m.start - window - 1), -1):
        if s.toks[j] in neg:
            return any(s.toks[i] in _RELATIVES for i in range(max(0, j - 2), j))
    return False


def not_uptake(a: AnswerAnalysis, m: Match) -> bool:
    return (group_acted_on(a, m) or ranked_part(a, m) or verb_slot_is_noun(a, m) or resumed_use(a, m)
            or kept_for_oneself(a, m) or speaker_directs_group(a, m))
