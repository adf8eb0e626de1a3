"""The take's first and last word times, checked against the loudness of the voice.

Whisper's word timestamps are least sure at the edges of a take: it often starts the first word
several hundred milliseconds before the voice does (measured on synthesized answers with a known
0.5 s lead-in: first words at 0.1 s). The total, and with it the length verdict, runs from the
first word to the last, so each edge is moved to where Praat's intensity track says the voice
starts or stops, when that lies inside the edge word. Pure: tracks and words in, words out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from rehearse.analysis.delivery_voice import VoiceTracks
from rehearse.models import Transcript, Word

# A frame is voice when it is within this much of the take's loud speech (95th percentile) ...
BELOW_SPEECH_DB = 25.0
# ... and this much above its quiet floor (10th percentile), so room noise never counts as voice.
ABOVE_FLOOR_DB = 6.0


def voice_span(tracks: VoiceTracks) -> tuple[float, float] | None:
    """(first, last) time the intensity track is at voice level, or None."""
    db = np.asarray(tracks.intensity_db, dtype=float)
    times = np.asarray(tracks.intensity_times_s, dtype=float)
    finite = np.isfinite(db)
    if db.size < 3 or not finite.any():
        return None
    loud, floor = np.percentile(db[finite], 95), np.percentile(db[finite], 10)
    threshold = max(loud - BELOW_SPEECH_DB, floor + ABOVE_FLOOR_DB)
    voiced = np.flatnonzero(finite & (db >= threshold))
    if voiced.size == 0:
        return None
    return float(times[voiced[0]]), float(times[voiced[-1]])


def trim_to_voice(words: Sequence[Word], tracks: VoiceTracks) -> list[Word]:
    """Words with the first word's start and the last word's end moved to the voice's edges,
    where those fall inside the edge word; nothing else moves."""
    out = list(words)
    span = voice_span(tracks)
    timed = [i for i, w in enumerate(out) if w.start_s is not None and w.end_s is not None]
    if span is None or not timed:
        return out
    onset, offset = span
    first, last = timed[0], timed[-1]
    head = out[first]
    if head.start_s is not None and head.end_s is not None and head.start_s < onset < head.end_s:
        out[first] = replace(head, start_s=round(onset, 2))
    tail = out[last]
    if tail.start_s is not None and tail.end_s is not None and tail.start_s < offset < tail.end_s:
        out[last] = replace(tail, end_s=round(offset, 2))
    return out


def transcript_trimmed_to_voice(transcript: Transcript, tracks: VoiceTracks | None) -> Transcript:
    if tracks is None or not transcript.words:
        return transcript
    return replace(transcript, words=tuple(trim_to_voice(transcript.words, tracks)))
