"""`rehearse analyze FILE|DIR ...`: one take as before; many takes in parallel with a progress bar.

With several files, `--json` prints JSON Lines (one report object per line, in the order the
files finish; a file that failed is `{"source": ..., "path": ..., "error": ...}`), and the readable
mode prints each report under its file name. Errors go to stderr, one line each; the exit code
is 2 if any file failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from rehearse.analysis.batch import Job, Outcome, analyze_many, expand_inputs


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, width: int = 28) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream, self.width = stream, width
        self.enabled = stream.isatty()

    def line(self, last: str = "") -> str:
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        failed = f", {self.failed} failed" if self.failed else ""
        return f"[{bar}] {self.done}/{self.total}{failed} {last}"[:100]

    def advance(self, name: str, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        self.draw(name)

    def draw(self, last: str = "") -> None:
        if self.enabled:
            self.stream.write("\r\033[K" + self.line(last))
            self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_analyze(args: argparse.Namespace) -> int:
    files = expand_inputs(args.audio)
    if len(files) == 1 and not Path(args.audio[0]).is_dir():
        return _analyze_single(args, files[0])
    job = Job(args.level, args.lp, args.model, args.allow_download, args.beam_size)
    return _analyze_batch(args, files, job)


def _analyze_single(args: argparse.Namespace, path: Path) -> int:
    from rehearse.analysis.pipeline import Analyzer
    from rehearse.analysis.report import report_to_dict
    from rehearse.asr.transcription import TranscriptionOptions
    from rehearse.cli.render import render_report

    options = TranscriptionOptions(beam_size=args.beam_size)
    analyzer = Analyzer(model=args.model, allow_download=args.allow_download, options=options)
    report = analyzer.analyze_file(path, level=args.level, lp=args.lp)
    if args.json:
        sys.stdout.write(json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n")
    else:
        render_report(report)
    return 0


def _analyze_batch(args: argparse.Namespace, files: list[Path], job: Job) -> int:
    from rehearse.analysis.pipeline import validate

    validate(job.level, job.lp)  # an unknown level or LP fails once, before any model loads
    bar = ProgressBar(len(files))
    bar.draw("loading the speech model")
    failed = 0
    for outcome in analyze_many(files, job):
        bar.clear()
        failed += 0 if outcome.report else 1
        _emit(outcome, args.json)
        bar.advance(Path(outcome.path).name, outcome.report is not None)
    bar.clear()
    ok = len(files) - failed
    print(f"rehearse: analysed {ok} of {len(files)} files" + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    return 2 if failed else 0


def _emit(outcome: Outcome, as_json: bool) -> None:
    from rehearse.analysis.report import report_to_dict
    from rehearse.cli.render import render_report

    name = Path(outcome.path).name
    if outcome.report is None:
        print(f"rehearse: {name}: {outcome.error}", file=sys.stderr)
        if as_json:
            print(json.dumps({"source": name, "path": outcome.path, "error": outcome.error}, ensure_ascii=False), flush=True)
        return
    if as_json:
        print(json.dumps(report_to_dict(outcome.report), ensure_ascii=False), flush=True)
    else:
        print(f"== {outcome.path}")
        render_report(outcome.report)
        sys.stdout.flush()
