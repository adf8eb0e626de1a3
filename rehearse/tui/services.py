"""The one adapter between the TUI and the rest of rehearse.

Screens never import the domain, the audio layer or Piper directly: they call the
callables held by :class:`Services`. Tests build a ``Services`` full of fakes;
:func:`build_services` wires the real modules and turns every missing piece
(PortAudio, microphone, speakers, voice) into one line in ``problems``.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rehearse.errors import RehearseError
from rehearse.models import Report, RubricResult
from rehearse.paths import cache_dir, data_dir, ensure_writable_dir, make_private_dir, write_private_text
from rehearse.units import format_clock

Marks = list[tuple[str, float]]


@dataclass(frozen=True)
class Principle:
    id: str
    name: str


@dataclass(frozen=True)
class Question:
    id: str
    lp: str
    text: str


@dataclass(frozen=True)
class LevelWindow:
    """The target length of an answer at one level; ``min_s`` is None for 'under max'."""

    level: str
    min_s: float | None
    max_s: float
    display_max_s: float = 0.0  # the bar's scale; defaults to max_s

    @property
    def scale_s(self) -> float:
        return max(self.display_max_s, self.max_s)

    @property
    def label(self) -> str:
        if self.min_s:
            return f"{clock(self.min_s)}–{clock(self.max_s)}"
        return f"under {clock(self.max_s)}"


@dataclass(frozen=True)
class ProbeVerdict:
    """What the follow-up screen shows: strong or weak, and why."""

    grade: str
    reason: str
    evidence: tuple[str, ...] = ()


class RecorderPort(Protocol):
    """The part of rehearse.audio.Recorder the TUI uses."""

    @property
    def elapsed_s(self) -> float: ...

    @property
    def level(self) -> float: ...

    def start(self) -> None: ...

    def stop(self) -> Any: ...  # CaptureResult(path, duration_s, overflows, sample_rate)


@dataclass
class Services:
    principles: Sequence[Principle]
    questions: Mapping[str, Sequence[Question]]
    levels: Mapping[str, LevelWindow]
    analyze: Callable[[Path, str, str, Marks | None], Report]
    report_to_dict: Callable[[Report], dict]
    store_dir: Path
    new_recorder: Callable[[str], RecorderPort] | None = None  # kind -> recorder; None: no microphone
    speak: Callable[[str], None] | None = None  # blocks while playing; None: no output device
    stop_speaking: Callable[[], None] = lambda: None  # cut the spoken question short (recording starts)
    choose_probe: Callable[[RubricResult], str | None] = lambda result: None
    probe_question: Callable[[str, str], str] = lambda probe_id, lp: probe_id  # (probe kind, lp) -> wording
    transcribe: Callable[[Path], str] | None = None
    grade_probe: Callable[[str, str], ProbeVerdict] | None = None
    find_interrupted: Callable[[], list[Path]] = list
    recover_take: Callable[[Path], Path] = lambda path: path  # make a crashed take a valid file
    warm_up: Callable[[], None] | None = None  # load the speech model while the user chooses
    situation_amber_s: float = 60.0
    situation_red_s: float = 90.0
    make_demo_take: Callable[[], Path] | None = None
    # recorder -> its live transcription (``live()`` snapshot with committed_text, partial_text,
    # section; ``cancel()``), or None. ``analyze`` on that take then uses the streamed transcript.
    live_stream: Callable[[Any], Any] = lambda recorder: None
    problems: list[str] = field(default_factory=list)
    pick_random: Callable[[Sequence[Question]], Question] = random.choice
    practice: Any = None  # rehearse.tui.practice.Practice: history, drills, replay; None: no history
    settings: Any = None  # rehearse.config.Settings in force: the app's default level, LP and prep

    @property
    def can_record(self) -> bool:
        return self.new_recorder is not None

    def level_window(self, level: str) -> LevelWindow:
        return self.levels.get(level) or next(iter(self.levels.values()))

    def principle_name(self, lp: str) -> str:
        return next((p.name for p in self.principles if p.id == lp), lp)


def clock(seconds: float | None) -> str:
    """m:ss, the way the screens print every duration (rounded, as in the report)."""
    return format_clock(seconds)


def save_json_private(path: Path, data: dict) -> Path:
    """Write the report as strict JSON readable by the user only (0600), atomically."""
    from rehearse.analysis.report import json_text

    make_private_dir(path.parent)
    return write_private_text(path, json_text(data))


def report_path_for(audio_path: Path) -> Path:
    return Path(audio_path).with_suffix(".json")


def discard_take(path: Path) -> None:
    for candidate in (Path(path), report_path_for(Path(path))):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


# --------------------------------------------------------------------------- real wiring

# A good answer with one gap (it never says how the fix was verified), so the demo's follow-up has a probe.
DEMO_ANSWER = (
    "Last spring I noticed that our checkout service was silently dropping about 0.3 percent of "
    "payment webhooks. The webhook consumer belonged to the platform team, not to my team, and "
    "there was no ticket for it. My task was to find out why the events were lost and stop the loss, "
    "even though nobody had asked me to. I pulled a week of logs and I traced the drops to a retry "
    "handler that gave up after one timeout. I wrote a minimal fix with a dead letter queue, "
    "and I added an alert on the queue depth. I flagged it to their tech lead "
    "and brought a ready to merge pull request. The drop rate "
    "went from 0.3 percent to zero, which recovered about eight thousand dollars of revenue a week, and "
    "two other teams adopted the alert pattern. Looking back, I would propose shared reliability targets "
    "across teams up front, so that an ownership gap like this one is caught before customers feel it."
)


def _user_dirs() -> tuple[Path, Path]:
    return data_dir(), cache_dir()


def build_services(settings: Any = None) -> Services:
    """Wire the real modules. Nothing here raises: what is missing becomes a problem line.

    ``settings`` (rehearse.config.Settings) default to the user's config file: the model, beam
    size, microphone, speakers and whether the question is spoken all come from there.
    """
    from rehearse.config import Settings, load_settings
    from rehearse.prompts import load_levels, load_question_bank

    problems: list[str] = []
    if settings is None:
        try:
            settings = load_settings()
        except RehearseError as err:  # a broken config file must not stop the rehearsal room
            problems.append(f"Settings ignored: {err}")
            settings = Settings()
    data_dir, _cache_dir = _user_dirs()
    takes_dir = data_dir / "takes"

    bank = load_question_bank()
    principles = [Principle(lp.id, lp.name) for lp in bank.lps]
    questions = {lp.id: [Question(q.id, lp.id, q.text) for q in lp.questions] for lp in bank.lps}
    level_specs = load_levels()
    levels = {
        spec.id: LevelWindow(spec.id, spec.target_min_s, float(spec.target_max_s or spec.display_max_s), float(spec.display_max_s))
        for spec in level_specs.levels
    }

    analyzer_holder: list[Any] = []
    analyzer_lock = threading.Lock()  # warm-up and analysis workers may ask at the same time
    streams: dict[Path, Any] = {}  # take path -> StreamingTranscriber fed while recording
    voices: dict[Path, Any] = {}  # take path -> LiveVoice measuring pitch while recording
    stream_stats: dict[str, dict] = {}  # report source (take file name) -> how the stream kept up

    def analyzer() -> Any:
        with analyzer_lock:
            if not analyzer_holder:  # one Whisper model for the whole session
                from rehearse.analysis.pipeline import Analyzer
                from rehearse.asr.streaming import streaming_cpu_threads
                from rehearse.asr.transcription import TranscriptionOptions

                # Whisper also runs while recording: one core stays free for capture and the UI.
                options = TranscriptionOptions(cpu_threads=streaming_cpu_threads(), beam_size=settings.beam_size)
                created = Analyzer(settings.model, settings.allow_download, options)
                created.transcriber  # noqa: B018  (build it once, under the lock)
                analyzer_holder.append(created)
        return analyzer_holder[0]

    def analyze(path: Path, level: str, lp: str, marks: Marks | None) -> Report:
        stream = streams.pop(Path(path), None)
        if stream is not None:  # transcribed while recording: only the tail is left
            from rehearse.asr.streaming import report_from_stream

            voice = voices.pop(Path(path), None)
            report, stream_stats[Path(path).name] = report_from_stream(
                stream, analyzer(), path, level, lp, marks or None, voice=voice
            )
            return report
        return analyzer().analyze_file(path, level=level, lp=lp, marks=marks or None)

    def start_stream(recorder: Any) -> None:
        from rehearse.analysis.segmentation import last_section_name
        from rehearse.asr.streaming import StreamingTranscriber

        try:
            stream = StreamingTranscriber(analyzer().transcriber, recorder.sample_rate, label_section=last_section_name)
            streams[Path(recorder.path)] = stream.attach(recorder)
            from rehearse.analysis.voice_live import LiveVoice

            voices[Path(recorder.path)] = LiveVoice(recorder.sample_rate).attach(recorder)
        except RehearseError:
            pass  # no live transcript; the take is analysed after stopping

    def transcribe(path: Path) -> str:
        return analyzer().transcriber.transcribe_file(path).text

    def warm_up() -> None:
        analyzer().transcriber.load()

    def report_to_dict(report: Report) -> dict:
        from rehearse.analysis.report import report_to_dict as to_dict

        data = to_dict(report)
        if report.source in stream_stats:
            data["streaming"] = stream_stats[report.source]
        return data

    def probe_question(probe_id: str, lp: str = "ownership") -> str:
        try:
            return bank.probe(lp, probe_id).text
        except RehearseError:
            return probe_id

    services = Services(
        principles=principles,
        questions=questions,
        levels=levels,
        analyze=analyze,
        report_to_dict=report_to_dict,
        store_dir=takes_dir,
        transcribe=transcribe,
        probe_question=probe_question,
        warm_up=warm_up,
        problems=problems,
        situation_amber_s=level_specs.situation_amber_s,
        situation_red_s=level_specs.situation_overrun_s,
        live_stream=lambda recorder: streams.get(Path(getattr(recorder, "path", "") or "")),
        settings=settings,
    )
    _wire_rubric(services)
    _wire_audio(services, takes_dir, settings, start_stream)
    _wire_practice(services, data_dir, settings.output_device)
    return services


def _wire_practice(services: Services, data_dir: Path, output_device: str | int | None) -> None:
    try:
        from rehearse.tui.practice import build_practice

        services.practice = build_practice(data_dir, output_device)
    except RehearseError as err:  # a damaged history must not stop the rehearsal room
        services.problems.append(f"History off: {err}")


def _wire_rubric(services: Services) -> None:
    try:
        from rehearse.rubric import choose_probe, grade_probe
    except Exception as err:
        services.problems.append(f"Follow-up probes unavailable ({err}) — reinstall rehearse")
        return

    def grade(probe_id: str, text: str) -> ProbeVerdict:
        result = grade_probe(probe_id, text)
        evidence = tuple(getattr(e, "quote", str(e)) for e in (getattr(result, "evidence", ()) or ()))
        return ProbeVerdict(str(result.grade), str(result.reason), evidence)

    services.choose_probe = choose_probe
    services.grade_probe = grade


def _wire_audio(
    services: Services, takes_dir: Path, settings: Any, start_stream: Callable[[Any], None] | None = None
) -> None:
    from rehearse import audio

    services.find_interrupted = lambda: [Path(take.path) for take in audio.find_interrupted_takes(takes_dir)]
    services.recover_take = lambda path: Path(audio.recover_take(path).path)
    availability = audio.check_audio(settings.input_device, settings.output_device)
    disk_problems = takes_dir_problems(takes_dir)
    if availability.can_record and not disk_problems:

        def new_recorder(kind: str) -> RecorderPort:
            source = audio.SoundDeviceSource(settings.input_device)
            recorder = audio.Recorder(source, takes_dir, prefix=kind)
            if kind == "answer" and start_stream is not None:
                start_stream(recorder)  # listens before the recorder starts: no block is missed
            return recorder

        services.new_recorder = new_recorder
    else:
        services.problems[:0] = disk_problems or [f"Recording off: {availability.input_error}"]

    from rehearse.audio.voice import Speaker

    speaker = Speaker()
    services.make_demo_take = lambda: _synthesize_demo(takes_dir, speaker)
    if not settings.speak_prompts:
        services.problems.append("Prompts shown as text: speak_prompts is off in 'rehearse config'")
    elif availability.can_play:
        sinks: list[Any] = []  # one output stream at a time, opened on first use

        def speak(text: str) -> None:
            spoken = speaker.synthesize(text)
            if not sinks:
                sinks.append(audio.SoundDeviceSink(settings.output_device))
            sinks[0].play(spoken.samples, spoken.sample_rate, blocking=True)

        def stop_speaking() -> None:
            if sinks:
                sinks[0].stop()  # ends the blocking play() above: its worker finishes

        services.speak = speak
        services.stop_speaking = stop_speaking
    else:
        services.problems.append(f"Prompts shown as text: {availability.output_error}")


def takes_dir_problems(takes_dir: Path) -> list[str]:
    """The banner line when takes cannot be saved (a read-only home, a full disk); [] when they can."""
    try:
        ensure_writable_dir(takes_dir)
    except RehearseError as err:
        return [f"Recording off: {err}"]
    return []


def _synthesize_demo(takes_dir: Path, speaker: Any) -> Path:
    """A sample ownership answer spoken by Piper, saved as a take, so the whole pipeline can run."""
    from rehearse.audio.voice import write_wav

    make_private_dir(takes_dir)
    path = takes_dir / "demo-take.wav"
    if not path.exists():
        spoken = speaker.synthesize(DEMO_ANSWER)
        write_wav(path, spoken.samples, spoken.sample_rate)
    return path
