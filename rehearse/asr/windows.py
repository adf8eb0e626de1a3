"""Cut a long recording into windows at pauses, so memory does not grow with its length. Pure.

Whisper itself works on 30 s windows, but faster-whisper computes the log-mel features (and
the VAD) of the whole input at once: 2.2 GB of memory for a 30-minute file. Feeding it windows
of ``min_s``..``max_s`` seconds, cut in the longest pause the VAD hears there, bounds memory to
one window; a cut in a pause loses no word, and the previous window's text is passed on as the
prompt, as Whisper does between its own windows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000
# A take of up to 2 minutes is one window, decoded exactly as plain faster-whisper decodes it;
# each cut moves Whisper's own 30 s windows and so changes a word here and there (measured on
# speech-long: WER +-1 to 3 points per clip either way with 30-90 s windows). Peak RSS for a
# 30-minute file: 482 MB with 60-90 s windows, 520 MB with 90-120 s, 620 MB with 120-180 s.
WINDOW_MIN_S = 90.0
WINDOW_MAX_S = 120.0

SampleSpan = tuple[int, int]  # [start, end) in samples, relative to the audio passed in


@dataclass(frozen=True)
class Window:
    offset: int  # first sample, on the recording's timeline
    audio: np.ndarray

    @property
    def offset_s(self) -> float:
        return self.offset / SAMPLE_RATE


def best_cut(spans: Sequence[SampleSpan], length: int) -> int:
    """Middle of the longest pause in ``[0, length)`` given the speech spans found there.

    Silence before the first span and after the last one counts as a pause too; with no
    speech at all the region's middle will do.
    """
    if not spans:
        return length // 2
    best_gap, best_at = -1, length // 2
    edges = [(0, 0), *sorted(spans), (length, length)]
    for (_, prev_end), (next_start, _) in zip(edges, edges[1:]):
        gap = next_start - prev_end
        if gap > best_gap:
            best_gap, best_at = gap, prev_end + gap // 2
    return min(max(best_at, 1), length)


def windows(
    blocks: Iterable[np.ndarray],
    speech_spans: Callable[[np.ndarray], Sequence[SampleSpan]],
    min_s: float = WINDOW_MIN_S,
    max_s: float = WINDOW_MAX_S,
) -> Iterator[Window]:
    """Regroup decoded blocks into windows cut at pauses; holds at most ``max_s`` + one block.

    ``speech_spans`` is the VAD, asked only about the region where a cut may fall.
    """
    lo, hi = int(min_s * SAMPLE_RATE), int(max_s * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    size = 0
    offset = 0
    for block in blocks:
        if block.size == 0:
            continue
        pending.append(block)
        size += block.size
        if size < hi:
            continue
        buffer = np.concatenate(pending)
        while buffer.size >= hi:
            cut = lo + best_cut(speech_spans(buffer[lo:hi]), hi - lo)
            yield Window(offset, buffer[:cut])
            offset += cut
            buffer = buffer[cut:]
        pending, size = [buffer], buffer.size
    if size:
        yield Window(offset, np.concatenate(pending))
