"""Recorder with fake sources: streaming to disk, permissions, crash recovery, listeners."""

from __future__ import annotations

import os
import stat
import struct
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from rehearse.audio.base import AudioSource
from rehearse.audio.files import FileSink, FileSource
from rehearse.audio.recorder import (
    Recorder,
    find_interrupted_takes,
    marker_path,
    recover_take,
    takes_dir,
    write_private_text,
)
from rehearse.errors import BadInputError, StoreError

RATE = 16_000
REPO = Path(__file__).resolve().parents[2]


class PushSource(AudioSource):
    """A microphone stand-in: the test pushes blocks as if from the capture thread."""

    def __init__(self, sample_rate: int = RATE, channels: int = 1, overflows: int = 0) -> None:
        self.sample_rate = sample_rate
        self.channels = channels
        self._overflows = overflows
        self.on_block = None
        self.stopped = False

    @property
    def overflows(self) -> int:
        return self._overflows

    def start(self, on_block) -> None:
        self.on_block = on_block

    def stop(self) -> None:
        self.stopped = True

    def push(self, block: np.ndarray) -> None:
        assert not self.stopped
        self.on_block(block.reshape(len(block), -1).astype(np.float32))


def signal(seconds: float, rate: int = RATE, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(-0.5, 0.5, int(seconds * rate)).astype(np.float32)


def push_all(source: PushSource, samples: np.ndarray, block: int = 800) -> None:
    for i in range(0, len(samples), block):
        source.push(samples[i : i + block])


def test_streams_blocks_to_disk_with_the_right_duration(tmp_path):
    samples = signal(2.5)
    source = PushSource()
    recorder = Recorder(source, tmp_path / "take.wav")
    recorder.start()
    push_all(source, samples)
    result = recorder.stop()

    assert source.stopped
    assert result.path == tmp_path / "take.wav"
    assert result.sample_rate == RATE
    assert result.duration_s == pytest.approx(2.5)
    data, rate = sf.read(result.path, dtype="float32")
    assert rate == RATE
    assert len(data) == len(samples)
    np.testing.assert_allclose(data, samples, atol=1.0 / 32768 * 1.01)  # 16-bit quantisation only
    assert not marker_path(result.path).exists(), "a clean stop must remove the .partial marker"
    assert find_interrupted_takes(tmp_path) == []


def test_flac_by_suffix_and_stereo_device_rate(tmp_path):
    rng = np.random.default_rng(1)
    stereo = rng.uniform(-0.3, 0.3, (44_100, 2)).astype(np.float32)
    source = PushSource(sample_rate=44_100, channels=2)
    recorder = Recorder(source, tmp_path / "take.flac")
    recorder.start()
    for i in range(0, len(stereo), 1000):
        source.on_block(stereo[i : i + 1000])
    result = recorder.stop()
    info = sf.info(result.path)
    assert info.format == "FLAC"
    assert (info.samplerate, info.channels, info.frames) == (44_100, 2, 44_100)
    assert result.duration_s == pytest.approx(1.0)


def test_rejects_unknown_suffix(tmp_path):
    with pytest.raises(BadInputError, match=r"\.wav or \.flac"):
        Recorder(PushSource(), tmp_path / "take.mp3")


def test_overflows_come_from_the_source(tmp_path):
    source = PushSource(overflows=3)
    recorder = Recorder(source, tmp_path / "t.wav")
    recorder.start()
    push_all(source, signal(0.2))
    assert recorder.stop().overflows == 3


def test_files_are_user_only(tmp_path):
    target_dir = tmp_path / "a" / "b" / "takes"
    source = PushSource()
    recorder = Recorder(source, target_dir / "t.wav")
    old_umask = os.umask(0o022)  # a permissive umask must not widen the modes
    try:
        recorder.start()
        assert stat.S_IMODE(os.stat(recorder.marker).st_mode) == 0o600
        push_all(source, signal(0.3))
        result = recorder.stop()
        write_private_text(target_dir / "t.json", "{}")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(result.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(target_dir / "t.json").st_mode) == 0o600
    for directory in (tmp_path / "a", tmp_path / "a" / "b", target_dir):
        assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700, directory


def test_directory_path_gets_a_timestamped_name_under_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    assert takes_dir() == tmp_path / "data" / "takes"
    source = PushSource()
    first = Recorder(source, takes_dir(), prefix="probe")
    first.start()
    push_all(source, signal(0.1))
    path = first.stop().path
    assert path.parent == tmp_path / "data" / "takes"
    assert path.name.startswith("probe-") and path.suffix == ".wav"
    second = Recorder(PushSource(), takes_dir(), prefix="probe")
    assert second.path != path  # same second, still a fresh name


def test_listener_gets_every_block_on_the_writer_thread(tmp_path):
    samples = signal(1.0)
    source = PushSource()
    recorder = Recorder(source, tmp_path / "t.wav")
    received: list[np.ndarray] = []
    threads: set[str] = set()

    def listener(block: np.ndarray) -> None:
        received.append(block.copy())
        threads.add(threading.current_thread().name)

    def broken(block: np.ndarray) -> None:
        raise ValueError("listener bug")

    recorder.add_listener(broken)
    recorder.add_listener(listener)
    recorder.start()
    push_all(source, samples, block=1600)
    result = recorder.stop()

    assert threads == {"recorder-writer"}
    assert all(b.dtype == np.float32 and b.ndim == 2 for b in received)
    np.testing.assert_array_equal(np.concatenate(received)[:, 0], samples)
    assert len(recorder.listener_errors) == 1, "a failing listener is dropped once, not retried per block"
    assert result.duration_s == pytest.approx(1.0)


def test_level_elapsed_and_recent_samples(tmp_path):
    source = PushSource()
    recorder = Recorder(source, tmp_path / "t.wav", ring_s=0.5)
    recorder.start()
    quiet = np.full(8000, 0.001, np.float32)
    loud = np.full(1600, 0.5, np.float32)
    source.push(quiet)
    source.push(loud)
    recorder.stop()
    assert recorder.elapsed_s == pytest.approx(0.6)
    assert recorder.block_level.rms == pytest.approx(0.5, rel=1e-4)
    assert recorder.block_level.peak == pytest.approx(0.5)
    assert recorder.level == pytest.approx(1 - 6.02 / 60, abs=0.01)  # -6 dBFS on a -60..0 dB meter
    recent = recorder.recent()
    assert 0.5 * RATE <= len(recent) <= 0.6 * RATE  # ring keeps about ring_s
    np.testing.assert_array_equal(recorder.recent(0.1), loud)


def test_cancel_discards_the_take(tmp_path):
    source = PushSource()
    recorder = Recorder(source, tmp_path / "t.wav")
    recorder.start()
    push_all(source, signal(0.2))
    recorder.cancel()
    assert list(tmp_path.iterdir()) == []


def test_running_recorder_is_not_reported_as_interrupted(tmp_path):
    source = PushSource()
    recorder = Recorder(source, tmp_path / "t.wav")
    recorder.start()
    try:
        assert find_interrupted_takes(tmp_path) == []
    finally:
        recorder.stop()


def test_write_failure_is_reported_at_stop_and_keeps_the_partial_take(tmp_path):
    source = PushSource()
    recorder = Recorder(source, tmp_path / "t.wav")
    recorder.start()

    class Broken:
        def write(self, block):
            raise OSError(28, "No space left on device")

        def flush(self):
            pass

        def close(self):
            pass

    real = recorder._file
    recorder._file = Broken()
    got = []
    recorder.add_listener(got.append)
    push_all(source, signal(0.2))
    with pytest.raises(StoreError, match="No space left"):
        recorder.stop()
    real.close()
    assert got, "listeners keep receiving audio after a disk error"
    assert marker_path(tmp_path / "t.wav").exists()


# -- crash safety ----------------------------------------------------------------------


def _wav_header(data_bytes: int, rate: int = RATE) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    return (
        b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
        + b"fmt " + struct.pack("<I", 16) + fmt
        + b"data" + struct.pack("<I", data_bytes)
    )


def test_recover_take_extends_a_stale_header_over_all_whole_frames(tmp_path):
    pcm = (signal(1.0) * 32767).astype("<i2")
    path = tmp_path / "stale.wav"
    # the header was last updated at 0.5 s; 1 s of frames and half a frame follow it
    path.write_bytes(_wav_header(pcm.nbytes // 2) + pcm.tobytes() + b"\x01")
    assert sf.info(path).frames == len(pcm) // 2
    marker_path(path).write_text('{"audio": "stale.wav", "pid": 0}')

    result = recover_take(path)

    assert result.duration_s == pytest.approx(1.0)
    data, rate = sf.read(path, dtype="int16")
    np.testing.assert_array_equal(data, pcm)
    from rehearse.audio.decode import decode_audio  # the analysis path (PyAV) reads it too

    assert len(decode_audio(path)) == len(pcm)
    assert not marker_path(path).exists()


def test_recover_take_rejects_non_wav(tmp_path):
    path = tmp_path / "junk.wav"
    path.write_bytes(b"not audio at all")
    with pytest.raises(StoreError):
        recover_take(path)


# -- file source and sink ---------------------------------------------------------------


def test_file_source_delivers_the_whole_file_in_blocks(tmp_path):
    samples = signal(1.23)
    path = tmp_path / "in.wav"
    sf.write(path, samples, RATE, subtype="FLOAT")
    source = FileSource(path, realtime=False, block_s=0.1, tail_silence_s=0.5)
    blocks: list[np.ndarray] = []
    source.start(blocks.append)
    assert source.wait(10)
    source.stop()
    assert source.finished
    assert {len(b) for b in blocks[:-1]} == {1600}
    joined = np.concatenate(blocks)[:, 0]
    np.testing.assert_array_equal(joined[: len(samples)], samples)
    assert len(joined) == len(samples) + RATE // 2
    assert not joined[len(samples) :].any()


def test_file_source_stop_interrupts_real_time_playback():
    source = FileSource(samples=signal(30.0), sample_rate=RATE, realtime=True)
    blocks: list[np.ndarray] = []
    source.start(blocks.append)
    source.stop()  # must return promptly instead of waiting out 30 s
    assert source.position < len(source.samples)


def test_file_source_resamples_through_decode_audio(tmp_path):
    path = tmp_path / "in44.wav"
    sf.write(path, signal(1.0, rate=44_100), 44_100)
    source = FileSource(path, sample_rate=16_000, realtime=False)
    assert source.sample_rate == 16_000
    assert len(source.samples) == pytest.approx(16_000, abs=50)


def test_recording_from_a_file_source_matches_the_file(tmp_path):
    samples = signal(2.0)
    source = FileSource(samples=samples, sample_rate=RATE, realtime=False)
    recorder = Recorder(source, tmp_path / "t.wav")
    recorder.start()
    source.wait()
    result = recorder.stop()
    data, _ = sf.read(result.path, dtype="float32")
    np.testing.assert_allclose(data, samples, atol=1.0 / 32768 * 1.01)


def test_file_sink_writes_what_would_be_played(tmp_path):
    sink = FileSink(tmp_path / "played")
    tone = np.sin(np.linspace(0, 200 * np.pi, 22_050)).astype(np.float32) * 0.5
    sink.play(tone, 22_050)
    sink.play(tone[:100], 22_050, blocking=False)
    assert [p.name for p in sink.plays] == ["play-001.wav", "play-002.wav"]
    data, rate = sf.read(sink.plays[0], dtype="float32")
    assert rate == 22_050
    np.testing.assert_allclose(data, tone, atol=1e-4)
