"""Is what Whisper wrote an answer, or Whisper talking over noise or silence?

Whisper, trained on subtitled video, fills noise and silence with stock phrases ("Thank you.",
"see you in the next video"). The segment guards in ``rehearse.asr.decode`` catch most of them by
Whisper's own confidence; these tests catch what gets past them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rehearse.lang.tokens import tokens
from rehearse.models import Word

# Stock phrases Whisper writes over noise or silence (closing lines of subtitled videos), as
# tokens. A take made only of these, however often repeated, is not an answer.
STOCK_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "thank you",
        "thank you so much",
        "thank you very much",
        "thanks",
        "thanks for watching",
        "thank you for watching",
        "thank you so much for watching",
        "see you later",
        "see you next time",
        "see you in the next video",
        "i'll see you in the next video",
        "see you in the next one",
        "please subscribe",
        "please like and subscribe",
        "like and subscribe",
        "please",
        "bye",
        "bye bye",
        "you",
    )
)

# A take is noise, not an answer, when the few words Whisper still produced are all ones it is
# unsure of (white noise gave "Uh," at word probability 0.0) ...
NOISE_MAX_WORDS = 3
NOISE_WORD_PROB_MAX = 0.5


def only_stock_phrases(text: str) -> bool:
    """True when ``text`` is nothing but stock phrases (or nothing at all)."""
    words = tokens(text)
    reachable = [True] + [False] * len(words)  # reachable[i]: words[:i] splits into phrases
    for start in range(len(words)):
        if not reachable[start]:
            continue
        for phrase in STOCK_PHRASES:
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase:
                reachable[end] = True
    return reachable[-1]


class HeardAudio:
    """What the windows of a take held: its length and loudness; and whether the words Whisper
    wrote over it look like noise rather than an answer."""

    def __init__(self) -> None:
        self.samples = 0
        self.peak = 0.0

    def add_audio(self, audio: np.ndarray) -> None:
        self.samples += audio.size
        self.peak = max(self.peak, float(np.max(np.abs(audio)))) if audio.size else self.peak

    def looks_like_noise(self, words: Sequence[Word]) -> bool:
        # ... or when it is only stock phrases: sox white noise once came back as
        # "see you in the next video, see you in the next video,".
        if only_stock_phrases(" ".join(w.text for w in words)):
            return True
        if len(words) > NOISE_MAX_WORDS:
            return False
        return all((w.probability if w.probability is not None else 1.0) < NOISE_WORD_PROB_MAX for w in words)
