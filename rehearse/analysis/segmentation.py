"""STAR segmentation: label each sentence situation/task/action/result/reflection.

Each sentence gets a score per section (rehearse.analysis.star_model: hand-written cues of
rehearse.analysis.star_cues blended with weights learned from labelled answers). A small
Viterbi then picks the best labelling in spoken STAR order: sections only move forward, any
section may be skipped, and one step back from result to action is allowed for a result told
first. Long pauses ease a change of section. Forward-backward gives each section a confidence,
and unsure sections are named. Pure and deterministic; times come from the sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.analysis.star_cues import ACT, RES, N
from rehearse.analysis.star_model import emission_scores
from rehearse.lang.sentences import split_sentences, split_text
from rehearse.lang.tokens import tokens
from rehearse.models import SECTION_NAMES, Report, Section, SectionName, Sentence, Word

# Penalties (log-space) for the monotonic decoder.
_ADVANCE_PENALTY = 1.0
_SKIP_PENALTY = 1.0
_START_PENALTY = 1.0
# A step back from result to action: only when the result clearly came first.
_BACK_PENALTY = 1.0
# A pause this much longer than the take's median gap (and at least _PAUSE_MIN_S) eases a change.
_PAUSE_RATIO = 1.8
_PAUSE_MIN_S = 0.9
_PAUSE_BONUS = 0.6
# Under this mean posterior a section's label is reported as unsure (on the blind batch, sections
# under 0.6 were right 31% of the time, those above 93%).
CLEAR_CONFIDENCE = 0.6
# A section not found, but this probable for some sentence, is reported as not clearly heard.
MISSING_SECTION_SUSPICION = 0.35


# A fragment this short ("All featured by a week.", a mis-heard tail) says little about its section:
# a section rarely opens on one, so a change of section there costs up to _FRAGMENT_START more.
_FRAGMENT_WORDS = 6
_FRAGMENT_START = 1.0


def _emissions(sentences: Sequence[Sentence]) -> list[tuple[float, ...]]:
    return emission_scores(sentences)


def change_bonus(sentences: Sequence[Sentence]) -> list[float]:
    """Per sentence, the bonus (or, for a fragment, the cost) of a change of section there."""
    return [pause - _FRAGMENT_START * max(0.0, 1.0 - len(s.text.split()) / _FRAGMENT_WORDS)
            - (_FRAGMENT_START if _continues(s) else 0.0)
            for s, pause in zip(sentences, pause_bonus(sentences))]


_CONTINUATIONS = {"and", "or", "which", "with", "through", "plus"}
_SUBJECTS = {"i", "we", "he", "she", "they", "it", "you", "i'm", "we're", "it's", "i'd", "we'd", "there"}


def _continues(sentence: Sentence) -> bool:
    """A tail split off a long sentence, with no subject of its own ("and always on the Friday
    lane", "and nothing else on my plate"): it belongs with what came before."""
    words = tokens(sentence.text)
    return bool(words) and words[0] in _CONTINUATIONS and not any(w in _SUBJECTS for w in words[1:])


# Trellis states: (section, whether the one allowed step back was taken). Spoken order is STAR, but
# the spec allows a result told before the actions, rarely: a step back from result to action, or an
# answer that opens on its outcome ("Bottom line, I got sixty nurses paid correctly") and then tells
# the story from the setting (state _PREAMBLE, only at the start).
_PREAMBLE = (RES, 2)
_STATES = [(k, back) for back in (0, 1) for k in range(N)] + [_PREAMBLE]


def _transition(src: tuple[int, int], dst: tuple[int, int]) -> float | None:
    """Log-score of moving between two trellis states, None where it is not allowed."""
    if src == _PREAMBLE or dst == _PREAMBLE:
        if src == dst:
            return 0.0
        return -_BACK_PENALTY if src == _PREAMBLE and dst[1] == 1 and dst[0] < RES else None
    (j, back_j), (k, back_k) = src, dst
    if back_k == back_j and k >= j:
        jump = k - j
        return 0.0 if jump == 0 else -(_ADVANCE_PENALTY + _SKIP_PENALTY * (jump - 1))
    if back_j == 0 and back_k == 1 and j == RES and k == ACT:
        return -_BACK_PENALTY
    return None


def _start(state: tuple[int, int]) -> float | None:
    if state == _PREAMBLE:
        return -_START_PENALTY  # (and the step back to the setting after it)
    k, back = state
    return None if back else -_START_PENALTY * k


def pause_bonus(sentences: Sequence[Sentence]) -> list[float]:
    """Per sentence, how much a pause before it makes a section change there more likely.

    Speakers often pause longer between STAR parts than between sentences; a gap well above
    the take's own typical gap lowers the cost of changing section at that sentence.
    """
    gaps = [0.0] * len(sentences)
    for i in range(1, len(sentences)):
        prev_end, start = sentences[i - 1].end_s, sentences[i].start_s
        if prev_end is not None and start is not None:
            gaps[i] = max(0.0, start - prev_end)
    measured = sorted(g for g in gaps[1:] if g > 0)
    if len(measured) < 4:
        return [0.0] * len(sentences)
    typical = measured[len(measured) // 2]
    threshold = max(_PAUSE_MIN_S, _PAUSE_RATIO * typical)
    return [_PAUSE_BONUS if g >= threshold else 0.0 for g in gaps]


def label_sentences(sentences: Sequence[Sentence]) -> list[SectionName]:
    """The best labelling of the sentences (Viterbi over section states)."""
    return [SECTION_NAMES[k] for k in _viterbi(_emissions(sentences), change_bonus(sentences))]


def _step_scores(bonus: Sequence[float]) -> list[list[list[float | None]]]:
    """Per sentence i (from 1), the log-score of moving src -> dst into it, None where not allowed:
    the transition plus the pause bonus for a change of section."""
    base = [[_transition(src, dst) for dst in _STATES] for src in _STATES]
    out: list[list[list[float | None]]] = [[]]
    for i in range(1, len(bonus)):
        out.append([[None if step is None else step + (bonus[i] if src[0] != dst[0] else 0.0)
                     for dst, step in zip(_STATES, row)] for src, row in zip(_STATES, base)])
    return out


def _initial(emissions: Sequence[tuple[float, ...]]) -> list[float]:
    scores = []
    for state in _STATES:
        start = _start(state)
        scores.append(-math.inf if start is None else start + emissions[0][state[0]])
    return scores


def _viterbi(emissions: Sequence[tuple[float, ...]], bonus: Sequence[float]) -> list[int]:
    n = len(emissions)
    if n == 0:
        return []
    neg = -math.inf
    size = len(_STATES)
    steps = _step_scores(bonus)
    best = [_initial(emissions)] + [[neg] * size for _ in range(n - 1)]
    back = [[0] * size for _ in range(n)]
    for i in range(1, n):
        for x, dst in enumerate(_STATES):
            cand_val, cand_from = neg, x
            for y in range(size):
                step = steps[i][y][x]
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
    return _posteriors(_emissions(sentences), change_bonus(sentences))


def _posteriors(emissions: Sequence[tuple[float, ...]], bonus: Sequence[float]) -> list[tuple[float, ...]]:
    n = len(emissions)
    if n == 0:
        return []
    neg = -math.inf
    size = len(_STATES)
    steps = _step_scores(bonus)
    fwd = [_initial(emissions)] + [[neg] * size for _ in range(n - 1)]
    for i in range(1, n):
        for x, dst in enumerate(_STATES):
            incoming = [fwd[i - 1][y] + step for y in range(size) if (step := steps[i][y][x]) is not None]
            fwd[i][x] = _logsumexp(incoming) + emissions[i][dst[0]] if incoming else neg
    bwd = [[0.0] * size for _ in range(n)]
    for i in range(n - 2, -1, -1):
        for y in range(size):
            outgoing = [step + emissions[i + 1][_STATES[x][0]] + bwd[i + 1][x]
                        for x in range(size) if (step := steps[i + 1][y][x]) is not None]
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


def group_sections(
    sentences: Sequence[Sentence],
    labels: Sequence[SectionName],
    posteriors: Sequence[Sequence[float]] | None = None,
) -> list[Section]:
    """Contiguous sections; a timed section runs until the next one starts.

    With posteriors, each section's confidence is the word-weighted mean probability of its
    label over its sentences."""
    groups: list[tuple[SectionName, list[int]]] = []
    for index, label in enumerate(labels):
        if groups and groups[-1][0] == label:
            groups[-1][1].append(index)
        else:
            groups.append((label, [index]))
    sections: list[Section] = []
    for idx, (label, members) in enumerate(groups):
        sents = [sentences[i] for i in members]
        start = sents[0].start_s
        if idx + 1 < len(groups):
            end = sentences[groups[idx + 1][1][0]].start_s
        else:
            end = sents[-1].end_s
        confidence = None
        if posteriors is not None:
            weights = [max(1, len(sentences[i].text.split())) for i in members]
            column = SECTION_NAMES.index(label)
            confidence = round(sum(w * posteriors[i][column] for w, i in zip(weights, members)) / sum(weights), 3)
        sections.append(Section(name=label, sentences=tuple(sents), start_s=start, end_s=end, confidence=confidence))
    return sections


@dataclass(frozen=True)
class Segmentation:
    """The sections, and the ones the segmenter could not place with confidence."""

    sections: list[Section]
    unclear: tuple[SectionName, ...] = ()


def segment_answer(sentences: Sequence[Sentence]) -> Segmentation:
    """STAR sections of an answer, in spoken order, each with the segmenter's confidence.

    A section is unclear when its label is unsure (confidence under CLEAR_CONFIDENCE), or when
    it was not found although some sentence may well belong to it (the task excepted: many
    good answers have none), or when it is the action and none was found. The report says so
    instead of guessing silently.
    """
    emissions = _emissions(sentences)
    bonus = change_bonus(sentences)
    labels: list[SectionName] = [SECTION_NAMES[k] for k in _viterbi(emissions, bonus)]
    posteriors = _posteriors(emissions, bonus)
    sections = group_sections(sentences, labels, posteriors)
    unsure = {s.name for s in sections if s.confidence is not None and s.confidence < CLEAR_CONFIDENCE}
    found = {s.name for s in sections}
    for column, name in enumerate(SECTION_NAMES):
        if name in found or name == "task":
            continue
        # Every answer has actions: none found means the segmenter could not hear them.
        if name == "action" or any(p[column] >= MISSING_SECTION_SUSPICION for p in posteriors):
            unsure.add(name)
    return Segmentation(sections, tuple(n for n in SECTION_NAMES if n in unsure))


_CLEAR_OPENERS = {
    "situation": "\"At the time…\"", "task": "\"My goal was…\"", "action": "\"First, I…\"",
    "result": "\"As a result…\"", "reflection": "\"Looking back…\" or \"If I did it again…\"",
}


def unclear_notes(report: Report) -> list[str]:
    """One line per section the segmenter could not place: what it means and what to do."""
    return [
        f"{name.capitalize()} not clearly heard: its place on the timeline is a guess. Open it with "
        f"a clear phrase ({_CLEAR_OPENERS[name]}) or press space to mark sections while recording."
        for name in report.unclear_sections
        if name in _CLEAR_OPENERS
    ]


def segment(sentences: Sequence[Sentence]) -> list[Section]:
    """STAR sections of an answer, in spoken order, each with the segmenter's confidence."""
    return segment_answer(sentences).sections


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
