"""The learned layer of the STAR segmenter: per-sentence section scores from weighted features.

A multinomial logistic regression over ``star_features.sentence_features`` (the hand scores
among them), trained by ``scripts/fit_segmenter.py`` on answers labelled by others: the real
STAR texts in ../shared/corpus, our blind batches and the synthesized fixtures. Its log
probabilities are blended with the hand scores (``blend`` in the weights file), which keeps
every label explainable by the cues that moved it. The weights are data
(``star_model.json``), loaded once; without the file the hand scores stand alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rehearse.analysis.star_features import FEATURE_NAMES, sentence_features
from rehearse.models import Sentence

WEIGHTS_PATH = Path(__file__).with_name("star_model.json")


@dataclass(frozen=True)
class StarModel:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # features x sections
    bias: np.ndarray
    blend: float  # share of the learned log-probabilities in the emission; the rest is hand scores

    def log_probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        logits = ((np.asarray(rows, dtype=float) - self.mean) / self.scale) @ self.weights + self.bias
        top = logits.max(axis=1, keepdims=True)
        log_probs: np.ndarray = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
        return log_probs


def model_from_dict(data: dict[str, Any]) -> StarModel:
    if tuple(data["features"]) != FEATURE_NAMES:
        raise ValueError("star_model.json was trained on other features: run scripts/fit_segmenter.py")
    return StarModel(
        mean=np.asarray(data["mean"], dtype=float),
        scale=np.asarray(data["scale"], dtype=float),
        weights=np.asarray(data["weights"], dtype=float),
        bias=np.asarray(data["bias"], dtype=float),
        blend=float(data["blend"]),
    )


@lru_cache(maxsize=1)
def load_model() -> StarModel | None:
    if not WEIGHTS_PATH.is_file():
        return None
    return model_from_dict(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8")))


def emission_scores(sentences: Sequence[Sentence], model: StarModel | None = None) -> list[tuple[float, ...]]:
    """Per sentence, a score for each section (higher is likelier), for the decoder."""
    if not sentences:
        return []
    hand, rows = sentence_features(sentences)
    model = model or load_model()
    if model is None or model.blend == 0.0:
        return hand
    learned = model.log_probabilities(rows)
    return [
        tuple(float(model.blend * lp + (1.0 - model.blend) * h) for lp, h in zip(learned_row, hand_row))
        for learned_row, hand_row in zip(learned, hand)
    ]
