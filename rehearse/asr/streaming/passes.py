"""What one Whisper pass needs besides the shared decoder (used by the streaming worker).

Where the speech is (Silero VAD spans that cut chunks), a view of the loaded model whose
encoder skips the 30 s window's zero padding (tail previews), and the guard that drops a
stock phrase Whisper hears in the silence closing a piece.
"""

from __future__ import annotations

import threading

import numpy as np

from rehearse.asr.noise import only_stock_phrases
from rehearse.asr.streaming.core import Span
from rehearse.asr.transcription import SAMPLE_RATE

# The VAD that cuts chunks listens for short pauses; Whisper's own VAD (batch settings) still
# removes long silences inside a chunk, as in the batch pass.
VAD_THRESHOLD = 0.5


def speech_spans(audio: np.ndarray, offset_s: float, min_silence_s: float) -> list[Span]:
    """Silero speech spans (unpadded) of 16 kHz ``audio``, on the take timeline."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(audio) < 512:
        return []
    options = VadOptions(
        threshold=VAD_THRESHOLD,
        min_silence_duration_ms=int(min_silence_s * 1000),
        speech_pad_ms=0,
        min_speech_duration_ms=100,
    )
    stamps = get_speech_timestamps(audio, options)
    return [(offset_s + s["start"] / SAMPLE_RATE, offset_s + s["end"] / SAMPLE_RATE) for s in stamps]


# Whisper pads every window to 30 s. Encoding only the audio (plus a margin) costs ~0.1 s instead
# of ~0.6 s here, but tiny.en then loops or drops words (measured: WER +3 points at 10 s, +2 at
# 15 s), so the full window stays the default: 3000 frames = 30 s = no trimming.
# Tail passes are only previews (their words become final only if the take stops right there), so
# they use a 15 s encoder window; committed chunks always get the full window.
ENCODER_MARGIN_FRAMES = 200  # 2 s of mel frames
PREVIEW_MIN_FRAMES = 1500
_short_models: dict[tuple[int, int], object] = {}
_short_models_lock = threading.Lock()


def short_window_model(model, min_frames: int = PREVIEW_MIN_FRAMES):
    """A view of the loaded WhisperModel whose encoder skips the 30 s window's zero padding.

    It shares the CTranslate2 model, tokenizer and feature extractor with ``model`` (no second
    copy in memory); only ``encode`` differs. The batch path keeps the full window.
    """
    with _short_models_lock:
        cached = _short_models.get((id(model), min_frames))
        if cached is not None and cached.model is model.model:  # type: ignore[attr-defined]
            return cached
        from faster_whisper import WhisperModel

        class ShortWindowWhisperModel(WhisperModel):
            def encode(self, features):
                if features.shape[-1] > ENCODER_MARGIN_FRAMES:
                    # pad_or_trim appended exact-zero columns; real log-mel frames are never all zero
                    used = np.flatnonzero(np.any(features != 0, axis=-2).reshape(-1))
                    keep = int(used[-1]) + 1 + ENCODER_MARGIN_FRAMES if used.size else ENCODER_MARGIN_FRAMES
                    keep = max(keep, min_frames)
                    keep = min(features.shape[-1], keep + keep % 2)  # the encoder's conv has stride 2
                    features = np.ascontiguousarray(features[..., :keep])
                return super().encode(features)

        view = ShortWindowWhisperModel.__new__(ShortWindowWhisperModel)
        view.__dict__.update(model.__dict__)
        _short_models[(id(model), min_frames)] = view
        return view


def _is_end_hallucination(segment) -> bool:
    """Whisper's stock phrases on the silence at the end of a short piece: dropped when they close
    a piece and look unsure (a real "thank you" mid-answer is kept)."""
    return only_stock_phrases(segment.text) and (segment.no_speech_prob > 0.2 or segment.end - segment.start < 1.0)
