"""Speaker caching and loading (with a fake Piper voice) and the numpy audio helpers."""

from __future__ import annotations

import os
import stat
import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from rehearse.audio.dsp import (
    frame_rms,
    resample,
    silence,
    speech_bounds,
    to_int16,
    to_mono,
    trim_silence,
)
from rehearse.audio.voice import Speaker, SpeechAudio, read_wav, write_wav
from rehearse.errors import BadInputError

RATE = 22050


@dataclass
class FakeChunk:
    sample_rate: int
    audio_float_array: np.ndarray


class FakeVoice:
    """Stands in for PiperVoice: a tone whose length depends on the text and length_scale."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float | None]] = []

    def synthesize(self, text, syn_config=None):
        scale = getattr(syn_config, "length_scale", None)
        self.calls.append((text, scale))
        seconds = 0.05 * len(text.split()) * (scale or 1.0)
        t = np.arange(int(seconds * RATE)) / RATE
        # Two chunks, as Piper yields one per sentence.
        half = t.size // 2
        tone = (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
        yield FakeChunk(RATE, tone[:half])
        yield FakeChunk(RATE, tone[half:])


class CountingLoader:
    def __init__(self, delay_s: float = 0.0) -> None:
        self.count = 0
        self.delay_s = delay_s
        self.voice = FakeVoice()

    def __call__(self):
        self.count += 1
        time.sleep(self.delay_s)  # widen the race window for the thread-safety test
        return self.voice


def make_speaker(tmp_path, loader=None, **kwargs) -> Speaker:
    return Speaker(cache_dir=tmp_path / "cache", voice_loader=loader or CountingLoader(), **kwargs)


# -- Speaker ------------------------------------------------------------------------------


def test_voice_is_loaded_lazily_and_once(tmp_path):
    loader = CountingLoader()
    speaker = make_speaker(tmp_path, loader)
    assert loader.count == 0 and not speaker.loaded
    speaker.synthesize("one two three")
    speaker.synthesize("four five six")
    assert loader.count == 1


def test_concurrent_first_use_loads_the_voice_once(tmp_path):
    loader = CountingLoader(delay_s=0.05)
    speaker = make_speaker(tmp_path, loader, use_cache=False)
    threads = [threading.Thread(target=speaker.synthesize, args=(f"text number {i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loader.count == 1
    assert len(loader.voice.calls) == 6


def test_replay_comes_from_the_cache(tmp_path):
    loader = CountingLoader()
    speaker = make_speaker(tmp_path, loader)
    first = speaker.synthesize("Tell me about a time you took ownership.")
    assert speaker.is_cached("Tell me about a time you took ownership.")
    second = speaker.synthesize("Tell  me about a time you took ownership.\n")  # same words, other spacing
    assert len(loader.voice.calls) == 1
    assert second.sample_rate == first.sample_rate == RATE
    np.testing.assert_array_equal(first.samples, second.samples)


def test_cache_key_depends_on_text_and_settings(tmp_path):
    speaker = make_speaker(tmp_path)
    base = speaker.cache_key("hello there")
    assert speaker.cache_key("hello there") == base
    assert speaker.cache_key("hello here") != base
    assert speaker.cache_key("hello there", length_scale=1.2) != base
    other_voice = Speaker(cache_dir=tmp_path, voice_loader=lambda: FakeVoice())
    assert other_voice.cache_key("hello there") != base


def test_cache_files_are_private_and_complete(tmp_path):
    speaker = make_speaker(tmp_path)
    path = speaker.cached_file("a question to cache")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert read_wav(path).duration_s == pytest.approx(0.05 * 4, abs=0.01)


def test_damaged_cache_entry_is_regenerated(tmp_path):
    loader = CountingLoader()
    speaker = make_speaker(tmp_path, loader)
    path = speaker.cached_file("damaged entry here")
    path.write_bytes(b"not a wav")
    audio = speaker.synthesize("damaged entry here")
    assert audio.duration_s > 0
    assert len(loader.voice.calls) == 2


def test_length_scale_reaches_piper(tmp_path):
    loader = CountingLoader()
    speaker = make_speaker(tmp_path, loader, length_scale=1.5)
    slow = speaker.synthesize("five words in this text")
    normal = speaker.synthesize("five words in this text", length_scale=1.0)
    assert loader.voice.calls == [("five words in this text", 1.5), ("five words in this text", 1.0)]
    assert slow.duration_s > normal.duration_s


def test_synthesize_to_file_writes_wav(tmp_path):
    speaker = make_speaker(tmp_path)
    out = speaker.synthesize_to_file("write me to a file", tmp_path / "out" / "q.wav")
    audio = read_wav(out)
    assert audio.sample_rate == RATE
    assert np.abs(audio.samples).max() == pytest.approx(0.5, abs=0.01)


def test_empty_text_is_bad_input(tmp_path):
    with pytest.raises(BadInputError):
        make_speaker(tmp_path).synthesize("   \n ")


def test_unwritable_cache_still_speaks(tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    speaker = Speaker(cache_dir=blocker / "cache", voice_loader=CountingLoader())
    assert speaker.synthesize("still speaks").duration_s > 0


def test_speech_audio_resampled():
    audio = SpeechAudio(np.zeros(RATE, dtype=np.float32), RATE)
    assert audio.resampled(16000).samples.size == 16000
    assert audio.resampled(RATE) is audio


# -- audio helpers ------------------------------------------------------------------------------


def _dominant_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[np.argmax(spectrum)])


@pytest.mark.parametrize(("src", "dst"), [(22050, 16000), (48000, 16000), (16000, 22050), (44100, 16000)])
def test_resample_keeps_length_ratio_and_pitch(src, dst):
    t = np.arange(src * 2) / src
    tone = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    out = resample(tone, src, dst)
    assert out.dtype == np.float32
    assert out.size == round(tone.size * dst / src)
    assert _dominant_hz(out, dst) == pytest.approx(440, abs=2)
    # Amplitude is preserved inside the pass band (ignore filter edges).
    assert np.abs(out[dst // 4 : -dst // 4]).max() == pytest.approx(1.0, abs=0.05)


def test_resample_removes_content_above_the_new_nyquist():
    src, dst = 22050, 16000
    t = np.arange(src) / src
    hiss = np.sin(2 * np.pi * 10000 * t).astype(np.float32)  # above 8 kHz: must not alias to 6 kHz
    out = resample(hiss, src, dst)
    assert np.sqrt(np.mean(out[1000:-1000] ** 2)) < 0.05


def test_resample_same_rate_and_empty():
    x = np.ones(10, dtype=np.float32)
    assert resample(x, 16000, 16000) is not x
    assert resample(np.zeros(0, dtype=np.float32), 22050, 16000).size == 0
    with pytest.raises(ValueError):
        resample(x, 0, 16000)


def test_to_mono_and_int16():
    stereo = np.stack([np.ones(4), -np.ones(4)], axis=1)
    assert np.all(to_mono(stereo) == 0)
    assert to_int16(np.array([2.0, -2.0, 0.5])).tolist() == [32767, -32767, 16383]


def test_speech_bounds_and_trim():
    rate = 16000
    tone = 0.3 * np.sin(2 * np.pi * 300 * np.arange(rate) / rate).astype(np.float32)
    clip = np.concatenate([silence(0.25, rate), tone, silence(0.5, rate)])
    start, end = speech_bounds(clip, rate)
    assert start == pytest.approx(0.25 * rate, abs=rate * 0.005)
    assert end == pytest.approx(1.25 * rate, abs=rate * 0.005)
    assert trim_silence(clip, rate).size == pytest.approx(rate, abs=rate * 0.01)
    assert speech_bounds(silence(1.0, rate), rate) is None
    assert trim_silence(silence(1.0, rate), rate).size == 0


def test_frame_rms_includes_partial_frame():
    assert frame_rms(np.ones(25, dtype=np.float32), 10).tolist() == pytest.approx([1.0, 1.0, np.sqrt(0.5)])


def test_write_wav_is_atomic_and_round_trips(tmp_path):
    samples = np.linspace(-0.5, 0.5, 1000, dtype=np.float32)
    path = write_wav(tmp_path / "x.wav", samples, 16000)
    back = read_wav(path)
    assert back.sample_rate == 16000
    np.testing.assert_allclose(back.samples, samples, atol=1e-4)
    assert [p.name for p in tmp_path.iterdir()] == ["x.wav"]


def test_default_cache_dir_honours_the_env_override(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_CACHE_DIR", str(tmp_path / "c"))
    speaker = Speaker(voice_loader=CountingLoader())
    assert speaker.cache_dir == tmp_path / "c" / "prompts"
    assert speaker.cached_file("env cache").parent == tmp_path / "c" / "prompts"


def test_every_cache_directory_created_is_private(tmp_path, monkeypatch):
    """~/.cache/rehearse/prompts: every level rehearse creates is 0700, not only the last."""
    monkeypatch.setenv("REHEARSE_CACHE_DIR", str(tmp_path / "home" / ".cache" / "rehearse"))
    (tmp_path / "home").mkdir(mode=0o755)
    old_umask = os.umask(0o022)
    try:
        speaker = Speaker(voice_loader=lambda: FakeVoice())
        path = speaker.cached_file("a question to cache")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for directory in (tmp_path / "home" / ".cache", tmp_path / "home" / ".cache" / "rehearse", path.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o755
