"""Questions the criteria ask of an answer: which sentences are the action, the result, the
reflection; who did it; is a number a real metric; is this a hand-off; is there a trade-off.
"""

from __future__ import annotations

from collections.abc import Sequence

from rehearse.lang.tokens import is_had_contraction
from rehearse.rubric.advice import shorten
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens, stem
from rehearse.rubric.doers import irrealis_before, is_past_verb
from rehearse.rubric.handoffs import routing_handoff
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import AFFIRMED
from rehearse.rubric.tradeoffs import find_tradeoff_passage, is_preference

NOT_CONTEXT_ROLES = ("action", "result", "reflection", None)


def first_match(ms: Sequence[Match]) -> Match | None:
    return min(ms, key=lambda m: (m.sent, m.start)) if ms else None


def result_sentences(a: AnswerAnalysis) -> list[SentenceTokens]:
    res = [s for s in a.sents if s.role == "result"]
    return res or [s for s in a.sents if s.role in (None,)] or a.sents[-2:]


def action_sentences(a: AnswerAnalysis) -> list[SentenceTokens]:
    acts = [s for s in a.sents if s.role in ("task", "action")]
    if acts:
        return acts
    acts = [s for s in a.sents if s.role in ("task", None)]
    return acts or [s for s in a.sents if s.role not in ("situation", "result", "reflection")] or a.sents


def pronoun_counts(a: AnswerAnalysis, sents: Sequence[SentenceTokens]) -> tuple[int, int, list[tuple[int, int]]]:
    """Agentive I and we counts: "we were / we had" is context, "I mean / I guess" is filler."""
    rules = a.rules
    i_forms, we_forms = rules.lex("i_forms") - {"myself"}, rules.lex("we_forms")
    stative, fillers = rules.lex("we_stative"), rules.lex("i_fillers")
    i_count = we_count = 0
    we_spots: list[tuple[int, int]] = []
    for s in sents:
        for k, t in enumerate(s.toks):
            nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
            if t in i_forms:
                if nxt in fillers or t in {"i'm", "im", "i've", "ive"}:
                    continue
                i_count += 1
            elif t in we_forms:
                if nxt in stative or t in {"we're", "we've"}:
                    continue
                we_count += 1
                we_spots.append((s.index, k))
            elif t == "team" and k > 0 and s.toks[k - 1] in {"my", "our", "the"} and nxt and (
                nxt.endswith("ed") or nxt in {"figured", "found", "built", "wrote", "decided", "made", "came", "got", "took"}
            ) and nxt not in stative:
                we_count += 1
                we_spots.append((s.index, k))
    return i_count, we_count, we_spots


_NOT_DOING = frozenset({"was", "were", "are", "is", "am", "'m", "'re", "have", "has", "'ve", "need", "needed", "want",
                        "wanted", "would", "could", "should", "can", "will", "didn't", "don't", "think", "thought",
                        "guess", "mean", "feel", "felt", "know", "knew", "hope", "wish", "kind", "sort", "just"})


def _does_something(s: SentenceTokens, subject: str) -> bool:
    return any(t == subject and k + 1 < len(s.toks) and s.toks[k + 1] not in _NOT_DOING for k, t in enumerate(s.toks))


def doer_sentences(sents: Sequence[SentenceTokens]) -> tuple[list[int], list[int]]:
    """The sentences where "we" does something and no "I" does (first), and those where "I" does."""
    i_out = [s.index for s in sents if _does_something(s, "i")]
    we_out = [s.index for s in sents if s.index not in i_out and _does_something(s, "we")]
    return we_out, i_out


def opening_sentences(a: AnswerAnalysis) -> tuple[list[SentenceTokens], str, int]:
    """The opening sentences (where a scope statement belongs), a short quote of them, and the
    opening's word budget."""
    n_sent = int(a.rules.settings.get("opening_sentences", 2))
    min_words = int(a.rules.settings.get("opening_min_words", 30))
    fillers = a.rules.lex("fillers")
    chosen: list[SentenceTokens] = []
    substantive = 0
    words = 0
    max_words = int(a.rules.settings.get("opening_max_words", 40))
    # A long sentence the splitter cut at a comma ("... mornings, I did thirty-one years as a nurse")
    # is still one of the speaker's sentences: in punctuated text only a full stop ends one.
    punctuated = any(_full_stop(s) for s in a.sents)
    for s in a.sents:
        content = [t for t in s.toks if t not in fillers]
        chosen.append(s)
        words += len(s.toks)
        if len(content) >= 5 and (_full_stop(s) or not punctuated):  # "Sure." / "So, two years ago" do not count
            substantive += 1
        if substantive >= n_sent and words >= min_words:
            break
        if substantive >= n_sent and len(chosen) >= n_sent + 2:
            break
    text = " ".join(s.sentence.text for s in chosen[:1]) if chosen else ""
    return chosen, shorten(text, 14), max_words


def _full_stop(s: SentenceTokens) -> bool:
    return s.sentence.text.rstrip().rstrip('"\u201d\')').endswith((".", "!", "?"))


def _story_words(a: AnswerAnalysis, exclude: set[int]) -> set[str]:
    """Stems of the content words of the story outside the reflection."""
    generic = a.rules.lex("generic_words") | a.rules.lex("fillers")
    out: set[str] = set()
    for s in a.sents:
        if s.index in exclude:
            continue
        for t in s.base:
            if len(t) >= 4 and t not in generic and not t.isdigit():
                out.add(stem(t))
    return out


def reflection_cues(a: AnswerAnalysis) -> list[Match]:
    """Reflection cues told by the speaker: not "the team learned", not "I learned about hooks"."""
    out = []
    for m in a.matches.get("reflection_cue", []):
        s = a.sents[m.sent]
        own = any(t in a.rules.lex("i_forms") for t in s.toks[m.start : m.end])
        if m.subject == "other" and not own:
            continue
        if s.toks[m.start] in {"learned", "learnt", "learn"} and s.toks[m.end : m.end + 1] == ["about"]:
            continue
        # ("a note with exactly what I'd changed": 'd is "had" before a participle, no proposal)
        if any(is_had_contraction(s.toks, j) for j in range(m.start, m.end)):
            continue
        out.append(m)
    return out


def reflection_sentences(a: AnswerAnalysis) -> list[SentenceTokens]:
    # Negation is ignored: in run-on speech "... has not failed since I learned ..." is still a reflection.
    cue_sents = {m.sent for m in reflection_cues(a)}
    out = []
    for s in a.sents:
        if s.role == "reflection" or (s.index in cue_sents and s.role not in ("situation",)):
            out.append(s)
    return out


def irrealis_strict(a: AnswerAnalysis, m: Match) -> bool:
    """Irrealis ignoring "asked/wanted" style words that scope statements use ("nobody asked me")."""
    s = a.sents[m.sent]
    strict = {"would", "could", "should", "might", "if", "will", "i'd", "we'd", "wish"}
    # A modal governs the next few words; in unpunctuated speech the clause can run on far past it.
    window = int(a.rules.settings.get("irrealis_window", 8))
    k = m.start - 1
    while k >= 0 and s.clause[k] == s.clause[m.start] and m.start - k <= window:
        if s.toks[k] in strict:
            return True
        k -= 1
    return False


def customer_impacted(a: AnswerAnalysis, m: Match, window: int = 12, num_window: int = 4) -> bool:
    """A bare customer word ("the client", "users", "revenue") states an impact only with a pain word,
    a change or a number near it in its clause: "customers were locked out" yes, "a demo with a
    client" or "immediate revenue" no."""
    s = a.sents[m.sent]
    neutral = a.rules.lex("customer_words") | a.rules.lex("neutral_business_words")
    if m.end - m.start != 1 or s.toks[m.start] not in neutral:
        return True  # "lost revenue", "churn", "customer-facing": impact by themselves
    words = a.rules.lex("customer_pain") | a.rules.lex("change_verbs") | a.rules.lex("change_nouns")
    c = s.clause[m.start]
    lo, hi = max(0, m.start - window), min(len(s.toks), m.end + window)
    # (a number before a singular word counts something else: "three divisions, civil, family and criminal")
    singular = not s.toks[m.start].endswith("s")
    for j in range(lo, hi):
        if s.clause[j] != c:
            continue
        if s.toks[j] in words or s.base[j] in words or (
                s.is_num[j] and abs(j - m.start) <= num_window and not (singular and j < m.start)):
            return True
    return False


def is_counted(a: AnswerAnalysis, m: Match) -> bool:
    """'5 million subscribers' (a count) or 'patient load' / 'accounts payable' (a compound noun):
    the customer word names scale or a system, not an impact."""
    s = a.sents[m.sent]
    if m.end - m.start != 1 or s.toks[m.start] not in a.rules.lex("customer_words"):
        return False
    if m.start > 0 and s.is_num[m.start - 1]:
        return True
    # ("1.1 million retail customers": one modifier between the count and them)
    if m.start > 1 and s.is_num[m.start - 2] and s.toks[m.start - 1].isalpha() and \
            s.toks[m.start - 1] not in {"of", "to", "and", "or", "for", "per", "a", "the", "our", "more", "fewer", "less"}:
        return True
    nxt = s.toks[m.end] if m.end < len(s.toks) else ""
    return nxt in a.rules.lex("customer_compounds")


def verb_is_noun(a: AnswerAnalysis, m: Match) -> bool:
    """'test cases', 'test results': the verification word is a noun here."""
    s = a.sents[m.sent]
    if m.end - m.start != 1:
        return False
    nxt = s.toks[m.end] if m.end < len(s.toks) else ""
    prev = s.toks[m.start - 1] if m.start > 0 else ""
    followers = a.rules.lex("verify_noun_followers")
    tok = s.toks[m.start]
    if nxt in followers:
        return True
    # A bare form ("test", "tests", "check") is a verb only after a subject, "to", a modal or an adverb:
    # "the same flaky test fail", "two tests" are nouns; "-ed"/"-ing" forms are verbs.
    if tok.endswith("ing") and m.start > 1 and prev not in _VERB_PREV and not prev.endswith("ly") \
            and s.toks[m.start - 2] in {"was", "is", "were", "are", "of", "for", "about"}:
        return True  # a kind of test, not the act: "it was card testing", "a lot of load testing"
    if tok.endswith(("ed", "ing", "'d")):
        return False
    return prev not in _VERB_PREV


_VERB_PREV = {
    "i", "we", "they", "he", "she", "you", "to", "and", "then", "also", "would", "could", "should", "will",
    "can", "did", "do", "i'll", "we'll", "i'd", "we'd", "personally", "manually", "myself", "first", "always",
    "carefully", "thoroughly", "quickly", "again", "re", "actually", "properly", "fully", "independently",
    "or", "let", "help", "helped", "must", "might", "please", "just", "even", "still", "later", "finally",
}


def people_delta(a: AnswerAnalysis, m: Match) -> bool:
    """'grew the team from 5 to 12 engineers': a team size, not impact."""
    s = a.sents[m.sent]
    people = a.rules.lex("people_units")
    after = s.toks[m.end : m.end + 2]
    inside = s.toks[m.start : m.end]
    if any(t in people for t in after):
        return True
    return "team" in inside or "headcount" in inside or ("hired" in s.toks[max(0, m.start - 3) : m.start])


def is_message_object(a: AnswerAnalysis, m: Match) -> bool:
    """'I wrote them a Slack message' is not a fix."""
    s = a.sents[m.sent]
    msg = a.rules.lex("message_nouns")
    fix_nouns = a.rules.lex("fix_nouns")
    window = s.toks[m.start : min(len(s.toks), m.end + 4)]
    return any(t in msg for t in window) and not any(t in fix_nouns for t in window)


def find_handoff(a: AnswerAnalysis, own_fix: Sequence[Match]) -> Match | None:
    """An escalation (or 'they handled it') with no fix of one's own, or a routing of the problem
    followed by someone else's fix (``routing_handoff``)."""
    return _phrase_handoff(a, own_fix) or routing_handoff(a)


def _phrase_handoff(a: AnswerAnalysis, own_fix: Sequence[Match]) -> Match | None:
    esc = a.of("escalation", allow_not_just=False, subjects=("self", "unknown", "passive"))
    third = a.of("third_party_resolution", allow_not_just=False)
    # An own fix said in the same sentence as the escalation ("... but brought a PR") clears it.
    fix_sents = {m.sent for m in own_fix}
    if own_fix and not third:
        return None
    cands = [m for m in esc if m.sent not in fix_sents]
    if own_fix:
        # Fixed it yourself but someone else "handled it": only flag when it is in the escalation's sentence.
        esc_sents = {m.sent for m in esc}
        cands = [m for m in third if m.sent in esc_sents and m.sent not in fix_sents]
    else:
        cands = cands + third
    return first_match(cands)


def find_tradeoff(a: AnswerAnalysis) -> Match | None:
    """A choice with its reason: "X over / instead of / rather than Y because Z" from the phrase
    patterns, else any alternative with a reason after it (``find_tradeoff_passage``)."""
    found = _phrase_tradeoff(a)
    if found is not None:
        return found
    span = find_tradeoff_passage(a)
    if span is None:
        return None
    return Match("tradeoff_choice", span.sent, span.start, span.end, AFFIRMED, False, "unknown", "passage: " + span.kind)


def _phrase_tradeoff(a: AnswerAnalysis) -> Match | None:
    # A reflection's "next time I would X rather than Y" proposes; the trade-off must be one the story
    # made (a past-tense choice labelled reflection is a segmentation slip and still counts).
    choices = [c for c in a.of("tradeoff_choice", real=False, allow_not_just=True)
               if a.sents[c.sent].role != "reflection" or not irrealis_before(a, a.sents[c.sent], c.start + 1)]
    # "because most of the team liked it" is a preference, not a reason.
    reasons = [r for r in a.of("tradeoff_reason", real=False) if not is_preference(a, a.sents[r.sent], r.start)]
    by_sent: dict[int, list[Match]] = {}
    for r in reasons:
        by_sent.setdefault(r.sent, []).append(r)
    strong_markers = ("cost", "expense", "exchange", "sacrific", "trade", "tradeoff", "give", "gave", "defer",
                      "postpon", "punt", "accept", "even", "weigh", "push", "delay", "slip", "bump")
    for c in sorted(choices, key=lambda m: (m.sent, m.start)):
        s = a.sents[c.sent]
        head = s.toks[c.start]
        after = len(s.toks) - c.end
        # The choice must name something: enough words around it.
        if len(s.toks) < 6:
            continue
        if head.startswith(("trade", "tradeoff")) and after < 3:
            continue  # "there were trade-offs" names nothing
        if _compares_amounts(s, c) or _compares_timing(s, c):
            continue  # "two days instead of three weeks", "before month-end instead of after": not options
        if head in {"instead", "rather"} and any(
                s.base[j] in a.rules.lex("mindset_verbs") for j in range(max(0, c.start - 6), c.start)):
            continue  # "thinking of the solution instead of the problem" compares views, not options
        if "-" in s.raw[s.raw_of[c.start]] and head in {"go", "take", "use", "keep", "cut", "fix", "build"}:
            continue  # "since go-live": the verb is part of a noun
        if s.toks[c.start + 1:c.start + 2] == ["through"]:
            continue  # "the nurse went through the lists against the wristbands": a comparison, not a choice
        if head in {"instead", "rather"} and (_happened_to_something(a, s, c.start) or _agents_compared(s, c.start)):
            continue  # "units got sent on a long trip instead of to a charger": what a system did
        # A reason before the choice explains it only when it opens the sentence ("Since the rewrite
        # would take a quarter, I patched it instead"); mid-sentence it explains something else ("I
        # stayed calm because I was thinking of the solution instead of the problem").
        same = [r for r in by_sent.get(c.sent, []) if r.start > c.start or (r.start < c.start and s.clause[r.start] == 0)]
        nxt = by_sent.get(c.sent + 1, []) if c.sent + 1 < len(a.sents) else []
        if same or nxt:
            return c
        if head.startswith(strong_markers) and after >= 3:
            return c
    return _tradeoff_across_split(a, by_sent)


_PASSIVE_AUX = frozenset({"got", "get", "gets", "was", "were", "being", "been"})


def _happened_to_something(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """A passive verb with no speaker in the clause before "instead"/"rather" at k: something that
    was done (by a system, a rule), not an option the speaker chose."""
    before = range(max(0, k - 10), k)  # ("instead" opens a clause of its own: look before it)
    if any(s.toks[j] in a.rules.lexes("i_forms", "we_forms") for j in before):
        return False
    return any(s.toks[j] in _PASSIVE_AUX and is_past_verb(s, j + 1) for j in before if j + 1 < k)


def _agents_compared(s: SentenceTokens, k: int) -> bool:
    """"rates get loaded by our agency rather than by us": who does something, told with two
    passive agents, names no option the speaker chose."""
    rest = [t for t in s.toks[k + 1:k + 3] if t not in {"of", "than"}]
    return rest[:1] == ["by"] and "by" in s.toks[max(0, k - 8):k]


def _compares_amounts(s: SentenceTokens, c: Match) -> bool:
    """'instead of / rather than' right before a number: a before/after comparison."""
    k = next((j for j in range(c.start, c.end) if s.toks[j] in {"instead", "rather", "over", "versus", "vs"}), None)
    if k is None:
        return False
    nxt = [j for j in range(k + 1, min(len(s.toks), k + 5)) if s.toks[j] not in {"of", "than", "the", "a", "about", "around", "roughly"}]
    if not nxt or not (s.is_num[nxt[0]] or s.is_rate[nxt[0]]):
        return False
    if s.is_rate[nxt[0]] or s.is_money[nxt[0]]:
        return s.toks[k] != "over"
    # "three weeks", "4 hours": an amount with a unit ("one big purge" is a thing, not an amount).
    j = nxt[0] + 1
    while j < len(s.toks) and s.is_num[j]:
        j += 1
    # ("I weigh them two times in the week instead of one": a bare number against a number before it)
    bare = j >= len(s.toks) or s.clause[j] != s.clause[k] or s.toks[j] in {"and", "but", "so"}
    if bare and any(s.is_num[i] for i in range(max(0, k - 8), k)):
        return True
    return j < len(s.toks) and (s.toks[j] in _TIME_UNITS or s.toks[j] in {"percent", "%", "points", "dollars"})


def _compares_timing(s: SentenceTokens, c: Match) -> bool:
    """'instead of after', 'rather than later': the other side is only a time adverb, naming no option;
    'went from 31% to 19% over the year': "over" opens a time span, not a preference."""
    over = next((j for j in range(c.start, c.end) if s.toks[j] == "over"), None)
    if over is not None:
        rest = [t for t in s.toks[over + 1:over + 4] if t not in {"the", "a", "that", "this", "those", "these", "next",
                                                                   "following", "last", "first", "whole"}]
        if rest and (rest[0] in _TIME_UNITS or rest[0] in {"period", "summer", "winter", "weekend", "holidays", "pilot", "trial", "rollout", "season", "quarter", "spring", "autumn", "fall"}):
            return True
    k = next((j for j in range(c.start, c.end) if s.toks[j] in {"instead", "rather"}), None)
    if k is None:
        return False
    rest = [t for t in s.toks[k + 1:k + 4] if t not in {"of", "than"}]
    return bool(rest) and rest[0] in {"after", "afterwards", "later", "before", "earlier", "sooner"} and (
        len(rest) == 1 or rest[1] in {"and", "so", "which", "but"} or s.clause[k + 2:k + 3] != s.clause[k:k + 1])


_TIME_UNITS = {"hours", "hour", "days", "day", "weeks", "week", "minutes", "minute", "months", "month",
               "seconds", "years", "year", "sprints", "sprint", "quarters", "quarter"}


def _tradeoff_across_split(a: AnswerAnalysis, reasons_by_sent: dict[int, list[Match]]) -> Match | None:
    """Run-on speech split mid-choice: a choice verb late in one sentence, "over/instead/rather" at the next's start."""
    for prev, nxt in zip(a.sents, a.sents[1:]):
        choice_heads = a.rules.lex("choice_heads")
        if not any(t in choice_heads for t in prev.toks[-8:]):
            continue
        head = next((k for k, t in enumerate(nxt.toks[:4]) if t in {"over", "instead", "rather"}), None)
        if head is not None and reasons_by_sent.get(nxt.index):
            k = max(k for k, t in enumerate(prev.toks) if t in choice_heads)
            return Match("tradeoff_choice", prev.index, k, len(prev.toks), AFFIRMED, False, "unknown", "split choice")
    return None
