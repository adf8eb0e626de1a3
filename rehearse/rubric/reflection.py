"""Is the reflection specific and systemic, or a platitude?

Judged clause by clause on word classes, not phrases. A clause is a platitude when it leans on
people-process words (communicate, listen, trust, keep everyone in the loop, stakeholders,
matters / is key); it is specific when it names a mechanism (an owner, an SLA, an alert, a gate,
a checklist, a test, a replay) or when it is a rule in the present tense or with a modal
("every vendor integration needs ...", "any migration should ...", "I now map every input ...")
about the things this story was about. A reflection with no cue word is found by that shape too:
a closing rule sentence after the Result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.lang.tokens import has_past_tense
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens, stem
from rehearse.rubric.signals import _story_words


@dataclass(frozen=True)
class ReflectionVerdict:
    present: bool
    specific: bool
    evidence_sent: int | None  # the sentence to quote
    details: dict[str, int]


def _clauses(s: SentenceTokens) -> list[range]:
    out: list[range] = []
    start = 0
    for k in range(1, len(s.toks) + 1):
        if k == len(s.toks) or s.clause[k] != s.clause[k - 1]:
            out.append(range(start, k))
            start = k
    return out


def _is_rule(a: AnswerAnalysis, s: SentenceTokens, span: range) -> bool:
    """A rule or proposal: a modal of obligation ("should", "needs to", "has to", "must"), a
    proposal verb after I'd ("I'd push for", "I'd make"), or a habit ("I now map every ...")."""
    lex = a.rules.lex
    toks = [s.toks[j] for j in span]
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if t in {"should", "must", "shall", "ought"}:
            return True
        if t in {"need", "needs"} and nxt in {"to", "a", "an", "its", "their", "one"}:
            return True
        # ("the council didn't have to waive the fines" is an outcome, not an obligation)
        if t in {"has", "have"} and nxt == "to" and (i == 0 or toks[i - 1] not in {"i", "we", "they", "didn't", "didnt",
                                                                                   "never", "not"}):
            return True
        # "nobody on our team lets a discharge go home without ...": a universal negative habit.
        if (t in {"nobody", "noone"} or t == "no" and nxt == "one") and any(
                x in _HABIT_VERBS for x in toks[i + 1 : i + 6]):
            return True
        if t in {"now", "always"} and nxt and nxt not in {"i", "we"} and i > 0 and toks[i - 1] in lex("i_forms"):
            return True
        if t in {"i'd", "id", "would"} and nxt in lex("proposal_verbs"):
            return True
        if t == "belongs" or t == "belong":
            return True
        # "any cutoff change gets a shadow count": a universal subject and a present-tense verb, also
        # mid-clause in unpunctuated speech.
        if t in _UNIVERSALS and i + 1 < len(toks) and any(x in lex("rule_verbs") for x in toks[i + 1 : i + 5]):
            return True
        # "A seasonal schedule gets built from ...", "routes get sized by ...": a present passive with
        # "get" and a generic subject states how things are done from now on.
        # (only the few words before it: run-on speech glues the story on in front)
        if t in {"get", "gets"} and _participle(nxt) and not set(toks[max(0, i - 4) : i]) & _PERSONAL_SUBJECTS:
            return True
    # "Every vendor integration needs an owner", "no release without a canary"; "all nine stores on
    # the new process" counts things, it states no rule.
    # "A schedule outside carriers can write to gets one hard rule ...": a generic subject and the
    # present tense, no number and no "now" (not "a customer now gets a refund in two days").
    if toks[:1] in (["a"], ["an"]) and any(t in _GENERIC_PRESENT for t in toks) and not has_past_tense(toks) \
            and "now" not in toks and not any(s.is_num[j] for j in span):
        return True
    # ("No near misses for the remaining five months": an outcome over a stretch of time, not a rule)
    since = toks[:1] == ["no"] and any(t in lex("time_units") or t == "since" for t in toks)
    return bool(toks) and toks[0] in _UNIVERSALS and not (len(toks) > 1 and s.is_num[span.start + 1]) and not since


def _platitudes(a: AnswerAnalysis, s: SentenceTokens, span: range) -> tuple[int, int]:
    """(strong, weak) platitude words in the clause: "keep everyone in the loop", "trust your
    leadership" are strong; a value claim ("matters", "is key") is weak: it is generic only when
    nothing concrete carries it ("a written scoring guide matters more than ...")."""
    lex = a.rules.lex
    strong = weak = 0
    for j in span:
        t, b = s.toks[j], s.base[j]
        if t in lex("platitude_words") or b in lex("platitude_words"):
            strong += 1
        elif t in lex("value_claims") or b in lex("value_claims"):
            weak += 1
    # A listed generic lesson ("follow up more closely", "be more proactive") is a platitude whatever
    # it is about.
    strong += sum(1 for m in a.matches.get("generic_reflection", []) if m.sent == s.index and m.start in span)
    return strong, weak


def _mechanisms(a: AnswerAnalysis, s: SentenceTokens, span: range) -> list[int]:
    mech = a.rules.lex("mechanism_terms")
    # "check-ins" are meetings, not a check
    out = [j for j in span if (s.toks[j] in mech or s.base[j] in mech)
           and not (j + 1 < len(s.toks) and s.toks[j + 1] in {"in", "ins"})
           and not (j > 0 and s.toks[j - 1] == "on" and s.toks[j] == "board")  # "people on board"
           and not (s.toks[j] in _VERB_READINGS and j > 0 and s.toks[j - 1] in _VERB_POSITION)]
    # Two-word mechanisms: "on call", "sign off", "dry run", "spot check", "one on one".
    out += [j for j in span if j + 1 < len(s.toks) and (s.toks[j], s.toks[j + 1]) in _MECHANISM_PAIRS]
    return out


# Nouns that name a mechanism but, after a modal or "to", are verbs that name none: "one must model
# the behavior", "to guide the team", "we should plan ahead".
_VERB_READINGS = {"model", "guide", "plan", "map", "board"}
_VERB_POSITION = {"to", "must", "should", "will", "would", "can", "could", "i", "we", "you", "one", "i'd", "we'd"}
_MECHANISM_PAIRS = {("on", "call"), ("sign", "off"), ("signs", "off"), ("one", "on"), ("office", "hours"),
                    ("dry", "run"), ("dry", "runs"), ("spot", "check"), ("spot", "checks"), ("smoke", "test"),
                    ("shadow", "count"), ("shadow", "run"), ("shadow", "shift"), ("walk", "through")}


def rule_starts(a: AnswerAnalysis) -> list[tuple[int, int]]:
    """Where a closing rule with no cue word begins, as (sentence, token): "Any migration of the ATS
    should come with a replay ...". Only after the Result (or in the last sentence); unpunctuated
    speech may run it on from the result, so any clause of those sentences can start it."""
    out = []
    n = len(a.sents)
    for s in a.sents[max(0, n - 3):]:
        if s.role in ("situation", "task"):
            continue
        # (three from the end only when what follows points back at it as proposed: "I've proposed that
        # to the NOC as a sign-off line. They haven't taken it up yet.")
        if s.index == n - 3 and not any(_proposed_back(x) for x in a.sents[n - 2:]):
            continue
        for c in _clauses(s):
            if _is_rule(a, s, c) and not _past_narrative(a, s, c):
                out.append((s.index, _rule_subject_start(s, c)))
                break
    return out


_PROPOSED = frozenset({"proposed", "suggested", "pitched", "recommended", "raised", "put"})


def _proposed_back(s: SentenceTokens) -> bool:
    """'I've proposed that to the NOC', 'I pitched it to ops': the rule just told, put forward."""
    toks = s.toks
    return any(t in _PROPOSED and toks[j + 1:j + 2] in (["that"], ["it"], ["this"]) for j, t in enumerate(toks))


def _rule_subject_start(s: SentenceTokens, c: range) -> int:
    """In a long run-on clause, the rule starts at its subject: "... over the next quarter | any
    migration of the system should ...": the quantifier before the modal, else a few words before it."""
    modal = next((j for j in c if s.toks[j] in _RULE_MODALS), None)
    passive = next((j for j in c if s.toks[j] in {"get", "gets"} and j + 1 < len(s.toks) and _participle(s.toks[j + 1])), None)
    if modal is None and passive is not None and passive - c.start > 8:
        # "... timed the line every half hour | a seasonal schedule gets built ...": from the subject's article.
        return next((j for j in range(passive - 1, max(c.start, passive - 5) - 1, -1) if s.toks[j] in {"a", "an", "any"}),
                    max(c.start, passive - 3))
    if modal is None:
        # "... at the belt | any cutoff change gets ...": the universal subject of the rule.
        return next((j for j in c if s.toks[j] in _UNIVERSALS and j - c.start > 8), c.start)
    if modal - c.start <= 8:
        return c.start
    for j in range(modal - 1, max(c.start, modal - 10) - 1, -1):
        if s.toks[j] in {"any", "every", "each", "all", "no"}:
            return j
    return max(c.start, modal - 4)


_UNIVERSALS = {"every", "any", "each", "all", "no"}
# (not "has" or "gets": "nobody has complained since" is an outcome)
_HABIT_VERBS = {"lets", "leaves", "signs", "closes", "skips", "sends", "ships", "merges", "releases", "approves",
                "starts", "touches", "schedules", "books", "changes"}
_GENERIC_PRESENT = {"is", "gets", "needs", "has", "belongs", "goes", "deserves", "means"}
_PERSONAL_SUBJECTS = {"i", "we", "they", "he", "she", "you", "i'd", "we'd", "i'm", "we're", "it"}
_IRREGULAR_PARTICIPLES = {"built", "split", "set", "put", "made", "done", "sent", "kept", "run", "shut", "cut", "paid",
                          "written", "given", "taken", "shown", "seen", "found", "held", "left", "known", "been", "gone"}
# Lessons about people in general ("you can't do it alone", "people grow when ...", "talk more with
# each other"): tied to the story by its nouns, still generic without a mechanism.
_GENERIC_PEOPLE = {"you", "your", "people", "everyone", "everybody", "others", "yourself"}


def _participle(tok: str) -> bool:
    # ("rebuilt", "resent": a prefixed irregular participle)
    return (tok.endswith("ed") and len(tok) > 3) or tok in _IRREGULAR_PARTICIPLES or (
        tok.startswith("re") and tok[2:] in _IRREGULAR_PARTICIPLES)


def _people_lesson(s: SentenceTokens) -> bool:
    toks = s.toks
    # "I now find out what people are going to do with the output": the speaker's own new habit.
    if any(toks[j] in {"i", "we"} and toks[j + 1] in {"now", "always"} for j in range(len(toks) - 1)):
        return False
    return any(t in _GENERIC_PEOPLE for t in toks) or any(
        toks[j] == "each" and toks[j + 1] == "other" for j in range(len(toks) - 1))


def _ongoing_outcome(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """"And now the IT department is doing this review every summer": a third party's present
    practice is an outcome told in the present, not the speaker's lesson."""
    mine = a.rules.lexes("i_forms", "we_forms") | {"you", "your"}
    for j in range(len(s.toks) - 1):
        if s.toks[j] in {"is", "are"} and s.toks[j + 1].endswith("ing") and not any(t in mine for t in s.toks[:j]):
            return "now" in s.toks
    return False


def _story_cue(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """A cue told inside the story: "we learned that most of them had never ...", "I taught her to
    read the report" in the Action, when the answer has a reflection section after it; or "what I'd
    seen" (I had), which is no "what I'd do"."""
    if s.role not in ("situation", "task", "action"):
        return False
    if any(x.role == "reflection" and x.index > s.index for x in a.sents):
        return True
    cues = [m for m in a.matches.get("reflection_cue", []) if m.sent == s.index]
    return bool(cues) and all(
        m.end < len(s.toks) and s.toks[m.end - 1] in {"i'd", "id", "we'd"} and _participle(s.toks[m.end]) for m in cues)
_RULE_MODALS = {"should", "must", "shall", "ought", "need", "needs"}


def _past_narrative(a: AnswerAnalysis, s: SentenceTokens, span: range) -> bool:
    """"I had to", "we needed to": obligation told as part of the story, not a rule."""
    toks = [s.toks[j] for j in span]
    return any(t in {"had", "needed", "was", "were"} for t in toks[:4]) and not any(
        t in {"should", "must"} for t in toks)


def judge_reflection(a: AnswerAnalysis, refl: Sequence[SentenceTokens], first_cue: tuple[int, int] | None) -> ReflectionVerdict:
    """refl: the reflection sentences found by cues and sections; rule-shaped closing sentences are
    added here. first_cue: (sentence, token) of the first reflection cue.

    What is judged starts at the first cue or rule: a section-labelled sentence before it is the
    Result running on ("we fixed it and it went well"), and in the cue's own sentence only the words
    from the cue on count, except a rule told before a trailing cue ("... should pass a backtest,
    which is what I'd push for")."""
    story_cues = {s.index for s in refl if _story_cue(a, s)}
    if story_cues:
        refl = [s for s in refl if s.index not in story_cues]
        if first_cue is not None and first_cue[0] in story_cues:
            later = sorted((m.sent, m.start) for m in a.matches.get("reflection_cue", [])
                           if m.sent in {s.index for s in refl})
            first_cue = later[0] if later else None
        if not refl and not rule_starts(a):
            return ReflectionVerdict(False, False, None, {})
    rules = rule_starts(a)
    if first_cue is not None:
        # "... got written into the approval template, so every new product now has to consider it."
        # before "What I took from it is ...": a rule the story put in place is the Result's outcome.
        rules = [r for r in rules if r[0] >= first_cue[0] or not has_past_tense(a.sents[r[0]].toks)]
    rule_ids = {i for i, _ in rules}
    marks = ([first_cue] if first_cue else []) + rules
    if not marks:
        return ReflectionVerdict(bool(refl), False, refl[0].index if refl else None, {}) if refl and not any(
            s.role == "reflection" for s in refl) else _judge_without_start(a, refl)
    start = min(marks)
    ids = {s.index for s in refl if s.index >= start[0]} | rule_ids
    sents = [a.sents[i] for i in sorted(ids)]
    story = _story_words(a, ids)
    best = None
    mech_total = over_total = plat_total = 0
    for s in sents:
        after_platitude = False
        for c in _clauses(s):
            if s.index == start[0] and c.start < start[1] and not _is_rule(a, s, c):
                c = range(max(c.start, start[1]), c.stop)
                if not c:
                    continue
            # "..., because nobody will care about your queue as much as you do": the reason given for
            # a platitude is part of it, not a mechanism
            if after_platitude and s.toks[c.start] in {"because", "since", "as", "cause"}:
                continue
            mech = _mechanisms(a, s, c)
            strong, weak = _platitudes(a, s, c)
            after_platitude = bool(strong) and len(mech) < 2
            common = a.rules.lexes("generic_words", "common_words")
            overlap = {stem(s.base[j]) for j in c if len(s.base[j]) >= 4 and stem(s.base[j]) in story
                       and s.base[j] not in common and not s.base[j].endswith("ly")}
            mech_total += len(mech)
            over_total += len(overlap)
            plat_total += strong + weak
            if strong and len(mech) < 2:
                continue  # "keep everybody in the loop", "listen to your patients"
            if not mech and _people_lesson(s):
                continue  # "people grow fastest when you trust them": the story's nouns, a generic lesson
            if not mech and overlap and _restates_result(a, s, c, overlap, ids):
                continue  # "what I took from it is that the probe fix got the pad open more and saved money"
            if mech or (not weak and len(overlap) >= 2):
                score = 2 * len(mech) + len(overlap)
                if best is None or score > best[0]:
                    best = (score, s.index)
    details = {"mechanisms": mech_total, "story_overlap": over_total, "platitudes": plat_total}
    if best is not None and not mech_total and plat_total:
        # Story nouns carried by value words and no mechanism anywhere ("that spirit of lifelong
        # learning is the heart of good leadership in education"): a platitude about this story.
        best = None
    if best is not None:
        return ReflectionVerdict(True, True, best[1], details)
    return ReflectionVerdict(True, False, sents[0].index, details)


def _restates_result(a: AnswerAnalysis, s: SentenceTokens, c: range, overlap: set[str], refl_ids: set[int]) -> bool:
    """A past-tense clause whose story words are mostly the Result's own: the outcome told again,
    not a lesson drawn from it."""
    if not has_past_tense([s.toks[j] for j in c]) or any(s.toks[j] in _LESSON_MODALS for j in c):
        return False
    told = {stem(x.base[j]) for x in a.sents if x.role == "result" and x.index not in refl_ids
            for j in range(len(x.toks)) if len(x.base[j]) >= 4}
    # ("... really got the splash pad open way more and saved a ton of money": an outcome verb)
    outcome = any(s.toks[j] in a.rules.lexes("gain_verbs", "change_verbs") for j in c)
    return outcome or len(overlap & told) * 5 >= len(overlap) * 3


_LESSON_MODALS = frozenset({"should", "must", "need", "needs", "would", "always", "never", "now", "every", "any"})


def _judge_without_start(a: AnswerAnalysis, refl: Sequence[SentenceTokens]) -> ReflectionVerdict:
    """Sentences labelled reflection with no cue and no rule shape: a past-tense tail of the story
    ("we fixed it and it went well") is no reflection."""
    tense = a.rules.lex("reflection_present_markers")
    if _told_in_the_present(a):
        # ("Short orders go from fifteen a week to two. And we keep all twelve cafés."): a story told in
        # the present tense ends in the present too; a lesson word or a rule's words make a reflection.
        refl = [s for s in refl if _names_a_lesson(a, s) or any(t in _STANCE_WORDS for t in s.toks)]
    # "I learn to read the tickets every week": present tense with no marker word is no story tail.
    # ("... my manager was really happy, so I think it went pretty well overall": how the result felt)
    felt = {m.sent for m in a.matches.get("vague_result", [])}
    own = [s for s in refl if (any(t in tense for t in s.toks) or not has_past_tense(s.toks))
           and not _ongoing_outcome(a, s) and not (s.index in felt and has_past_tense(s.toks) and not _names_a_lesson(a, s))]
    if not own:
        return ReflectionVerdict(False, False, None, {})
    return judge_reflection_sents(a, own)


# A lesson's words, less the conditional "would" (a present-tense story uses it in its steps), plus "believe".
_STANCE_WORDS = (_LESSON_MODALS - {"would"}) | {"believe"}


def _told_in_the_present(a: AnswerAnalysis) -> bool:
    """Most of the setting and the steps told in the present tense ("she says to me", "I call the mill")."""
    story = [s for s in a.sents if s.role in ("situation", "task", "action") and len(s.toks) >= 5]
    return len(story) >= 4 and sum(not has_past_tense(s.toks) for s in story) >= 0.6 * len(story)


def _names_a_lesson(a: AnswerAnalysis, s: SentenceTokens) -> bool:
    """'what i learn is teamwork ...', 'the lesson': a lesson word, whatever the tense."""
    words = a.rules.lex("reflection_cues_lex")
    return any(t in words or t.startswith("learn") for t in s.toks)


def judge_reflection_sents(a: AnswerAnalysis, sents: Sequence[SentenceTokens]) -> ReflectionVerdict:
    return judge_reflection(a, sents, (sents[0].index, 0))
