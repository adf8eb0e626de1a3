"""Long audio is cut into windows at pauses (pure policy, synthetic spans)."""

from __future__ import annotations

import numpy as np

from rehearse.asr.windows import SAMPLE_RATE, best_cut, windows

SR = SAMPLE_RATE


def test_best_cut_is_the_middle_of_the_longest_pause():
    spans = [(0, 100), (150, 300), (700, 800)]  # pauses: 100-150, 300-700, 800-1000
    assert best_cut(spans, 1000) == 500


def test_best_cut_counts_the_silence_after_the_last_word():
    assert best_cut([(0, 900)], 2000) == 1450


def test_best_cut_without_speech_is_the_middle():
    assert best_cut([], 1000) == 500


def test_windows_cover_the_audio_exactly_and_cut_in_pauses():
    audio = np.arange(250 * SR, dtype=np.float32)  # sample values are their own positions
    blocks = [audio[i : i + 7 * SR] for i in range(0, audio.size, 7 * SR)]
    asked = []

    def vad(region):
        asked.append(region.size)
        # speech everywhere except a pause 10-12 s into the region where a cut may fall
        return [(0, 10 * SR), (12 * SR, region.size)]

    got = list(windows(blocks, vad, min_s=60, max_s=90))
    assert np.array_equal(np.concatenate([w.audio for w in got]), audio)
    assert [w.offset for w in got] == [0, 71 * SR, 142 * SR, 213 * SR]
    assert all(w.audio[0] == w.offset for w in got)  # offsets are on the recording's timeline
    assert all(size == 30 * SR for size in asked)  # the VAD only looks where a cut may fall
    assert all(w.audio.size <= 90 * SR for w in got)


def test_a_short_recording_is_one_window_and_the_vad_is_not_asked():
    audio = np.ones(40 * SR, np.float32)
    got = list(windows([audio[: 20 * SR], audio[20 * SR :]], lambda region: 1 / 0, min_s=60, max_s=90))
    assert len(got) == 1 and got[0].offset == 0 and got[0].audio.size == audio.size
