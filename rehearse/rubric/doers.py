"""Who does a verb, beyond the pronoun rules of matching: a noun phrase as subject ("their analyst
compared ..."), a subject carried over a sentence split ("And counted the trucks myself"), a check
the speaker asked someone else to do ("asked the supervisors to check ..."), and whether a word is
used as a verb at all ("I counted" vs "the design review").
"""

from __future__ import annotations

from rehearse.lang.tokens import is_had_contraction
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.matching import subject_at

# Words that cannot head a noun phrase subject.
_NOT_NOUNS = {"i", "we", "they", "he", "she", "it", "you", "then", "so", "and", "also", "later", "after", "first",
              "finally", "next", "but", "or", "just", "never", "not", "me", "myself", "us", "them", "who", "that",
              "this", "there", "which", "everyone", "nobody", "someone", "to", "once", "when", "now", "again",
              "still", "even", "only", "really", "personally", "together", "i'd", "we'd", "they'd", "he'd",
              "she'd", "i've", "we've", "they've", "i'm", "we're", "they're", "i'll", "we'll"}
_PREPOSITIONS = {"to", "with", "for", "from", "of", "at", "on", "in", "into", "by", "about", "across", "via",
                 "over", "under", "through", "against", "between", "among", "behind", "beside", "like", "than"}
# Words that open a noun phrase: after one, an "-ed" word or a verb-like word is a noun ("the repair").
DETERMINERS = frozenset({"the", "their", "his", "her", "its", "a", "an", "that", "this", "our", "my"})
_JOINERS = {"and", "but", "so", "then", "while", "when", "after", "once", "until"}
_PARTICLES = {"up", "out", "down", "off", "back"}
# Before a bare form these make it a verb ("I count", "and check", "to measure").
_VERB_PREV = {"i", "we", "they", "he", "she", "you", "to", "and", "then", "also", "did", "personally",
              "manually", "myself", "first", "always", "carefully", "again", "re", "actually", "just", "even",
              "still", "later", "finally", "or", "was", "were", "is", "are", "am", "by", "kept", "started", "i'd", "we'd",
              "i've"}
_IRREGULAR_PAST = {"ran", "did", "went", "built", "wrote", "made", "sent", "put", "set", "read", "found", "took",
                   "got", "gave", "told", "said", "brought", "kept", "saw", "came", "knew", "thought", "caught",
                   "led", "left", "paid", "held", "stood", "understood", "began", "chose", "drew", "fed", "felt",
                   "redid", "undid", "rewrote", "rebuilt"}
_POSSESSIVES = {"their", "his", "her"}
_PART_WORDS = {"one", "two", "three", "some", "several", "couple", "few", "most", "each", "both", "many", "all"}


def noun_subject_before(s: SentenceTokens, k: int, loose: bool = False) -> str | None:
    """The noun phrase subject of the verb at k (see ``_noun_phrase_before``); a verb coordinated
    with "and" shares the subject of the verb before it ("the analysts validated the balances and
    confirmed they were correct")."""
    np = _noun_phrase_before(s, k, loose)
    # ("the supplier has confirmed ...": past the perfect's auxiliary)
    # (not after a modal: "no report could have fixed" is no deed)
    if np is None and k > 1 and s.toks[k - 1] in {"has", "have", "had"} and s.clause[k - 1] == s.clause[k] \
            and s.toks[k - 2] not in {"could", "would", "should", "might", "must", "will", "may"}:
        np = _noun_phrase_before(s, k - 1, True)
    if np is None and k > 0 and s.toks[k - 1] in {"and", "then"}:
        prev = next((j for j in range(k - 2, max(-1, k - 12), -1) if s.clause[j] == s.clause[k - 1]
                     and is_past_verb(s, j)), None)
        if prev is not None:
            np = _noun_phrase_before(s, prev, loose)
    return np


def _noun_phrase_before(s: SentenceTokens, k: int, loose: bool = False) -> str | None:
    """The noun phrase right before the verb at k is its subject: "Maintenance told me ...",
    "... and their analyst compared ...". 'self' for "my ...", 'we' for "our ...", 'other' for
    the rest, None when there is none. `loose` (run-on speech without commas) also accepts a noun
    phrase right after another noun ("... day of the week the chef wanted ...")."""
    toks = s.toks
    if k > 0 and s.clause[k - 1] == s.clause[k] and (k == 1 or s.clause[k - 2] != s.clause[k - 1]) \
            and toks[k - 1] not in _NOT_NOUNS and not toks[k - 1].endswith("ly"):
        return "other"  # a bare noun opening the clause
    # "Fleet IT told me", "central IT said": the IT department, lower-cased, after the noun naming it
    if k > 1 and toks[k - 1] == "it" and s.clause[k - 2] == s.clause[k] and (k == 2 or s.clause[k - 3] != s.clause[k - 2]) \
            and toks[k - 2] not in _NOT_NOUNS and toks[k - 2] not in _PREPOSITIONS and not toks[k - 2].endswith(("ed", "ly")):
        return "other"
    j, words = k - 1, 0
    while j >= 0 and words < 4 and s.clause[j] == s.clause[k]:
        t = toks[j]
        if t in DETERMINERS:
            before = toks[j - 1] if j > 0 else ""
            # "one of their engineers found ...": a part of a group heads the subject.
            if before == "of" and j >= 2 and toks[j - 2] in _PART_WORDS and t != "my":
                return "we" if t == "our" else "other"
            after_noun = not (before in _PREPOSITIONS or before in DETERMINERS or before.endswith("ed")
                              or before in _NOT_NOUNS or before in _PARTICLES or before in _IRREGULAR_PAST)
            # "... with screenshots their engineers found ...": a possessive after a noun opens a subject.
            start_ok = j == 0 or before in _JOINERS or s.clause[j - 1] != s.clause[j] or (
                (loose or t in _POSSESSIVES) and after_noun)
            if not start_ok or words == 0:
                return None
            # "my own ..." is the speaker, "my team" / "our ..." the team, "my director" someone else.
            head = s.toks[j + 1] if j + 1 < k else ""
            if t == "my":
                return "self" if head in {"own", "self"} else ("we" if head in {"team", "squad", "group"} else "other")
            # ("our environmental health director asked me": one person, not the team)
            if t == "our" and toks[k - 1] in ROLE_HEADS:
                return "other"
            return "we" if t == "our" else "other"
        if t in _NOT_NOUNS or t.endswith("ly"):
            return None
        words += 1
        j -= 1
    return None


ROLE_HEADS = frozenset({"director", "manager", "lead", "boss", "supervisor", "vp", "head", "chief", "ceo", "cfo", "cto",
                         "coo", "president", "gm", "principal", "dean", "chair", "superintendent", "editor", "producer",
                         "administrator", "coordinator", "controller", "officer"})


def reported_by_other(a: AnswerAnalysis, s: SentenceTokens, k: int, window: int = 12) -> bool:
    """The word at k sits in someone else's reported speech: "their tech said the new ones were
    tested", "the vendor told me it had been checked"."""
    report = a.rules.lex("report_verbs")
    return any((s.toks[j] in report or s.base[j] in report) and doer(a, s, j) == "other"
               for j in range(max(0, k - window), k))


def doer(a: AnswerAnalysis, s: SentenceTokens, k: int) -> str:
    """Who does the verb at k: a noun phrase subject first, then the pronoun rules; a sentence that
    opens on a bare verb after a split of run-on speech carries the previous sentence's subject."""
    np = noun_subject_before(s, k)
    if np is not None:
        return np
    who = subject_at(s, k, a.rules)
    if who != "unknown" or s.index == 0 or any(s.toks[j] not in {"and", "then", "so", "also"} for j in range(k)):
        return who
    prev = a.sents[s.index - 1]
    # ("... and they got back to us / and said everything looked good", "I sent it to the engineer, and
    # he found a worn O-ring / and replaced it": the last doer of the sentence before)
    last = next((j for j in range(len(prev.toks) - 1, -1, -1) if is_past_verb(prev, j)), None)
    last_doer = "unknown" if last is None else subject_at(prev, last, a.rules)
    if last_doer != "unknown":
        return last_doer
    return "self" if any(t in a.rules.lex("i_forms") for t in prev.toks) else who


def is_past_verb(s: SentenceTokens, k: int) -> bool:
    """'corrected', 'went' used as a verb."""
    return (s.toks[k].endswith("ed") or s.toks[k] in _IRREGULAR_PAST) and is_verb_use(s, k)


_VERB_PREFIXES = frozenset({"re", "pre", "co", "un", "de", "over", "mis", "double", "cross", "hand", "self"})


def _compound_tail(s: SentenceTokens, k: int) -> bool:
    """'color-coded', 'well-tested': the second part of a hyphenated adjective, not a verb
    ('re-filed', 'double-checked', 'hand-delivered' keep their verb)."""
    if k == 0 or s.raw_of[k - 1] != s.raw_of[k]:
        return False
    raw = s.raw[s.raw_of[k]].lower()
    return "-" in raw and raw.split("-", 1)[0].strip("\"'(") not in _VERB_PREFIXES


def is_verb_use(s: SentenceTokens, k: int) -> bool:
    """'I counted', 'and timed', 'kept checking' are verbs; 'the design review', 'fault code' are nouns."""
    tok = s.toks[k]
    prev = s.toks[k - 1] if k > 0 else ""
    if _compound_tail(s, k):
        return False
    if tok.endswith("ed") or tok in _IRREGULAR_PAST:
        return prev not in DETERMINERS
    return k == 0 or prev in _VERB_PREV or _participle_after_comma(s, k)


def _participle_after_comma(s: SentenceTokens, k: int) -> bool:
    """'..., timing every one against the old list': an -ing word opening a phrase after a comma
    tells what the subject did alongside."""
    return s.toks[k].endswith("ing") and k > 0 and s.raw[s.raw_of[k - 1]].endswith(",")


def modifier_use(s: SentenceTokens, k: int) -> bool:
    """'manual reconciling entries': an -ing word between a modifier and a plural noun names a kind of thing."""
    tok = s.toks[k]
    nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
    prev = s.toks[k - 1] if k > 0 else ""
    return tok.endswith("ing") and nxt.endswith("s") and len(nxt) > 3 and prev not in _VERB_PREV


def whenever_span(s: SentenceTokens, end: int) -> bool:
    """A match ending on 'every' / 'each' before 'time' ("checked the units and every time it was ..."):
    "every time" means whenever; it does not say what was checked."""
    return s.toks[end - 1] in {"every", "each"} and s.toks[end:end + 1] == ["time"]


def requested_of_other(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """The check at k is what the speaker asked someone else to do: "asked the supervisors to check
    that ...", "had the analytics team verify ...". Not "got to test it" (no one in between)."""
    ask = a.rules.lex("request_verbs")
    toks = s.toks
    for j in range(k - 1, max(-1, k - 8), -1):
        if s.clause[j] != s.clause[k]:
            break
        if toks[j] in ask:
            between = [x for x in toks[j + 1:k] if x != "to"]
            return bool(between) and not any(x in {"me", "myself", "i"} for x in between) and toks[j + 1] != "to"
    # "passed the list over to our airline desk to issue and confirm the tickets": handed over, with
    # the check as the recipient's purpose
    for j in range(k - 1, max(-1, k - 14), -1):
        if toks[j] in _HANDOVER_VERBS:
            between = toks[j + 1:k]
            # (not "sent test changes to my own phone for a week to confirm they arrived": one's own)
            return between.count("to") >= 2 and not any(x in {"me", "myself", "i", "my", "own"} for x in between)
    return False


_HANDOVER_VERBS = frozenset({"passed", "handed", "sent", "gave", "forwarded", "turned"})


def irrealis_before(a: AnswerAnalysis, s: SentenceTokens, k: int, window: int = 10) -> bool:
    """'I would count ...', 'I would have asked for a sample and tested it myself': not something done
    (a modal carries over "and", so the whole stretch before k is read)."""
    modal = a.rules.lex("modal_words")
    return any(s.toks[j] in modal and not is_had_contraction(s.toks, j) for j in range(max(0, k - window), k))
