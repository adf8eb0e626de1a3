"""The shared decoder: temperature 0 only, loops retried with a wider beam, noise dropped (fake model)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from rehearse.asr.decode import DecodeSettings, decode, is_noise


def seg(text, cr=1.5, nsp=0.1, lp=-0.2):
    word = SimpleNamespace(word=" " + text, start=0.0, end=1.0, probability=0.9)
    return SimpleNamespace(text=" " + text, compression_ratio=cr, no_speech_prob=nsp, avg_logprob=lp, start=0.0, end=1.0, words=[word])


class FakeModel:
    def __init__(self, by_beam):
        self.by_beam = by_beam
        self.calls = []

    def transcribe(self, audio, **kw):
        self.calls.append(kw)
        return iter(self.by_beam[kw["beam_size"]]), SimpleNamespace(duration=1.0, duration_after_vad=0.8)


AUDIO = np.zeros(16000, np.float32)


def test_every_pass_is_at_temperature_zero_with_the_prompt_given():
    model = FakeModel({5: [seg("hello")]})
    result = decode(model, AUDIO, DecodeSettings(beam_size=5), prompt="before")
    assert [s.text for s in result.segments] == [" hello"]
    assert model.calls[0]["temperature"] == 0.0 and model.calls[0]["initial_prompt"] == "before"
    assert result.speech_s == 0.8 and result.fallbacks == 0


def test_a_repetition_loop_is_decoded_again_with_a_wider_beam():
    model = FakeModel({1: [seg("a b a b a b", cr=9.0)], 5: [seg("a real sentence")]})
    result = decode(model, AUDIO, DecodeSettings(beam_size=1))
    assert [c["beam_size"] for c in model.calls] == [1, 5]
    assert [s.text for s in result.segments] == [" a real sentence"] and result.fallbacks == 1


def test_a_loop_that_survives_the_retry_is_dropped_not_reported():
    model = FakeModel({5: [seg("little bit of a", cr=18.9, nsp=0.95, lp=-0.25)], 8: [seg("little bit of a", cr=13.0)]})
    result = decode(model, AUDIO, DecodeSettings(beam_size=5))
    assert [c["beam_size"] for c in model.calls] == [5, 8]
    assert result.segments == [] and len(result.dropped) == 1


def test_preview_passes_do_not_retry():
    model = FakeModel({1: [seg("x x x x", cr=9.0)]})
    decode(model, AUDIO, DecodeSettings(beam_size=1, retry_loops=False))
    assert len(model.calls) == 1


def test_noise_rules():
    assert is_noise(seg("Uh,", nsp=0.7, lp=-1.2))  # Whisper's own rule
    radio = seg("Houston, we got a recommendation", nsp=0.56, lp=-0.76)  # Apollo 11 loop: real speech
    assert not is_noise(radio)
    assert is_noise(radio, strict=True)  # the streaming rule is stricter (short chunks end in silence)


def test_the_strict_streaming_rule_drops_only_a_chunks_closing_segment():
    """A middle segment as unsure as radio speech is kept (it was real speech on the Apollo 11 clip);
    the same figures on the last segment are Whisper's "Thank you." over a chunk's trailing silence."""
    unsure = {"nsp": 0.56, "lp": -0.76}
    model = FakeModel({5: [seg("we got a recommendation", **unsure), seg("for your stowage"), seg("Thank you.", **unsure)]})
    result = decode(model, AUDIO, DecodeSettings(beam_size=5, strict_closing_guard=True))
    assert [s.text for s in result.segments] == [" we got a recommendation", " for your stowage"]
    assert [s.text for s in result.dropped] == [" Thank you."]
    lenient = decode(FakeModel(model.by_beam), AUDIO, DecodeSettings(beam_size=5))
    assert len(lenient.segments) == 3


def test_a_long_closing_segment_is_judged_by_whisper_s_own_rule():
    """Apollo 11, streamed: a chunk closing on 12 s of unsure radio speech ("Okay, we weren't sure")."""
    closing = seg("okay we weren't sure of that", nsp=0.57, lp=-0.91)
    closing.end = 12.0
    result = decode(FakeModel({5: [seg("roger"), closing]}), AUDIO, DecodeSettings(beam_size=5, strict_closing_guard=True))
    assert len(result.segments) == 2
