"""STAR segmentation: label each sentence situation/task/action/result/reflection.

Each sentence gets a score per section from cue phrases and features (first-person
past-tense actions, numbers and metrics, hypotheticals, relative position). A small
Viterbi then picks the best *monotonic* labelling: sections only move forward and
any section may be skipped. Pure and deterministic; times come from the sentences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from rehearse.lang.sentences import split_sentences, split_text
from rehearse.lang.tokens import norm
from rehearse.models import SECTION_NAMES, Section, SectionName, Sentence, Word

N = len(SECTION_NAMES)
SIT, TASK, ACT, RES, REFL = range(N)


def _phrases(*items: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(i.split()) for i in items)


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
        (2.5, _phrases(
            "it wasn't my", "it was not my", "not on our road map", "not on our roadmap",
            "not on the roadmap", "not on the road map", "wasn't on our", "not in our backlog",
            "wasn't my team", "not my team", "not our team", "outside my team", "outside our team",
            "outside my", "no ticket", "nobody owned", "no one owned", "no owner", "wasn't assigned",
            "not assigned", "nobody asked", "no one asked", "nobody had", "no one had", "belonged to",
            "belongs to", "was owned by", "is owned by", "owned by", "sat with", "wasn't my job",
            "not my job", "my lane", "wasn't my lane", "not my lane", "nobody had asked", "had some free time",
            "spare time", "some slack", "was bored", "i was between", "free time", "a slow week",
        )),
    ],
    TASK: [
        (3.0, _phrases(
            "my task", "my goal", "my job was", "my role was", "the goal was", "the task was",
            "i needed to", "i had to", "i wanted to", "i was asked", "i was tasked",
            "my responsibility", "the challenge was", "the problem was", "we needed to",
            "i decided to", "i took it on", "take it on", "took it upon myself", "i'm gonna fix",
            "i was going to fix", "i would fix it", "i'd fix it",
            "i decided", "i set myself", "the question was", "i owned", "needed someone to",
            "so i took", "i chose to", "my objective", "the objective", "the ask was",
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
            "these days", "now when", "since then i", "going forward", "in the future",
            "the rule", "my rule", "what i'd push", "i'd push", "i push for", "i now push",
            "what i'd change", "i'd change", "the lesson for me",
        )),
    ],
}

_NUMBER = re.compile(r"^[$]?\d[\d,.]*[%kmb]?$|^\d+(\.\d+)?x$")
_PERCENT_OR_MONEY = re.compile(r"%|\$|^\d+(\.\d+)?[kmb]$|percent|dollars?")
_WORD_NUMBERS = {"zero", "half", "double", "doubled", "tripled", "twice", "thousand", "million", "hundred", "percent"}
_HYPOTHETICAL = {"would", "i'd", "should", "could", "next", "hindsight", "retrospect", "learned", "lesson"}
_PAST_VERB = re.compile(r"^[a-z]{3,}(ed)$")
_IRREGULAR_PAST = {
    "wrote", "built", "ran", "found", "made", "took", "got", "went", "put", "set", "sent",
    "brought", "told", "spoke", "met", "led", "drove", "dug", "rewrote", "broke", "split",
    "began", "chose", "caught", "thought", "kept", "gave", "saw", "knew", "sat", "paired",
}
_STATE_VERBS = {"was", "were", "had", "is", "are", "have", "has", "worked", "used", "owned"}
# After "I", these mean state, intention, or hypothesis — not something done.
_NOT_ACTIONS = _STATE_VERBS | {
    "am", "'m", "i'm", "would", "could", "should", "will", "can", "might", "must", "think",
    "know", "knew", "feel", "felt", "need", "needed", "want", "wanted", "learned", "learnt",
    "realized", "realised", "don't", "didn't", "do", "did", "wasn't", "hadn't", "guess",
    "believe", "remember", "mean", "like", "liked", "love", "hope", "hoped", "wish", "always",
    "never", "now", "still", "trust", "saw", "noticed", "heard", "got", "became", "joined",
    "led", "managed", "ran", "run",
}
# Grammar, not coaching vocabulary: tense and modality markers.
_PAST_MARKERS = {"was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't", "got", "went", "came"}
_NOT_PAST_ED = {"need", "needed", "speed", "feed", "seed", "bed", "red", "shed", "hundred", "based", "related",
                "automated", "dedicated", "detailed", "experienced", "limited", "skilled", "advanced", "named",
                "owned", "assigned", "signed", "agreed", "required"}
_DEONTIC = {"should", "must", "needs", "need", "ought", "shouldn't", "mustn't"}
_PRESENT = {"is", "are", "gets", "get", "means", "makes", "goes", "belongs", "runs", "starts", "owns", "'s",
            "it's", "that's", "there's", "always", "never"}
_GENERIC_QUANTIFIERS = {"every", "any", "each", "whenever", "always", "never", "anyone", "everyone"}
_CHANGE_VERBS = {
    "dropped", "fell", "rose", "grew", "increased", "decreased", "reduced", "improved", "cut",
    "went", "climbed", "halved", "doubled", "tripled", "shrank", "jumped", "saved", "recovered",
    "lowered", "raised", "sped", "shortened", "eliminated", "declined",
}
_DESCRIPTIVE = {"was", "were", "is", "are", "had", "has", "which", "there", "consisted", "ran", "runs"}
_ADVERBS = {"also", "then", "just", "finally", "quickly", "personally", "immediately", "actually",
            "eventually", "even", "first", "next", "carefully", "manually", "myself"}

# Positional prior, one-sided: a section is only penalised where it is implausible
# (a reflection in the first half, a situation in the last fifth). Inside its plausible
# range position says nothing, so a long situation stays a situation and shows as overrun.
_POSITION = {SIT: (None, 0.8), TASK: (None, 0.85), ACT: (0.1, None), RES: (0.3, None), REFL: (0.5, None)}
_POSITION_SLOPE = 6.0
_POSITION_CAP = 1.5
# Penalties (log-space) for the monotonic decoder.
_ADVANCE_PENALTY = 1.0
_SKIP_PENALTY = 1.5
_START_PENALTY = 1.5
# A step back from result to action: only when the result clearly came first.
_BACK_PENALTY = 4.0


def _has_phrase(toks: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in toks
    first = phrase[0]
    return any(t == first and tuple(toks[i:i + n]) == phrase for i, t in enumerate(toks))


def _cue_score(toks: Sequence[str], label: int) -> float:
    total = 0.0
    for weight, phrases in CUES[label]:
        hits = sum(1 for p in phrases if _has_phrase(toks, p))
        total += weight * min(hits, 2) ** 0.7 if hits else 0.0
    return total


def score_sentence(sentence: Sentence, position: float) -> tuple[float, ...]:
    """Unnormalised log-scores of one sentence for each section."""
    # Possessives match their bare cue: "not my team's code" ~ "not my team".
    toks = [t[:-2] if t.endswith("'s") else t for t in (norm(w) for w in sentence.text.split()) if t]
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
    # A change verb next to a number is a metric delta: "dropped by about 70%".
    if (metric or numbers) and any(t in _CHANGE_VERBS for t in toks):
        scores[RES] += 1.5

    i_actions = _count_i_actions(toks)
    if i_actions:
        scores[ACT] += 1.2 * min(i_actions, 3)
    else:
        # "We called her back", "we pulled the reject logs": done, if not by "I" alone.
        we_actions = _count_i_actions(toks, subject="we")
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
    if position >= 0.6 and not _has_past(toks):
        if any(t in _DEONTIC for t in toks) or _has_phrase(toks, ("has", "to")) or _has_phrase(toks, ("have", "to")):
            scores[REFL] += 2.5
        elif any(t in _PRESENT for t in toks):
            scores[REFL] += 1.0
        if any(t in _GENERIC_QUANTIFIERS for t in toks):
            scores[REFL] += 0.5

    for label, (earliest, latest) in _POSITION.items():
        outside = 0.0
        if earliest is not None and position < earliest:
            outside = earliest - position
        elif latest is not None and position > latest:
            outside = position - latest
        scores[label] -= min(_POSITION_CAP, _POSITION_SLOPE * outside)
    return tuple(scores)


def _has_past(toks: Sequence[str]) -> bool:
    """Any verb in the past tense (a story sentence, not a rule or proposal)."""
    return any(t in _PAST_MARKERS or t in _IRREGULAR_PAST or (_PAST_VERB.match(t) and t not in _NOT_PAST_ED)
               for t in toks)


def _count_i_actions(toks: Sequence[str], subject: str = "i") -> int:
    """'I' followed (past an adverb or two) by a verb of doing: "I also set up", "I traced"."""
    count = 0
    for k, t in enumerate(toks):
        if t != subject:
            continue
        j = k + 1
        while j < len(toks) and j <= k + 2 and toks[j] in _ADVERBS:
            j += 1
        if j >= len(toks):
            continue
        verb = toks[j]
        if verb in _NOT_ACTIONS:
            continue
        if _PAST_VERB.match(verb) or verb in _IRREGULAR_PAST or verb.isalpha():
            count += 1
    return count


def _emissions(sentences: Sequence[Sentence]) -> list[tuple[float, ...]]:
    total_words = sum(max(1, len(s.text.split())) for s in sentences)
    emissions: list[tuple[float, ...]] = []
    seen = 0
    for s in sentences:
        w = max(1, len(s.text.split()))
        emissions.append(score_sentence(s, (seen + w / 2) / total_words))
        seen += w
    return emissions


# Trellis states: (section, whether the one allowed step back from result to action was taken).
# Spoken order is STAR, but the spec allows a result told before the actions, rarely.
_STATES = [(k, back) for back in (0, 1) for k in range(N)]


def _transition(src: tuple[int, int], dst: tuple[int, int]) -> float | None:
    """Log-score of moving between two trellis states, None where it is not allowed."""
    (j, back_j), (k, back_k) = src, dst
    if back_k == back_j and k >= j:
        jump = k - j
        return 0.0 if jump == 0 else -(_ADVANCE_PENALTY + _SKIP_PENALTY * (jump - 1))
    if back_j == 0 and back_k == 1 and j == RES and k == ACT:
        return -_BACK_PENALTY
    return None


def _start(state: tuple[int, int]) -> float | None:
    k, back = state
    return None if back else -_START_PENALTY * k


def label_sentences(sentences: Sequence[Sentence]) -> list[SectionName]:
    """The best labelling of the sentences (Viterbi over section states)."""
    return [SECTION_NAMES[k] for k in _viterbi(_emissions(sentences))]


def _viterbi(emissions: Sequence[tuple[float, ...]]) -> list[int]:
    n = len(emissions)
    if n == 0:
        return []
    neg = -math.inf
    size = len(_STATES)
    best = [[neg] * size for _ in range(n)]
    back = [[0] * size for _ in range(n)]
    for x, state in enumerate(_STATES):
        start = _start(state)
        if start is not None:
            best[0][x] = start + emissions[0][state[0]]
    for i in range(1, n):
        for x, dst in enumerate(_STATES):
            cand_val, cand_from = neg, x
            for y, src in enumerate(_STATES):
                step = _transition(src, dst)
                if step is None or best[i - 1][y] == neg:
                    continue
                if best[i - 1][y] + step > cand_val:
                    cand_val, cand_from = best[i - 1][y] + step, y
            best[i][x] = cand_val + emissions[i][dst[0]]
            back[i][x] = cand_from
    x = max(range(size), key=lambda y: best[n - 1][y])
    path = [x]
    for i in range(n - 1, 0, -1):
        x = back[i][x]
        path.append(x)
    path.reverse()
    return [_STATES[x][0] for x in path]


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(v - top) for v in values))


def label_posteriors(sentences: Sequence[Sentence]) -> list[tuple[float, ...]]:
    """Per sentence, how sure the segmenter is of each section (forward-backward over the
    same trellis, scores read as log-potentials): a distribution over SECTION_NAMES."""
    emissions = _emissions(sentences)
    n = len(emissions)
    if n == 0:
        return []
    neg = -math.inf
    size = len(_STATES)
    steps = [[_transition(src, dst) for dst in _STATES] for src in _STATES]
    fwd = [[neg] * size for _ in range(n)]
    for x, state in enumerate(_STATES):
        start = _start(state)
        if start is not None:
            fwd[0][x] = start + emissions[0][state[0]]
    for i in range(1, n):
        for x, dst in enumerate(_STATES):
            incoming = [fwd[i - 1][y] + step for y in range(size) if (step := steps[y][x]) is not None]
            fwd[i][x] = _logsumexp(incoming) + emissions[i][dst[0]] if incoming else neg
    bwd = [[0.0] * size for _ in range(n)]
    for i in range(n - 2, -1, -1):
        for y in range(size):
            outgoing = [step + emissions[i + 1][_STATES[x][0]] + bwd[i + 1][x]
                        for x in range(size) if (step := steps[y][x]) is not None]
            bwd[i][y] = _logsumexp(outgoing) if outgoing else neg
    posteriors = []
    for i in range(n):
        joint = [fwd[i][x] + bwd[i][x] for x in range(size)]
        total = _logsumexp(joint)
        per_section = [0.0] * N
        for x, (k, _back) in enumerate(_STATES):
            if joint[x] > neg:
                per_section[k] += math.exp(joint[x] - total)
        posteriors.append(tuple(per_section))
    return posteriors


def group_sections(sentences: Sequence[Sentence], labels: Sequence[SectionName]) -> list[Section]:
    """Contiguous sections; a timed section runs until the next one starts."""
    groups: list[tuple[SectionName, list[Sentence]]] = []
    for sentence, label in zip(sentences, labels):
        if groups and groups[-1][0] == label:
            groups[-1][1].append(sentence)
        else:
            groups.append((label, [sentence]))
    sections: list[Section] = []
    for idx, (label, sents) in enumerate(groups):
        start = sents[0].start_s
        if idx + 1 < len(groups):
            end = groups[idx + 1][1][0].start_s
        else:
            end = sents[-1].end_s
        sections.append(Section(name=label, sentences=tuple(sents), start_s=start, end_s=end))
    return sections


def segment(sentences: Sequence[Sentence]) -> list[Section]:
    """STAR sections of an answer, in spoken order."""
    return group_sections(sentences, label_sentences(sentences))


def segment_text(text: str) -> list[Section]:
    """Sections of a plain-text transcript (no times)."""
    return segment(split_text(text))


def sections_from_marks(
    sentences: Sequence[Sentence], marks: Sequence[tuple[str, float]]
) -> list[Section]:
    """Sections from the user's own marks: (section name, time the section began).

    A sentence belongs to the last mark at or before its midpoint; sentences before
    the first mark belong to that first mark's section.
    """
    if not marks:
        return segment(sentences)
    ordered = sorted(marks, key=lambda m: m[1])
    for name, _ in ordered:
        if name not in SECTION_NAMES:
            raise ValueError(f"unknown section {name!r}")
    labels: list[SectionName] = []
    for s in sentences:
        mid = ((s.start_s or 0.0) + (s.end_s or s.start_s or 0.0)) / 2
        current = ordered[0][0]
        for name, start in ordered:
            if start <= mid:
                current = name
        labels.append(current)  # type: ignore[arg-type]
    return group_sections(sentences, labels)


def last_section_name(words: Sequence[Word]) -> str | None:
    """The STAR section the latest of ``words`` belongs to (the live view's label while recording)."""
    sections = segment(split_sentences(words))
    return sections[-1].name if sections else None
