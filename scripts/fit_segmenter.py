#!/usr/bin/env python3
"""Fit the STAR segmenter's learned layer (rehearse/analysis/star_model.json) and print how
well it generalises.

    .venv/bin/python scripts/fit_segmenter.py [--l2 3.0] [--dry-run]

Labelled answers come from sources written by others: the real STAR texts in
../shared/corpus/star_texts (their authors' headings), each blind batch in tests/data/blind
(sections written by outside authors from rubric-spec.md), and the synthesized fixtures in
tests/data/answers. For every source the model is trained on all the *other* sources and
scored on that one (leave one source out), for each blend of learned and hand scores; the
blend with the best mean held-out sentence accuracy is kept, and the final model is trained
on everything. Prints the table; writes the weights unless --dry-run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_segmentation import CORPUS, labelled_units  # noqa: E402

from rehearse.analysis import segmentation  # noqa: E402
from rehearse.analysis.star_features import FEATURE_NAMES, sentence_features  # noqa: E402
from rehearse.analysis.star_model import WEIGHTS_PATH, StarModel, emission_scores  # noqa: E402
from rehearse.lang.sentences import split_text  # noqa: E402
from rehearse.models import SECTION_NAMES, Sentence  # noqa: E402

BLENDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
Answer = list[tuple[str, str]]  # (gold section, sentence) in spoken order


def load_sources() -> dict[str, list[Answer]]:
    sources: dict[str, list[Answer]] = {}
    if CORPUS.is_dir():
        answers = [labelled_units(p) for p in sorted(CORPUS.glob("*.txt"))]
        sources["star_texts"] = [a for a in answers if len({name for name, _ in a}) >= 3]
    fixtures = []
    for path in sorted((ROOT / "tests" / "data" / "answers").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        fixtures.append([(name, s.text) for name in SECTION_NAMES
                         for s in split_text(" ".join(data["sections"].get(name, [])))])
    sources["fixtures"] = fixtures
    for path in sorted((ROOT / "tests" / "data" / "blind").glob("batch*.toml")):
        batch = path.stem.split("_")[0]
        for answer in tomllib.loads(path.read_text(encoding="utf-8"))["answer"]:
            sources.setdefault(batch, []).append(
                [(sec["name"], s.text) for sec in answer["sections"] for s in split_text(" ".join(sec["text"].split()))])
    return sources


def design(answers: list[Answer]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for answer in answers:
        _hand, features = sentence_features([Sentence(text) for _, text in answer])
        rows.extend(features)
        labels.extend(SECTION_NAMES.index(name) for name, _ in answer)
    return np.asarray(rows, dtype=float), np.asarray(labels)


def train(answers: list[Answer], l2: float, blend: float, steps: int = 1500, rate: float = 0.5) -> StarModel:
    """Multinomial logistic regression, L2-regularised, by full-batch gradient descent."""
    x, y = design(answers)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    weights = np.zeros((z.shape[1], len(SECTION_NAMES)))
    bias = np.zeros(len(SECTION_NAMES))
    onehot = np.eye(len(SECTION_NAMES))[y]
    n = len(y)
    for _ in range(steps):
        logits = z @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        gradient = (probs - onehot) / n
        weights -= rate * (z.T @ gradient + l2 * weights / n)
        bias -= rate * gradient.sum(axis=0)
    return StarModel(mean=mean, scale=scale, weights=weights, bias=bias, blend=blend)


def accuracy(answers: list[Answer], model: StarModel) -> float:
    right = total = 0
    for answer in answers:
        sentences = [Sentence(text) for _, text in answer]
        emissions = emission_scores(sentences, model)
        labels = segmentation._viterbi(emissions, segmentation.change_bonus(sentences))
        right += sum(SECTION_NAMES[k] == name for k, (name, _) in zip(labels, answer))
        total += len(answer)
    return right / max(1, total)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--dry-run", action="store_true", help="print the table, do not write the weights")
    args = ap.parse_args(argv)
    sources = load_sources()
    print("sources: " + ", ".join(f"{k} {len(v)} answers" for k, v in sources.items()))
    print(f"{'held out':12s} " + " ".join(f"blend {b:.1f}" for b in BLENDS))
    table: dict[float, list[float]] = {b: [] for b in BLENDS}
    for held, answers in sources.items():
        others = [a for name, group in sources.items() if name != held for a in group]
        base = train(others, args.l2, 0.0)
        row = []
        for blend in BLENDS:
            score = accuracy(answers, StarModel(base.mean, base.scale, base.weights, base.bias, blend))
            table[blend].append(score)
            row.append(score)
        print(f"{held:12s} " + " ".join(f"{s:9.3f}" for s in row))
    means = {b: sum(v) / len(v) for b, v in table.items()}
    print(f"{'mean':12s} " + " ".join(f"{means[b]:9.3f}" for b in BLENDS))
    best = max(BLENDS, key=lambda b: (round(means[b], 3), -abs(b - 0.5)))
    print(f"kept: blend {best:.1f} (hand scores alone: {means[0.0]:.3f}, kept: {means[best]:.3f})")
    if args.dry_run:
        return 0
    model = train([a for group in sources.values() for a in group], args.l2, best)
    WEIGHTS_PATH.write_text(json.dumps({
        "about": "written by scripts/fit_segmenter.py; leave-one-source-out sentence accuracy below",
        "features": list(FEATURE_NAMES),
        "sections": list(SECTION_NAMES),
        "l2": args.l2,
        "blend": best,
        "trained_on": {k: len(v) for k, v in sources.items()},
        "held_out_accuracy": {"hand": round(means[0.0], 4), "kept": round(means[best], 4)},
        "mean": [round(v, 6) for v in model.mean.tolist()],
        "scale": [round(v, 6) for v in model.scale.tolist()],
        "weights": [[round(v, 6) for v in row] for row in model.weights.tolist()],
        "bias": [round(v, 6) for v in model.bias.tolist()],
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
