#!/usr/bin/env python3
"""Segmenter accuracy on real STAR answers written by others (../shared/corpus/star_texts).

    .venv/bin/python scripts/eval_segmentation.py [--asr] [--blind [GLOB]]

Each labelled answer (Situation:/Task:/Action:/Result: headings) is stripped of its labels,
segmented, and scored per sentence against the author's labels. --asr also scores a
lower-case, unpunctuated version, as Whisper sometimes returns. --blind scores the blind
batches instead (tests/data/blind/batch*.toml, sections written in spoken order by others);
their timed, spoken scores come from scripts/eval_speech.py. Prints figures only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from rehearse.analysis.segmentation import label_sentences
from rehearse.lang.sentences import split_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "star_texts"
BLIND = Path(__file__).resolve().parent.parent / "tests" / "data" / "blind"
HEADING = re.compile(r"^\s*(situation|task|action|result|results|reflection|learnings?|lesson)\s*:\s*(.*)$", re.I)
NAMES = {"results": "result", "learning": "reflection", "learnings": "reflection", "lesson": "reflection"}


def labelled_units(path: Path) -> list[tuple[str, str]]:
    units, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = HEADING.match(line)
        if m:
            current = NAMES.get(m.group(1).lower(), m.group(1).lower())
            line = m.group(2)
        if current and line.strip():
            for s in split_text(line.strip().rstrip(".") + "."):
                units.append((current, s.text))
    return units


def blind_units(pattern: str) -> list[list[tuple[str, str]]]:
    """Per blind answer, (gold section, sentence) in spoken order."""
    import tomllib

    answers = []
    for path in sorted(BLIND.glob(pattern)):
        for answer in tomllib.loads(path.read_text(encoding="utf-8"))["answer"]:
            answers.append([(sec["name"], s.text) for sec in answer["sections"]
                            for s in split_text(" ".join(sec["text"].split()))])
    return answers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--asr", action="store_true", help="also score lower-case unpunctuated text")
    ap.add_argument("--blind", nargs="?", const="batch*.toml", help="score blind batches (glob)")
    args = ap.parse_args()
    if args.blind:
        answers = blind_units(args.blind)
    else:
        answers = [u for u in (labelled_units(p) for p in sorted(CORPUS.glob("*.txt"))) if len({x[0] for x in u}) >= 3]
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    variants = [("as written", lambda t: t)]
    if args.asr:
        variants.append(("asr-style", lambda t: re.sub(r"[.,;:!?]", "", t.lower())))
    for name, transform in variants:
        right = total = answers_seen = 0
        confusion: dict[tuple[str, str], int] = {}
        for units in answers:
            answers_seen += 1
            gold = [u[0] for u in units]
            # Score on the author's sentence units so the split does not move the goalposts.
            from rehearse.models import Sentence

            sents = [Sentence(transform(u[1])) for u in units]
            pred = label_sentences(sents)
            right += sum(g == p for g, p in zip(gold, pred))
            total += len(gold)
            for g, p in zip(gold, pred):
                if g != p:
                    confusion[(g, p)] = confusion.get((g, p), 0) + 1
        print(f"{name:11s} {answers_seen} answers, {total} sentences, sentence-label accuracy {right / total:.3f}")
        worst = sorted(confusion.items(), key=lambda kv: -kv[1])[:6]
        print("            most confused (gold -> labelled): "
              + ", ".join(f"{g}->{p} {n}" for (g, p), n in worst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
