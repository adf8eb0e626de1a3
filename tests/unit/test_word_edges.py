"""The take's edge words moved to where the voice starts and stops (pure, synthetic tracks)."""

from __future__ import annotations

import numpy as np

from rehearse.analysis.delivery_voice import VoiceTracks
from rehearse.analysis.word_edges import trim_to_voice, voice_span
from rehearse.models import Word


def tracks(voice_from: float, voice_to: float, total: float = 10.0, floor_db: float = 30.0,
           speech_db: float = 70.0) -> VoiceTracks:
    times = np.arange(0.0, total, 0.02)
    db = np.where((times >= voice_from) & (times <= voice_to), speech_db, floor_db)
    return VoiceTracks(pitch_times_s=times, f0_hz=np.zeros_like(times), intensity_times_s=times, intensity_db=db)


WORDS = [Word("So,", 0.1, 0.8), Word("the", 0.9, 1.0), Word("end.", 8.0, 9.6)]


def test_voice_span_finds_the_loud_stretch():
    start, end = voice_span(tracks(0.5, 9.0))
    assert abs(start - 0.5) < 0.03 and abs(end - 9.0) < 0.03


def test_an_early_first_word_and_a_late_last_word_move_to_the_voice():
    out = trim_to_voice(WORDS, tracks(0.5, 9.0))
    assert abs(out[0].start_s - 0.5) < 0.03
    assert abs(out[-1].end_s - 9.0) < 0.03
    assert out[1] == WORDS[1]  # nothing inside moves
    assert out[0].text == "So," and out[0].end_s == 0.8


def test_a_voice_edge_outside_the_edge_word_moves_nothing():
    # The voice starts after the first word ends (a soft first word under the threshold): keep Whisper's time.
    assert trim_to_voice(WORDS, tracks(1.2, 9.9)) == WORDS


def test_room_noise_close_to_the_voice_is_never_taken_for_it():
    # 15 dB between noise and speech: the floor rule keeps the threshold above the noise.
    span = voice_span(tracks(0.5, 9.0, floor_db=55.0, speech_db=70.0))
    assert span is not None and abs(span[0] - 0.5) < 0.03


def test_a_flat_track_has_no_voice_and_moves_nothing():
    flat = tracks(0.0, -1.0)  # one level throughout: nothing stands out as voice
    assert voice_span(flat) is None
    assert trim_to_voice(WORDS, flat) == WORDS
