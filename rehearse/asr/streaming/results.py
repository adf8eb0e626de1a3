"""What a stream hands out: the live view, how the stream kept up, and the final result.

Plain dataclasses, so the TUI, the CLI and the report can use them without the worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rehearse.models import Transcript


@dataclass(frozen=True)
class LiveView:
    """What the live view shows; a snapshot, safe to hand to another thread."""

    committed_text: str = ""
    partial_text: str = ""
    section: str | None = None  # the segmenter's label for the latest committed speech
    audio_s: float = 0.0
    lag_s: float = 0.0
    degraded: bool = False
    version: int = 0


@dataclass
class StreamStats:
    """How the stream kept up; recorded with the report."""

    audio_s: float = 0.0
    chunks: int = 0
    tail_passes: int = 0
    whisper_calls: int = 0
    compute_s: float = 0.0  # wall time inside Whisper and the VAD
    vad_s: float = 0.0
    max_lag_s: float = 0.0
    degraded: bool = False  # fell behind real time at least once
    degraded_at_s: float | None = None
    final_tail_s: float = 0.0  # audio left to transcribe when the recording stopped
    finish_s: float = 0.0  # stop -> transcript ready
    dropped_segments: int = 0  # hallucination guard: segments thrown away
    dropped_words: int = 0  # hallucination guard: words where the VAD heard no speech
    fallbacks: int = 0  # chunks decoded again with a wider beam after a repetition loop
    collapses: int = 0  # committed chunks decoded again greedily after a beam collapse or a pass cut short
    error: str = ""

    @property
    def real_time_factor(self) -> float:
        return self.compute_s / self.audio_s if self.audio_s else 0.0

    def to_dict(self) -> dict:
        return {
            "audio_s": round(self.audio_s, 3),
            "chunks": self.chunks,
            "tail_passes": self.tail_passes,
            "whisper_calls": self.whisper_calls,
            "real_time_factor": round(self.real_time_factor, 3),
            "max_lag_s": round(self.max_lag_s, 3),
            "degraded": self.degraded,
            "degraded_at_s": None if self.degraded_at_s is None else round(self.degraded_at_s, 2),
            "final_tail_s": round(self.final_tail_s, 3),
            "finish_s": round(self.finish_s, 3),
            "dropped_segments": self.dropped_segments,
            "dropped_words": self.dropped_words,
            "fallbacks": self.fallbacks,
            "collapses": self.collapses,
        }


@dataclass
class StreamResult:
    transcript: Transcript
    stats: StreamStats = field(default_factory=StreamStats)
