"""Orchestration: audio or transcript in, Report out. No UI, no audio devices."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from rehearse import prompts, rubric
from rehearse.analysis.delivery import compute_delivery
from rehearse.analysis.segmentation import sections_from_marks, segment, segment_answer
from rehearse.analysis.timing import TimingTargets, compute_timing
from rehearse.asr.transcription import Transcriber, TranscriptionOptions
from rehearse.audio.files import load_whisper_audio
from rehearse.errors import BadInputError
from rehearse.lang.sentences import split_sentences, split_text, typed_text_to_prose
from rehearse.models import (
    SECTION_NAMES,
    Report,
    RubricResult,
    Sentence,
    Transcript,
    Word,
)
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
) -> Report:
    """Segment, time, and check one answer. Timed sentences give timing and delivery."""
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
        delivery = compute_delivery(transcript.words, sections)
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
        level, lp = validate(level, lp)
        audio = load_whisper_audio(path)
        return self.analyze_samples(audio, level, lp, source=Path(path).name, marks=marks)

    def analyze_samples(
        self, samples: np.ndarray, level: str, lp: str, source: str = "", marks: Marks | None = None
    ) -> Report:
        level, lp = validate(level, lp)
        transcript = self.transcriber.transcribe(samples)
        return self.analyze_transcript(transcript, level, lp, source=source, marks=marks)

    def analyze_transcript(
        self, transcript: Transcript, level: str, lp: str, source: str = "", marks: Marks | None = None
    ) -> Report:
        return build_report(
            split_sentences(transcript.words),
            level=level,
            lp=lp,
            source=source,
            transcript=transcript,
            marks=marks,
            model=transcript.model,
        )


def _read_input(path: str) -> tuple[str, str]:
    """Text of a transcript file or stdin ('-'), and its display name."""
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    p = Path(path)
    if not p.is_file():
        raise BadInputError(f"no such file: {p}", "check the path")
    try:
        return p.read_text(encoding="utf-8"), p.name
    except UnicodeDecodeError:
        raise BadInputError(f"{p.name} is not UTF-8 text", "pass a plain-text transcript or analyze's JSON") from None


def _transcript_from_json(data: dict[str, Any], source: str) -> tuple[Transcript | None, Marks | None, str]:
    """Rebuild the timed transcript (and section starts) from analyze's JSON."""
    tr = data.get("transcript") or {}
    raw_words = tr.get("words") or []
    if not raw_words:
        return None, None, tr.get("text") or " ".join(s.get("text", "") for s in data.get("sections", []))
    try:
        words = tuple(Word(w["w"], float(w["start_s"]), float(w["end_s"])) for w in raw_words)
    except (KeyError, TypeError, ValueError):
        raise BadInputError(f"{source}: transcript.words is malformed", "pass the JSON exactly as 'rehearse analyze --json' wrote it") from None
    marks = [
        (s["name"], float(s["start_s"]))
        for s in data.get("sections", [])
        if s.get("name") in SECTION_NAMES and s.get("start_s") is not None
    ]
    transcript = Transcript(
        words=words,
        text=tr.get("text") or " ".join(w.text for w in words),
        audio_duration_s=float(data.get("duration_s") or words[-1].end_s or 0.0),
        model=str(data.get("model", "")),
    )
    return transcript, marks or None, transcript.text


def check_transcript(path: str, level: str, lp: str) -> Report:
    """The rubric on a plain-text transcript or on the JSON that ``analyze`` wrote."""
    level, lp = validate(level, lp)
    raw, source = _read_input(path)
    if not raw.strip():
        raise BadInputError(f"{source} is empty: no answer text to check", "pass a transcript with the answer in it")
    if raw.lstrip().startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            raise BadInputError(f"{source} looks like JSON but is not valid ({err.msg}, line {err.lineno})", "fix the file or pass plain text") from None
        transcript, marks, text = _transcript_from_json(data, source)
        if transcript is not None:
            report = build_report(
                split_sentences(transcript.words), level=level, lp=lp, source=source,
                transcript=transcript, marks=marks, model=transcript.model,
            )
            # Section starts came from analyze; keep its record of who set them.
            return replace(report, segmentation=data.get("segmentation", "auto"))
        if not text.strip():
            raise BadInputError(f"{source} has no transcript text", "pass the JSON that 'rehearse analyze --json' wrote")
    else:
        text = typed_text_to_prose(raw)
    return build_report(split_text(text), level=level, lp=lp, source=source)


def grade_probe_file(path: str, probe: str) -> ProbeGrade:
    raw, source = _read_input(path)
    return rubric.grade_probe(probe, raw)


def check_text(text: str, level: str, lp: str, rules: RubricRules | None = None) -> RubricResult:
    """The rubric alone on a plain-text answer: split, segment, check (no timing, no report)."""
    if not text or not text.strip():
        raise BadInputError("no answer text to check", "give a transcript with the spoken answer in it")
    rules = rules or rubric.load_rules()
    validate_level_lp(level, lp, rules)
    return rubric.check(segment(split_text(typed_text_to_prose(text))), level, lp, rules)
