"""Stretches of speech Whisper skipped. Pure: times in seconds, given by the caller.

Whisper sometimes jumps over a sentence at the edge of its own 30 s windows: the next window's text
starts mid-sentence, and nine seconds of an answer ("tickets went from 140 to 6 ...") are gone.
The VAD still hears speech there while no word covers it. Such a hole is decoded again on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[float, float]

# Shorter stretches are pauses, breaths and the VAD's padding; a skipped sentence is longer.
HOLE_MIN_S = 2.0


def word_gaps(words: Sequence[Span], duration_s: float, min_s: float = HOLE_MIN_S) -> list[Span]:
    """Stretches of at least ``min_s`` between consecutive words (or the audio's edges): the only
    places a hole can be, so the VAD need not run when there are none."""
    edges = [(0.0, 0.0), *sorted(words), (duration_s, duration_s)]
    return [(gap_start, gap_end) for (_, gap_start), (gap_end, _) in zip(edges, edges[1:])
            if gap_end - gap_start >= min_s]


def speech_in_gaps(gaps: Sequence[Span], speech: Sequence[Span], min_s: float = HOLE_MIN_S) -> list[Span]:
    """The gaps holding at least ``min_s`` of VAD speech, each trimmed to the speech inside it."""
    holes: list[Span] = []
    for gap_start, gap_end in gaps:
        inside = [(max(start, gap_start), min(end, gap_end)) for start, end in speech
                  if end > gap_start and start < gap_end]
        if sum(end - start for start, end in inside) >= min_s:
            holes.append((inside[0][0], inside[-1][1]))
    return holes


def words_inside(words: Sequence[Span], hole: Span) -> list[int]:
    """Indexes of the words whose middle falls inside the hole (a redecode's words around its edges
    repeat what was already heard)."""
    start, end = hole
    return [i for i, (w_start, w_end) in enumerate(words) if start <= (w_start + w_end) / 2 <= end]
