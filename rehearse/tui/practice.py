"""The TUI's port to the practice history, drills and replay (issue 6).

``Services.practice`` holds one :class:`Practice`. Tests build it over a Store in a temp
dir with a fake player and a settable clock; :func:`build_practice` wires the real ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rehearse.errors import RehearseError
from rehearse.practice import drills
from rehearse.practice.consistency import Conflict, check_takes
from rehearse.practice.drills import DrillOutcome, ProbeAnswer
from rehearse.practice.store import Store, TakeRecord
from rehearse.prompts import DrillSpec, Levels, load_levels


@dataclass
class Practice:
    store: Store
    levels: Levels = field(default_factory=load_levels)
    play: Callable[[Path], None] | None = None  # start playing a take; returns at once
    stop_playing: Callable[[], None] = lambda: None
    clock: Callable[[], float] = time.monotonic  # replay position = clock() - start

    @property
    def drills(self) -> Sequence[DrillSpec]:
        return self.levels.drills

    def drill(self, drill_id: str) -> DrillSpec:
        return self.levels.drill(drill_id)

    def window(self, drill_id: str, level: str) -> tuple[float | None, float | None]:
        return self.drill(drill_id).window(self.levels.get(level))

    def best(self, drill_id: str, level: str) -> float | None:
        return self.store.best_drill_time(drill_id, level)

    def save_take(
        self, report: Mapping[str, Any], audio_path: Path | None, report_path: Path | None, *,
        story: str | None = None, question_text: str | None = None, origin: str = "take",
    ) -> TakeRecord:
        return self.store.add_take(
            report, audio_path=audio_path, report_path=report_path, story=story,
            question_text=question_text, origin=origin,
        )

    def evaluate(self, drill_id: str, report: Mapping[str, Any], *, story: str | None = None,
                 take_id: int | None = None, first: Mapping[str, Any] | None = None) -> DrillOutcome:
        if drill_id == drills.SITUATION_SPRINT:
            outcome = drills.evaluate_situation_sprint(report, self.levels)
        elif drill_id == drills.FULL_STORY:
            outcome = drills.evaluate_full_story(report, self.levels)
        elif drill_id == drills.OTHER_ANGLE:
            outcome = drills.evaluate_other_angle(report, first, self.levels)
        else:
            raise RehearseError(f"{drill_id} is not a one-take drill", "use evaluate_rapid_fire")
        return drills.record(self.store, outcome, story=story, take_id=take_id)

    def evaluate_rapid_fire(self, answers: Sequence[ProbeAnswer], level: str, lp: str, grade=None,
                            story: str | None = None) -> DrillOutcome:
        outcome = drills.evaluate_rapid_fire(answers, level, lp, self.levels, grade=grade)
        return drills.record(self.store, outcome, story=story)

    def first_telling(self, story: str | None, lp: str) -> tuple[TakeRecord, dict] | None:
        """The latest take of ``story`` told for another LP (the other-angle drill's baseline)."""
        if not story:
            return None
        earlier = [t for t in self.store.takes(story=story) if t.lp != lp]
        if not earlier:
            return None
        return earlier[-1], self.store.report(earlier[-1].id)

    def consistency(self, story: str) -> list[Conflict]:
        tellings = []
        for take in self.store.takes(story=story):
            report = self.store.report(take.id)
            tellings.append((f"take {take.id}", transcript_text(report)))
        return check_takes(tellings)


def transcript_text(report: Mapping[str, Any]) -> str:
    transcript = report.get("transcript") or {}
    return str(transcript.get("text") or " ".join(str(s.get("text", "")) for s in report.get("sections") or []))


@dataclass(frozen=True)
class TimedWord:
    text: str
    start_s: float
    end_s: float


def timed_words(report: Mapping[str, Any]) -> list[TimedWord]:
    """The transcript's words with times; a take without times falls back to its sections' spans."""
    words = (report.get("transcript") or {}).get("words") or []
    out = [
        TimedWord(str(w.get("w", "")), float(w["start_s"]), float(w.get("end_s") or w["start_s"]))
        for w in words if w.get("start_s") is not None
    ]
    if out:
        return out
    for section in report.get("sections") or []:  # spread a section's words over its span
        tokens = str(section.get("text", "")).split()
        start, end = section.get("start_s"), section.get("end_s")
        if not tokens or start is None or end is None:
            continue
        step = (float(end) - float(start)) / len(tokens)
        out += [TimedWord(t, float(start) + i * step, float(start) + (i + 1) * step) for i, t in enumerate(tokens)]
    return out


def word_at(words: Sequence[TimedWord], position_s: float) -> int | None:
    """Index of the word being spoken at ``position_s`` (the last one started), None before the first."""
    current = None
    for index, word in enumerate(words):
        if word.start_s <= position_s:
            current = index
        else:
            break
    return current


def save_analysed_take(services: Any, story: str | None, job: Any, data: Mapping[str, Any],
                       audio_path: Path, report_path: Path | None) -> str | None:
    """Called by the results screen's worker: add the take to the history; returns a warning or None."""
    practice = getattr(services, "practice", None)
    if practice is None:
        return None
    origin = {"demo": "demo", "file": "file", "interrupted": "recovered"}.get(getattr(job, "origin", ""), "take")
    try:
        practice.save_take(data, audio_path, report_path, story=story,
                           question_text=getattr(job, "question_text", None), origin=origin)
    except RehearseError as err:
        return f"Saved as files, not in the history: {err}"
    return None


def build_practice(data_dir: Path, output_device: str | int | None = None) -> Practice | None:
    """The real history and player (on ``output_device``); None (with the reason raised) never blocks the app."""
    store = Store(Path(data_dir) / "history.sqlite3")
    practice = Practice(store=store)
    try:
        from rehearse import audio

        if audio.check_audio(None, output_device).can_play:
            sink = audio.SoundDeviceSink(output_device)

            def play(path: Path) -> None:
                samples, rate = audio.load_audio(path)
                sink.play(samples, rate, blocking=False)

            practice.play = play
            practice.stop_playing = sink.stop
    except Exception:  # no PortAudio: replay still scrolls the transcript without sound
        pass
    return practice
