"""Stretches of speech Whisper skipped: found between words where the VAD hears speech, and decoded
again on their own (pure spans, and the transcriber with a fake model)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from rehearse.asr import transcription
from rehearse.asr.decode import DecodeSettings
from rehearse.asr.holes import speech_in_gaps, word_gaps, words_inside
from rehearse.models import Word


def skipped_spans(words, speech, duration_s):
    return speech_in_gaps(word_gaps(words, duration_s), speech)


def test_speech_no_word_covers_is_a_hole_trimmed_to_the_speech():
    words = [(0.0, 1.0), (1.2, 2.0), (11.0, 12.0)]
    speech = [(0.0, 2.1), (2.6, 10.8)]
    assert skipped_spans(words, speech, 12.0) == [(2.0, 10.8)]


def test_a_long_pause_or_a_short_unheard_word_is_no_hole():
    words = [(0.0, 1.0), (6.0, 7.0), (8.5, 9.0)]
    # Five seconds of silence, then a 1.2 s stretch of speech with no word: neither is a skipped sentence.
    assert skipped_spans(words, [(0.0, 1.0), (6.0, 7.0), (7.1, 8.3), (8.5, 9.0)], 9.0) == []


def test_speech_skipped_before_the_first_word_or_after_the_last_is_a_hole():
    assert skipped_spans([(5.0, 6.0)], [(0.5, 6.0), (6.5, 9.5)], 10.0) == [(0.5, 5.0), (6.5, 9.5)]


def test_only_words_in_the_middle_of_a_hole_are_taken():
    heard = [(2.2, 2.5), (2.6, 3.0), (9.9, 10.4), (10.6, 11.2)]
    assert words_inside(heard, (2.5, 10.5)) == [1, 2]


def _segment(text, start, end):
    words = [SimpleNamespace(word=" " + w, start=start + i * 0.5, end=start + i * 0.5 + 0.4, probability=0.9)
             for i, w in enumerate(text.split())]
    return SimpleNamespace(text=" " + text, compression_ratio=1.5, no_speech_prob=0.1, avg_logprob=-0.2,
                           start=start, end=end, words=words)


class SkippingModel:
    """Whisper that skips 3-9 s of a 12 s window the first time, and hears it when asked alone."""

    def __init__(self):
        self.calls = []

    def transcribe(self, audio, **kw):
        self.calls.append((audio.size, kw.get("initial_prompt")))
        if audio.size == 12 * 16000:
            segments = [_segment("the first part", 0.0, 3.0), _segment("the end", 9.0, 12.0)]
        else:
            segments = [_segment("tickets went from forty to six", 0.3, 5.0)]
        return iter(segments), SimpleNamespace(duration=audio.size / 16000, duration_after_vad=audio.size / 16000)


def test_the_transcriber_decodes_a_hole_again_and_keeps_the_words_in_order(monkeypatch):
    monkeypatch.setattr(transcription, "_vad_spans", lambda audio: [(0, 12 * 16000)] if audio.size > 16000 else [])
    first = [Word(text, 100.0 + start, 100.4 + start, 0.9) for text, start in
             [("the", 0.0), ("first", 0.5), ("part", 1.0), ("the", 9.0), ("end", 9.5), ("now", 11.0)]]
    model = SkippingModel()
    out = transcription._fill_holes(model, np.zeros(12 * 16000, np.float32), DecodeSettings(), first, 100.0)
    texts = [w.text for w in out]
    assert texts[:3] == ["the", "first", "part"] and texts[-3:] == ["the", "end", "now"]
    assert "tickets" in texts and texts.index("tickets") == 3
    assert [w.start_s for w in out] == sorted(w.start_s for w in out)
    assert model.calls and model.calls[0][1] is None  # decoded alone, without the window's prompt


def test_without_a_long_gap_between_words_the_vad_does_not_run(monkeypatch):
    def no_vad(audio):
        raise AssertionError("the VAD ran although no gap could hide a sentence")

    monkeypatch.setattr(transcription, "_vad_spans", no_vad)
    dense = [Word(f"w{i}", 50.0 + i * 0.5, 50.4 + i * 0.5, 0.9) for i in range(8)]  # 4 s of audio, no gap
    out = transcription._fill_holes(SkippingModel(), np.zeros(4 * 16000, np.float32), DecodeSettings(), dense, 50.0)
    assert [w.text for w in out] == [w.text for w in dense]
