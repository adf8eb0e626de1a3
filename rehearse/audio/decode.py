"""Decode audio files with PyAV, block by block, to 16 kHz mono float32.

We decode ourselves instead of calling faster-whisper's ``decode_audio``: that helper holds
every decoded frame of the file in memory at once (memory grew with the file's length), and
it passes ``metadata_errors`` to ``av.open``, which PyAV 19 no longer accepts (Python 3.13
resolves PyAV 19). Here memory is bounded by one block, whatever the file's length.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from rehearse.errors import BadInputError, NoSpeechError
from rehearse.paths import input_size, open_input

SAMPLE_RATE = 16000
BLOCK_S = 20.0  # decoded audio handed on at a time


def open_audio(source: str | os.PathLike[str] | io.BytesIO) -> tuple[Path | io.BytesIO, str]:
    """What PyAV should open (a path, or the bytes a pipe delivered) and the name for messages."""
    if isinstance(source, io.BytesIO):
        return source, "the input"
    p = Path(source)
    opened = open_input(p, "an audio file")  # a pipe or /dev/stdin is read to the end here
    if input_size(opened) == 0:
        raise BadInputError(f"{p} is empty", "record the answer again")
    return opened, p.name


def _cannot_decode(name: str, err: BaseException) -> BadInputError:
    return BadInputError(
        f"cannot decode {name} as audio ({type(err).__name__})",
        "pass a valid wav, flac, mp3, m4a or ogg file",
    )


def iter_audio_blocks(
    path: str | os.PathLike[str] | io.BytesIO, block_s: float = BLOCK_S, name: str | None = None
) -> Iterator[np.ndarray]:
    """Yield the file's audio as 16 kHz mono float32 blocks of about ``block_s`` seconds.

    Corrupt packets inside an otherwise valid file are skipped (as ffmpeg does); a file
    that cannot be opened or holds no audio stream is a BadInputError.
    """
    import av

    source, default_name = open_audio(path)
    name = name or default_name
    try:
        container = av.open(source if isinstance(source, io.BytesIO) else str(source), "r")
    except Exception as err:  # PyAV raises many types for corrupt input
        raise _cannot_decode(name, err) from None
    with container:
        streams = [s for s in container.streams if s.type == "audio"]
        if not streams:
            raise BadInputError(f"{name} has no audio stream", "pass an audio file")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        block = int(block_s * SAMPLE_RATE)
        pending: list[np.ndarray] = []
        size = 0
        try:
            for packet in container.demux(streams[0]):
                try:
                    frames = packet.decode()
                except av.error.InvalidDataError:
                    continue  # one bad packet: keep the rest of the take
                for frame in frames:
                    if not isinstance(frame, av.AudioFrame):
                        continue
                    for out in resampler.resample(frame):
                        pending.append(out.to_ndarray().reshape(-1))
                        size += pending[-1].size
                if size >= block:
                    yield np.concatenate(pending)
                    pending, size = [], 0
            for out in resampler.resample(None):
                pending.append(out.to_ndarray().reshape(-1))
        except BadInputError:
            raise
        except MemoryError:
            raise
        except Exception as err:
            raise _cannot_decode(name, err) from None
        if pending:
            yield np.concatenate(pending).astype(np.float32, copy=False)


def decode_audio(path: str | os.PathLike[str] | io.BytesIO, name: str | None = None) -> np.ndarray:
    """The whole input as one 16 kHz mono float32 array (short takes; long files use blocks)."""
    blocks = list(iter_audio_blocks(path, name=name))
    audio = np.concatenate(blocks).astype(np.float32, copy=False) if blocks else np.zeros(0, np.float32)
    if audio.size == 0:
        label = name or (Path(path).name if not isinstance(path, io.BytesIO) else "the input")
        raise NoSpeechError(f"no audio in {label}", "the file decodes to zero samples; record again")
    return audio
