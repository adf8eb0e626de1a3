#!/usr/bin/env python3
"""Score the rubric checker on the labeled dev set (tests/data/rubric/*.toml).

Prints per-criterion accuracy and red-flag precision/recall, on the answers as written
and on a speech-recognition-like variant (lower case, no punctuation), for three sets:

- dev:      tests/data/rubric/dev_*.toml, the set the rules were tuned on (gates the exit code);
- heldout:  tests/data/rubric/heldout_*.toml, answers written after tuning, each batch scored
            before any fix it prompted (reported, not gated: it measures generalisation);
- blind:    tests/data/blind/batch*.toml, batches written by others from rubric-spec.md alone;
            each batch's first-touch score is in tests/data/blind/RESULTS.md;
- corpus:   tests/data/rubric/corpus_labels.toml, labels for real STAR answers written by others
            (../shared/corpus/star_texts, MIT, see its manifest.tsv); skipped when the texts are absent.

Exit code 1 when a dev score is under --min (default 0.95), so CI can use it.

    python scripts/eval_rubric.py [--data DIR] [--set dev|heldout|corpus|all] [--min 0.95] [--verbose]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rehearse.analysis.pipeline import check_text  # noqa: E402
from rehearse.rubric import CRITERIA, RED_FLAGS, load_rules  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "rubric"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "star_texts"
# Blind batches (tests/data/blind): written by others from the spec alone, in spoken sections.
BLIND_DATA = ROOT / "tests" / "data" / "blind"
SET_GLOBS = {"dev": "dev_*.toml", "heldout": "heldout_*.toml", "corpus": "corpus_labels.toml",
             "blind": "batch*.toml"}


@dataclass
class Labeled:
    id: str
    level: str
    lp: str
    text: str
    expect: dict[str, str]
    red_flags: set[str]
    hard: tuple[str, ...] = ()
    flags_judged: bool = True  # False: the labeler did not judge the red flags (corpus answers)


@dataclass
class Scores:
    variant: str
    n: int = 0
    label: str = ""
    correct: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    flag_tp: dict[str, int] = field(default_factory=dict)
    flag_fp: dict[str, int] = field(default_factory=dict)
    flag_fn: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def accuracy(self, crit: str) -> float:
        return self.correct.get(crit, 0) / max(1, self.total.get(crit, 0))

    def overall_accuracy(self) -> float:
        return sum(self.correct.values()) / max(1, sum(self.total.values()))

    def precision(self, fid: str | None = None) -> float:
        ids = [fid] if fid else list(RED_FLAGS)
        tp = sum(self.flag_tp.get(i, 0) for i in ids)
        fp = sum(self.flag_fp.get(i, 0) for i in ids)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, fid: str | None = None) -> float:
        ids = [fid] if fid else list(RED_FLAGS)
        tp = sum(self.flag_tp.get(i, 0) for i in ids)
        fn = sum(self.flag_fn.get(i, 0) for i in ids)
        return tp / (tp + fn) if tp + fn else 1.0

    def min_criterion_accuracy(self) -> float:
        return min(self.accuracy(c) for c in CRITERIA)


def load_dataset(data_dir: Path = DEFAULT_DATA, pattern: str = "dev_*.toml",
                 corpus_dir: Path = DEFAULT_CORPUS) -> list[Labeled]:
    """Labeled answers of the files matching pattern. An answer may give `file` (a text in
    corpus_dir) instead of `text`; it is skipped when that file is absent."""
    answers: list[Labeled] = []
    for path in sorted(data_dir.glob(pattern)):
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        for a in raw.get("answer", []):
            text = a.get("text")
            if text is None and "sections" in a:
                text = " ".join(" ".join(sec["text"].split()) for sec in a["sections"])
            if text is None:
                src = corpus_dir / a["file"]
                if not src.is_file():
                    continue
                text = src.read_text(encoding="utf-8")
            answers.append(
                Labeled(
                    id=a["id"], level=a["level"], lp=a["lp"], text=text,
                    expect=dict(a["expect"]), red_flags=set(a.get("red_flags", [])),
                    flags_judged="red_flags" in a,
                    hard=tuple(a.get("hard", ())),
                )
            )
    return answers


_KEEP_NUMBER_PUNCT = re.compile(r"(?<=\d)([.,])(?=\d)")


def asr_variant(text: str) -> str:
    """What Whisper-like output looks like at worst: lower case, no punctuation marks.

    Punctuation inside numbers ("0.3", "60,000") is kept, as Whisper writes it.
    """
    t = _KEEP_NUMBER_PUNCT.sub(lambda m: "\u2024" if m.group(1) == "." else "\u201a", text.lower())
    t = re.sub(r"[.,;:!?\"()\u2014\u2013]|(?<!\w)-(?!\w)", " ", t)
    t = t.replace("\u2024", ".").replace("\u201a", ",")
    return re.sub(r"\s+", " ", t).strip()


def evaluate(answers: list[Labeled], variant: str = "as_written", verbose: bool = False) -> Scores:
    rules = load_rules()
    scores = Scores(variant=variant)
    for a in answers:
        text = a.text if variant == "as_written" else asr_variant(a.text)
        result = check_text(text, a.level, a.lp, rules)
        got = {f.id: f.verdict for f in result.findings}
        scores.n += 1
        for crit in CRITERIA:
            if crit not in a.expect:
                continue
            scores.total[crit] = scores.total.get(crit, 0) + 1
            if got[crit] == a.expect[crit]:
                scores.correct[crit] = scores.correct.get(crit, 0) + 1
            else:
                scores.errors.append(f"{variant} {a.id} {crit}: expected {a.expect[crit]}, got {got[crit]}")
        got_flags = {f.id for f in result.red_flags}
        for fid in RED_FLAGS if a.flags_judged else ():
            exp, g = fid in a.red_flags, fid in got_flags
            if exp and g:
                scores.flag_tp[fid] = scores.flag_tp.get(fid, 0) + 1
            elif g:
                scores.flag_fp[fid] = scores.flag_fp.get(fid, 0) + 1
                scores.errors.append(f"{variant} {a.id} flag {fid}: unexpected")
            elif exp:
                scores.flag_fn[fid] = scores.flag_fn.get(fid, 0) + 1
                scores.errors.append(f"{variant} {a.id} flag {fid}: missed")
    return scores


def print_scores(s: Scores, verbose: bool = False) -> None:
    print(f"== {s.label + ' ' if s.label else ''}{s.variant} ({s.n} answers)")
    for crit in CRITERIA:
        print(f"  {crit:22s} accuracy {s.accuracy(crit):.3f}  ({s.correct.get(crit, 0)}/{s.total.get(crit, 0)})")
    print(f"  {'all criteria':22s} accuracy {s.overall_accuracy():.3f}")
    for fid in RED_FLAGS:
        tp, fp, fn = s.flag_tp.get(fid, 0), s.flag_fp.get(fid, 0), s.flag_fn.get(fid, 0)
        print(f"  flag {fid:25s} precision {s.precision(fid):.3f} recall {s.recall(fid):.3f}  (tp {tp} fp {fp} fn {fn})")
    print(f"  {'red flags (micro)':30s} precision {s.precision():.3f} recall {s.recall():.3f}")
    if verbose:
        for e in s.errors:
            print("   x", e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of the real STAR texts")
    ap.add_argument("--set", choices=["dev", "heldout", "corpus", "blind", "all"], default="all")
    ap.add_argument("--files", help="score only the files matching this glob (e.g. heldout_2.toml)")
    ap.add_argument("--min", type=float, default=0.95)
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    ok = True
    names = list(SET_GLOBS) if args.set == "all" else [args.set]
    if args.files:
        names = names[:1] if args.set != "all" else ["heldout"]
    for name in names:
        data_dir = BLIND_DATA if name == "blind" and args.data == DEFAULT_DATA else args.data
        answers = load_dataset(data_dir, args.files or SET_GLOBS[name], args.corpus)
        if not answers:
            print(f"== {name}: no answers (texts absent?), skipped")
            continue
        for variant in ("as_written", "asr_like"):
            s = evaluate(answers, variant)
            s.label = name
            print_scores(s, args.verbose)
            # Only the dev set gates: held-out and corpus scores are measurements.
            if name == "dev" and (s.overall_accuracy() < args.min or s.precision() < args.min
                                  or s.recall() < args.min):
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
