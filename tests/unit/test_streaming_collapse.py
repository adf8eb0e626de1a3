"""The beam-collapse guard: a committed chunk whose beam pass folded a run of the greedy preview's
words into one, or stopped early with its last word stretched over the rest, is decoded again
greedily; a beam pass that differs by a word here and there is kept (fake model, no VAD)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import rehearse.asr.streaming.worker as worker
from rehearse.asr.streaming import StreamingTranscriber
from rehearse.asr.streaming.collapse import beam_collapsed, ends_cut_short, longest_lost_run
from rehearse.asr.transcription import TranscriptionOptions
from rehearse.models import Word

RATE = 16000
PREVIEW = "I changed our client library so it always bypasses the cache after a reservation."
COLLAPSED = "I changed our client library so it preservation."


def words(text: str, start: float = 0.0) -> list[Word]:
    return [Word(t, start + 0.4 * i, start + 0.4 * i + 0.3) for i, t in enumerate(text.split())]


def test_a_run_folded_into_one_word_is_a_collapse():
    assert longest_lost_run(words(COLLAPSED), words(PREVIEW)) == 6
    assert beam_collapsed(words(COLLAPSED), words(PREVIEW))


def test_a_few_scattered_differences_are_no_collapse():
    beam = "I changed the client library, so it always bypassed cache after the reservation and then some more."
    assert not beam_collapsed(words(beam), words(PREVIEW))


def test_two_lost_words_are_no_collapse():
    assert not beam_collapsed(words("I changed our client library so it always cache after a reservation."), words(PREVIEW))


def test_words_past_the_preview_end_do_not_count():
    assert not beam_collapsed(words(PREVIEW + " and I tested it against a week of orders."), words(PREVIEW))


def test_a_last_word_longer_than_any_word_is_a_pass_cut_short():
    cut = words("I changed our client library so it always bypasses the")
    stretched = [*cut[:-1], Word("the", cut[-1].start_s, cut[-1].start_s + 2.5)]
    assert ends_cut_short(stretched)
    assert not ends_cut_short(cut)
    assert not ends_cut_short([])


def _segment(text: str, end: float, last_word_s: float = 0.3):
    toks = text.split()
    ws = [SimpleNamespace(word=" " + t, start=0.4 * i, end=0.4 * i + (last_word_s if i == len(toks) - 1 else 0.3),
                          probability=0.9) for i, t in enumerate(toks)]
    return SimpleNamespace(start=0.0, end=end, text=" " + text, words=ws, no_speech_prob=0.01, avg_logprob=-0.2,
                           compression_ratio=1.2, temperature=0.0, tokens=list(range(len(toks))))


class FakeModel:
    """Beam passes say ``beam_text``; greedy passes hear the whole sentence."""

    def __init__(self, beam_text: str, beam_last_word_s: float = 0.3):
        self.beam_text = beam_text
        self.beam_last_word_s = beam_last_word_s
        self.calls: list[int] = []

    def transcribe(self, audio, **kw):
        self.calls.append(kw["beam_size"])
        greedy = kw["beam_size"] == 1
        text = PREVIEW if greedy else self.beam_text
        info = SimpleNamespace(duration=audio.size / RATE, duration_after_vad=audio.size / RATE)
        return iter([_segment(text, audio.size / RATE, 0.3 if greedy else self.beam_last_word_s)]), info


@pytest.fixture
def make_stream(monkeypatch):
    def make(beam_text: str, beam_last_word_s: float = 0.3) -> StreamingTranscriber:
        transcriber = SimpleNamespace(model_name="fake", options=TranscriptionOptions(),
                                      model=FakeModel(beam_text, beam_last_word_s))
        transcriber.load = lambda: transcriber.model
        stream = StreamingTranscriber(transcriber)  # type: ignore[arg-type]
        monkeypatch.setattr(worker, "speech_spans", lambda audio, offset, gap: [(0.0, 21.0), (22.0, 22.5)])
        stream.state.hypothesis = words(PREVIEW)  # the greedy preview of this audio
        return stream

    return make


def _commit_chunk(stream: StreamingTranscriber) -> str:
    audio = np.random.default_rng(0).uniform(-0.1, 0.1, int(22.5 * RATE)).astype(np.float32)
    stream._step(audio, 0.0, 22.5, final=False)
    return " ".join(w.text for w in stream.state.committed)


def test_a_collapsed_chunk_is_decoded_again_greedily(make_stream):
    stream = make_stream(COLLAPSED)
    assert _commit_chunk(stream) == PREVIEW
    assert stream.transcriber.model.calls == [5, 1]
    assert stream.stats.collapses == 1


def test_a_sound_beam_pass_is_kept(make_stream):
    beam = "I changed our client library, so it always bypasses the cache after a reservation."
    stream = make_stream(beam)
    assert _commit_chunk(stream) == beam
    assert stream.transcriber.model.calls == [5]
    assert stream.stats.collapses == 0


def test_a_beam_pass_cut_short_is_decoded_again_greedily(make_stream):
    cut_short = "I changed our client library so it always bypasses the"  # "the" holds the rest's time
    stream = make_stream(cut_short, beam_last_word_s=4.0)
    assert _commit_chunk(stream) == PREVIEW
    assert stream.transcriber.model.calls == [5, 1]
