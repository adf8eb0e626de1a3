"""Delivery coaching: pace band, long pauses, fillers, hedges, and voice (pitch and energy). Pure.

This module puts the pieces together; each check lives in its own module (delivery_pace,
delivery_pauses, delivery_fillers, delivery_voice) and works on words, times and arrays.
The targets come from prompts/levels.toml [delivery]. Whisper drops many fillers (it is not
prompted to keep them: that cost words), so filler counts are a lower bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rehearse.analysis.delivery_fillers import count_fillers as _count_hits
from rehearse.analysis.delivery_fillers import (
    find_fillers,
    find_hedges,
    hedge_advice,
    judge_fillers,
)
from rehearse.analysis.delivery_pace import judge_pace
from rehearse.analysis.delivery_pauses import (
    find_hesitations,
    find_pauses,
    pause_advice,
)
from rehearse.analysis.delivery_voice import VoiceMeasurement, judge_voice
from rehearse.analysis.delivery_words import (
    LocatedWord,
    locate_words,
    spoken_span_minutes,
)
from rehearse.lang.sentences import split_sentences
from rehearse.lang.tokens import norm
from rehearse.models import Delivery, Pause, Section, Word
from rehearse.prompts import DeliveryTargets

LONG_PAUSE_S = DeliveryTargets().long_pause_s


def _located(words: Sequence[Word]) -> list[LocatedWord]:
    """Words that were never segmented: one section, Whisper-style sentences."""
    return locate_words([Section("action", tuple(split_sentences(words)))])


def count_fillers(words: Sequence[Word]) -> Counter[str]:
    """Filler counts (vocal and lexical) in a run of words."""
    return Counter(_count_hits(find_fillers(_located(words))))


def long_pauses(words: Sequence[Word], threshold_s: float = LONG_PAUSE_S) -> list[Pause]:
    return find_pauses(_located(words), threshold_s)


def compute_delivery(
    words: Sequence[Word],
    sections: Sequence[Section],
    targets: DeliveryTargets | None = None,
    voice: VoiceMeasurement | None = None,
) -> Delivery:
    """Every delivery figure and verdict for one timed answer. ``voice`` None: transcript only."""
    targets = targets or DeliveryTargets()
    spoken = [w for w in words if norm(w.text)]
    minutes = spoken_span_minutes(spoken)
    wpm = len(spoken) / minutes if minutes else 0.0
    located = locate_words(sections) if any(s.sentences and s.sentences[0].words for s in sections) else _located(words)
    per_section = Counter(w.section for w in located)
    section_wpm: dict[str, float] = {}
    section_s: dict[str, float] = {}
    for s in sections:
        dur = s.duration_s or 0.0
        if dur > 0:
            section_wpm[s.name] = round(per_section[s.name] / (dur / 60), 1)
            section_s[s.name] = dur
    fillers = find_fillers(located)
    pauses = find_pauses(located, targets.long_pause_s)
    hedges = find_hedges(located)
    return Delivery(
        wpm=round(wpm, 1),
        section_wpm=section_wpm,
        fillers=_count_hits(fillers),
        fillers_per_min=round(len(fillers) / minutes, 2) if minutes else 0.0,
        long_pauses=tuple(pauses),
        pace=judge_pace(wpm, section_wpm, section_s, targets) if minutes else None,
        pause_advice=pause_advice(pauses),
        filler_rate=judge_fillers(fillers, minutes, {k: v / 60 for k, v in section_s.items()}, targets),
        filler_hits=tuple(fillers),
        hedges=tuple(hedges),
        hedge_advice=hedge_advice(hedges),
        voice=judge_voice(voice, located, targets),
        hesitations=tuple(find_hesitations(located, targets.hesitation_pause_s, fillers)),
    )
