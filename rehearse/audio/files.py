"""File-backed AudioSource and AudioSink: the same interfaces without a sound card.

FileSource feeds a recording to the recorder (or a streaming transcriber) at real-time pace
or as fast as possible; FileSink writes what would have been played to WAV files.
"""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import numpy as np

from rehearse.audio.base import AudioSink, AudioSource, BlockCallback, as_frames
from rehearse.errors import BadInputError, NoSpeechError
from rehearse.paths import input_size, make_private_dir, open_input

WHISPER_RATE = 16_000


def load_audio(path: str | os.PathLike[str], sample_rate: int | None = None) -> tuple[np.ndarray, int]:
    """Mono float32 samples of an audio file and their rate: the file's own, or ``sample_rate``.

    soundfile reads WAV/FLAC/OGG at their own rate; anything else (mp3, m4a) and any resampling
    go through PyAV (rehearse.audio.decode), which yields 16 kHz mono. A missing, empty or
    undecodable file is a BadInputError; one that decodes to no samples is a NoSpeechError.
    """
    path = Path(path)
    source = open_input(path, "an audio file")  # a pipe or /dev/stdin is read to the end here
    if input_size(source) == 0:
        raise BadInputError(f"{path} is empty", "record the answer again")
    import soundfile as sf

    try:
        data, rate = sf.read(source if isinstance(source, io.BytesIO) else str(path), dtype="float32", always_2d=True)
        mono = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
        if sample_rate is None or sample_rate == rate:
            samples, rate = np.ascontiguousarray(mono), int(rate)
            if samples.size == 0:
                raise NoSpeechError(f"no audio in {path.name}", "the file decodes to zero samples; record again")
            return samples, rate
    except (sf.LibsndfileError, RuntimeError):
        pass
    if sample_rate not in (None, WHISPER_RATE):
        raise BadInputError(f"cannot read {path.name} at {sample_rate} Hz", "convert it to WAV at that rate first")
    from rehearse.audio.decode import decode_audio

    if isinstance(source, io.BytesIO):
        source.seek(0)
    return decode_audio(source, name=path.name), WHISPER_RATE


def load_whisper_audio(path: str | os.PathLike[str]) -> np.ndarray:
    """The samples Whisper takes: 16 kHz mono float32 (see load_audio)."""
    return load_audio(path, WHISPER_RATE)[0]


class FileSource(AudioSource):
    """Delivers a file's samples in fixed blocks from a thread, paced like a microphone or not.

    ``tail_silence_s`` appends silence, like a speaker pausing before pressing stop.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        samples: np.ndarray | None = None,
        sample_rate: int | None = None,
        realtime: bool = True,
        block_s: float = 0.05,
        tail_silence_s: float = 0.0,
    ) -> None:
        if samples is None:
            if path is None:
                raise ValueError("give a path or samples")
            samples, rate = load_audio(path, sample_rate)
        else:
            if sample_rate is None:
                raise ValueError("samples need a sample_rate")
            rate = sample_rate
        if tail_silence_s > 0:
            samples = np.concatenate([samples, np.zeros(int(tail_silence_s * rate), np.float32)])
        self.path = Path(path) if path is not None else None
        self.samples = np.ascontiguousarray(samples, dtype=np.float32)
        self.sample_rate = int(rate)
        self.channels = 1
        self.realtime = realtime
        self.block_frames = max(1, int(block_s * self.sample_rate))
        self.position = 0  # frames delivered so far
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def finished(self) -> bool:
        return self._done.is_set() and self.position >= len(self.samples)

    def start(self, on_block: BlockCallback) -> None:
        if self._thread is not None:
            raise RuntimeError("source already started")
        self._thread = threading.Thread(target=self._run, args=(on_block,), name="file-source", daemon=True)
        self._thread.start()

    def _run(self, on_block: BlockCallback) -> None:
        t0 = time.monotonic()
        try:
            while not self._stop.is_set() and self.position < len(self.samples):
                end = min(self.position + self.block_frames, len(self.samples))
                if self.realtime:
                    # a block is "captured" once its last frame has been spoken
                    delay = t0 + end / self.sample_rate - time.monotonic()
                    if delay > 0 and self._stop.wait(delay):
                        break
                on_block(self.samples[self.position : end].reshape(-1, 1).copy())
                self.position = end
        finally:
            self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the whole file has been delivered (or the source stopped)."""
        return self._done.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()


class FileSink(AudioSink):
    """Writes each played sound to ``<directory>/play-NNN.wav``; ``plays`` lists the files."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.plays: list[Path] = []

    def play(self, samples: np.ndarray, sample_rate: int, blocking: bool = True) -> None:
        import soundfile as sf

        make_private_dir(self.directory)
        path = self.directory / f"play-{len(self.plays) + 1:03d}.wav"
        sf.write(str(path), as_frames(samples), int(sample_rate), subtype="PCM_16")
        self.plays.append(path)

    def stop(self) -> None:
        pass
