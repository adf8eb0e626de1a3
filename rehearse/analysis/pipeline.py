"""Orchestration: audio or transcript in, Report out. No UI, no audio devices."""

from __future__ import annotations

import io
import json
import math
import os
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from rehearse import prompts, rubric
from rehearse.analysis.delivery import compute_delivery
from rehearse.analysis.delivery_voice import VoiceMeasurement
from rehearse.analysis.praat_tracks import measure_voice
from rehearse.analysis.report import SCHEMA_VERSION, voice_from_dict
from rehearse.analysis.segmentation import sections_from_marks, segment, segment_answer
from rehearse.analysis.timing import TimingTargets, compute_timing
from rehearse.analysis.word_edges import transcript_trimmed_to_voice
from rehearse.asr.transcription import Transcriber, TranscriptionOptions
from rehearse.audio.decode import iter_audio_blocks
from rehearse.audio.files import load_whisper_audio
from rehearse.errors import BadInputError, RehearseError
from rehearse.lang.sentences import looks_english, split_sentences, split_text, typed_text_to_prose
from rehearse.models import (
    SECTION_NAMES,
    Report,
    RubricResult,
    Sentence,
    Transcript,
    Word,
)
from rehearse.paths import open_input
from rehearse.rubric.criteria import validate_level_lp
from rehearse.rubric.probes import ProbeGrade
from rehearse.rubric.rules import RubricRules

Marks = Sequence[tuple[str, float]]


def timing_targets(level: str) -> TimingTargets:
    levels = prompts.load_levels()
    spec = levels.get(level)
    return TimingTargets(
        target_min_s=spec.target_min_s,
        target_max_s=spec.target_max_s,
        situation_overrun_s=levels.situation_overrun_s,
        situation_task_max_share=levels.setup_max_share,
    )


def validate(level: str, lp: str) -> tuple[str, str]:
    """Canonical (level, lp) ids; fails fast, before any model loads, on unknown ones."""
    return prompts.validate_level(level).id, prompts.validate_lp(lp).id


def build_report(
    sentences: Sequence[Sentence],
    *,
    level: str,
    lp: str,
    source: str,
    transcript: Transcript | None = None,
    marks: Marks | None = None,
    model: str = "",
    voice: VoiceMeasurement | None = None,
) -> Report:
    """Segment, time, and check one answer. Timed sentences give timing and delivery;
    ``voice`` (pitch and loudness tracks of the audio) gives the monotone and energy verdicts."""
    level, lp = validate(level, lp)
    unclear: tuple[str, ...] = ()
    if marks:
        sections = sections_from_marks(sentences, marks)
    else:
        segmentation = segment_answer(sentences)
        sections, unclear = segmentation.sections, segmentation.unclear
    timed = transcript is not None and bool(transcript.words)
    timing = delivery = None
    if transcript is not None and timed:
        total = transcript.speech_end_s - transcript.speech_start_s
        timing = compute_timing(sections, total, timing_targets(level))
        delivery = compute_delivery(transcript.words, sections, prompts.load_levels().delivery, voice)
    result = rubric.check(sections, level, lp)
    return Report(
        source=source,
        level=level,
        lp=lp,
        model=model,
        duration_s=transcript.audio_duration_s if transcript is not None else None,
        sections=tuple(sections),
        timing=timing,
        delivery=delivery,
        rubric=result,
        transcript=transcript,
        text=" ".join(s.text for s in sentences),
        segmentation="marks" if marks else "auto",
        unclear_sections=unclear,
    )


# One thread: tracks for one take at a time, beside Whisper's own threads.
_VOICE_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice")


# Praat's tracks hold the whole take in memory (float64); an answer is minutes long, so a longer
# file is transcribed in windows and gets every verdict but the voice one.
VOICE_MAX_S = 600.0


def _measure_voice(audio: np.ndarray | str | os.PathLike[str] | io.BytesIO) -> VoiceMeasurement:
    if isinstance(audio, np.ndarray):
        return measure_voice(audio)
    try:
        if isinstance(audio, io.BytesIO):
            return _measure_voice_blocks(iter_audio_blocks(audio))
        return measure_voice(load_whisper_audio(audio)) if _is_short(audio) else _too_long()
    except RehearseError as err:  # the transcript still gives every other verdict
        return VoiceMeasurement(None, f"the saved take could not be read ({err.message})")


def _is_short(path: str | os.PathLike[str]) -> bool:
    import soundfile as sf

    try:
        return bool(sf.info(str(path)).duration <= VOICE_MAX_S)
    except Exception:  # not a soundfile format (m4a, mp3): count while decoding
        return True


def _measure_voice_blocks(blocks: Iterable[np.ndarray]) -> VoiceMeasurement:
    kept: list[np.ndarray] = []
    total = 0
    for block in blocks:
        kept.append(block)
        total += block.size
        if total > VOICE_MAX_S * 16_000:
            return _too_long()
    return measure_voice(np.concatenate(kept)) if kept else VoiceMeasurement(None, "no audio")


def _too_long() -> VoiceMeasurement:
    return VoiceMeasurement(None, f"the take is longer than {VOICE_MAX_S / 60:.0f} minutes: pitch and energy not measured")


class Analyzer:
    """Transcribes and analyses takes; the Whisper model loads once and is reused."""

    def __init__(
        self,
        model: str | None = None,
        allow_download: bool = False,
        options: TranscriptionOptions | None = None,
        transcriber: Transcriber | None = None,
    ) -> None:
        self._model_arg = model
        self._allow_download = allow_download
        self._options = options
        self._transcriber = transcriber

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            self._transcriber = Transcriber(self._model_arg, self._allow_download, self._options)
        return self._transcriber

    def analyze_file(self, path: str | os.PathLike[str], level: str, lp: str, marks: Marks | None = None) -> Report:
        """Transcribe the file window by window (memory does not grow with its length) while the
        voice is measured beside it; a pipe is read once and both get its bytes."""
        level, lp = validate(level, lp)
        source = open_input(path, "an audio file")
        name = Path(path).name
        if isinstance(source, io.BytesIO):
            voice = self.start_voice(io.BytesIO(source.getvalue()))
            transcript = self.transcriber.transcribe_file(source, name=name)
        else:
            voice = self.start_voice(source)
            transcript = self.transcriber.transcribe_file(source)
        return self.analyze_transcript(transcript, level, lp, source=name, marks=marks, voice=voice.result())

    def analyze_samples(
        self, samples: np.ndarray, level: str, lp: str, source: str = "", marks: Marks | None = None
    ) -> Report:
        level, lp = validate(level, lp)
        # Pitch tracking needs only the audio: it runs while Whisper transcribes.
        voice = self.start_voice(samples)
        transcript = self.transcriber.transcribe(samples)
        return self.analyze_transcript(transcript, level, lp, source=source, marks=marks, voice=voice.result())

    def start_voice(self, audio: np.ndarray | str | os.PathLike[str] | io.BytesIO) -> Future[VoiceMeasurement]:
        """Pitch and loudness tracks of a take (samples or a saved file), measured on a thread."""
        return _VOICE_POOL.submit(_measure_voice, audio)

    def analyze_transcript(
        self,
        transcript: Transcript,
        level: str,
        lp: str,
        source: str = "",
        marks: Marks | None = None,
        voice: VoiceMeasurement | None = None,
    ) -> Report:
        # Whisper's edge words often start early or end late; the voice's loudness says where.
        transcript = transcript_trimmed_to_voice(transcript, voice.tracks if voice is not None else None)
        return build_report(
            split_sentences(transcript.words),
            level=level,
            lp=lp,
            source=source,
            transcript=transcript,
            marks=marks,
            model=transcript.model,
            voice=voice,
        )


_MALFORMED_HINT = "pass the JSON exactly as 'rehearse analyze --json' wrote it"


def _read_input(path: str) -> tuple[str, str]:
    """Text of a transcript file or stdin ('-') without a byte-order mark, and its display name."""
    if path == "-":
        return sys.stdin.read().lstrip("\ufeff"), "<stdin>"
    p = Path(path)
    source = open_input(p, "a transcript")  # a pipe or /dev/stdin is read to the end here
    try:
        raw = source.getvalue() if isinstance(source, io.BytesIO) else source.read_bytes()
        return raw.decode("utf-8-sig"), p.name
    except UnicodeDecodeError:
        raise BadInputError(f"{p.name} is not UTF-8 text", "pass a plain-text transcript or analyze's JSON") from None
    except OSError as err:  # it vanished or failed between the check and the read
        raise BadInputError(f"cannot read {p}: {(err.strerror or str(err)).lower()}", "check the path") from None


def _require_english(text: str, source: str) -> None:
    if not looks_english(text):
        raise BadInputError(
            f"{source} is not in English: rehearse grades English answers",
            "give the answer in English (its lexicons and timing rules only know English)",
        )


def _reject_constant(name: str) -> float:
    raise ValueError(name)


def _parse_report_json(raw: str, source: str) -> dict[str, Any]:
    """analyze's JSON object, or one line saying what was expected instead."""
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise BadInputError(f"{source} looks like JSON but is not valid ({err.msg}, line {err.lineno})", "fix the file or pass plain text") from None
    except ValueError as err:  # NaN / Infinity: Python accepts them, JSON does not
        raise BadInputError(f"{source} contains {err}, which is not valid JSON", _MALFORMED_HINT) from None
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a string", type(None): "null", bool: "a boolean"}.get(type(data), "a number")
        raise BadInputError(
            f"{source} is {kind}: expected a JSON object (the report 'rehearse analyze --json' writes)",
            "pass that report, or the answer as plain text in a .txt file",
        )
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise BadInputError(
            f"{source} has schema_version {version}: this rehearse reads schema_version {SCHEMA_VERSION}",
            "upgrade rehearse, or analyse the audio again with this version",
        )
    return data


def _duration(value: object, words: Sequence[Word]) -> float:
    """The recorded length; a missing or impossible one is recomputed from the last word."""
    last = words[-1].end_s or 0.0
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= last:
        return float(value)
    return last


def _transcript_from_json(data: dict[str, Any], source: str) -> tuple[Transcript | None, Marks | None, str]:
    """Rebuild the timed transcript (and section starts) from analyze's JSON."""
    try:
        tr = data.get("transcript") or {}
        sections = data.get("sections") or []
        raw_words = tr.get("words") or []
        if not raw_words:
            return None, None, str(tr.get("text") or " ".join(str(s.get("text", "")) for s in sections))
        times = [(float(w["start_s"]), float(w["end_s"])) for w in raw_words]
        if not all(math.isfinite(t) for pair in times for t in pair):
            raise ValueError("a word time is not a number")
        words = tuple(Word(str(w["w"]), start, end) for w, (start, end) in zip(raw_words, times))
        marks = [
            (s["name"], float(s["start_s"]))
            for s in sections
            if s.get("name") in SECTION_NAMES and s.get("start_s") is not None
        ]
    except (AttributeError, KeyError, TypeError, ValueError):
        raise BadInputError(f"{source}: the transcript or sections are malformed", _MALFORMED_HINT) from None
    transcript = Transcript(
        words=words,
        text=str(tr.get("text") or " ".join(w.text for w in words)),
        audio_duration_s=_duration(data.get("duration_s"), words),
        model=str(data.get("model", "")),
    )
    return transcript, marks or None, transcript.text


def check_transcript(path: str, level: str, lp: str) -> Report:
    """The rubric on a plain-text transcript or on the JSON that ``analyze`` wrote."""
    level, lp = validate(level, lp)
    raw, source = _read_input(path)
    if not raw.strip():
        raise BadInputError(f"{source} is empty: no answer text to check", "pass a transcript with the answer in it")
    if _looks_like_json(raw, source):
        data = _parse_report_json(raw, source)
        transcript, marks, text = _transcript_from_json(data, source)
        _require_english(text, source)
        if transcript is not None:
            report = build_report(
                split_sentences(transcript.words), level=level, lp=lp, source=source,
                transcript=transcript, marks=marks, model=transcript.model,
            )
            # Section starts came from analyze; keep its record of who set them, and the voice
            # verdict it measured on the audio (there is no audio here to measure it again).
            voice = voice_from_dict((data.get("delivery") or {}).get("voice"))
            if voice is not None and report.delivery is not None:
                report = replace(report, delivery=replace(report.delivery, voice=voice))
            return replace(report, segmentation="marks" if data.get("segmentation") == "marks" else "auto")
        if not text.strip():
            raise BadInputError(f"{source} has no transcript text", "pass the JSON that 'rehearse analyze --json' wrote")
    else:
        text = typed_text_to_prose(raw)
        _require_english(text, source)
    return build_report(split_text(text), level=level, lp=lp, source=source)


def _looks_like_json(raw: str, source: str) -> bool:
    """A .json file, text that starts like a JSON object, or text that parses as any JSON value
    (a transcript may start with "[laughs]", so a bracket alone is not enough)."""
    if source.lower().endswith(".json") or raw.lstrip().startswith("{"):
        return True
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


def grade_probe_file(path: str, probe: str) -> ProbeGrade:
    raw, source = _read_input(path)
    _require_english(raw, source)
    return rubric.grade_probe(probe, raw)


def check_text(text: str, level: str, lp: str, rules: RubricRules | None = None) -> RubricResult:
    """The rubric alone on a plain-text answer: split, segment, check (no timing, no report)."""
    if not text or not text.strip():
        raise BadInputError("no answer text to check", "give a transcript with the spoken answer in it")
    _require_english(text, "the answer")
    rules = rules or rubric.load_rules()
    validate_level_lp(level, lp, rules)
    return rubric.check(segment(split_text(typed_text_to_prose(text))), level, lp, rules)
