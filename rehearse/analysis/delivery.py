"""Delivery: speaking rate, fillers and long pauses. Pure.

Whisper drops many fillers even when prompted to keep them, so counts are a lower bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rehearse.lang.tokens import FILLER_PHRASES, FILLER_SPELLINGS, FILLER_WORDS, norm
from rehearse.models import Delivery, Pause, Section, Word

LONG_PAUSE_S = 2.0


def count_fillers(words: Sequence[Word]) -> Counter[str]:
    toks = [norm(w.text) for w in words]
    counts: Counter[str] = Counter()
    for i, t in enumerate(toks):
        if t in FILLER_WORDS:
            counts[FILLER_SPELLINGS.get(t, t)] += 1
        for phrase in FILLER_PHRASES:
            if tuple(toks[i : i + len(phrase)]) == phrase:
                # "you know" ends a clause as a filler; "you know the answer" is not one.
                nxt = words[i + len(phrase) - 1].text
                if phrase != ("you", "know") or nxt.endswith((",", ".", "?")):
                    counts[" ".join(phrase)] += 1
    return counts


def long_pauses(words: Sequence[Word], threshold_s: float = LONG_PAUSE_S) -> list[Pause]:
    pauses = []
    for prev, nxt in zip(words, words[1:]):
        if prev.end_s is None or nxt.start_s is None:
            continue
        gap = nxt.start_s - prev.end_s
        if gap >= threshold_s:
            pauses.append(Pause(start_s=round(prev.end_s, 2), duration_s=round(gap, 2)))
    return pauses


def _is_spoken(word: Word) -> bool:
    return bool(norm(word.text))


def compute_delivery(words: Sequence[Word], sections: Sequence[Section]) -> Delivery:
    spoken = [w for w in words if _is_spoken(w)]
    span = (spoken[-1].end_s or 0.0) - (spoken[0].start_s or 0.0) if spoken else 0.0
    minutes = span / 60 if span > 0 else 0.0
    wpm = len(spoken) / minutes if minutes else 0.0
    section_wpm: dict[str, float] = {}
    for s in sections:
        n = sum(1 for sent in s.sentences for w in sent.words if _is_spoken(w))
        dur = s.duration_s or 0.0
        if dur > 0:
            section_wpm[s.name] = round(n / (dur / 60), 1)
    fillers = count_fillers(words)
    return Delivery(
        wpm=round(wpm, 1),
        section_wpm=section_wpm,
        fillers=dict(sorted(fillers.items())),
        fillers_per_min=round(sum(fillers.values()) / minutes, 2) if minutes else 0.0,
        long_pauses=tuple(long_pauses(words)),
    )
