"""Scope-boundary evidence weighed against the speaker's own ownership.

A boundary phrase is evidence only when it places the problem with someone else. These helpers
drop the shapes that look like one but are not: the speaker's own presence somewhere ("I sat in
the pharmacy"), the speaker's own team's area ("my team's responsibility"), and, once the speaker
says the problem was theirs ("it was my forecast which was wrong"), mere mentions of other teams'
work ("a model that another team had built") that carry no negation or "nobody".
"""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.doers import doer
from rehearse.rubric.matching import Match

_PRESENCE = {"sat", "sit", "sitting", "stood", "lived", "live", "living"}
_MINE = {"my", "our"}
_GROUP_POSSESSIVES = {"team's", "teams'", "group's", "org's", "department's", "squad's", "unit's", "lab's"}
# After "it was my ...": words that say when or how, not what was owned ("it was my first week").
_NOT_OWNED = {"first", "second", "last", "fault", "idea", "understanding", "impression", "guess", "turn", "own",
              "week", "day", "month", "year", "shift", "time", "chance", "call"}
_DUTY = {"responsibility", "job", "remit", "problem", "area", "patch", "baby"}
# Words that make a boundary statement strong whatever else is said: a negation, nobody, outside.
_STRONG = {"not", "wasn't", "isn't", "weren't", "never", "nobody", "noone", "no", "outside", "beyond", "unowned",
           "orphaned", "ownerless", "without", "mine", "ours", "wasnt", "isnt", "belonged", "belongs", "belong",
           "owned"}


def speakers_presence(a: AnswerAnalysis, m: Match) -> bool:
    """'I sat in the pharmacy for a couple of mornings': where the speaker was, not who owned what."""
    s = a.sents[m.sent]
    return s.toks[m.start] in _PRESENCE and doer(a, s, m.start) == "self"


def own_group_possessive(a: AnswerAnalysis, m: Match) -> bool:
    """'my team's responsibility', 'our group's area': the speaker's own side, not another's."""
    s = a.sents[m.sent]
    return s.toks[m.start] in _GROUP_POSSESSIVES and m.start >= 1 and s.toks[m.start - 1] in _MINE


def is_strong(a: AnswerAnalysis, m: Match) -> bool:
    s = a.sents[m.sent]
    lo = max(0, m.start - 1)
    # ("handled by an outside vendor": "outside" naming a kind of vendor, not a place beyond one's remit)
    return any(t in _STRONG and not (t == "outside" and s.toks[j + 1:j + 2] and s.toks[j + 1] not in _OUTSIDE_OF)
               for j, t in enumerate(s.toks[lo:m.end + 1], start=lo))


_OUTSIDE_OF = {"my", "our", "the", "of", "his", "her", "their", "what", "anything", "scope"}


def _owns_it(s: SentenceTokens, k: int) -> bool:
    toks = s.toks
    t = toks[k]
    if t not in _MINE or any(x in _STRONG for x in toks[max(0, k - 3):k]):
        return False
    nxt = toks[k + 1:k + 3]
    if nxt[:1] and nxt[0] in _GROUP_POSSESSIVES:
        return nxt[1:] != []
    # "it was kind of on our rotation anyway", "it happened on my watch": on call for it (spec: no boundary)
    if toks[k - 1:k] == ["on"] and nxt[:1] and nxt[0] in {"rotation", "watch"}:
        return True
    # "the whole thing was my responsibility", "process changes on my shift are my responsibility"
    if toks[k - 1:k] and toks[k - 1] in {"was", "is", "were", "are"} and nxt[:1] and nxt[0] in _DUTY:
        return True
    # "it was my forecast which was wrong", "this was my account": a copula right before "my".
    return k >= 2 and toks[k - 1] in {"was", "is"} and toks[k - 2] in {"it", "this", "that"} and bool(nxt[:1]) \
        and nxt[0] not in _NOT_OWNED


def speaker_owns_problem(a: AnswerAnalysis) -> bool:
    """The setting says the problem was the speaker's own ("the templates were my team's responsibility",
    "it was my forecast which was wrong"); a job description ("I was responsible for the close") is not one."""
    for s in a.sents:
        if s.role not in ("situation", "task"):
            continue
        for k in range(len(s.toks)):
            if _owns_it(s, k):
                return True
    return False


def boundary_evidence(a: AnswerAnalysis, found: list[Match]) -> list[Match]:
    """The boundary matches that place the problem with someone else."""
    kept = [m for m in found if not speakers_presence(a, m) and not own_group_possessive(a, m)]
    if kept and speaker_owns_problem(a):
        kept = [m for m in kept if is_strong(a, m)]
    return kept
