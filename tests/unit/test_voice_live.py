"""LiveVoice: Praat tracks measured chunk by chunk while recording match a whole-take pass."""

from __future__ import annotations

import numpy as np
import pytest

from rehearse.analysis.delivery_voice import pitch_spread_st
from rehearse.analysis.praat_tracks import measure_voice
from rehearse.analysis.voice_live import LiveVoice
from rehearse.audio.dsp import resample


def voice_like(seconds: float, sr: int) -> np.ndarray:
    """A buzzy voice whose pitch glides between 100 and 160 Hz, with pauses every 3 s."""
    t = np.arange(int(seconds * sr)) / sr
    f0 = 130 + 30 * np.sin(2 * np.pi * 0.2 * t)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    x = sum(np.sin(k * phase) / k for k in range(1, 40))
    x *= (t % 3.0) < 2.4  # speech, then a short silence
    x += 0.02 * np.random.default_rng(2).normal(size=t.size)
    return (0.3 * x / np.max(np.abs(x))).astype(np.float32)


def test_chunks_are_measured_during_the_take_and_match_a_whole_pass():
    sr = 48_000
    audio = voice_like(30.0, sr)
    live = LiveVoice(sr, chunk_s=8.0)
    for start in range(0, audio.size, 4800):  # 100 ms blocks, as the recorder delivers them
        live.feed(audio[start : start + 4800].reshape(-1, 1))
    parts_before_stop = len(live._parts)
    measured = live.result(timeout=60)
    assert parts_before_stop >= 3  # 24 s of the 30 were handed to Praat before "stop"
    whole = measure_voice(resample(audio, sr, 16_000))
    assert measured.tracks is not None and whole.tracks is not None
    live_t, whole_t = measured.tracks, whole.tracks
    assert np.all(np.diff(live_t.pitch_times_s) > 0)  # one time line, no overlap between chunks
    assert live_t.pitch_times_s.size == pytest.approx(whole_t.pitch_times_s.size, abs=25)
    assert pitch_spread_st(live_t.f0_hz) == pytest.approx(pitch_spread_st(whole_t.f0_hz), abs=0.3)
    assert live.result() is measured


def test_a_clipped_take_gets_the_reason_not_tracks():
    audio = np.clip(voice_like(8.0, 16_000) * 10, -0.3, 0.3)
    live = LiveVoice(16_000, chunk_s=5.0)
    live.feed(audio)
    result = live.result(timeout=60)
    assert result.tracks is None and "clipped" in result.reason
