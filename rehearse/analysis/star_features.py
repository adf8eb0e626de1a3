"""The feature vector of each sentence for the learned STAR layer (rehearse.analysis.star_model):
the hand scores of rehearse.analysis.star_cues, the sentence's neighbours, position, tense, person
and numbers, and what the story has told so far. Pure and deterministic.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from itertools import accumulate

from rehearse.analysis.star_cues import (
    _CHANGE_VERBS,
    _DEONTIC,
    _DESCRIPTIVE,
    _GENERIC_QUANTIFIERS,
    _NOT_ACTIONS,
    _NUMBER,
    _PRESENT,
    _SUMMARY_WEIGHT,
    _WORD_NUMBERS,
    RES,
    N,
    _has_phrase,
    _is_past_verb,
    _phrases,
    count_actions,
    score_sentence,
    sentence_tokens,
)
from rehearse.lang.tokens import FILLER_WORDS, QUANTITY_WORDS, has_past_tense
from rehearse.models import SECTION_NAMES, Sentence


def positions(sentences: Sequence[Sentence]) -> list[float]:
    """Where each sentence's middle falls in the answer, 0-1 by words."""
    total_words = sum(max(1, len(s.text.split())) for s in sentences)
    out, seen = [], 0
    for s in sentences:
        w = max(1, len(s.text.split()))
        out.append((seen + w / 2) / total_words)
        seen += w
    return out


FEATURE_NAMES: tuple[str, ...] = (
    *(f"hand_{name}" for name in SECTION_NAMES),
    "position", "position_squared", "past_tense", "deontic", "present_tense", "generic_quantifier",
    "i_action", "we_action", "i_words", "we_words", "number", "change_verb", "log_words", "first", "last",
    *(f"previous_hand_{name}" for name in SECTION_NAMES),
    *(f"next_hand_{name}" for name in SECTION_NAMES),
    "acted_before", "outcome_before", "descriptive",
)
# Past verbs of noticing or joining tell the setting ("I noticed", "I joined"), not a step taken.
_NOTICING = {"noticed", "saw", "heard", "realized", "realised", "learned", "learnt", "joined", "felt", "thought",
             "knew", "spotted", "got", "found", "became", "started", "took", "inherited", "moved"}


def sentence_features(sentences: Sequence[Sentence]) -> tuple[list[tuple[float, ...]], list[list[float]]]:
    """The hand scores of each sentence and the feature vector (FEATURE_NAMES) of each."""
    where = positions(sentences)
    tokens = [sentence_tokens(s) for s in sentences]
    # What the story has told so far: once the speaker has done something, a plain finding ("Every
    # 502 landed on a reused connection") is part of the action; once an outcome is told, a present
    # tense line is more likely the lesson than the setting.
    acted_before = list(accumulate((_takes_a_step(toks) for toks in tokens[:-1]), operator.or_, initial=False))
    hand = [score_sentence(s, p, acted, toks) for s, p, acted, toks in zip(sentences, where, acted_before, tokens)]
    hand = _summary_before_backtrack(hand, tokens)
    rows: list[list[float]] = []
    outcome = 0.0
    for i, (sentence, position, toks) in enumerate(zip(sentences, where, tokens)):
        first_person = any(t in {"i", "we", "my", "our", "me", "us"} for t in toks)
        descriptive = float(not first_person and any(t in _DESCRIPTIVE for t in toks))
        previous = hand[i - 1] if i else (0.0,) * N
        following = hand[i + 1] if i + 1 < len(sentences) else (0.0,) * N
        rows.append([
            *hand[i], position, position * position, float(has_past_tense(toks)),
            float(any(t in _DEONTIC for t in toks)), float(any(t in _PRESENT for t in toks)),
            float(any(t in _GENERIC_QUANTIFIERS for t in toks)), float(count_actions(toks) > 0),
            float(count_actions(toks, subject="we") > 0), float(any(t in {"i", "my", "me"} for t in toks)),
            float(any(t in {"we", "our", "us"} for t in toks)), float(any(_NUMBER.match(t) for t in toks)),
            float(any(t in _CHANGE_VERBS for t in toks)), math.log(max(1, len(sentence.text.split()))),
            float(i == 0), float(i == len(sentences) - 1),
            *(0.5 * v for v in previous), *(0.5 * v for v in following),
            float(acted_before[i]), outcome, descriptive,
        ])
        if any(_NUMBER.match(t) or t in _WORD_NUMBERS for t in toks) and any(t in _CHANGE_VERBS for t in toks):
            outcome = 1.0
    return hand, rows


# "That came out of something I picked up last spring", "How we got there:": the story steps back to
# its start, so the outcome told just before it was a summary given first.
_BACKTRACKS = _phrases("that came out of", "it came out of", "here's how", "here is how", "how i got there",
                       "how we got there", "let me back up", "to back up", "it all started", "it started with",
                       "it started when", "that started with", "let me explain how", "how it happened")


def _summary_before_backtrack(hand: list[tuple[float, ...]], tokens: Sequence[Sequence[str]]) -> list[tuple[float, ...]]:
    """An opening sentence with a changed number ("repeat visits fell from thirty a month to twelve")
    followed by a step back to the story's start is the Result told first."""
    out = list(hand)
    for i in range(1, min(3, len(tokens))):
        lead = [t for t in tokens[i] if t not in FILLER_WORDS][:6]
        told = tokens[i - 1]
        if not any(_has_phrase(lead, phrase) and lead.index(phrase[0]) <= 1 for phrase in _BACKTRACKS):
            continue
        counted = any(_NUMBER.match(t) or t in _WORD_NUMBERS or t in QUANTITY_WORDS for t in told)
        if counted and (any(t in _CHANGE_VERBS for t in told) or {"from", "to"} <= set(told)):
            row = list(out[i - 1])
            row[RES] += _SUMMARY_WEIGHT
            out[i - 1] = tuple(row)
    return out


def _takes_a_step(toks: Sequence[str]) -> bool:
    """'I pulled the logs', 'I rewrote the rule': the speaker did something (not 'I noticed')."""
    for k, t in enumerate(toks[:-1]):
        verb = toks[k + 1]
        if t == "i" and verb not in _NOTICING and verb not in _NOT_ACTIONS and _is_past_verb(verb):
            return True
    return False
