"""Command line: ``rehearse`` opens the TUI; subcommands run headless.

Every RehearseError becomes one line on stderr and exit code 2; nothing else
reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rehearse.cli.parser import build_parser
from rehearse.errors import RehearseError


def _print_json(data: object) -> None:
    from rehearse.analysis.report import json_text

    sys.stdout.write(json_text(data))


def _cmd_analyze(args: argparse.Namespace) -> int:
    from rehearse.cli.analyze import run_analyze

    return run_analyze(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from rehearse.analysis.pipeline import check_transcript, grade_probe_file
    from rehearse.analysis.report import report_to_dict
    from rehearse.cli.render import render_probe, render_report

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
    from rehearse.cli.render import render_question_bank
    from rehearse.prompts import load_question_bank

    bank = load_question_bank()
    if args.json:
        _print_json(bank.to_dict(lp=args.lp))
    else:
        render_question_bank(bank, lp=args.lp)
    return 0


def _cmd_record(args: argparse.Namespace) -> int:
    from rehearse.cli.record import run_record

    return run_record(args)


def _cmd_devices(args: argparse.Namespace) -> int:
    from rehearse.cli.record import run_devices

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
    from rehearse.cli import practice as practice_cli

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
    except MemoryError:  # anywhere outside the transcriber, which says which file it was
        print("rehearse: out of memory — close other programs, or split the recording into shorter files", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rehearse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
