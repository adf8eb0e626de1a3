"""The streaming worker's memory of the take: 16 kHz samples, released once committed."""

from __future__ import annotations

import numpy as np


class AudioStore:
    """16 kHz samples of the take; audio before the committed point is released."""

    def __init__(self) -> None:
        self._blocks: list[tuple[int, np.ndarray]] = []  # (start sample, samples)
        self.total = 0

    def append(self, samples: np.ndarray) -> None:
        if samples.size:
            self._blocks.append((self.total, samples))
            self.total += samples.size

    def read(self, start: int, end: int) -> np.ndarray:
        start, end = max(0, start), min(end, self.total)
        parts = [b[max(0, start - s) : max(0, end - s)] for s, b in self._blocks if s < end and s + b.size > start]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def release_before(self, sample: int) -> None:
        keep = 0
        while keep < len(self._blocks) and self._blocks[keep][0] + self._blocks[keep][1].size < sample:
            keep += 1
        if keep:
            del self._blocks[:keep]
