"""Dataclasses that cross module boundaries: Word, Sentence, Transcript, Section, Finding, Report.

Times are seconds on the take's own timeline. ``None`` means the input had no times
(a plain-text transcript given to ``rehearse check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SectionName = Literal["situation", "task", "action", "result", "reflection"]
SECTION_NAMES: tuple[SectionName, ...] = ("situation", "task", "action", "result", "reflection")
Verdict = Literal["pass", "fail", "n/a"]


@dataclass(frozen=True)
class Word:
    """One recognised word; ``text`` keeps Whisper's punctuation but no leading space."""

    text: str
    start_s: float | None = None
    end_s: float | None = None
    probability: float = 1.0


@dataclass(frozen=True)
class Sentence:
    """A sentence or clause-sized unit of speech, the segmenter's unit of decision."""

    text: str
    words: tuple[Word, ...] = ()
    start_s: float | None = None
    end_s: float | None = None


@dataclass(frozen=True)
class Transcript:
    """Everything the recogniser produced for one take."""

    words: tuple[Word, ...]
    text: str
    audio_duration_s: float
    model: str = ""
    language: str = "en"

    @property
    def speech_start_s(self) -> float:
        return self.words[0].start_s or 0.0 if self.words else 0.0

    @property
    def speech_end_s(self) -> float:
        return self.words[-1].end_s or 0.0 if self.words else 0.0


@dataclass(frozen=True)
class Section:
    """A contiguous run of sentences with one STAR label, in spoken order."""

    name: SectionName
    sentences: tuple[Sentence, ...]
    start_s: float | None = None
    end_s: float | None = None
    # How sure the segmenter is of this label (0-1); None for the user's own marks.
    confidence: float | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def duration_s(self) -> float | None:
        if self.start_s is None or self.end_s is None:
            return None
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote from the answer, with where it was said when times are known."""

    quote: str
    start_s: float | None = None


@dataclass(frozen=True)
class Finding:
    """The verdict on one rubric criterion, with the quotes that justify it."""

    id: str
    verdict: Verdict
    evidence: tuple[Evidence, ...] = ()
    advice: str = ""
    required: bool = False
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RedFlag:
    """A phrase an interviewer would hold against the candidate."""

    id: str
    quote: str
    start_s: float | None = None
    advice: str = ""


@dataclass(frozen=True)
class Guidance:
    """What the chosen level and LP ask the candidate to emphasise."""

    lp: str
    level: str
    emphasize: tuple[str, ...] = ()
    de_emphasize: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RubricResult:
    findings: tuple[Finding, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    guidance: Guidance | None = None


@dataclass(frozen=True)
class Timing:
    total_s: float
    target_min_s: float | None
    target_max_s: float | None
    length: Literal["ok", "too_long", "too_short"]
    situation_s: float
    situation_overrun: bool
    section_s: dict[str, float] = field(default_factory=dict)
    situation_limit_s: float = 90.0  # past this the situation is an overrun (prompts/levels.toml)
    shares: dict[str, float] = field(default_factory=dict)
    advice: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pause:
    """A long silence. ``where``: inside_sentence, between_sentences or between_sections;
    ``kind``: deliberate (it sets up a number) or dead_air."""

    start_s: float
    duration_s: float
    where: str = ""
    kind: str = ""
    section: str = ""
    before: str = ""  # the words right after the pause


@dataclass(frozen=True)
class SectionPace:
    name: str
    wpm: float
    verdict: str  # too_fast, too_slow, ok, or n/a when the section is too short to judge


@dataclass(frozen=True)
class Pace:
    verdict: str  # too_fast, too_slow, ok
    min_wpm: float
    max_wpm: float
    sections: tuple[SectionPace, ...] = ()
    advice: str = ""


@dataclass(frozen=True)
class Phrase:
    """A filler or hedge heard at ``start_s``, with the words around it."""

    phrase: str
    quote: str
    section: str
    start_s: float | None = None


@dataclass(frozen=True)
class FillerRate:
    verdict: str  # too_many, ok
    max_per_min: float
    section_per_min: dict[str, float] = field(default_factory=dict)
    worst_section: str | None = None
    advice: str = ""


@dataclass(frozen=True)
class Voice:
    """Pitch and loudness judged against the speaker's own range; ``measured`` False says why not."""

    measured: bool
    reason: str = ""
    pitch_median_hz: float | None = None
    pitch_spread_st: float | None = None
    monotone: bool | None = None
    flat_sections: tuple[str, ...] = ()
    fading_share: float | None = None
    fading: bool | None = None
    faded_quotes: tuple[Evidence, ...] = ()
    advice: str = ""


@dataclass(frozen=True)
class Delivery:
    wpm: float
    section_wpm: dict[str, float]
    fillers: dict[str, int]
    fillers_per_min: float
    long_pauses: tuple[Pause, ...] = ()
    pace: Pace | None = None
    pause_advice: str = ""
    filler_rate: FillerRate | None = None
    filler_hits: tuple[Phrase, ...] = ()
    hedges: tuple[Phrase, ...] = ()
    hedge_advice: str = ""
    voice: Voice | None = None
    hesitations: tuple[Phrase, ...] = ()  # um/uh kept, restarts, mid-clause silences


@dataclass(frozen=True)
class Report:
    """One analysed take: what ``--json`` prints and the TUI shows."""

    source: str
    level: str
    lp: str
    model: str
    duration_s: float | None
    sections: tuple[Section, ...]
    timing: Timing | None
    delivery: Delivery | None
    rubric: RubricResult
    transcript: Transcript | None
    text: str = ""
    segmentation: Literal["auto", "marks"] = "auto"
    # Sections the segmenter could not place with confidence ("reflection not clearly heard").
    unclear_sections: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
