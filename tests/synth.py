"""Spoken STAR answers synthesized with Piper, with exact gold section boundaries.

An answer is data (``tests/data/answers/*.toml``): a level, an LP, the verdicts the
analysis should reach, and for each STAR section a list of sentences. We synthesize
sentence by sentence, trim Piper's own leading/trailing near-silence, and join the
sentences with digital silence. Because we place every sentence ourselves, the gold
times (first to last audible sample of each section) are exact on the output's
16 kHz sample grid.

Synthesis takes seconds per answer, so results are cached in a directory keyed by a
hash of the answer file and the synthesis settings. Used by the tests and by
``scripts/make_fixtures.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import numpy as np

from rehearse.audio.dsp import WHISPER_SAMPLE_RATE, dbfs, frame_rms, resample, silence, speech_bounds
from rehearse.audio.voice import VOICE_ID, Speaker, write_wav
from rehearse.models import SECTION_NAMES

ANSWERS_DIR = Path(__file__).resolve().parent / "data" / "answers"
# Bump when the synthesis recipe changes so cached fixtures are rebuilt.
SYNTH_VERSION = 2
# Piper's Joe voice at length_scale 1.0 speaks ~200 wpm; 1.25 gives a natural ~165 wpm.
DEFAULT_LENGTH_SCALE = 1.25
# Relative to each sentence's peak: what counts as the sentence's first/last audible sample.
TRIM_THRESHOLD_DB = -45.0
# No stretch this long and this quiet (relative to the sentence's peak) inside a sentence.
SILENT_HOLE_S = 0.8
SILENT_HOLE_DB = -40.0
MAX_SYNTH_ATTEMPTS = 5


# -- answers as data -----------------------------------------------------------------------


@dataclass(frozen=True)
class SpokenAnswer:
    id: str
    level: str
    lp: str
    sections: dict[str, tuple[str, ...]]  # in STAR order; a section may be absent
    expect: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    length_scale: float = DEFAULT_LENGTH_SCALE
    path: Path | None = None
    content_hash: str = ""

    @property
    def text(self) -> str:
        return " ".join(s for sentences in self.sections.values() for s in sentences)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def load_answer(path: str | Path) -> SpokenAnswer:
    path = Path(path)
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    sections_raw = data.get("sections", {})
    unknown = set(sections_raw) - set(SECTION_NAMES)
    if unknown:
        raise ValueError(f"{path}: unknown sections {sorted(unknown)}; use {SECTION_NAMES}")
    sections = {
        name: tuple(" ".join(s.split()) for s in sections_raw[name])
        for name in SECTION_NAMES
        if sections_raw.get(name)
    }
    if not sections:
        raise ValueError(f"{path}: no sentences")
    return SpokenAnswer(
        id=data.get("id", path.stem),
        level=data["level"],
        lp=data["lp"],
        sections=sections,
        expect=dict(data.get("expect", {})),
        description=data.get("description", ""),
        length_scale=float(data.get("length_scale", DEFAULT_LENGTH_SCALE)),
        path=path,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def load_answers(directory: str | Path = ANSWERS_DIR) -> dict[str, SpokenAnswer]:
    """Every answer in ``directory``, by id, in file-name order."""
    answers = [load_answer(p) for p in sorted(Path(directory).glob("*.toml"))]
    return {a.id: a for a in answers}


# -- gold ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldSentence:
    section: str
    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class GoldSection:
    name: str
    start_s: float
    end_s: float
    text: str
    sentences: tuple[GoldSentence, ...]

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class GoldAnswer:
    answer_id: str
    level: str
    lp: str
    wav_path: Path
    sample_rate: int
    audio_duration_s: float
    sections: tuple[GoldSection, ...]
    expect: dict[str, Any]
    settings: dict[str, Any]
    answer_hash: str = ""

    @property
    def speech_start_s(self) -> float:
        return self.sections[0].start_s

    @property
    def speech_end_s(self) -> float:
        return self.sections[-1].end_s

    @property
    def total_speech_s(self) -> float:
        """First word to last word, as the timing contract measures ``total_s``."""
        return self.speech_end_s - self.speech_start_s

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sections)

    @property
    def sentences(self) -> tuple[GoldSentence, ...]:
        return tuple(s for section in self.sections for s in section.sentences)

    @property
    def json_path(self) -> Path:
        return self.wav_path.with_suffix(".json")

    def section(self, name: str) -> GoldSection | None:
        return next((s for s in self.sections if s.name == name), None)

    def section_durations(self) -> dict[str, float]:
        return {s.name: s.duration_s for s in self.sections}

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer_id": self.answer_id,
            "level": self.level,
            "lp": self.lp,
            "wav": self.wav_path.name,
            "sample_rate": self.sample_rate,
            "audio_duration_s": round(self.audio_duration_s, 4),
            "speech_start_s": round(self.speech_start_s, 4),
            "speech_end_s": round(self.speech_end_s, 4),
            "total_speech_s": round(self.total_speech_s, 4),
            "text": self.text,
            "expect": self.expect,
            "settings": self.settings,
            "answer_hash": self.answer_hash,
            "sections": [
                {
                    "name": s.name,
                    "start_s": round(s.start_s, 4),
                    "end_s": round(s.end_s, 4),
                    "duration_s": round(s.duration_s, 4),
                    "text": s.text,
                    "sentences": [
                        {"text": x.text, "start_s": round(x.start_s, 4), "end_s": round(x.end_s, 4)}
                        for x in s.sentences
                    ],
                }
                for s in self.sections
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], wav_path: Path) -> GoldAnswer:
        sections = tuple(
            GoldSection(
                name=s["name"],
                start_s=s["start_s"],
                end_s=s["end_s"],
                text=s["text"],
                sentences=tuple(GoldSentence(s["name"], x["text"], x["start_s"], x["end_s"]) for x in s["sentences"]),
            )
            for s in data["sections"]
        )
        return cls(
            answer_id=data["answer_id"],
            level=data["level"],
            lp=data["lp"],
            wav_path=wav_path,
            sample_rate=data["sample_rate"],
            audio_duration_s=data["audio_duration_s"],
            sections=sections,
            expect=data.get("expect", {}),
            settings=data.get("settings", {}),
            answer_hash=data.get("answer_hash", ""),
        )

    @classmethod
    def load(cls, json_path: str | Path) -> GoldAnswer:
        json_path = Path(json_path)
        data = json.loads(json_path.read_text(encoding="utf-8"))
        return cls.from_dict(data, json_path.with_name(data["wav"]))


# -- synthesis -----------------------------------------------------------------------------

_speaker: Speaker | None = None
_speaker_lock = threading.Lock()


def shared_speaker() -> Speaker:
    """One Piper voice per process; the answer cache replaces Speaker's own prompt cache."""
    global _speaker
    with _speaker_lock:
        if _speaker is None:
            _speaker = Speaker(use_cache=False)
        return _speaker


def synthesize_sentence(
    text: str,
    length_scale: float = DEFAULT_LENGTH_SCALE,
    sample_rate: int = WHISPER_SAMPLE_RATE,
    speaker: Speaker | None = None,
) -> np.ndarray:
    """One sentence at ``sample_rate``, trimmed to its first and last audible sample.

    Piper samples noise, and now and then it holds a comma for most of a second; a fixture
    sentence must not contain a silence that could split it, so such a rendering is redone.
    """
    for _attempt in range(MAX_SYNTH_ATTEMPTS):
        audio = (speaker or shared_speaker()).synthesize_uncached(text, length_scale=length_scale)
        samples = resample(audio.samples, audio.sample_rate, sample_rate)
        bounds = speech_bounds(samples, sample_rate, TRIM_THRESHOLD_DB)
        if bounds is None:
            raise RuntimeError(f"Piper produced silence for {text!r}")
        voiced = samples[bounds[0] : bounds[1]]
        if not has_silent_hole(voiced, sample_rate):
            return voiced
    raise RuntimeError(f"Piper kept leaving a silent hole inside {text!r}")


def has_silent_hole(voiced: np.ndarray, sample_rate: int) -> bool:
    """A window of SILENT_HOLE_S under SILENT_HOLE_DB below the peak inside a sentence."""
    window = int(SILENT_HOLE_S * sample_rate)
    whole = voiced[: voiced.size - voiced.size % window]  # the decaying last partial window is quiet by nature
    if whole.size == 0:
        return False
    peak = float(np.abs(voiced).max())
    levels = dbfs(frame_rms(whole, window) / peak)
    return bool(np.min(levels) <= SILENT_HOLE_DB)


def synthesize_answer(
    answer: SpokenAnswer,
    out_path: str | Path,
    gap_within_s: float = 0.35,
    gap_between_s: float = 1.0,
    lead_in_s: float = 0.5,
    tail_s: float = 0.8,
    sample_rate: int = WHISPER_SAMPLE_RATE,
    speaker: Speaker | None = None,
) -> GoldAnswer:
    """Synthesize ``answer`` into a 16 kHz mono WAV at ``out_path`` (gold JSON next to it)."""
    out_path = Path(out_path)
    pieces: list[np.ndarray] = [silence(lead_in_s, sample_rate)]
    cursor = pieces[0].size  # in samples, so gold times are exact on the output grid
    sections: list[GoldSection] = []
    for section_index, (name, sentences) in enumerate(answer.sections.items()):
        gold_sentences: list[GoldSentence] = []
        for sentence_index, text in enumerate(sentences):
            if sentence_index > 0 or section_index > 0:
                gap = silence(gap_within_s if sentence_index > 0 else gap_between_s, sample_rate)
                pieces.append(gap)
                cursor += gap.size
            speech = synthesize_sentence(text, answer.length_scale, sample_rate, speaker)
            gold_sentences.append(GoldSentence(name, text, cursor / sample_rate, (cursor + speech.size) / sample_rate))
            pieces.append(speech)
            cursor += speech.size
        sections.append(
            GoldSection(
                name=name,
                start_s=gold_sentences[0].start_s,
                end_s=gold_sentences[-1].end_s,
                text=" ".join(sentences),
                sentences=tuple(gold_sentences),
            )
        )
    pieces.append(silence(tail_s, sample_rate))
    samples = np.concatenate(pieces)
    write_wav(out_path, samples, sample_rate, mode=0o644)
    gold = GoldAnswer(
        answer_id=answer.id,
        level=answer.level,
        lp=answer.lp,
        wav_path=out_path,
        sample_rate=sample_rate,
        audio_duration_s=samples.size / sample_rate,
        sections=tuple(sections),
        expect=answer.expect,
        settings={
            "gap_within_s": gap_within_s,
            "gap_between_s": gap_between_s,
            "lead_in_s": lead_in_s,
            "tail_s": tail_s,
            "length_scale": answer.length_scale,
            "voice": VOICE_ID,
            "synth_version": SYNTH_VERSION,
        },
        answer_hash=answer.content_hash,
    )
    _write_json_atomic(gold.json_path, gold.to_dict())
    return gold


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def default_cache_dir() -> Path:
    """``$REHEARSE_TEST_CACHE`` or ``<user cache>/rehearse-test/synth``: survives between test runs."""
    env = os.environ.get("REHEARSE_TEST_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("rehearse-test")) / "synth"


def cache_key(answer: SpokenAnswer, **settings: Any) -> str:
    blob = json.dumps(
        {"answer": answer.content_hash, "settings": settings, "voice": VOICE_ID, "version": SYNTH_VERSION},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def ensure_answer(
    answer: SpokenAnswer | str | Path, out_dir: str | Path | None = None, **settings: Any
) -> GoldAnswer:
    """The synthesized answer from the cache in ``out_dir``, synthesizing it on a miss.

    ``answer`` is a SpokenAnswer, an answer id from ``tests/data/answers`` or a TOML path.
    ``settings`` are ``synthesize_answer``'s gap/lead-in keyword arguments.
    """
    if not isinstance(answer, SpokenAnswer):
        candidate = Path(answer)
        answer = load_answer(candidate if candidate.suffix == ".toml" else ANSWERS_DIR / f"{answer}.toml")
    out_dir = Path(out_dir) if out_dir is not None else default_cache_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    wav_path = out_dir / f"{answer.id}-{cache_key(answer, **settings)}.wav"
    json_path = wav_path.with_suffix(".json")
    # Piper is not deterministic: two processes building the same entry at once could
    # leave one's WAV next to the other's gold JSON. A per-entry lock file prevents that.
    with _entry_lock(wav_path.with_suffix(".lock")):
        if wav_path.is_file() and json_path.is_file():
            try:
                return GoldAnswer.load(json_path)
            except (ValueError, KeyError):
                pass  # a damaged entry is rebuilt below
        return synthesize_answer(answer, wav_path, **settings)


@contextmanager
def _entry_lock(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
        yield
        return
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_wav_16k(path: str | Path) -> np.ndarray:
    """Samples of a fixture WAV as float32 (for assertions on the audio itself)."""
    from rehearse.audio.voice import read_wav

    return read_wav(path).samples


def gold_summary(gold: GoldAnswer) -> dict[str, Any]:
    """Compact figures for printing: total speech, per-section durations, words per minute."""
    words = len(gold.text.split())
    return {
        "answer": gold.answer_id,
        "level": gold.level,
        "total_speech_s": round(gold.total_speech_s, 1),
        "sections_s": {k: round(v, 1) for k, v in gold.section_durations().items()},
        "words": words,
        "wpm": round(words / gold.total_speech_s * 60) if gold.total_speech_s else 0,
        "wav": str(gold.wav_path),
    }


__all__ = [
    "ANSWERS_DIR",
    "GoldAnswer",
    "GoldSection",
    "GoldSentence",
    "SpokenAnswer",
    "cache_key",
    "default_cache_dir",
    "ensure_answer",
    "gold_summary",
    "load_answer",
    "load_answers",
    "read_wav_16k",
    "synthesize_answer",
    "synthesize_sentence",
]
