"""Cue phrases and features of one sentence for the STAR segmenter (hand-written scores).

Each sentence gets a score per section from cue phrases and grammar: first-person past-tense
actions, numbers and metrics, tense and modality (a present-tense rule late in the answer is
a reflection), scope statements that anchor the situation, and relative position.
rehearse.analysis.star_features turns the same evidence into the vector the learned layer weighs
(rehearse.analysis.star_model). Pure and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rehearse.lang.tokens import (
    FILLER_WORDS,
    IRREGULAR_PAST,
    NOT_PAST_ED,
    PAST_VERB,
    has_past_tense,
    norm,
)
from rehearse.models import SECTION_NAMES, Sentence

N = len(SECTION_NAMES)
SIT, TASK, ACT, RES, REFL = range(N)


_SCOPE_WEIGHT = 4.0
_SCOPE_ANCHOR = 2.0


def _phrases(*items: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(i.split()) for i in items)


# Who owned the problem, and why the speaker looked at all: the spec's situation material.
_SCOPE_CUES = _phrases(
            "it wasn't my", "it was not my", "not on our road map", "not on our roadmap",
            "not on the roadmap", "not on the road map", "wasn't on our", "not in our backlog",
            "wasn't my team", "not my team", "not our team", "outside my team", "outside our team",
            "outside my", "no ticket", "nobody owned", "no one owned", "no owner", "wasn't assigned",
            "not assigned", "nobody asked", "no one asked", "nobody had", "no one had", "belonged to",
            "belongs to", "was owned by", "is owned by", "owned by", "sat with", "wasn't my job",
            "not my job", "my lane", "wasn't my lane", "not my lane", "nobody had asked", "had some free time",
            "sits with", "not my area", "wasn't my area", "not our area", "isn't my", "outside our",
            "spare time", "some slack", "was bored", "i was between", "free time", "a slow week",
            "time on my hands", "had some time", "nothing planned", "nothing to do", "went quiet",
            "evenings back", "slower quarter", "slow quarter", "quiet patch", "some downtime",
    "out of curiosity", "i was curious", "got curious", "bugging me", "kept bugging",
    # whose it was, said with the possessive pronoun: "the new hires weren't mine", "those aren't ours"
    "wasn't mine", "weren't mine", "isn't mine", "aren't mine", "not mine", "wasn't ours", "weren't ours",
    "isn't ours", "aren't ours", "not ours", "free hours", "free stretch", "kinda bored", "bit bored",
    "slow season", "quiet week", "lighter few", "a lighter", "nothing to do but",
)

# Who the speaker is: a setting cue, except as the reason for a step in the same sentence.
_IDENTITY = _phrases("i'm the", "i am the", "i'm a", "i am a", "i'm an", "i am an")

# Cue phrases per section, matched on normalised tokens; weight, phrases.
CUES: dict[int, list[tuple[float, tuple[tuple[str, ...], ...]]]] = {
    SIT: [
        (2.0, _phrases(
            "at the time", "at my previous", "in my previous", "in my last", "a few years ago",
            "last year", "a couple of years ago", "i was working", "i was a", "i was the",
            "i was on", "i worked on", "i worked at", "i worked as", "we were", "our team",
            "the company", "the context", "background", "our system", "our service", "we had a",
            "there was a", "there were", "we used", "we run", "we ran", "was responsible for",
            "it consisted of", "consists of", "architecture", "the setup", "is made up of",
            "back when", "one day", "i noticed", "i saw that", "i spotted", "i came across",
        )),
        # The spec puts "not my team's, no ticket, nobody asked" in the situation: it is context
        # about who owned the problem, not what the speaker set out to do.
        (_SCOPE_WEIGHT, _SCOPE_CUES),
        # How the speaker came across the problem, and who they are: context, not action.
        (2.0, _IDENTITY + _phrases(
            "found out", "came to me", "came to my", "i heard", "got a call", "my role is", "i handle",
            "i manage", "i run", "i look after", "i'm responsible", "i am responsible", "i was responsible",
        )),
    ],
    TASK: [
        (3.0, _phrases(
            "my task", "my goal", "my job was", "my role was", "the goal was", "the task was",
            "i needed to", "i had to", "i wanted to", "i was asked", "i was tasked",
            "my responsibility", "the challenge was", "the problem was", "we needed to",
            "i decided to", "i took it on", "take it on", "set out to", "i set out", "my aim was", "i aimed to", "took it upon myself", "i'm gonna fix",
            "i was going to fix", "i would fix it", "i'd fix it",
            "i decided", "i set myself", "the question was", "i owned", "needed someone to",
            "so i took", "i chose to", "my objective", "the objective", "the ask was",
            "on me to", "it was on me", "i picked it up", "i'll dig into", "i'd dig into", "i'll look into",
            "try to fix it", "i'd try to", "i'll try to",
            # the commitment, said to someone or to oneself
            "i committed to", "committed to getting", "leave it with me", "i'll chase", "i'll sort", "i'll own",
            "the goal of", "made it my", "was mine to", "mine to fix", "mine to sort", "i promised",
            "i'll take this on", "i'll take it on", "have a go at", "i'll have a go", "it is mine", "it's mine now",
            "now it is mine", "from now it is mine",
        )),
        # Constraints usually come with the task: "we had eight weeks to move ...".
        (1.5, _phrases("weeks to", "days to", "months to", "hours to", "the deadline", "without any downtime",
                       "by the end of", "in time for")),
    ],
    ACT: [
        (2.0, _phrases(
            "first i", "first,", "so i", "then i", "next i", "after that i", "i started",
            "i began", "i dug", "i reproduced", "i wrote", "i built", "i added", "i implemented",
            "i set up", "i created", "i designed", "i traced", "i analyzed", "i analysed",
            "i tested", "i deployed", "i reached out", "i met with", "i proposed", "i pulled",
            "i ran", "i paired", "i debugged", "i profiled", "i fixed", "i rolled", "i shipped",
            "i drafted", "i scheduled", "i interviewed", "i talked", "i spoke", "i opened",
            "i submitted", "i migrated", "i rewrote", "i refactored", "i prototyped", "i measured",
            "i went through", "i looked at", "i looked into", "i checked", "i found", "i wrote up",
            "i got", "i asked", "i convinced", "i negotiated", "i brought", "i flagged",
            "i escalated", "i documented", "i automated", "i instrumented", "i sat down",
            "i worked with", "i coordinated", "i organized", "i organised", "i put together",
            "i broke", "i split", "i traced", "i compared", "i validated", "i verified",
            "we built", "we wrote", "we figured", "we implemented", "we added", "we fixed",
        )),
    ],
    RES: [
        (3.0, _phrases(
            "as a result", "the result", "the results", "in the end", "the outcome", "end result",
            "went from", "went down", "went up", "dropped to", "dropped from", "down to",
            "up to", "reduced", "increased", "improved", "saved", "recovered", "cut by", "cut from",
            "cut down", "cut it", "cut our", "cut the time", "cut costs",
            "fell", "rose", "grew", "adopted", "rolled out to", "now uses",
            "now use", "is now", "are now", "has since", "have since", "since then",
            "to zero", "per week", "per month", "per year", "a year later",
            "in production for", "launched", "shipped on time",
            "the impact", "impact was", "that meant", "which meant", "which saved",
            # the result told first: "I'll give you the ending first", "let me start with the outcome"
            "ending first", "end first", "result first", "outcome first", "start with the result",
            "start with the outcome", "start with the ending", "skip to the end", "jump to the end",

            "team was happy", "it went well", "everyone was happy",
        )),
        # Outcome words without numbers: "successfully delivered", "became a reference".
        (2.0, _phrases(
            "successfully", "became a", "became the", "paid off", "on time", "within scope",
            "ahead of schedule", "before the deadline", "won back", "win back", "no major defects",
            "zero defects", "no incidents", "boosted", "a precedent", "now receive", "now have",
            "is still", "are still", "still running", "still in use", "went live", "was adopted",
            "were adopted", "became standard", "has been reused", "was reused",
        )),
        # Outcomes told without numbers: "the queue looked a lot shorter", "complaints slowed down".
        (1.5, _phrases(
            "a lot better", "got better", "much better", "way better", "fewer", "shorter", "calmer",
            "happier", "smoother", "quieter", "no longer", "anymore", "ended up", "came down",
            "came way down", "slowed down", "stopped complaining", "stopped calling", "stopped emailing",
            "relieved", "said thanks", "thanked", "thanked me", "pleased", "were happy", "was happy",
            "less annoyed", "went away", "disappeared", "cleared up",
        )),
        # Business words appear in setups too; weak on their own.
        (1.0, _phrases("revenue", "churn", "adoption", "tickets dropped", "complaints", "enabled",
                       "gained", "established", "helped")),
    ],
    REFL: [
        (4.0, _phrases(
            "i learned", "i learn", "i've learned", "i have learned", "learned to", "what i learned", "the lesson",
            "lessons learned", "looking back", "in hindsight", "in retrospect", "next time",
            "if i did it again", "if i had to do it again", "if i were to do", "i would",
            "i'd", "what i'd do differently", "do differently", "i realized that", "i realised that",
            "the takeaway", "my takeaway", "taught me", "i now", "since then i always", "i always",
            "what i would change", "i should have", "i could have", "would have",
            "what i took", "took from it", "took away", "i took away", "my lesson", "ever since",
            "what i take", "take from it", "i take away", "take away from",
            "these days", "now when", "since then i", "going forward", "in the future",
            "the rule", "my rule", "what i'd push", "i'd push", "i push for", "i now push",
            "what i'd change", "i'd change", "the lesson for me",
            "big lesson", "main lesson", "key lesson", "biggest lesson", "real lesson", "lesson for me",
            "lesson here", "main takeaway", "big takeaway", "key takeaway", "biggest takeaway",
            "upon reflection", "on reflection", "reflecting on", "reflecting back", "this experience taught",
            "that experience taught", "the experience taught", "this experience reinforced", "that lesson",
            "if i ran it again", "do it again", "doing it again", "do it over", "if i did this again",
            "i argue for", "i'd argue for", "what i argue for", "argue for now", "i push for", "the change i'd",
            # what the story left the speaker believing or asking, in the words people use for it
            "conclusion i", "the conclusion", "i concluded", "i have since proposed", "i've since proposed",
            "i keep asking", "i ask myself", "i still ask", "put to myself", "the question i", "question i keep",
            "big thing for me", "bigger thing", "biggest thing i", "the thing i learned", "stuck with me",
            "stayed with me", "left a mark", "i now believe", "i believe now", "what i believe",
            "what i pushed for", "what i got out of", "got out of it",
        )),
    ],
}

_NUMBER = re.compile(r"^[$]?\d[\d,.]*[%kmb]?$|^\d+(\.\d+)?x$")
_PERCENT_OR_MONEY = re.compile(r"%|\$|^\d+(\.\d+)?[kmb]$|percent|dollars?")
_WORD_NUMBERS = {"zero", "half", "double", "doubled", "tripled", "twice", "thousand", "million", "hundred", "percent"}
_FRACTIONS = {"halves", "thirds", "quarters", "fifths", "tenths"}
_HYPOTHETICAL = {"would", "i'd", "should", "could", "next", "hindsight", "retrospect", "learned", "lesson"}
_STATE_VERBS = {"was", "were", "had", "is", "are", "have", "has", "worked", "used", "owned"}
# After "I", these mean state, intention, or hypothesis — not something done.
_NOT_ACTIONS = _STATE_VERBS | {
    "am", "'m", "i'm", "would", "could", "should", "will", "can", "might", "must", "think",
    "know", "knew", "feel", "felt", "need", "needed", "want", "wanted", "learned", "learnt",
    "realized", "realised", "don't", "didn't", "do", "did", "wasn't", "hadn't", "guess",
    "believe", "remember", "mean", "like", "liked", "love", "hope", "hoped", "wish", "always",
    "never", "now", "still", "trust", "saw", "noticed", "heard", "got", "became", "joined",
    "led", "managed", "ran", "run", "see", "notice", "hear",
}
# "I started noticing appeals", "we kept getting calls": how the problem showed up, not a step taken.
_NOTICING_STARTS = frozenset({"started", "began", "kept"})
_NOTICING_GERUNDS = frozenset({"noticing", "seeing", "hearing", "getting", "receiving", "wondering"})
_NOTICING_INFINITIVES = frozenset({"notice", "see", "hear", "get", "receive", "wonder"})
# Grammar, not coaching vocabulary: tense and modality markers.
_DEONTIC = {"should", "must", "needs", "need", "ought", "shouldn't", "mustn't"}
_PRESENT = {"is", "are", "gets", "get", "means", "makes", "goes", "belongs", "runs", "starts", "owns", "'s",
            "it's", "that's", "there's", "always", "never"}
_GENERIC_QUANTIFIERS = {"every", "any", "each", "whenever", "always", "never", "anyone", "everyone", "anything",
                        "everything"}
_CHANGE_VERBS = {
    "dropped", "fell", "rose", "grew", "increased", "decreased", "reduced", "improved", "cut",
    "went", "climbed", "halved", "doubled", "tripled", "shrank", "jumped", "saved", "recovered",
    "lowered", "raised", "sped", "shortened", "eliminated", "declined",
    # the outcome told in the present: "complaint calls drop by about two thirds"
    "drop", "drops", "falls", "rises", "shrinks", "halves", "doubles", "declines",
}
_DESCRIPTIVE = {"was", "were", "is", "are", "had", "has", "which", "there", "consisted", "ran", "runs"}
_ADVERBS = {"also", "then", "just", "finally", "quickly", "personally", "immediately", "actually",
            "eventually", "even", "first", "next", "carefully", "manually", "myself"}

# Positional prior, one-sided: a section is only penalised where it is implausible
# (a reflection in the first half, a situation in the last fifth). Inside its plausible
# range position says nothing, so a long situation stays a situation and shows as overrun.
# An answer that opens on its outcome says so: "Bottom line, I got sixty nurses paid correctly",
# "The short version is that I stopped ...". Told in the first sentences, that is the Result.
_SUMMARY_OPENERS = _phrases("bottom line", "short version", "long story short", "where it landed",
                            "the upshot", "the headline is", "net result", "in a nutshell", "where it ended up",
                            "outcome first", "result first", "ending first", "end first")
_SUMMARY_WEIGHT = 8.0
# An outcome told first points ahead to the story: "... after what I will tell you now".
_FORWARD_POINTERS = _phrases("what i will tell you", "what i'll tell you", "i will tell you how", "i'll tell you how",
                             "let me tell you how", "i'll explain how", "i will explain how", "here's how i",
                             "here is how i")
_GROWN = frozenset({"crept", "grown", "risen", "fallen", "slipped", "climbed", "doubled", "tripled", "jumped", "crawled"})
_GROWING = frozenset({"rising", "climbing", "creeping", "growing", "falling", "slipping", "dropping", "increasing"})
_DECIDING = frozenset({"do", "should", "can", "could", "have", "leave", "fix", "chase", "wait", "go"})
_ASKED_TASK_WEIGHT = 3.0
_POSITION = {SIT: (None, 0.8), TASK: (None, 0.85), ACT: (0.1, None), RES: (0.3, None), REFL: (0.5, None)}
_POSITION_SLOPE = 6.0
_POSITION_CAP = 1.5


def _has_phrase(toks: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in toks
    first = phrase[0]
    return any(t == first and tuple(toks[i:i + n]) == phrase for i, t in enumerate(toks))


def _index(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def _count_hits(toks: Sequence[str], by_first: dict[str, list[tuple[str, ...]]]) -> int:
    """How many distinct phrases of an index occur in the tokens (one pass over the tokens)."""
    found: set[tuple[str, ...]] = set()
    for i, t in enumerate(toks):
        for phrase in by_first.get(t, ()):
            if phrase not in found and tuple(toks[i : i + len(phrase)]) == phrase:
                found.add(phrase)
    return len(found)


_SCOPE_INDEX = _index(_SCOPE_CUES)
_OWNERSHIP_INDEX = _index(_phrases(
    "it wasn't my", "it was not my", "wasn't my team", "not my team", "not our team", "outside my", "outside our",
    "no ticket", "nobody owned", "no one owned", "no owner", "wasn't assigned", "not assigned", "nobody asked",
    "no one asked", "nobody had asked", "belonged to", "belongs to", "owned by", "sat with", "sits with",
    "wasn't my job", "not my job", "my lane", "not my area", "wasn't my area", "not our area",
    "wasn't mine", "weren't mine", "isn't mine", "aren't mine", "not mine", "wasn't ours", "weren't ours",
    "isn't ours", "aren't ours", "not ours",
))
_CUE_INDEX = {label: [(weight, _index(phrases)) for weight, phrases in groups] for label, groups in CUES.items()}


def _cue_score(toks: Sequence[str], label: int) -> float:
    total = 0.0
    for weight, by_first in _CUE_INDEX[label]:
        hits = _count_hits(toks, by_first)
        total += weight * min(hits, 2) ** 0.7 if hits else 0.0
    return total


def score_sentence(sentence: Sentence, position: float, acted_before: bool = False,
                   toks: Sequence[str] | None = None) -> tuple[float, ...]:
    """Unnormalised log-scores of one sentence for each section. acted_before: an earlier sentence
    told a step the speaker took (see _takes_a_step)."""
    toks = list(toks) if toks is not None else sentence_tokens(sentence)
    toks_punct = [w.lower() for w in sentence.text.split()]
    scores = [_cue_score(toks, label) for label in range(N)]
    if not toks:
        return tuple(scores)

    numbers = sum(1 for t in toks if _NUMBER.match(t) or t in _WORD_NUMBERS)
    metric = sum(1 for t in toks_punct if _PERCENT_OR_MONEY.search(t))
    if metric:
        scores[RES] += 1.5 * min(metric, 2)
    elif numbers:
        scores[RES] += 0.5
    # A change verb next to a number is a metric delta: "dropped by about 70%". Before any step of the
    # speaker's, a change told in the past perfect is the problem growing ("the share of late jobs had
    # crept up to forty percent"): the setting.
    grown = not acted_before and any(a == "had" and (b in _CHANGE_VERBS or b in _GROWN or b == "been" and c in _GROWING)
                                     for a, b, c in zip(toks, toks[1:], toks[2:] + [""]))
    # ("complaint calls drop by about two thirds": a number in words counts next to a change verb)
    counted = numbers or any(t in _FRACTIONS for t in toks)
    if counted and any(t in _CHANGE_VERBS for t in toks):
        scores[RES] += 1.5
    # "Before, about one in eight streets got missed; after, it's more like one in a hundred."
    elif counted and position >= 0.4 and "before" in toks and "after" in toks[toks.index("before") + 1:]:
        scores[RES] += 1.5
    if grown and (metric or numbers):
        scores[RES] -= 3.0
        scores[SIT] += 1.0

    # A scope statement with no action of the speaker's in it anchors the situation: whatever
    # came before it was context too.
    i_actions = count_actions(toks)
    owner = not i_actions and _names_owner(toks) and not _count_hits(toks, _SCOPE_INDEX)
    if owner:
        scores[SIT] += _SCOPE_WEIGHT
    noticing = any(_noticing_from(toks, k) for k in range(len(toks)))
    if noticing and not i_actions:
        scores[SIT] += 2.0
        if _has_phrase(toks, ("i", "started")) or _has_phrase(toks, ("i", "began")):
            scores[ACT] -= 2.0  # (the "I started" cue of a step taken)
    if (owner or _count_hits(toks, _SCOPE_INDEX)) and not i_actions:
        if acted_before and not owner and not _count_hits(toks, _OWNERSHIP_INDEX):
            # After the first step, "nobody had ever put the two configs side by side" is a finding
            # of the diagnosis, not the setting: no anchor, and half the cue's pull. Who owned the
            # problem ("tax setup sits with the HRIS team", "no ticket open") is setting wherever told.
            scores[SIT] -= _SCOPE_WEIGHT / 2
        else:
            for later in (ACT, RES, REFL):
                scores[later] -= _SCOPE_ANCHOR
    # "The show-up factors are my responsibility", "the gates are my responsibility": who owns what,
    # in the present, is the setting ("it was my responsibility to fix it" stays the task).
    owned_now = any(_has_phrase(toks, (be, "my", duty)) for be in ("is", "are") for duty in ("responsibility", "job"))
    if owned_now and not _has_phrase(toks, ("responsibility", "to")) and not _has_phrase(toks, ("job", "to")):
        scores[TASK] -= _ASKED_TASK_WEIGHT
        scores[SIT] += _ASKED_TASK_WEIGHT
    # "I'm a certified pool operator, so I bought my own kit and tested it myself": who the speaker is,
    # told as the reason for steps taken in the same sentence, does not make it the setting.
    if i_actions >= 1 and any(_has_phrase(toks, phrase) for phrase in _IDENTITY):
        scores[SIT] -= 2.0
    if i_actions:
        scores[ACT] += 1.2 * min(i_actions, 3)
    else:
        # "We called her back", "we pulled the reject logs": done, if not by "I" alone.
        we_actions = count_actions(toks, subject="we")
        if we_actions:
            scores[ACT] += 0.8 * min(we_actions, 2)
    if any(a == "i" and b in {"was", "had"} for a, b in zip(toks, toks[1:])) and not i_actions:
        scores[SIT] += 0.6
    # Description with no one doing anything ("the gateway was written in Go") is context.
    first_person = any(t in {"i", "we", "my", "our", "me", "us"} for t in toks)
    if not i_actions and not metric and any(t in _DESCRIPTIVE for t in toks) and not first_person:
        scores[SIT] += 0.8
    if sum(1 for t in toks if t in _HYPOTHETICAL) and "would" in toks or "i'd" in toks:
        scores[REFL] += 1.0
    present = sum(1 for t in toks if t in {"is", "are", "has", "have", "now"})
    if present and scores[RES] > 0:
        scores[RES] += 0.5
    # A rule or proposal in the present tense late in the answer is a reflection, cue word or not:
    # "Every vendor integration needs an owner on our side."
    if position >= 0.6 and not _narrative_past(toks):
        rule = any(t in _DEONTIC for t in toks) or _has_phrase(toks, ("has", "to")) or _has_phrase(toks, ("have", "to"))
        if rule:
            scores[REFL] += 2.5
        elif any(t in _PRESENT for t in toks):
            scores[REFL] += 1.0
        if any(t in _GENERIC_QUANTIFIERS for t in toks):
            scores[REFL] += 0.5
        # A generic subject ("a log volume sharing a disk is ...", "disk alerts belong at seventy
        # percent"): a claim about how things are, whose numbers are thresholds, not outcomes.
        spoken = [t for t in toks if t not in FILLER_WORDS]
        generic_subject = bool(spoken) and spoken[0] in {"a", "an"} | _GENERIC_QUANTIFIERS
        if generic_subject:
            scores[REFL] += 1.0
        if rule or generic_subject:
            scores[RES] -= 0.75 * min(metric, 2)

    # The task asked aloud: "So what do I have to do here?", "So do I sign off the paperwork and leave?"
    # (not the lesson asked: "What did I learn?")
    # ("So the question I put to myself is: why are we clearing three times as many alarms?")
    if toks_punct and toks_punct[-1].endswith("?") and "i" in toks and position < 0.6 and (any(
            t in _DECIDING for t in toks) or "myself" in toks) and not any(t.startswith(("learn", "took", "take")) for t in toks):
        scores[TASK] += _ASKED_TASK_WEIGHT
    # An opening summary, or anywhere when announced: "Outcome first.", "Let me give you where it landed first."
    # ("... The short version is we got it from nine days to four": opening its own sentence, the
    # summary may come after a short setting, before the story of how.)
    lead = [t for t in toks if t not in FILLER_WORDS][:5]
    summary = ((position < 0.15 or "first" in toks[-2:]) and any(_has_phrase(toks, phrase) for phrase in _SUMMARY_OPENERS)) or (
        position < 0.4 and any(_has_phrase(lead, phrase) for phrase in _SUMMARY_OPENERS))
    # ("Availability went from 92 to 97 percent in one quarter after what I will tell you now.")
    summary = summary or (position < 0.2 and any(_has_phrase(toks, phrase) for phrase in _FORWARD_POINTERS)
                          and any(_NUMBER.match(t) or t in _WORD_NUMBERS for t in toks))
    if summary:
        scores[RES] += _SUMMARY_WEIGHT
    for label, (earliest, latest) in _POSITION.items():
        if summary and label == RES:
            continue  # (told first on purpose: no penalty for its place)
        outside = 0.0
        if earliest is not None and position < earliest:
            outside = earliest - position
        elif latest is not None and position > latest:
            outside = position - latest
        scores[label] -= min(_POSITION_CAP, _POSITION_SLOPE * outside)
    return tuple(scores)


_PRESENT_PASSIVE = {"be", "been", "being", "is", "are", "get", "gets"}


def _narrative_past(toks: Sequence[str]) -> bool:
    """Past tense that tells the story: not a present passive ("its data should be reviewed",
    "any new screen gets flagged"), which states a rule."""
    return has_past_tense([t for k, t in enumerate(toks) if not (k and toks[k - 1] in _PRESENT_PASSIVE)])


def _is_past_verb(tok: str) -> bool:
    return bool(PAST_VERB.match(tok)) and tok not in NOT_PAST_ED or tok in IRREGULAR_PAST


def count_actions(toks: Sequence[str], subject: str = "i") -> float:
    """'I' followed (past an adverb or two) by a verb of doing: "I also set up", "I traced".

    A verb in the present ("I handle scheduling") counts half: it usually describes a role,
    though some speakers tell their actions in the present."""
    count = 0.0
    for k, t in enumerate(toks):
        if t != subject:
            continue
        j = k + 1
        while j < len(toks) and j <= k + 2 and toks[j] in _ADVERBS:
            j += 1
        if j >= len(toks):
            continue
        verb = toks[j]
        if verb in _NOT_ACTIONS or _noticing_from(toks, j):
            continue
        if _is_past_verb(verb):
            count += 1.0
        elif verb.isalpha():
            count += 0.5
    return count


def _noticing_from(toks: Sequence[str], k: int) -> bool:
    """Whether toks[k] opens "started noticing", "kept getting", "began to see"."""
    if toks[k] not in _NOTICING_STARTS or k + 1 >= len(toks):
        return False
    following = toks[k + 1]
    return following in _NOTICING_GERUNDS or (
        following == "to" and k + 2 < len(toks) and toks[k + 2] in _NOTICING_INFINITIVES and toks[k] != "kept")


def _names_owner(toks: Sequence[str]) -> bool:
    """Someone else owns the thing, in the present: "the training team owns agents for their first
    ninety days", "IT and the vendor own those devices" (not "my own", "on our own")."""
    for k, t in enumerate(toks):
        if t == "owns" and k:
            return True
        if t == "own" and k and toks[k - 1] not in _OWN_DETERMINERS and toks[k + 1 : k + 2] != ["it"]:
            return True
    return False


_OWN_DETERMINERS = frozenset({"i", "we", "you", "my", "our", "your", "their", "his", "her", "its", "on", "to", "the",
                              "'ll", "i'll", "we'll", "let", "should", "must", "could", "would", "can"})


def sentence_tokens(sentence: Sentence) -> list[str]:
    # Possessives match their bare cue: "not my team's code" ~ "not my team".
    return [t[:-2] if t.endswith("'s") else t for t in (norm(w) for w in sentence.text.split()) if t]
