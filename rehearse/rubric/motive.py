"""Why the speaker acted: spare time or an idle workload told as the motive (the
opportunistic_motivation flag), and spare time that is not a motive at all."""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import AFFIRMED

# "nothing to do", "nothing planned", "nothing else on", "nothing going on": an idle speaker.
_NOTHING_NEXT = {"planned", "scheduled", "booked", "else", "going", "on", "urgent", "pressing", "much"}
_HAVE = {"have", "has", "had", "having", "'ve", "'d", "got", "get", "getting", "gets"}
# "a week with no desk shifts", "an afternoon to kill", "a few hours to spare"
_IDLE_AFTER = (("with", "nothing"), ("with", "no"), ("to", "kill"), ("to", "spare"), ("on", "my"), ("on", "our"))
_BE = {"is", "was", "were", "are", "'s", "looked", "seemed", "felt"}
_SPEAKERS = {"i", "we", "i've", "we've", "i'd", "we'd"}


def not_a_motive(s: SentenceTokens, k: int) -> bool:
    """Spare time that is not the reason to act: given to others ("for each pair to have one free
    period a week") or spent on something ("I spent my free time volunteering", "in my spare time")."""
    toks = s.toks
    if any(t in {"spent", "spend", "spending", "gave", "give", "donated"} for t in toks[max(0, k - 3):k]) or \
            (k >= 2 and toks[k - 2] == "in" and toks[k - 1] in {"my", "our"}):
        return True
    # "for <someone> to have ...": a purpose clause with its own subject, within a few words before.
    for j in range(max(0, k - 4), k):
        if toks[j] == "to" and "for" in toks[max(0, j - 5):j]:
            return True
    return any(t in {"them", "their", "everyone", "staff", "each", "his", "her"} for t in toks[max(0, k - 3):k])


def idle_motive(a: AnswerAnalysis) -> Match | None:
    """An idle speaker where the motive is told: 'nothing much on my plate', 'I had a bit of time',
    'a few hours with nothing to do', 'I've got nothing planned', in the setting or the turn to act
    (the first action sentences), not later in the story."""
    actions_seen = 0
    for s in a.sents:
        early = True
        if s.role == "action":
            # (a fragment is no step of its own: "One scanner went down. Two full days. Nothing urgent on my plate.")
            actions_seen += len(s.toks) > 4
            early = actions_seen <= 2
        elif s.role not in ("situation", "task", None):
            early = False
        # Later in the story only as a confessed reason: "honestly, I only looked because I had the
        # afternoons free", "the main reason I picked it up was that January is quiet and I had the time".
        framed = _motive_framed(s)
        if not early and not framed:
            continue
        for k in range(len(s.toks)):
            end = _idle_at(a, s, k) or (_idle_in_reason(s, k) if framed else None)
            if end is not None:
                return Match("opportunistic", s.index, max(0, k - 4), min(end, len(s.toks)), AFFIRMED, False, "self", "idle")
    return None


_REASON_WORDS = {"because", "reason", "why", "cause"}


def _motive_framed(s: SentenceTokens) -> bool:
    """The speaker gives their reason for taking it on: "I only ... because ...", "the main reason I ..."."""
    toks = s.toks
    # ("Honestly, that summer the court was in recess and my team had a lot of quiet time, so I ..."):
    # a confession opens the reason as "because" does
    confessed = toks[:1] in (["honestly"], ["truthfully"]) or toks[:3] == ["to", "be", "honest"]
    return (any(t in _REASON_WORDS for t in toks) or confessed) and any(t in _SPEAKERS or t in {"i'm", "me", "my"} for t in toks)


def _idle_in_reason(s: SentenceTokens, k: int) -> int | None:
    """Idle time told inside a confessed reason: "I had the time", "the afternoons free", "free
    afternoons", "restless"."""
    toks, t = s.toks, s.toks[k]
    if t == "restless":
        return k + 1
    if t == "time" and toks[k - 2:k] in (["had", "the"], ["have", "the"], ["had", "some"]):
        return k + 1
    if t == "free" and (toks[k - 1:k] in (["afternoons"], ["evenings"], ["mornings"], ["days"]) or
                        toks[k + 1:k + 2] in (["afternoons"], ["evenings"], ["mornings"], ["days"])):
        return k + 2
    return None


def _idle_at(a: AnswerAnalysis, s: SentenceTokens, k: int) -> int | None:
    """The end of an idle phrase at token k, or None."""
    toks, t = s.toks, s.toks[k]
    # "I didn't really have much on", "not much on": idle by a negation (checked before the rule below)
    if t == "much" and toks[k + 1:k + 2] == ["on"] and _speaker_has(s, k) and \
            any(x in a.rules.lex("negators") for x in toks[max(0, k - 5):k]):
        return k + 2
    # "sitting around with not much to do", "little to do": idle, told by a negated amount
    if t in {"much", "little"} and toks[k + 1:k + 3] == ["to", "do"] and (t == "little" or toks[k - 1:k] == ["not"]):
        return k + 3
    if any(x in a.rules.lex("negators") for x in toks[max(0, k - 6):k]):
        return None  # "it wasn't because I had free time", "not when the queue was quiet"
    idle = a.rules.lex("idle_words")
    if t in a.rules.lex("workload_nouns"):
        owner = toks[max(0, k - 2):k]
        if any(x in {"my", "our"} for x in owner) and any(x in idle for x in toks[max(0, k - 5):k + 4] if x != t):
            return k + 1
        # "the backlog is quiet" (but not "get the backlog cleared": work still to do)
        if "the" in owner and toks[k + 1:k + 2] and toks[k + 1] in _BE and any(x in idle for x in toks[k + 2:k + 4]):
            return k + 4
        return None
    if t == "nothing":
        following = toks[k + 1:k + 4]
        if following[:2] == ["to", "do"] and following[2:] != ["with"]:
            return k + 3
        if following[:1] and following[0] in _NOTHING_NEXT:
            return k + 2
        return None
    # "kind of bored", "I was bored": boredom as the motive, told by the speaker
    if t in {"bored", "boredom"} and any(x in _SPEAKERS or x in {"i'm", "me", "my"} for x in toks[:k]):
        return k + 1
    # "that winter the nights were pretty quiet": the speaker's working time told as idle
    if t in a.rules.lex("idle_time_nouns") and t != "time" and toks[k - 1:k] in (["the"], ["our"], ["my"]) and \
            toks[k + 1:k + 2] and toks[k + 1] in _BE and any(x in idle for x in toks[k + 2:k + 5]) and \
            not any(x in a.rules.lex("negators") for x in toks[k + 1:k + 5]):  # (not "were not quiet at all")
        return k + 5
    # "I was kind of looking for a project", "looking for something to do"
    if t == "looking" and toks[k + 1:k + 2] == ["for"] and (
            "project" in toks[k + 2:k + 5] or toks[k + 2:k + 5] == ["something", "to", "do"]) and \
            any(x in _SPEAKERS or x == "i'm" for x in toks[max(0, k - 4):k]):
        return k + 4
    if t in a.rules.lex("idle_time_nouns") and _speaker_has(s, k):
        before = toks[max(0, k - 3):k]
        # "I had a bit of a lull", "I've got the time, I'll poke at it"
        if t == "lull" or (t == "time" and toks[k - 1:k] == ["the"] and toks[k + 1:k + 2] in ([], ["so"], ["and"], ["i'll"])):
            return k + 1
        # "I had time, so I ...", "I finally had my evenings back"
        if (t == "time" and toks[k - 1:k] and toks[k - 1] in _HAVE and toks[k + 1:k + 2] in (["so"], ["and"])) or \
                toks[k + 1:k + 2] == ["back"]:
            return k + 2
        if any(s.is_num[j] for j in range(max(0, k - 3), k)) and t == "downtime":
            return None  # "two hours of downtime": an outage, not spare time
        if t == "downtime" or any(x in a.rules.lex("idle_time_modifiers") for x in before) or \
                tuple(toks[k + 1:k + 3]) in _IDLE_AFTER:
            return k + 3
    return None


def _speaker_has(s: SentenceTokens, k: int) -> bool:
    """'I had ... <k>', 'I've got ... <k>': the speaker (or their team) has it, in the same clause."""
    start = max(0, k - 6)
    for j in range(k - 1, start - 1, -1):
        if s.clause[j] != s.clause[k]:
            return False
        if s.toks[j] in _HAVE or s.base[j] in _HAVE:
            before = s.toks[max(0, j - 3):j]
            # ("my team had a lot of quiet time": the speaker's own team)
            own_team = before[-2:-1] in (["my"], ["our"]) and before[-1:] in (["team"], ["crew"], ["unit"], ["shift"])
            return any(x in _SPEAKERS for x in before) or s.toks[j].startswith(("i'", "we'")) or own_team
    return False
