#!/usr/bin/env python3
"""Median time of rubric.check() on a ~3-minute (~450 words) and a 30-minute transcript.

The transcripts are built from the labeled dev answers (tests/data/rubric), split into
sentences and segmented once; only check() is timed (segmentation is reported separately).
Target: <= 20 ms for 3 minutes.

    python scripts/bench_rubric.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_rubric import load_dataset  # noqa: E402

from rehearse.analysis.segmentation import segment  # noqa: E402
from rehearse.lang.sentences import split_text  # noqa: E402
from rehearse.rubric import check, load_rules  # noqa: E402


def transcript(words: int) -> str:
    pool = " ".join(a.text for a in load_dataset()).split()
    out: list[str] = []
    while len(out) < words:
        out.extend(pool[: words - len(out)])
    return " ".join(out)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    rules = load_rules()
    for label, words, repeat in (("3-minute (~450 words)", 450, args.repeat),
                                 ("30-minute (~4500 words)", 4500, max(5, args.repeat // 5))):
        text = transcript(words)
        sections = segment(split_text(text))
        check(sections, "senior", "ownership", rules)  # warm-up
        seg_ms = median_ms(lambda text=text: segment(split_text(text)), repeat)
        chk_ms = median_ms(lambda sections=sections: check(sections, "senior", "ownership", rules), repeat)
        print(f"{label:26s} check() median {chk_ms:7.2f} ms   (split+segment {seg_ms:7.2f} ms, {repeat} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
