"""Pitch and intensity tracks with Praat (praat-parselmouth). The only module that imports it.

Called with a numpy array of samples; returns the arrays that rehearse.analysis.delivery_voice
judges. Praat's autocorrelation pitch (Boersma 1993) with a 75–500 Hz search range covers
low and high voices; 20 ms frames are plenty for prosody and halve the cost of 10 ms ones.
"""

from __future__ import annotations

import numpy as np

from rehearse.analysis.delivery_voice import (
    VoiceMeasurement,
    VoiceTracks,
    audio_problem,
)

TIME_STEP_S = 0.02
PITCH_FLOOR_HZ = 75.0
PITCH_CEILING_HZ = 500.0


def pitch_and_intensity(samples: np.ndarray, sample_rate: int) -> VoiceTracks:
    import parselmouth

    sound = parselmouth.Sound(np.asarray(samples, dtype=np.float64), sampling_frequency=float(sample_rate))
    pitch = sound.to_pitch_ac(time_step=TIME_STEP_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ)
    intensity = sound.to_intensity(minimum_pitch=PITCH_FLOOR_HZ, time_step=TIME_STEP_S)
    f0 = np.nan_to_num(pitch.selected_array["frequency"], nan=0.0)
    return VoiceTracks(
        pitch_times_s=np.asarray(pitch.xs()),
        f0_hz=f0,
        intensity_times_s=np.asarray(intensity.xs()),
        intensity_db=np.asarray(intensity.values[0]),
        time_step_s=TIME_STEP_S,
    )


def measure_voice(samples: np.ndarray, sample_rate: int = 16_000) -> VoiceMeasurement:
    """Tracks for the take, or the reason there are none (bad audio, Praat missing)."""
    problem = audio_problem(np.asarray(samples, dtype=np.float32), sample_rate)
    if problem:
        return VoiceMeasurement(None, problem)
    try:
        return VoiceMeasurement(pitch_and_intensity(samples, sample_rate))
    except ImportError:
        return VoiceMeasurement(None, "praat-parselmouth is not installed; reinstall rehearse")
