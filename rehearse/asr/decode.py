"""One deterministic faster-whisper pass over a piece of audio, shared by batch and streaming.

Decoding is at temperature 0 only: faster-whisper's sampled fallback made the same file give
different transcripts run to run. A repetition loop (Whisper's compression-ratio test) is
decoded again with a wider beam, still deterministic; a loop that survives, and segments that
look like Whisper talking over noise, are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rehearse.models import Word

SAMPLE_RATE = 16000
# Whisper's own test for a repetition loop (faster-whisper's compression_ratio_threshold).
LOOP_COMPRESSION_RATIO = 2.4
FALLBACK_BEAM = 5
WIDE_FALLBACK_BEAM = 8
# Whisper's no-speech rule (no_speech_threshold 0.6, log_prob_threshold -1.0) ...
NO_SPEECH_MAX = 0.6
LOGPROB_MIN = -1.0
# ... and a stricter one for a short last segment of streaming's chunks, which end close to
# silence where Whisper likes to add "Thank you." (measured: no_speech_prob 0.57-0.68,
# avg_logprob -0.9..-1.2). Too strict for longer segments: it dropped all of the Apollo 11 radio
# clip in batch (0.56, -0.76), and streamed, chunk-closing sentences of it 7-12 s long.
STRICT_NO_SPEECH_MAX = 0.5
STRICT_LOGPROB_MIN = -0.6
STRICT_CLOSING_MAX_S = 3.0


@dataclass(frozen=True)
class DecodeSettings:
    """How one piece is decoded; the batch and streaming paths differ only in these."""

    language: str = "en"
    beam_size: int = 5
    vad_filter: bool = True
    vad_parameters: dict | None = None  # None: faster-whisper's defaults (as plain Whisper runs)
    condition_on_previous_text: bool = True
    max_new_tokens: int | None = None
    retry_loops: bool = True  # decode a repetition loop again with a wider beam
    strict_closing_guard: bool = False  # also drop a short last segment by the stricter streaming rule


@dataclass
class DecodeResult:
    """The segments kept, what was thrown away, and how much speech the VAD heard."""

    segments: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    fallbacks: int = 0
    speech_s: float = 0.0


def is_loop(segment) -> bool:
    return segment.compression_ratio > LOOP_COMPRESSION_RATIO


def is_noise(segment, strict: bool = False) -> bool:
    """Whisper talking over noise or silence, by its own confidence figures."""
    nsp, lp = segment.no_speech_prob, segment.avg_logprob
    if nsp > NO_SPEECH_MAX and lp < LOGPROB_MIN:
        return True
    return strict and nsp > STRICT_NO_SPEECH_MAX and lp < STRICT_LOGPROB_MIN


def decode(model, audio: np.ndarray, settings: DecodeSettings, prompt: str | None = None) -> DecodeResult:
    """Transcribe ``audio`` (16 kHz mono) with word timestamps; loops retried, noise dropped."""

    def run(beam_size: int) -> tuple[list, float]:
        kwargs: dict[str, Any] = {}
        if settings.max_new_tokens is not None:
            kwargs["max_new_tokens"] = settings.max_new_tokens
        if settings.vad_parameters is not None:
            kwargs["vad_parameters"] = settings.vad_parameters
        segments, info = model.transcribe(
            audio,
            language=settings.language,
            beam_size=beam_size,
            word_timestamps=True,
            vad_filter=settings.vad_filter,
            initial_prompt=prompt or None,
            condition_on_previous_text=settings.condition_on_previous_text,
            temperature=0.0,
            **kwargs,
        )
        segments = list(segments)
        speech = info.duration_after_vad if settings.vad_filter else info.duration
        return segments, float(speech or 0.0)

    result = DecodeResult()
    segments, result.speech_s = run(settings.beam_size)
    if settings.retry_loops and any(is_loop(s) for s in segments):
        wider = FALLBACK_BEAM if settings.beam_size < FALLBACK_BEAM else WIDE_FALLBACK_BEAM
        result.fallbacks += 1
        retry, _ = run(wider)
        # Keep the retry only if it loops less; a loop that survives is dropped below.
        if sum(is_loop(s) for s in retry) <= sum(is_loop(s) for s in segments):
            segments = retry
    for i, seg in enumerate(segments):
        closing = settings.strict_closing_guard and i == len(segments) - 1 and seg.end - seg.start <= STRICT_CLOSING_MAX_S
        bad = is_loop(seg) or is_noise(seg, strict=closing)
        (result.dropped if bad else result.segments).append(seg)
    return result


def merge_word_pieces(raw_words: Sequence, duration: float, offset_s: float) -> list[Word]:
    """Whisper words without a leading space continue the previous word ("0" ".3" "%")."""
    merged: list[list] = []
    for w in raw_words:
        text = w.word
        if not text.strip():
            continue
        start = float(min(max(0.0, w.start), duration))
        end = float(min(max(w.end, w.start), duration))
        if merged and not text.startswith(" "):
            last = merged[-1]
            last[0] += text.strip()
            last[2] = end
            last[3] = min(last[3], float(w.probability))
        else:
            merged.append([text.strip(), start, end, float(w.probability)])
    return [Word(t, round(s + offset_s, 3), round(e + offset_s, 3), round(p, 3)) for t, s, e, p in merged]


def segment_words(segments: Sequence, duration: float, offset_s: float) -> list[Word]:
    """The segments' words on the take's timeline; bare punctuation (". . ." on noise) is no word."""
    words: list[Word] = []
    for seg in segments:
        words.extend(w for w in merge_word_pieces(seg.words or (), duration, offset_s) if any(c.isalnum() for c in w.text))
    return words
