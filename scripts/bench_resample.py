"""Resampler figures: median time and error against an exact reference, for the rates rehearse meets.

The input is a sum of tones inside the speech band (exact reference: the same tones evaluated at
the output's sample times) plus, when downsampling, a tone above the new Nyquist rate that a good
resampler removes (what is left of it counts as error). Prints one line per resampler and rate:

    .venv/bin/python scripts/bench_resample.py [--seconds 180] [--repeat 5]

Resamplers: the windowed-sinc one rehearse wrote itself (``legacy``, kept here only for the
comparison), soxr (one shot and streaming in 50 ms blocks) and PyAV's AudioResampler.
"""

from __future__ import annotations

import argparse
import statistics
import time
from math import gcd

import numpy as np

TONES_HZ = (220.0, 1000.0, 3100.0, 6000.0)
ABOVE_NYQUIST_HZ = 11000.0


def legacy_resample(samples: np.ndarray, from_sr: int, to_sr: int) -> np.ndarray:
    """rehearse.audio_utils.resample before soxr replaced it (windowed sinc, 32 taps a side)."""
    half = 32
    data = np.asarray(samples, np.float32)
    n_out = int(round(data.size * to_sr / from_sr))
    if to_sr < from_sr:
        cutoff = 0.45 * to_sr / from_sr
        n = np.arange(-half, half + 1, dtype=np.float64)
        kernel = 2.0 * cutoff * np.sinc(2.0 * cutoff * n) * np.blackman(2 * half + 1)
        kernel = (kernel / kernel.sum()).astype(np.float32)
        data = np.convolve(data, kernel, mode="same").astype(np.float32)
        g = gcd(from_sr, to_sr)
        if to_sr // g == 1:
            return np.ascontiguousarray(data[:: from_sr // g][:n_out])
    positions = np.arange(n_out, dtype=np.float64) * (from_sr / to_sr)
    return np.interp(positions, np.arange(data.size, dtype=np.float64), data).astype(np.float32)


def soxr_whole(samples: np.ndarray, from_sr: int, to_sr: int) -> np.ndarray:
    from rehearse.audio.dsp import resample

    return resample(samples, from_sr, to_sr)


def soxr_stream(samples: np.ndarray, from_sr: int, to_sr: int) -> np.ndarray:
    from rehearse.audio.dsp import BlockResampler

    r = BlockResampler(from_sr, to_sr)
    block = int(from_sr * 0.05)
    parts = [r.process(samples[i : i + block]) for i in range(0, len(samples), block)]
    parts.append(r.process(np.zeros(0, np.float32), final=True))
    return np.concatenate(parts)


def pyav(samples: np.ndarray, from_sr: int, to_sr: int) -> np.ndarray:
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=to_sr)
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1).astype(np.float32), format="flt", layout="mono")
    frame.sample_rate = from_sr
    out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out).astype(np.float32)


RESAMPLERS = {"legacy": legacy_resample, "soxr": soxr_whole, "soxr-stream": soxr_stream, "pyav": pyav}


def signal(rate: int, seconds: float, to_sr: int) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(int(rate * seconds)) / rate
    wanted = sum(0.2 * np.sin(2 * np.pi * f * t) for f in TONES_HZ)
    x = wanted + (0.2 * np.sin(2 * np.pi * ABOVE_NYQUIST_HZ * t) if to_sr < rate else 0.0)
    n_out = int(round(len(t) * to_sr / rate))
    t_out = np.arange(n_out) / to_sr
    reference = sum(0.2 * np.sin(2 * np.pi * f * t_out) for f in TONES_HZ)
    return x.astype(np.float32), reference.astype(np.float32)


def error_db(out: np.ndarray, reference: np.ndarray, rate: int) -> float:
    """RMS error relative to the reference, in dB, away from the edges (0.1 s each side)."""
    n = min(len(out), len(reference))
    edge = rate // 10
    diff = out[edge : n - edge] - reference[edge : n - edge]
    return float(20 * np.log10(np.sqrt(np.mean(diff**2)) / np.sqrt(np.mean(reference[edge : n - edge] ** 2))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0, help="length of the test signal (a long take)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for from_sr, to_sr in ((48_000, 16_000), (44_100, 16_000), (22_050, 16_000), (16_000, 22_050)):
        x, reference = signal(from_sr, args.seconds, to_sr)
        for name, fn in RESAMPLERS.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                out = fn(x, from_sr, to_sr)
                times.append(time.perf_counter() - start)
            print(
                f"{from_sr:>6} -> {to_sr:<6} {name:<12} median {statistics.median(times) * 1000:8.1f} ms"
                f"   error {error_db(out, reference, to_sr):7.1f} dB   length {len(out) - len(reference):+d}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
