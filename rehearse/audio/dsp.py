"""Small audio helpers shared by synthesis, recording and analysis (numpy, and soxr for resampling).

No sounddevice, no soundfile: arrays in, arrays out, so any layer may use them.
Samples are float32 in [-1, 1]; mono unless a function says otherwise.
"""

from __future__ import annotations

import numpy as np

WHISPER_SAMPLE_RATE = 16_000
# soxr's "HQ" preset: 20-bit precision, a steep low-pass at 95 % of the new Nyquist frequency.
SOXR_QUALITY = "HQ"


def to_mono(samples: np.ndarray) -> np.ndarray:
    """Average channels of a (frames, channels) array; a 1-D array is returned as float32."""
    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 1:
        return data
    if data.ndim == 2:
        return data.mean(axis=1, dtype=np.float32)
    raise ValueError(f"expected 1-D or (frames, channels) audio, got shape {data.shape}")


def resample(samples: np.ndarray, from_sr: int, to_sr: int) -> np.ndarray:
    """Resample mono float audio from ``from_sr`` to ``to_sr`` Hz with soxr (high quality: its
    low-pass keeps hiss above the new Nyquist rate out of the band Whisper listens to).

    The output has ``round(len * to_sr / from_sr)`` samples.
    """
    if from_sr <= 0 or to_sr <= 0:
        raise ValueError(f"sample rates must be positive, got {from_sr} -> {to_sr}")
    data = to_mono(samples)
    if from_sr == to_sr or data.size == 0:
        return data.copy()
    import soxr

    n_out = int(round(data.size * to_sr / from_sr))
    out = np.asarray(soxr.resample(data, from_sr, to_sr, quality=SOXR_QUALITY), dtype=np.float32)
    if out.size < n_out:
        out = np.concatenate([out, np.zeros(n_out - out.size, np.float32)])
    return np.ascontiguousarray(out[:n_out])


class BlockResampler:
    """Resample a stream block by block (to 16 kHz by default) without clicks at block edges:
    soxr's streaming resampler keeps the filter's state across blocks. ``final=True`` flushes
    what the filter still holds."""

    def __init__(self, from_sr: int, to_sr: int = WHISPER_SAMPLE_RATE) -> None:
        self.from_sr, self.to_sr = int(from_sr), int(to_sr)
        self._stream = None
        if self.from_sr != self.to_sr:
            import soxr

            self._stream = soxr.ResampleStream(self.from_sr, self.to_sr, 1, dtype="float32", quality=SOXR_QUALITY)

    def process(self, block: np.ndarray, final: bool = False) -> np.ndarray:
        data = np.asarray(block, np.float32).reshape(-1)
        if self._stream is None:
            return data.copy()
        return np.asarray(self._stream.resample_chunk(data, last=final), dtype=np.float32)


def silence(duration_s: float, sample_rate: int) -> np.ndarray:
    """Digital silence of the given length."""
    return np.zeros(max(0, int(round(duration_s * sample_rate))), dtype=np.float32)


def frame_rms(samples: np.ndarray, frame: int) -> np.ndarray:
    """RMS of consecutive non-overlapping frames (the last partial frame included)."""
    data = to_mono(samples)
    if data.size == 0:
        return np.zeros(0, dtype=np.float32)
    pad = (-data.size) % frame
    if pad:
        data = np.concatenate([data, np.zeros(pad, dtype=np.float32)])
    frames = data.reshape(-1, frame).astype(np.float64)
    return np.sqrt((frames**2).mean(axis=1)).astype(np.float32)


def dbfs(value: float | np.ndarray) -> float | np.ndarray:
    """Convert an amplitude (RMS or peak, full scale = 1.0) to dBFS; silence maps to -120 dB."""
    return 20.0 * np.log10(np.maximum(np.asarray(value, dtype=np.float64), 1e-6))


def speech_bounds(
    samples: np.ndarray,
    sample_rate: int,
    threshold_db: float = -45.0,
    frame_s: float = 0.005,
) -> tuple[int, int] | None:
    """Sample range ``[start, end)`` from the first to the last frame louder than ``threshold_db``.

    The threshold is relative to the clip's peak, so it works for normalised TTS output
    and quiet microphones alike. Returns None when nothing rises above it.
    """
    data = to_mono(samples)
    if data.size == 0:
        return None
    peak = float(np.max(np.abs(data)))
    if peak <= 1e-6:
        return None
    frame = max(1, int(round(frame_s * sample_rate)))
    levels = dbfs(frame_rms(data, frame) / peak)
    loud = np.flatnonzero(levels > threshold_db)
    if loud.size == 0:
        return None
    start = int(loud[0]) * frame
    end = min(data.size, (int(loud[-1]) + 1) * frame)
    return start, end


def trim_silence(
    samples: np.ndarray, sample_rate: int, threshold_db: float = -45.0
) -> np.ndarray:
    """Cut leading and trailing near-silence (see ``speech_bounds``); all-silent input gives an empty array."""
    bounds = speech_bounds(samples, sample_rate, threshold_db)
    data = to_mono(samples)
    if bounds is None:
        return data[:0]
    return data[bounds[0] : bounds[1]]


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float [-1, 1] to int16 PCM with clipping (for WAV writers and paplay)."""
    return (np.clip(to_mono(samples), -1.0, 1.0) * 32767.0).astype(np.int16)
