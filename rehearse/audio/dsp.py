"""Small pure-numpy audio helpers shared by synthesis, recording and analysis.

No sounddevice, no soundfile: arrays in, arrays out, so any layer may use them.
Samples are float32 in [-1, 1]; mono unless a function says otherwise.
"""

from __future__ import annotations

from math import gcd

import numpy as np

WHISPER_SAMPLE_RATE = 16_000

# Low-pass filter length (taps per side) before decimation. 32 taps per side at the
# source rate keeps aliasing well below what matters to speech recognition while a
# 3-minute take still resamples in a fraction of a second.
_HALF_TAPS = 32


def to_mono(samples: np.ndarray) -> np.ndarray:
    """Average channels of a (frames, channels) array; a 1-D array is returned as float32."""
    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 1:
        return data
    if data.ndim == 2:
        return data.mean(axis=1, dtype=np.float32)
    raise ValueError(f"expected 1-D or (frames, channels) audio, got shape {data.shape}")


def _lowpass_kernel(cutoff: float, half_taps: int = _HALF_TAPS) -> np.ndarray:
    """Windowed-sinc low-pass FIR; ``cutoff`` is a fraction of the sample rate (0 < cutoff < 0.5)."""
    n = np.arange(-half_taps, half_taps + 1, dtype=np.float64)
    kernel = 2.0 * cutoff * np.sinc(2.0 * cutoff * n) * np.blackman(2 * half_taps + 1)
    return (kernel / kernel.sum()).astype(np.float32)


def resample(samples: np.ndarray, from_sr: int, to_sr: int) -> np.ndarray:
    """Resample mono float audio from ``from_sr`` to ``to_sr`` Hz.

    Downsampling first low-passes below the new Nyquist rate (windowed sinc) so that
    hiss above 8 kHz does not fold into the band Whisper listens to; then an integer
    ratio is decimated directly and any other ratio is linearly interpolated.
    The output has ``round(len * to_sr / from_sr)`` samples.
    """
    if from_sr <= 0 or to_sr <= 0:
        raise ValueError(f"sample rates must be positive, got {from_sr} -> {to_sr}")
    data = to_mono(samples)
    if from_sr == to_sr or data.size == 0:
        return data.copy()
    n_out = int(round(data.size * to_sr / from_sr))
    if to_sr < from_sr:
        # Cut at 90 % of the new Nyquist frequency, expressed as a fraction of from_sr.
        kernel = _lowpass_kernel(0.45 * to_sr / from_sr)
        data = np.convolve(data, kernel, mode="same").astype(np.float32)
        g = gcd(from_sr, to_sr)
        if to_sr // g == 1:  # e.g. 48 kHz -> 16 kHz: keep every 3rd sample
            return np.ascontiguousarray(data[:: from_sr // g][:n_out])
    positions = np.arange(n_out, dtype=np.float64) * (from_sr / to_sr)
    out = np.interp(positions, np.arange(data.size, dtype=np.float64), data)
    return out.astype(np.float32)


class BlockResampler:
    """Resample a stream block by block to 16 kHz without clicks at block edges.

    ``resample`` filters a whole array; on short blocks its edges would
    repeat every 50 ms. This keeps the filter's context across blocks and emits an output
    sample only once every input sample its filter needs has arrived.
    """

    def __init__(self, from_sr: int, to_sr: int = 16_000, half_taps: int = 32) -> None:
        self.from_sr, self.to_sr = int(from_sr), int(to_sr)
        self.ratio = self.from_sr / self.to_sr
        self.half = half_taps if self.to_sr < self.from_sr else 0
        self.kernel = _lowpass_kernel(0.45 * self.to_sr / self.from_sr, half_taps) if self.half else None
        self._pending = np.zeros(0, np.float32)  # input from absolute index _base on
        self._base = 0
        self._next_out = 0

    def process(self, block: np.ndarray, final: bool = False) -> np.ndarray:
        data = np.asarray(block, np.float32).reshape(-1)
        if self.from_sr == self.to_sr:
            return data.copy()
        self._pending = np.concatenate([self._pending, data])
        available = self._base + len(self._pending)  # absolute input samples received
        # Output k sits at input position k * ratio and needs input up to pos + 1 + half.
        limit = available if final else available - 1 - self.half
        last_k = int(np.floor((limit - 1) / self.ratio)) if limit > 0 else -1
        if final:
            last_k = int(round(available / self.ratio)) - 1
        if last_k < self._next_out:
            return np.zeros(0, np.float32)
        ks = np.arange(self._next_out, last_k + 1, dtype=np.float64)
        positions = ks * self.ratio - self._base
        x = self._pending
        if self.kernel is not None:
            padded = np.concatenate([np.zeros(self.half, np.float32) if self._base == 0 else np.zeros(0, np.float32), x])
            shift = self.half if self._base == 0 else 0
            filtered = np.convolve(padded, self.kernel, mode="valid")  # filtered[i] ~ x[i + half - shift]
            offset = self.half - shift
            out = np.interp(positions - offset, np.arange(filtered.size, dtype=np.float64), filtered)
        else:
            out = np.interp(positions, np.arange(x.size, dtype=np.float64), x)
        self._next_out = last_k + 1
        # Keep the context the next outputs need (their filter reaches back ``half`` samples).
        keep_from = max(0, int(np.floor(self._next_out * self.ratio)) - self._base - self.half - 2)
        self._pending = self._pending[keep_from:]
        self._base += keep_from
        return out.astype(np.float32)


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
