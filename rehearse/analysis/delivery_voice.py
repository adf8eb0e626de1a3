"""Monotone and energy, judged from pitch and loudness tracks against the speaker's own range. Pure.

The tracks come from rehearse.analysis.praat_tracks (Praat via parselmouth); this module only does
numpy on arrays, so it is unit-tested with synthetic tracks. Pitch is measured in
semitones around the speaker's own median, so a low and a high voice are judged alike.
Audio that would give a wrong verdict (clipped, or narrowband like an 8 kHz phone line)
gets no verdict at all: ``Voice(measured=False, reason=...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rehearse.analysis.delivery_words import LocatedWord
from rehearse.models import Evidence, Voice
from rehearse.prompts import DeliveryTargets

# Samples within this fraction of the peak count as sitting on it; more than CLIP_SHARE of
# them means the waveform was flattened at the top (natural speech touches its peak a few times).
CLIP_LEVEL = 0.999
CLIP_SHARE = 0.002
# Energy above this frequency, relative to all of it: real 16 kHz speech has fricatives up
# there (-10 to -35 dB in the corpus); audio that went through 8 kHz has nothing (< -50 dB).
NARROWBAND_HZ = 4200.0
NARROWBAND_DB = -50.0
MIN_VOICED_S = 3.0  # less voiced speech than this gives no pitch verdict
MIN_SENTENCES_FOR_FADE = 3
FLAT_SECTION_RATIO = 0.5  # a section whose spread is under half the speaker's own is flat


@dataclass(frozen=True)
class VoiceTracks:
    """Pitch (Hz, 0 where unvoiced) and intensity (dB) frames on the take's timeline."""

    pitch_times_s: np.ndarray
    f0_hz: np.ndarray
    intensity_times_s: np.ndarray
    intensity_db: np.ndarray
    time_step_s: float = 0.02


@dataclass(frozen=True)
class VoiceMeasurement:
    """What the acoustic side hands the delivery judge: tracks, or why there are none."""

    tracks: VoiceTracks | None
    reason: str = ""


def clipped_share(samples: np.ndarray) -> float:
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if peak <= 0.0:
        return 0.0
    return float(np.mean(np.abs(samples) >= CLIP_LEVEL * peak))


def high_band_db(samples: np.ndarray, sample_rate: int, frame: int = 512, max_frames: int = 600) -> float:
    """Energy above NARROWBAND_HZ relative to all energy, over the louder half of the frames."""
    if sample_rate / 2 <= NARROWBAND_HZ:
        return -np.inf
    count = samples.size // frame
    if count == 0:
        return 0.0
    frames = samples[: count * frame].reshape(count, frame)
    if count > max_frames:  # evenly spread frames are enough for a spectrum shape
        frames = frames[np.linspace(0, count - 1, max_frames).astype(int)]
    level = frames.std(axis=1)
    frames = frames[level >= np.median(level)]
    power = (np.abs(np.fft.rfft(frames * np.hanning(frame), axis=1)) ** 2).sum(axis=0)
    freqs = np.fft.rfftfreq(frame, 1.0 / sample_rate)
    total = float(power.sum())
    if total <= 0.0:
        return 0.0
    return float(10 * np.log10(max(float(power[freqs >= NARROWBAND_HZ].sum()), 1e-30) / total))


def audio_problem(samples: np.ndarray, sample_rate: int) -> str:
    """Why pitch would be unreliable on this audio, or '' when it is fine."""
    share = clipped_share(samples)
    if share > CLIP_SHARE:
        return (
            f"the recording is clipped ({share:.1%} of samples at the peak), which distorts pitch; "
            "move back from the microphone or lower its gain"
        )
    band = high_band_db(samples, sample_rate)
    if band < NARROWBAND_DB:
        return (
            "the audio is narrowband (nothing above 4 kHz, as from an 8 kHz phone or radio line), "
            "where pitch tracking is unreliable; record at 16 kHz or more"
        )
    return ""


def _semitones(f0: np.ndarray) -> np.ndarray:
    voiced = f0[f0 > 0]
    return 12 * np.log2(voiced / np.median(voiced)) if voiced.size else voiced


def pitch_spread_st(f0: np.ndarray) -> float:
    """10th to 90th percentile of pitch in semitones around the speaker's median."""
    st = _semitones(f0)
    if not st.size:
        return 0.0
    low, high = np.percentile(st, (10, 90))
    return float(high - low)


def _span(times: np.ndarray, start: float, end: float) -> slice:
    """The frames of sorted ``times`` in [start, end), found by bisection (many sentences, one track)."""
    return slice(int(np.searchsorted(times, start, "left")), int(np.searchsorted(times, end, "left")))


def _voiced_intensity(tracks: VoiceTracks) -> np.ndarray:
    """Intensity frames whose nearest pitch frame is voiced (silence and breaths excluded)."""
    if tracks.pitch_times_s.size == 0:
        return np.zeros(tracks.intensity_times_s.shape, dtype=bool)
    index = np.clip(np.searchsorted(tracks.pitch_times_s, tracks.intensity_times_s), 0, tracks.pitch_times_s.size - 1)
    return tracks.f0_hz[index] > 0


def sentence_end_drops(tracks: VoiceTracks, words: Sequence[LocatedWord]) -> list[tuple[float, LocatedWord]]:
    """(dB the last word is below the rest of its sentence, last word) for each judgeable sentence."""
    voiced = _voiced_intensity(tracks)
    times, level = tracks.intensity_times_s, tracks.intensity_db
    drops = []
    first: LocatedWord | None = None
    for w in words:
        if w.opens_sentence:
            first = w
        if not w.closes_sentence or first is None or first is w:
            continue
        start, last_start, last_end = first.word.start_s, w.word.start_s, w.word.end_s
        if start is None or last_start is None or last_end is None or last_start - start < 1.0:
            continue
        body_span, end_span = _span(times, start, last_start), _span(times, last_start, last_end)
        body = level[body_span][voiced[body_span]]
        end = level[end_span][voiced[end_span]]
        if body.size >= 10 and end.size >= 2:
            drops.append((float(np.median(body) - np.max(end)), w))
    return drops


def judge_voice(measurement: VoiceMeasurement | None, words: Sequence[LocatedWord], targets: DeliveryTargets) -> Voice:
    if measurement is None:
        return Voice(measured=False, reason="no audio, only a transcript")
    tracks = measurement.tracks
    if tracks is None:
        return Voice(measured=False, reason=measurement.reason)
    voiced = tracks.f0_hz[tracks.f0_hz > 0]
    if voiced.size * tracks.time_step_s < MIN_VOICED_S:
        return Voice(measured=False, reason=f"less than {MIN_VOICED_S:.0f} s of voiced speech")
    spread = pitch_spread_st(tracks.f0_hz)
    monotone = spread < targets.monotone_max_spread_st
    flat = () if monotone else _flat_sections(tracks, words, spread)
    drops = sentence_end_drops(tracks, words)
    faded = [w for d, w in drops if d > targets.fade_drop_db]
    share = len(faded) / len(drops) if len(drops) >= MIN_SENTENCES_FOR_FADE else None
    fading = None if share is None else share > targets.fade_max_share
    quotes = () if share is None else tuple(Evidence(w.word.text, w.word.start_s) for w in faded[:3])
    return Voice(
        measured=True,
        pitch_median_hz=round(float(np.median(voiced)), 1),
        pitch_spread_st=round(spread, 2),
        monotone=monotone,
        flat_sections=flat,
        fading_share=None if share is None else round(share, 2),
        fading=fading,
        faded_quotes=quotes,
        advice=_advice(spread, monotone, flat, fading, len(faded), len(drops), targets),
    )


def _flat_sections(tracks: VoiceTracks, words: Sequence[LocatedWord], spread: float) -> tuple[str, ...]:
    spans: dict[str, list[float]] = {}
    for w in words:
        if w.word.start_s is None or w.word.end_s is None:
            continue
        span = spans.setdefault(w.section, [w.word.start_s, w.word.end_s])
        span[1] = w.word.end_s
    flat = []
    for name, (start, end) in spans.items():
        f0 = tracks.f0_hz[_span(tracks.pitch_times_s, start, end)]
        if (f0 > 0).sum() * tracks.time_step_s >= MIN_VOICED_S and pitch_spread_st(f0) < FLAT_SECTION_RATIO * spread:
            flat.append(name)
    return tuple(flat)


def _advice(
    spread: float, monotone: bool, flat: tuple[str, ...], fading: bool | None, faded: int, judged: int,
    targets: DeliveryTargets,
) -> str:
    parts = []
    if monotone:
        parts.append(
            f"Your pitch stayed within {spread:.1f} semitones of your usual note (under {targets.monotone_max_spread_st:g}): "
            "it sounds flat. Lift your voice on the key number and let it fall at the end of a point."
        )
    elif flat:
        parts.append(f"Your voice went flat in the {' and '.join(flat)} compared with the rest of the answer.")
    if fading:
        parts.append(
            f"{faded} of {judged} sentences faded at the end: land the last words, that is where the numbers usually are."
        )
    if not parts:
        ends = " and sentence ends held up" if fading is False else ""
        return f"Pitch varied over {spread:.1f} semitones{ends}."
    return " ".join(parts)
