"""``rehearse record`` (headless twin of the recording screen) and ``rehearse devices``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from rehearse.errors import AudioDeviceError, NoSpeechError
from rehearse.units import format_clock

PROMPT = "Recording… press Enter to stop"
NO_AUDIO_TIMEOUT_S = 10.0


def _validate(level: str, lp: str) -> None:
    """Reject a bad level or LP before the microphone opens."""
    from rehearse.analysis.pipeline import validate

    validate(level, lp)


def _meter(recorder: object, done: threading.Event) -> None:
    """A one-line live timer and level meter on an interactive stderr."""
    width = 20
    while not done.wait(0.25):
        elapsed = recorder.elapsed_s  # type: ignore[attr-defined]
        filled = int(round(recorder.level * width))  # type: ignore[attr-defined]
        bar = "█" * filled + "·" * (width - filled)
        sys.stderr.write(f"\r  {format_clock(elapsed)}  {bar} ")
        sys.stderr.flush()
    sys.stderr.write("\r" + " " * (width + 12) + "\r")
    sys.stderr.flush()


def _wait_for_stop() -> None:
    """Return on Enter, EOF on stdin, or SIGINT (even if SIGINT was ignored, as for `cmd &`)."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if sys.stdin is not None and not sys.stdin.closed:
            sys.stdin.readline()
    except KeyboardInterrupt:
        pass
    except (OSError, ValueError):
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _note_interrupted_takes(directory: Path) -> None:
    from rehearse.audio.recorder import find_interrupted_takes

    for take in find_interrupted_takes(directory):
        print(
            f"rehearse: an interrupted take was kept: {take.path} — analyse it with 'rehearse analyze {take.path}'",
            file=sys.stderr,
        )


def run_record(args: argparse.Namespace) -> int:
    import time

    from rehearse.analysis.pipeline import Analyzer
    from rehearse.analysis.report import json_text, report_to_dict
    from rehearse.analysis.voice_live import LiveVoice
    from rehearse.asr.streaming import (
        StreamingTranscriber,
        report_from_stream,
        streaming_cpu_threads,
    )
    from rehearse.asr.transcription import TranscriptionOptions
    from rehearse.audio.devices import SoundDeviceSource
    from rehearse.audio.recorder import Recorder
    from rehearse.cli.render import render_report
    from rehearse.paths import ensure_writable_dir, takes_dir, write_private_text

    _validate(args.level, args.lp)
    directory = ensure_writable_dir(takes_dir())  # a read-only data dir fails before the model loads or the mic opens
    # Transcription runs while the candidate speaks: leave one core for capture.
    options = TranscriptionOptions(cpu_threads=streaming_cpu_threads(), beam_size=getattr(args, "beam_size", 1))
    analyzer = Analyzer(model=args.model, allow_download=args.allow_download, options=options)
    _ = analyzer.transcriber  # resolves the model now: a missing model fails before recording
    _note_interrupted_takes(directory)

    source = SoundDeviceSource(args.device)
    if source.note:
        print(f"rehearse: {source.note}", file=sys.stderr)
    recorder = Recorder(source, directory, metadata={"level": args.level, "lp": args.lp})
    stream = StreamingTranscriber(analyzer.transcriber, recorder.sample_rate).attach(recorder)  # loads the model
    voice = LiveVoice(recorder.sample_rate).attach(recorder)  # pitch and loudness, measured as you speak
    recorder.start()
    if not recorder.wait_for_audio(NO_AUDIO_TIMEOUT_S):
        stream.cancel()
        recorder.cancel()
        raise AudioDeviceError(
            f"the microphone {source.device.name!r} delivered no audio for {NO_AUDIO_TIMEOUT_S:.0f} s",
            "check it is not muted or used by another program, or pick another with --device",
        )
    print(PROMPT, file=sys.stderr, flush=True)
    done = threading.Event()
    meter = None
    if sys.stderr.isatty():
        meter = threading.Thread(target=_meter, args=(recorder, done), daemon=True)
        meter.start()
    try:
        _wait_for_stop()
    finally:
        stopped_at = time.monotonic()
        done.set()
        if meter is not None:
            meter.join()
        try:
            capture = recorder.stop()
        except BaseException:
            stream.cancel()
            raise
    print(f"rehearse: saved {capture.duration_s:.1f} s to {capture.path}", file=sys.stderr)
    if capture.overflows:
        print(
            f"rehearse: warning: {capture.overflows} input overflow(s) — some audio was dropped; "
            "close other busy programs and record again if the report looks wrong",
            file=sys.stderr,
        )

    try:
        report, streaming = report_from_stream(stream, analyzer, capture.path, args.level, args.lp, voice=voice)
    except NoSpeechError as err:
        raise discard_silent_take(capture.path, err) from None
    if "fallback" in streaming:
        print(f"rehearse: live transcription failed ({streaming['error']}); analysed the saved take instead", file=sys.stderr)
    data = report_to_dict(report)
    data["capture"] = capture.to_dict()
    data["streaming"] = {"stop_to_report_s": round(time.monotonic() - stopped_at, 3), **streaming}
    write_private_text(capture.path.with_suffix(".json"), json_text(data))
    _save_to_history(data, capture.path, getattr(args, "story", None))
    if args.json:
        sys.stdout.write(json_text(data))
    else:
        render_report(report)
        print(
            f"Capture: {capture.path}  {capture.duration_s:.1f} s  "
            f"{capture.overflows} overflow{'s' if capture.overflows != 1 else ''}"
        )
    return 0


def discard_silent_take(path: Path, err: NoSpeechError) -> NoSpeechError:
    """Delete a take with no speech: it would have no report and no history row to find it by."""
    Path(path).unlink(missing_ok=True)
    return NoSpeechError(f"{err.message} (the silent take {Path(path).name} was deleted)", err.hint)


def _save_to_history(report: dict, audio_path: Path, story: str | None) -> None:
    """Add the take to the practice history; a history failure only warns (the files are saved)."""
    from rehearse.practice.store import save_take_safely

    take, warning = save_take_safely(
        report, audio_path=audio_path, report_path=Path(audio_path).with_suffix(".json"), story=story
    )
    if warning:
        print(f"rehearse: warning: {warning}", file=sys.stderr)
    elif take is not None:
        print(f"rehearse: saved as take {take.id} in the history", file=sys.stderr)


def run_devices(args: argparse.Namespace) -> int:
    from rehearse.audio.devices import list_devices

    devices = list_devices()
    inputs = [d for d in devices if d.max_input_channels > 0]
    outputs = [d for d in devices if d.max_output_channels > 0]
    if getattr(args, "json", False):
        payload = {
            "input": [
                {"index": d.index, "name": d.name, "hostapi": d.hostapi, "channels": d.max_input_channels,
                 "default_samplerate": d.default_samplerate, "default": d.is_default_input}
                for d in inputs
            ],
            "output": [
                {"index": d.index, "name": d.name, "hostapi": d.hostapi, "channels": d.max_output_channels,
                 "default_samplerate": d.default_samplerate, "default": d.is_default_output}
                for d in outputs
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return 0
    for title, group, channels, is_default in (
        ("Input devices", inputs, lambda d: d.max_input_channels, lambda d: d.is_default_input),
        ("Output devices", outputs, lambda d: d.max_output_channels, lambda d: d.is_default_output),
    ):
        print(f"{title}:")
        if not group:
            print("  (none)")
        for d in group:
            mark = "*" if is_default(d) else " "
            print(f" {mark}{d.index:>3}  {d.name}  [{d.hostapi}]  {channels(d)} ch  {d.default_samplerate:.0f} Hz")
    print("* = default; pass the index or part of the name to --device")
    if not inputs:
        from rehearse.audio.devices import NO_INPUT_HINT

        print(f"No microphone found — {NO_INPUT_HINT}", file=sys.stderr)
    return 0
