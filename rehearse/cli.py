"""Command line: ``rehearse`` opens the TUI; subcommands run headless.

Every RehearseError becomes one line on stderr and exit code 2; nothing else
reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from rehearse import __version__
from rehearse.errors import BadInputError, RehearseError


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as RehearseError (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadInputError(f"{self.prog}: {message}", f"see '{self.prog} --help'")


def _add_level_lp(p: argparse.ArgumentParser) -> None:
    p.add_argument("--level", default=None, help="mid or senior (default: the 'level' setting, else mid)")
    p.add_argument("--lp", default=None, help="Leadership Principle id (see 'rehearse prompts'; default: the 'lp' setting)")


def _add_model(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        default=None,
        help="CTranslate2 model directory or faster-whisper model name (default: bundled tiny.en)",
    )
    p.add_argument(
        "--allow-download",
        action="store_true",
        help="allow fetching a named model that is not on disk (the only network use)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rehearse", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"rehearse {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("analyze", help="transcribe and analyse a recorded answer")
    p.add_argument("audio", help="audio file (wav, flac, mp3, m4a, ogg, ...)")
    _add_level_lp(p)
    _add_model(p)
    p.add_argument("--json", action="store_true", help="print the JSON report")

    p = sub.add_parser("check", help="run the rubric on a transcript (text or analyze JSON)")
    p.add_argument("transcript", help="plain-text transcript, the JSON written by 'analyze', or - for stdin")
    _add_level_lp(p)
    p.add_argument("--probe", default=None, help="grade a follow-up answer: escalation, motivation, verification, reflection")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("prompts", help="list the question bank")
    p.add_argument("--lp", default=None, help="only this Leadership Principle")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("record", help="record an answer from the microphone, then analyse it")
    _add_level_lp(p)
    _add_model(p)
    p.add_argument("--device", default=None, help="input device name or index (see 'rehearse devices')")
    p.add_argument("--json", action="store_true", help="print the JSON report")
    p.add_argument("--story", default=None, help="the story this take tells, e.g. 'webhook drop' (for the history)")

    p = sub.add_parser("devices", help="list audio input and output devices")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("config", help="show the settings file and the settings in force")
    p.add_argument("--init", action="store_true", help="write a commented settings file with every default")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("tui", help="open the rehearsal room (same as plain 'rehearse')")

    p = sub.add_parser("history", help="list saved takes")
    p.add_argument("--story", default=None, help="only takes of this story")
    p.add_argument("--lp", default=None, help="only this Leadership Principle")
    p.add_argument("--level", default=None, help="only this level")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="write a take's report as Markdown, HTML or JSON")
    p.add_argument("take", help="take number (see 'rehearse history')")
    p.add_argument("--format", choices=("md", "html", "json"), default="md", help="md, html or json (default: md)")
    p.add_argument("--out", default=None, help="write to this file instead of stdout")

    p = sub.add_parser("drill", help="run a timing drill (exit 1 when it fails)")
    p.add_argument("name", help="situation_sprint, full_story, follow_up_rapid_fire or other_angle")
    _add_level_lp(p)
    _add_model(p)
    p.add_argument("--story", default=None, help="the story you are telling (other_angle finds the first telling here)")
    p.add_argument("--audio", action="append", default=None, help="use this audio file instead of the microphone (repeat for rapid fire)")
    p.add_argument("--from-lp", default=None, help="other_angle with two --audio files: the first telling's LP")
    p.add_argument("--device", default=None, help="input device name or index (see 'rehearse devices')")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("stories", help="the story bank: coverage grid, or one story's consistency check")
    p.add_argument("--story", default=None, help="check this story's takes for changed numbers")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("delete", help="delete a take and its audio (asks first)")
    p.add_argument("take", help="take number (see 'rehearse history')")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _cmd_analyze(args: argparse.Namespace) -> int:
    from rehearse.pipeline import Analyzer
    from rehearse.report import render_report, report_to_dict
    from rehearse.transcription import TranscriptionOptions

    options = TranscriptionOptions(beam_size=args.beam_size)
    analyzer = Analyzer(model=args.model, allow_download=args.allow_download, options=options)
    report = analyzer.analyze_file(args.audio, level=args.level, lp=args.lp)
    if args.json:
        _print_json(report_to_dict(report))
    else:
        render_report(report)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from rehearse.pipeline import check_transcript, grade_probe_file
    from rehearse.report import render_probe, render_report, report_to_dict

    if args.probe:
        grade = grade_probe_file(args.transcript, args.probe)
        if args.json:
            _print_json(grade.to_dict())
        else:
            render_probe(grade)
        return 0
    report = check_transcript(args.transcript, level=args.level, lp=args.lp)
    if args.json:
        _print_json(report_to_dict(report))
    else:
        render_report(report)
    return 0


def _cmd_prompts(args: argparse.Namespace) -> int:
    from rehearse.prompts import load_question_bank, render_question_bank

    bank = load_question_bank()
    if args.json:
        _print_json(bank.to_dict(lp=args.lp))
    else:
        render_question_bank(bank, lp=args.lp)
    return 0


def _cmd_record(args: argparse.Namespace) -> int:
    from rehearse.audio.record_command import run_record

    return run_record(args)


def _cmd_devices(args: argparse.Namespace) -> int:
    from rehearse.audio.record_command import run_devices

    return run_devices(args)


def _cmd_config(args: argparse.Namespace) -> int:
    from rehearse.config import config_path, load_settings, write_template

    if args.init:
        print(f"wrote {write_template()}")
        return 0
    settings = load_settings()
    if args.json:
        _print_json({"path": str(config_path()), "exists": config_path().is_file(), "settings": settings.to_dict()})
    else:
        state = "" if config_path().is_file() else " (not created yet: 'rehearse config --init')"
        print(f"settings file: {config_path()}{state}")
        for key, value in settings.to_dict().items():
            print(f"  {key} = {value!r}")
    return 0


def apply_settings(args: argparse.Namespace) -> argparse.Namespace:
    """Fill options the user left out from the settings file (command line wins)."""
    # Listing commands (prompts, history, stories) read a missing --lp as "all"; leave them be.
    if args.command not in {"analyze", "check", "record", "drill"}:
        return args
    from rehearse.config import load_settings

    settings = load_settings()
    if getattr(args, "level", "") is None:
        args.level = settings.level
    if getattr(args, "lp", "") is None:
        args.lp = settings.lp
    if hasattr(args, "model") and args.model is None:
        args.model = settings.model
    if hasattr(args, "allow_download"):
        args.allow_download = args.allow_download or settings.allow_download
    if hasattr(args, "device") and args.device is None:
        args.device = settings.input_device
    args.beam_size = settings.beam_size
    return args


def _cmd_tui(args: argparse.Namespace) -> int:
    from rehearse.tui.app import run_app

    return run_app()


def _cmd_practice(args: argparse.Namespace) -> int:
    from rehearse import practice_cli

    return getattr(practice_cli, f"run_{args.command}")(args)


_COMMANDS = {
    "analyze": _cmd_analyze,
    "check": _cmd_check,
    "prompts": _cmd_prompts,
    "record": _cmd_record,
    "devices": _cmd_devices,
    "config": _cmd_config,
    "tui": _cmd_tui,
    "history": _cmd_practice,
    "export": _cmd_practice,
    "drill": _cmd_practice,
    "stories": _cmd_practice,
    "delete": _cmd_practice,
    None: _cmd_tui,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = apply_settings(build_parser().parse_args(argv))
        return _COMMANDS[args.command](args)
    except RehearseError as err:
        print(f"rehearse: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("rehearse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
