"""The two audio interfaces everything else codes against: a source of blocks and a sink.

Blocks are float32 numpy arrays shaped ``(frames, channels)`` in [-1, 1]. A source calls
``on_block`` from its own capture thread; ``on_block`` must be cheap (enqueue and return),
because a slow callback is what causes input overflows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

BlockCallback = Callable[[np.ndarray], None]


class AudioSource(ABC):
    """Something that delivers audio blocks until stopped: a microphone or a file."""

    sample_rate: int
    channels: int
    #: Why the source is not at the requested format (e.g. the device cannot do 16 kHz); "" if it is.
    note: str = ""

    @property
    def overflows(self) -> int:
        """Input overflows so far (blocks the device dropped because we were too slow)."""
        return 0

    @property
    def finished(self) -> bool:
        """True when the source ran out by itself (end of file); a microphone never does."""
        return False

    @abstractmethod
    def start(self, on_block: BlockCallback) -> None:
        """Begin delivering blocks to ``on_block`` (called on the capture thread)."""

    @abstractmethod
    def stop(self) -> None:
        """Stop delivering blocks; after return ``on_block`` is not called again."""

    def close(self) -> None:
        """Release the device; the same as stop()."""
        self.stop()

    def __enter__(self) -> AudioSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class AudioSink(ABC):
    """Something that plays audio: speakers, or a WAV file in tests."""

    @abstractmethod
    def play(self, samples: np.ndarray, sample_rate: int, blocking: bool = True) -> None:
        """Play mono or ``(frames, channels)`` float samples; return when done if ``blocking``."""

    @abstractmethod
    def stop(self) -> None:
        """Cut off whatever is playing."""


@dataclass(frozen=True)
class Level:
    """Loudness of one block, both in [0, 1] full scale, for a live meter."""

    rms: float = 0.0
    peak: float = 0.0

    @property
    def dbfs(self) -> float:
        """RMS in dB relative to full scale (-100 for silence)."""
        return float(20.0 * np.log10(self.rms)) if self.rms > 1e-5 else -100.0


def block_level(block: np.ndarray) -> Level:
    if block.size == 0:
        return Level()
    return Level(rms=float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))), peak=float(np.max(np.abs(block))))


def as_frames(samples: np.ndarray) -> np.ndarray:
    """Float32 ``(frames, channels)`` from mono or 2-D input."""
    samples = np.asarray(samples, dtype=np.float32)
    return samples.reshape(-1, 1) if samples.ndim == 1 else samples


def meter_position(level: Level, floor_dbfs: float = -60.0) -> float:
    """Where a level meter should sit, 0..1: RMS on a dB scale from ``floor_dbfs`` to full scale."""
    return float(min(1.0, max(0.0, 1.0 - level.dbfs / floor_dbfs)))
