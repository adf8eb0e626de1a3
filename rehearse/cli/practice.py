"""``rehearse history | export | drill | stories | delete``: the practice history from the shell.

cli.py parses the arguments and calls the ``run_*`` functions here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rehearse.cli.record import discard_silent_take
from rehearse.errors import AudioDeviceError, BadInputError, NoSpeechError, StoreError
from rehearse.paths import write_private_text
from rehearse.practice.store import Store, TakeRecord


def _print_json(data: object) -> None:
    from rehearse.analysis.report import json_text

    sys.stdout.write(json_text(data))


def _console():
    from rich.console import Console

    return Console()


def _clock(seconds: float | None) -> str:
    from rehearse.practice.drills import clock

    return clock(seconds)


def _target(take: TakeRecord) -> str:
    low, high = take.metrics.target_min_s, take.metrics.target_max_s
    if low and high:
        return f"{_clock(low)}–{_clock(high)}"
    return f"<{_clock(high)}" if high else "–"


def _fit(take: TakeRecord) -> str:
    m = take.metrics
    if m.total_s is None:
        return ""
    if m.target_max_s is not None and m.total_s > m.target_max_s:
        return "long"
    if m.target_min_s is not None and m.total_s < m.target_min_s:
        return "short"
    return "ok"


# -- history -------------------------------------------------------------------------------


def run_history(args: argparse.Namespace) -> int:
    store = Store()
    takes = store.takes(story=args.story, lp=args.lp, level=args.level)
    if args.json:
        _print_json({"takes": [t.to_dict() for t in takes]})
        return 0
    if not takes:
        print("No takes yet — record one with 'rehearse record --story NAME' or in the TUI.")
        return 0
    from rich import box
    from rich.table import Table

    table = Table(title="Practice history", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("#", "When", "Story", "LP", "Lvl", "Total", "Sit.", "Rubric", "Fill/m", "wpm"):
        table.add_column(column, no_wrap=column not in ("Story", "LP"))
    for t in takes:
        m = t.metrics
        within = m.total_s is not None and (m.target_max_s is None or m.total_s <= m.target_max_s) and (
            m.target_min_s is None or m.total_s >= m.target_min_s
        )
        table.add_row(
            str(t.id), t.created_at[5:16].replace("T", " "), t.story or "–", t.lp.replace("_", " "), t.level[:3],
            f"[{'green' if within else 'red'}]{_clock(m.total_s)} {_fit(t)}[/]", _clock(m.situation_s),
            f"{m.rubric_pass}/{m.rubric_total}" if m.rubric_total else "–",
            f"{m.fillers_per_min:.1f}" if m.fillers_per_min is not None else "–",
            f"{m.wpm:.0f}" if m.wpm is not None else "–",
        )
    _console().print(table)
    return 0


# -- export --------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from rehearse.practice.export import export

    store = Store()
    take = store.get_take(args.take)
    text = export(store.report(take.id), take_meta(take), args.format)
    if args.out:
        out = Path(args.out).expanduser()
        try:
            write_private_text(out, text)
        except StoreError as err:  # a missing or read-only directory: --out is the user's choice, not our data dir
            raise BadInputError(err.message, "choose another --out path") from None
        print(f"rehearse: wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def take_meta(take: TakeRecord) -> dict[str, Any]:
    """What an export says about the take (no local paths: exports get shared)."""
    return {
        "id": take.id,
        "created_at": take.created_at,
        "story": take.story,
        "question_text": take.question_text,
        "lp": take.lp,
        "level": take.level,
    }


# -- stories -------------------------------------------------------------------------------


def story_consistency(store: Store, story: str) -> list[Any]:
    from rehearse.practice.consistency import check_takes

    takes = store.takes(story=story)
    tellings = []
    for take in takes:
        report = store.report(take.id)
        text = (report.get("transcript") or {}).get("text") or " ".join(s.get("text", "") for s in report.get("sections") or [])
        tellings.append((f"take {take.id}", text))
    return check_takes(tellings)


def run_stories(args: argparse.Namespace) -> int:
    from rehearse.prompts import LP_IDS

    store = Store()
    if args.story:
        takes = store.takes(story=args.story)
        if not takes:
            raise BadInputError(f"no takes for story {args.story!r}", "see 'rehearse stories' for the names")
        conflicts = story_consistency(store, args.story)
        if args.json:
            _print_json({"story": args.story, "takes": [t.to_dict() for t in takes], "conflicts": [c.to_dict() for c in conflicts]})
            return 0
        print(f"{takes[0].story}: {len(takes)} take(s) — " + ", ".join(f"#{t.id} {t.lp}" for t in takes))
        if not conflicts:
            print("Consistent: the numbers agree across tellings.")
        for c in conflicts:
            print(f"⚑ {c.unit} changed: {c.message}")
        return 0
    grid = store.coverage()
    if args.json:
        _print_json({"stories": [s.__dict__ for s in store.stories()], "coverage": grid})
        return 0
    if not grid:
        print("No stories yet — name one with 'rehearse record --story \"webhook drop\"'.")
        return 0
    from rich.table import Table

    table = Table(title="Story coverage (takes per Leadership Principle)")
    table.add_column("LP")
    for story in grid:
        table.add_column(story, justify="center")
    for lp in LP_IDS:
        row = [str(grid[s].get(lp, "")) or "·" for s in grid]
        style = "dim" if all(cell == "·" for cell in row) else ""
        table.add_row(lp.replace("_", " "), *row, style=style)
    _console().print(table)
    uncovered = [lp for lp in LP_IDS if not any(grid[s].get(lp) for s in grid)]
    if uncovered:
        print(f"No story yet for {len(uncovered)} LP(s): " + ", ".join(u.replace("_", " ") for u in uncovered))
    return 0


# -- delete --------------------------------------------------------------------------------


def run_delete(args: argparse.Namespace) -> int:
    store = Store()
    take = store.get_take(args.take)
    if not args.yes:
        files = ", ".join(p for p in (take.audio_path, take.report_path) if p) or "no files"
        sys.stderr.write(f"Delete take {take.id} ({take.lp}, {take.created_at[:16]}) and its files ({files})? [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline() if sys.stdin is not None else ""
        if answer.strip().lower() not in ("y", "yes"):
            print("rehearse: nothing deleted", file=sys.stderr)
            return 1
    result = store.delete_take(take.id)
    for path in result.removed:
        print(f"rehearse: removed {path}", file=sys.stderr)
    for path in result.kept:
        print(f"rehearse: kept {path} (not recorded by rehearse)", file=sys.stderr)
    print(f"Deleted take {take.id}.")
    return 0


# -- drill ---------------------------------------------------------------------------------


def _record_from_mic(device: str | None, prefix: str, metadata: dict, prompt: str) -> Path:
    """One recording until Enter, with the same helpers as 'rehearse record'."""
    import threading

    from rehearse.audio.devices import SoundDeviceSource
    from rehearse.audio.recorder import Recorder, takes_dir
    from rehearse.cli.record import NO_AUDIO_TIMEOUT_S, PROMPT, _meter, _wait_for_stop

    source = SoundDeviceSource(device)
    recorder = Recorder(source, takes_dir(), prefix=prefix, metadata=metadata)
    print(prompt, file=sys.stderr)
    recorder.start()
    if not recorder.wait_for_audio(NO_AUDIO_TIMEOUT_S):
        recorder.cancel()
        raise AudioDeviceError(
            f"the microphone delivered no audio for {NO_AUDIO_TIMEOUT_S:.0f} s",
            "check it is not muted or used by another program, or pick another with --device",
        )
    print(PROMPT, file=sys.stderr, flush=True)
    done = threading.Event()
    meter = threading.Thread(target=_meter, args=(recorder, done), daemon=True) if sys.stderr.isatty() else None
    if meter is not None:
        meter.start()
    try:
        _wait_for_stop()
    finally:
        done.set()
        if meter is not None:
            meter.join()
        capture = recorder.stop()
    return Path(capture.path)


def _save(store: Store, report: dict, audio: Path, recorded: bool, story: str | None, question: str) -> TakeRecord:
    report_path = None
    if recorded:  # our own recording: keep its report beside it, like 'rehearse record'
        from rehearse.analysis.report import json_text

        report_path = audio.with_suffix(".json")
        write_private_text(report_path, json_text(report))
    return store.add_take(report, audio_path=audio, report_path=report_path, story=story, question_text=question, origin="drill")


def run_drill(args: argparse.Namespace) -> int:
    from rehearse.analysis.pipeline import Analyzer, validate
    from rehearse.analysis.report import report_to_dict
    from rehearse.practice import drills
    from rehearse.prompts import load_levels, load_question_bank

    levels = load_levels()
    spec = levels.drill(args.name)
    level, lp = validate(args.level, args.lp)
    audio = [Path(a).expanduser() for a in (args.audio or [])]
    for path in audio:
        if not path.is_file():
            raise BadInputError(f"audio file not found: {path}", "check the path")
    store = Store()
    if not audio:  # recording from the mic: a read-only data dir fails now, not after the answer
        from rehearse.paths import ensure_writable_dir, takes_dir

        ensure_writable_dir(takes_dir())
    analyzer = Analyzer(model=args.model, allow_download=args.allow_download)
    _ = analyzer.transcriber  # a missing model fails before anything is recorded
    story = args.story
    saved: list[int] = []

    def take_audio(index: int, prompt: str, prefix: str) -> tuple[Path, bool]:
        if audio:
            return audio[index], False
        return _record_from_mic(args.device, prefix, {"level": level, "lp": lp, "drill": spec.id}, prompt), True

    def analyze(path: Path, recorded: bool, take_lp: str, question: str) -> dict:
        try:
            report = report_to_dict(analyzer.analyze_file(path, level=level, lp=take_lp))
        except NoSpeechError as err:  # a silent recording is deleted; the user's own file never is
            raise discard_silent_take(path, err) if recorded else err from None
        saved.append(_save(store, report, path, recorded, story, question).id)
        return report

    if spec.id == drills.RAPID_FIRE:
        if audio and len(audio) != len(spec.probes):
            raise BadInputError(
                f"rapid fire needs {len(spec.probes)} audio files (one per probe: {', '.join(spec.probes)})",
                "pass --audio once per probe, in that order",
            )
        bank = load_question_bank()
        answers = []
        for index, kind in enumerate(spec.probes):
            question = bank.probe(lp, kind).text
            path, recorded = take_audio(index, f"Probe {index + 1}/{len(spec.probes)}: {question}", f"drill-{kind}")
            try:
                transcript = analyzer.transcriber.transcribe_file(path)
            except NoSpeechError as err:
                raise discard_silent_take(path, err) if recorded else err from None
            spoken = transcript.speech_end_s - transcript.speech_start_s if transcript.words else 0.0
            answers.append(drills.ProbeAnswer(kind, transcript.text, spoken))
        outcome = drills.evaluate_rapid_fire(answers, level, lp, levels)
    elif spec.id == drills.OTHER_ANGLE:
        first = None
        if len(audio) == 2:
            if not args.from_lp:
                raise BadInputError("two audio files need --from-lp for the first telling", "e.g. --from-lp ownership")
            _level, from_lp = validate(level, args.from_lp)
            first = analyze(audio[0], False, from_lp, f"first telling ({from_lp})")
            audio = audio[1:]
        elif story:
            earlier = [t for t in store.takes(story=story, level=None) if t.lp != lp]
            if earlier:
                first = store.report(earlier[-1].id)
        if first is None:
            raise BadInputError(
                "the other-angle drill needs a first telling of the story for another LP",
                "pass --story NAME of a story you told for another LP, or two --audio files with --from-lp",
            )
        path, recorded = take_audio(0, f"Retell the story for {lp.replace('_', ' ')}.", "drill-angle")
        outcome = drills.evaluate_other_angle(analyze(path, recorded, lp, f"retelling for {lp}"), first, levels)
    else:
        if audio and len(audio) != 1:
            raise BadInputError(f"{spec.name} takes one audio file", "pass --audio once")
        path, recorded = take_audio(0, f"{spec.name}: {spec.description}", f"drill-{spec.id}")
        report = analyze(path, recorded, lp, spec.name)
        evaluate = drills.evaluate_situation_sprint if spec.id == drills.SITUATION_SPRINT else drills.evaluate_full_story
        outcome = evaluate(report, levels)
    outcome = drills.record(store, outcome, story=story, take_id=saved[-1] if saved else None)
    if args.json:
        _print_json({**outcome.to_dict(), "takes": saved})
    else:
        print_outcome(outcome)
    return 0 if outcome.passed else 1


def print_outcome(outcome: Any) -> None:
    from rich.markup import escape

    console = _console()
    style = "bold green" if outcome.passed else "bold red"
    console.print(f"[{style}]{escape(outcome.headline)}[/]")
    for part in outcome.parts:
        mark = "[green]✓[/]" if part.passed else "[red]✗[/]"
        console.print(f" {mark} {escape(part.label.replace('_', ' '))}: {escape(part.detail)}")
    for note in outcome.notes:
        console.print(f" • {escape(note)}", style="yellow")
