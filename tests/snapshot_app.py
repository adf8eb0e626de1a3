"""Deterministic fakes for the TUI: a fixed question bank, a recorder with a settable clock,
an analyzer that returns a fixed report. Used by the pilot tests (tests/unit/tui) and the
snapshot tests (tests/functional/test_tui_snapshots.py), so screens render identically every run.

Run it by hand with ``python tests/snapshot_app.py`` to look at the screens.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rehearse.analysis.delivery_pace import judge_pace
from rehearse.analysis.delivery_pauses import pause_advice
from rehearse.analysis.report import report_to_dict
from rehearse.errors import AudioDeviceError
from rehearse.models import (
    Delivery,
    Evidence,
    Finding,
    Guidance,
    Pause,
    Phrase,
    RedFlag,
    Report,
    RubricResult,
    Section,
    Sentence,
    Timing,
    Voice,
)
from rehearse.practice.store import Store
from rehearse.prompts import DeliveryTargets
from rehearse.tui.app import RehearseApp, create_app
from rehearse.tui.practice import Practice
from rehearse.tui.services import (
    LevelWindow,
    Principle,
    ProbeVerdict,
    Question,
    Services,
)

LP_NAMES = [
    "Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot", "Learn and Be Curious",
    "Hire and Develop the Best", "Insist on the Highest Standards", "Think Big", "Bias for Action",
    "Frugality", "Earn Trust", "Dive Deep", "Have Backbone; Disagree and Commit", "Deliver Results",
    "Strive to be Earth's Best Employer", "Success and Scale Bring Broad Responsibility",
]
PRINCIPLES = [Principle(name.lower().split(";")[0].replace(",", "").replace(" ", "_"), name) for name in LP_NAMES]
QUESTIONS = {
    p.id: [
        Question(f"{p.id}-1", p.id, f"Tell me about a time you showed {p.name}."),
        Question(f"{p.id}-2", p.id, f"Describe a hard decision where {p.name} guided you."),
    ]
    for p in PRINCIPLES
}
QUESTIONS["ownership"] = [
    Question("ownership-1", "ownership", "Tell me about a time you took on something significant outside your area of responsibility."),
    Question("ownership-2", "ownership", "Tell me about a time you went beyond your role to fix a problem nobody owned."),
]
LEVELS = {"mid": LevelWindow("mid", None, 120.0, 120.0), "senior": LevelWindow("senior", 150.0, 180.0, 180.0)}

SECTION_TEXT = [
    ("situation", 0.0, 40.0, "Last spring our checkout service was dropping 0.3% of payment webhooks."),
    ("task", 40.0, 55.0, "It was not my team's system and there was no ticket, but I decided to own it."),
    ("action", 55.0, 130.0, "We figured out the root cause in the retry handler. I sent a Slack message to the platform team."),
    ("result", 130.0, 160.0, "The drop rate went to zero and we recovered $8K a week."),
    ("reflection", 160.0, 171.0, "I learned communication is important."),
]


def fake_report(level: str = "senior", lp: str = "ownership", marks=None, source: str = "take.wav") -> Report:
    sections = tuple(
        Section(name, (Sentence(text, start_s=start, end_s=end),), start_s=start, end_s=end)
        for name, start, end, text in SECTION_TEXT
    )
    text = " ".join(t for *_, t in SECTION_TEXT)
    window = LEVELS[level]
    timing = Timing(
        total_s=171.0, target_min_s=window.min_s, target_max_s=window.max_s,
        length="ok" if window.min_s and window.max_s >= 171 else "too_long",
        situation_s=40.0, situation_overrun=False,
        section_s={name: end - start for name, start, end, _ in SECTION_TEXT},
    )
    findings = (
        Finding("scope_boundary", "pass", (Evidence("It was not my team's system and there was no ticket", 40.0),), required=True),
        Finding("i_language", "fail", (Evidence("We figured out the root cause", 55.0),), advice="Say 'I' for your own actions."),
        Finding("quantified_result", "pass", (Evidence("recovered $8K a week", 140.0),)),
        Finding("verification", "fail", (), advice="Say how you checked the fix worked."),
        Finding("specific_reflection", "fail", (Evidence("I learned communication is important", 160.0),), advice="Name a systemic change."),
    )
    flags = (RedFlag("handoff", "sent a Slack message", 100.0, "Routing is not ownership: say what you fixed."),)
    section_wpm = {"situation": 138.0, "task": 150.0, "action": 140.0, "result": 190.0, "reflection": 118.0}
    pace = judge_pace(142.0, section_wpm, timing.section_s, DeliveryTargets())
    delivery = Delivery(
        wpm=142.0, section_wpm=section_wpm, fillers={"um": 3, "like": 2}, fillers_per_min=1.8,
        long_pauses=(Pause(70.0, 2.5, "inside_sentence", "dead_air", "action", "the retry handler"),),
        pace=pace,
        pause_advice=pause_advice((Pause(70.0, 2.5, "inside_sentence", "dead_air", "action", "the retry handler"),)),
        hedges=(Phrase("maybe", "and maybe the fix", "result", 131.0),),
        hedge_advice="1 hedge in the action and result (“maybe” in the result): say what you did and what happened.",
        voice=Voice(measured=True, pitch_median_hz=118.0, pitch_spread_st=6.1, monotone=False, fading=False,
                    advice="Pitch varied over 6.1 semitones and sentence ends held up."),
    )
    return Report(
        source=source, level=level, lp=lp, model="fake", duration_s=171.0, sections=sections,
        timing=timing, delivery=delivery, rubric=RubricResult(findings, flags, Guidance(lp, level)),
        transcript=None, text=text, segmentation="marks" if marks else "auto",
    )


@dataclass
class FakeCapture:
    path: Path
    duration_s: float
    overflows: int = 0
    sample_rate: int = 16000


@dataclass
class FakeRecorder:
    """Elapsed time and level are whatever the test sets; stop() leaves a file like the real one."""

    path: Path
    elapsed_s: float = 0.0
    level: float = 0.0
    overflows: int = 0
    started: bool = False
    stopped: bool = False

    def start(self) -> None:
        self.started = True
        self.path.write_bytes(b"RIFF")

    def stop(self) -> FakeCapture:
        self.stopped = True
        return FakeCapture(self.path, self.elapsed_s, self.overflows)


@dataclass
class FakeWorld:
    """Everything the fakes did, for assertions."""

    store_dir: Path
    recorders: list[FakeRecorder] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)
    analyzed: list[tuple] = field(default_factory=list)
    graded: list[tuple[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    level: float = 0.0
    overflows: int = 0
    probe: str | None = "escalation"
    recorder_error: str | None = None
    interrupted: list[Path] = field(default_factory=list)
    recovered: list[Path] = field(default_factory=list)
    now: float = 0.0  # the replay clock
    played: list[Path] = field(default_factory=list)
    stopped_playing: int = 0


def fake_services(
    store_dir: Path | None = None, *, can_record: bool = True, can_speak: bool = True,
    problems: list[str] | None = None, world: FakeWorld | None = None,
) -> tuple[Services, FakeWorld]:
    store_dir = store_dir or Path(tempfile.mkdtemp(prefix="rehearse-tui-"))
    world = world or FakeWorld(store_dir)

    def new_recorder(kind: str) -> FakeRecorder:
        if world.recorder_error:
            raise AudioDeviceError(world.recorder_error, "plug in a microphone")
        recorder = FakeRecorder(store_dir / f"{kind}-{len(world.recorders) + 1}.wav", world.elapsed_s, world.level, world.overflows)
        world.recorders.append(recorder)
        return recorder

    def analyze(path: Path, level: str, lp: str, marks) -> Report:
        world.analyzed.append((Path(path), level, lp, marks))
        return fake_report(level, lp, marks, source=str(path))

    def grade(probe_id: str, text: str) -> ProbeVerdict:
        world.graded.append((probe_id, text))
        strong = "tested" in text
        return ProbeVerdict("strong" if strong else "weak", "You verified it yourself." if strong else "You delegated the check.")

    def make_demo() -> Path:
        path = store_dir / "demo-take.wav"
        path.write_bytes(b"RIFF")
        return path

    services = Services(
        principles=PRINCIPLES,
        questions=QUESTIONS,
        levels=LEVELS,
        analyze=analyze,
        report_to_dict=report_to_dict,
        store_dir=store_dir,
        new_recorder=new_recorder if can_record else None,
        speak=world.spoken.append if can_speak else None,
        choose_probe=lambda result: world.probe,
        probe_question=lambda probe_id, lp: f"What did you do when the {probe_id} came up?",
        transcribe=lambda path: "I reproduced the failure and tested my patch myself.",
        grade_probe=grade,
        find_interrupted=lambda: list(world.interrupted),
        recover_take=lambda path: world.recovered.append(path) or path,
        make_demo_take=make_demo,
        problems=list(problems or []),
        pick_random=lambda questions: questions[0],
    )
    services.practice = fake_practice(store_dir, world)
    return services, world


def fake_practice(store_dir: Path, world: FakeWorld) -> Practice:
    """A real history in ``store_dir``; playback and the replay clock are the world's."""

    def stop_playing() -> None:
        world.stopped_playing += 1

    return Practice(
        store=Store(Path(store_dir) / "history.sqlite3"),
        play=world.played.append,
        stop_playing=stop_playing,
        clock=lambda: world.now,
    )


def snapshot_app(**options) -> RehearseApp:
    services, world = fake_services(Path(tempfile.mkdtemp(prefix="rehearse-snap-")), **options)
    world.elapsed_s = 97.0
    world.level = 0.7
    return create_app(services, level="senior")


if __name__ == "__main__":
    snapshot_app().run()
