"""The argument parser of the ``rehearse`` command (every subcommand and option)."""

from __future__ import annotations

import argparse

from rehearse import __version__
from rehearse.errors import BadInputError

DESCRIPTION = "Command line: ``rehearse`` opens the TUI; subcommands run headless."


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
    parser = _Parser(prog="rehearse", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"rehearse {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("analyze", help="transcribe and analyse recorded answers")
    p.add_argument(
        "audio", nargs="+",
        help="audio files (wav, flac, mp3, m4a, ogg, ...) or folders of them; several are analysed in parallel",
    )
    _add_level_lp(p)
    _add_model(p)
    p.add_argument("--json", action="store_true", help="print the JSON report (JSON Lines for several files)")

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
