"""Audio and transcripts from odd places: a pipe, /dev/stdin, a directory, a file rehearse may not read."""

from __future__ import annotations

import builtins
import io
import os
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from rehearse.audio.files import load_audio, load_whisper_audio
from rehearse.errors import BadInputError

RATE = 16_000


def wav_bytes(seconds: float = 0.5) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(int(seconds * RATE)) / RATE)
        w.writeframes((tone * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def deny_reading(monkeypatch, target: Path) -> None:
    """A file without read permission (root reads anything, so the refusal is simulated)."""
    real_open = builtins.open
    real_os_open = os.open

    def fake_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def fake_os_open(file, *args, **kwargs):
        if Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)


def feed_fifo(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(path, "wb") as fifo:
            fifo.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_an_unreadable_audio_file_says_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "answer.wav"
    path.write_bytes(wav_bytes())
    deny_reading(monkeypatch, path)
    for load in (load_audio, load_whisper_audio):
        with pytest.raises(BadInputError) as err:
            load(path)
        assert f"cannot read {path}: permission denied" in str(err.value)
        assert "decode" not in str(err.value)


def test_audio_from_a_pipe_is_read_to_the_end(tmp_path):
    fifo = tmp_path / "answer.fifo"
    os.mkfifo(fifo)
    writer = feed_fifo(fifo, wav_bytes(0.5))
    audio = load_whisper_audio(fifo)
    writer.join(5)
    assert audio.size == pytest.approx(0.5 * RATE, abs=RATE * 0.01)
    assert float(np.abs(audio).max()) > 0.1


def test_an_empty_pipe_says_it_is_empty(tmp_path):
    fifo = tmp_path / "answer.fifo"
    os.mkfifo(fifo)
    writer = feed_fifo(fifo, b"")
    with pytest.raises(BadInputError, match="is empty"):
        load_whisper_audio(fifo)
    writer.join(5)


def test_a_directory_is_named_as_one(tmp_path):
    for load in (load_audio, load_whisper_audio):
        with pytest.raises(BadInputError, match="is a directory"):
            load(tmp_path)


def test_check_reads_a_transcript_from_a_pipe_and_names_unreadable_ones(tmp_path, monkeypatch):
    from rehearse.analysis.pipeline import check_transcript

    fifo = tmp_path / "answer.fifo"
    os.mkfifo(fifo)
    writer = feed_fifo(fifo, b"I owned the outage. I fixed the retry handler myself. The drop rate went to zero.")
    report = check_transcript(str(fifo), "mid", "ownership")
    writer.join(5)
    assert "retry handler" in report.text
    with pytest.raises(BadInputError, match="is a directory"):
        check_transcript(str(tmp_path), "mid", "ownership")
    text = tmp_path / "a.txt"
    text.write_text("I fixed it.")
    deny_reading(monkeypatch, text)
    with pytest.raises(BadInputError, match="permission denied"):
        check_transcript(str(text), "mid", "ownership")
