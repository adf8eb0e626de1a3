"""Whisper's stock phrases over noise, and when a take's words look like noise."""

from types import SimpleNamespace

import numpy as np
import pytest

from rehearse.asr.noise import HeardAudio, only_stock_phrases
from rehearse.asr.streaming.worker import _is_end_hallucination
from rehearse.models import Word


def words_of(text: str, probability: float = 0.9) -> list[Word]:
    return [Word(text=t, start_s=i, end_s=i + 0.5, probability=probability) for i, t in enumerate(text.split())]


@pytest.mark.parametrize(
    "text",
    [
        "see you in the next video, see you in the next video,",  # sox white noise, CI run on 45b1f1a
        "Thank you.",
        "Thanks for watching! Please subscribe.",
        "Bye bye. Thank you so much for watching.",
        "",
    ],
)
def test_stock_phrases_alone_are_not_an_answer(text):
    assert only_stock_phrases(text)
    assert HeardAudio().looks_like_noise(words_of(text))


@pytest.mark.parametrize(
    "text",
    [
        "Thank you. I owned the on-call rota and cut pages by half.",
        "See you in the next review, I told the vendor.",
        "thank you for the question",
        "please see the next video",
    ],
)
def test_a_stock_phrase_inside_real_speech_is_an_answer(text):
    assert not only_stock_phrases(text)
    assert not HeardAudio().looks_like_noise(words_of(text))


def test_few_unsure_words_are_noise_but_few_sure_ones_are_an_answer():
    assert HeardAudio().looks_like_noise(words_of("Uh,", probability=0.0))
    assert not HeardAudio().looks_like_noise(words_of("Yes, I did.", probability=0.9))
    assert not HeardAudio().looks_like_noise(words_of("one two three four", probability=0.1))


def test_heard_audio_keeps_length_and_peak():
    heard = HeardAudio()
    heard.add_audio(np.array([0.1, -0.4], dtype=np.float32))
    heard.add_audio(np.zeros(0, dtype=np.float32))
    heard.add_audio(np.array([0.2], dtype=np.float32))
    assert (heard.samples, heard.peak) == (3, pytest.approx(0.4))


def segment(text: str, no_speech_prob: float, seconds: float) -> SimpleNamespace:
    return SimpleNamespace(text=text, no_speech_prob=no_speech_prob, start=10.0, end=10.0 + seconds)


def test_streaming_drops_an_unsure_or_short_closing_stock_phrase_only():
    assert _is_end_hallucination(segment(" See you in the next video.", 0.3, 2.0))
    assert _is_end_hallucination(segment(" Thank you.", 0.05, 0.6))
    assert not _is_end_hallucination(segment(" Thank you.", 0.05, 1.5))  # a sure, spoken thanks
    assert not _is_end_hallucination(segment(" Thank you, that was the result.", 0.5, 0.8))
