"""Voice tracks measured while the candidate speaks, so stopping does not wait for Praat.

A :class:`LiveVoice` is a Recorder listener. Every ``chunk_s`` of audio it hands the new
chunk (with a little context either side) to one worker thread that runs Praat on it; when
the take stops only the last chunk is left. Praat's pitch path is chosen per chunk, so a
chunk edge can differ from a whole-take pass by a frame or two, which the judgement
(percentiles over the take, medians over a sentence) does not notice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

import numpy as np

from rehearse.analysis.delivery_voice import (
    VoiceMeasurement,
    VoiceTracks,
    audio_problem,
)
from rehearse.analysis.praat_tracks import pitch_and_intensity
from rehearse.audio.dsp import BlockResampler, to_mono


class Recorder(Protocol):
    """What LiveVoice needs of rehearse.audio.recorder.Recorder."""

    def add_listener(self, listener: Callable[[np.ndarray], None]) -> None: ...


RATE = 16_000
CHUNK_S = 20.0
CONTEXT_S = 0.2  # audio either side of a chunk so Praat's windows at its edges are whole


def _chunk_tracks(samples: np.ndarray, offset_s: float, start_s: float, end_s: float | None) -> VoiceTracks:
    """Tracks of ``samples`` (which start at ``offset_s``), kept only for frames in [start, end)."""
    tracks = pitch_and_intensity(samples, RATE)

    def keep(times: np.ndarray) -> np.ndarray:
        times = times + offset_s
        return (times >= start_s) & (times < end_s if end_s is not None else True)

    p, i = keep(tracks.pitch_times_s), keep(tracks.intensity_times_s)
    return VoiceTracks(
        tracks.pitch_times_s[p] + offset_s, tracks.f0_hz[p],
        tracks.intensity_times_s[i] + offset_s, tracks.intensity_db[i], tracks.time_step_s,
    )


class LiveVoice:
    """Recorder listener: ``attach(recorder)`` before it starts, ``result()`` after it stops."""

    def __init__(self, sample_rate: int, chunk_s: float = CHUNK_S) -> None:
        self._resampler = BlockResampler(sample_rate, RATE) if sample_rate != RATE else None
        self._chunk = int(chunk_s * RATE)
        self._context = int(CONTEXT_S * RATE)
        self._blocks: list[np.ndarray] = []
        self._total = 0
        self._scheduled = 0  # samples already handed to the worker
        self._parts: list[Future[VoiceTracks]] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-voice")
        self._result: VoiceMeasurement | None = None

    def attach(self, recorder: Recorder) -> LiveVoice:
        recorder.add_listener(self.feed)
        return self

    def feed(self, block: np.ndarray) -> None:
        mono = to_mono(block)
        mono = self._resampler.process(mono) if self._resampler is not None else np.array(mono, np.float32)
        with self._lock:
            if self._result is not None:
                return
            self._blocks.append(mono)
            self._total += mono.size
            # Keep one context's worth back so a chunk's right edge has audio after it.
            while self._total - self._scheduled >= self._chunk + self._context:
                self._schedule(self._scheduled + self._chunk, final=False)

    @property
    def chunks_measured_early(self) -> int:
        return sum(part.done() for part in self._parts)

    def _samples(self) -> np.ndarray:
        if len(self._blocks) > 1:
            self._blocks = [np.concatenate(self._blocks)]
        return self._blocks[0] if self._blocks else np.zeros(0, np.float32)

    def _schedule(self, end: int, final: bool) -> None:
        samples = self._samples()
        start = self._scheduled
        lo, hi = max(0, start - self._context), min(samples.size, end + self._context)
        piece = samples[lo:hi].copy()
        self._parts.append(
            self._pool.submit(_chunk_tracks, piece, lo / RATE, start / RATE, None if final else end / RATE)
        )
        self._scheduled = end

    def result(self, timeout: float | None = None) -> VoiceMeasurement:
        """The take's tracks (only the last chunk is measured now), or why there are none."""
        with self._lock:
            if self._result is None:
                if self._resampler is not None:
                    tail = self._resampler.process(np.zeros(0, np.float32), final=True)
                    self._blocks.append(tail)
                    self._total += tail.size
                if self._total > self._scheduled:
                    self._schedule(self._total, final=True)
                self._result = self._measure(self._samples(), timeout)
                self._pool.shutdown(wait=False)
            return self._result

    def _measure(self, samples: np.ndarray, timeout: float | None) -> VoiceMeasurement:
        problem = audio_problem(samples, RATE) if samples.size else "no audio was recorded"
        if problem:
            return VoiceMeasurement(None, problem)
        try:
            parts = [part.result(timeout) for part in self._parts]
        except ImportError:
            return VoiceMeasurement(None, "praat-parselmouth is not installed; reinstall rehearse")
        return VoiceMeasurement(
            VoiceTracks(
                np.concatenate([p.pitch_times_s for p in parts]),
                np.concatenate([p.f0_hz for p in parts]),
                np.concatenate([p.intensity_times_s for p in parts]),
                np.concatenate([p.intensity_db for p in parts]),
                parts[0].time_step_s,
            )
        )
