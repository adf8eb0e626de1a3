"""Which beam the streaming worker decodes with: committed chunks as the batch pass (beam 5, no
prompt), previews, the tail after stop and a stream behind real time greedy (fake model, no VAD)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import rehearse.asr.streaming.worker as worker
from rehearse.asr.streaming import StreamingTranscriber
from rehearse.asr.transcription import TranscriptionOptions

RATE = 16000


class FakeModel:
    def __init__(self):
        self.calls = []

    def transcribe(self, audio, **kw):
        self.calls.append(kw)
        return iter([]), SimpleNamespace(duration=audio.size / RATE, duration_after_vad=audio.size / RATE)


class FakeTranscriber:
    model_name = "fake"

    def __init__(self):
        self.options = TranscriptionOptions()
        self.model = FakeModel()

    def load(self):
        return self.model


@pytest.fixture
def stream(monkeypatch):
    """A transcriber whose VAD hears speech in ``stream.spans`` (take timeline)."""
    transcriber = StreamingTranscriber(FakeTranscriber())  # type: ignore[arg-type]
    transcriber.spans = []  # type: ignore[attr-defined]
    monkeypatch.setattr(worker, "speech_spans", lambda audio, offset, gap: transcriber.spans)  # type: ignore[attr-defined]
    monkeypatch.setattr(worker, "short_window_model", lambda model: model)
    return transcriber


def beams_after(stream, spans, seconds: float, final: bool = False) -> list[int]:
    stream.spans = spans
    audio = np.random.default_rng(0).uniform(-0.1, 0.1, int(seconds * RATE)).astype(np.float32)
    stream._step(audio, 0.0, seconds, final=final)
    return [c["beam_size"] for c in stream.transcriber.model.calls]


def test_a_committed_chunk_decodes_as_the_batch_pass_does(stream):
    assert beams_after(stream, [(0.0, 21.0), (22.0, 22.5)], 22.5) == [5]  # a pause after 21 s of speech
    (call,) = stream.transcriber.model.calls
    assert call["initial_prompt"] is None
    assert "vad_parameters" not in call  # Whisper's VAD defaults, as in the batch pass


def test_a_pass_that_may_become_final_decodes_as_a_chunk(stream):
    assert beams_after(stream, [(0.0, 5.0)], 6.0) == [5]  # a pause: the speculative pass


def test_previews_are_greedy(stream):
    assert beams_after(stream, [(0.0, 16.0)], 16.0) == [1]  # long speech without a pause


def test_the_tail_after_stop_is_greedy(stream):
    assert beams_after(stream, [(0.0, 13.0)], 13.0, final=True) == [1]  # the candidate is waiting


def test_a_stream_behind_real_time_decodes_greedily(stream):
    stream._degraded = True
    assert beams_after(stream, [(0.0, 21.0), (23.5, 24.0)], 24.0) == [1]  # a long pause: a chunk
