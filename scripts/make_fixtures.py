#!/usr/bin/env python3
"""Synthesize the spoken test answers (tests/data/answers/*.toml) with Piper.

Writes ``<id>-<hash>.wav`` (16 kHz mono) and the gold ``.json`` next to it into --out,
reusing files whose answer and settings are unchanged, then prints each answer's
measured speech duration and section times.

    python scripts/make_fixtures.py --out ~/.cache/rehearse-test/synth
    python scripts/make_fixtures.py --out /tmp/synth senior_ownership_good --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # so "tests.synth" imports when run as a script
    sys.path.insert(0, str(ROOT))

from tests import synth  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="*", help="answer ids or TOML paths (default: all in tests/data/answers)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output directory (default: $REHEARSE_TEST_CACHE or the user cache dir rehearse-test/synth)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON summary per answer")
    args = parser.parse_args(argv)

    out_dir = args.out if args.out is not None else synth.default_cache_dir()
    names = args.answers or list(synth.load_answers())
    for name in names:
        started = time.perf_counter()
        gold = synth.ensure_answer(name, out_dir)
        summary = synth.gold_summary(gold) | {"seconds_to_build": round(time.perf_counter() - started, 1)}
        if args.json:
            print(json.dumps(summary))
            continue
        sections = "  ".join(f"{k[:4]} {v:5.1f}" for k, v in summary["sections_s"].items())
        print(
            f"{gold.answer_id:<26} {gold.level:<6} speech {gold.total_speech_s:6.1f} s  "
            f"{summary['wpm']:3d} wpm  | {sections}  ({summary['seconds_to_build']} s)"
        )
    print(f"files in {out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
