"""Crash-safe recording: the capture thread only enqueues, a writer thread streams to disk.

Why it survives ``kill -9``: every ``flush_interval_s`` (0.5 s) the writer rewrites the WAV
header to cover what is on disk and syncs, so at most the last half second is outside the
header; a ``<take>.partial`` marker says the take was never finished, and
``recover_take`` extends the header over every whole frame in the file (or re-encodes a
truncated FLAC). Files are user-only (0600) in user-only directories (0700).
"""

from __future__ import annotations

import json
import os
import queue
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from rehearse.audio.base import (
    AudioSource,
    Level,
    as_frames,
    block_level,
    meter_position,
)
from rehearse.audio.dsp import to_mono
from rehearse.errors import BadInputError, StoreError
from rehearse.paths import (  # noqa: F401  (re-exported)
    FILE_MODE,
    data_dir,
    make_private_dir,
    takes_dir,
    write_private_text,
)

MARKER_SUFFIX = ".partial"
_FORMATS = {".wav": "WAV", ".flac": "FLAC"}
_SFC_UPDATE_HEADER_NOW = 0x1060  # libsndfile command: rewrite the header to match the data written
_STOP = object()

BlockListener = Callable[[np.ndarray], None]

# markers of takes being recorded by this process, so find_interrupted_takes skips them
_active_markers: set[Path] = set()


@dataclass(frozen=True)
class CaptureResult:
    path: Path
    duration_s: float
    overflows: int
    sample_rate: int
    channels: int = 1
    note: str = ""

    def to_dict(self) -> dict:
        return {"path": str(self.path), "duration_s": round(self.duration_s, 3), "overflows": self.overflows}


@dataclass(frozen=True)
class InterruptedTake:
    """A take whose recorder died before stopping (its ``.partial`` marker is still there)."""

    path: Path
    marker: Path
    started_at: str = ""
    approx_duration_s: float = 0.0
    metadata: dict = field(default_factory=dict)

    def __fspath__(self) -> str:  # Path(take) is the audio file
        return str(self.path)


def new_take_path(directory: Path | None = None, suffix: str = ".wav", prefix: str = "") -> Path:
    """``<takes dir>/[<prefix>-]<YYYYmmdd-HHMMSS>.wav``, never an existing name."""
    directory = Path(directory) if directory is not None else takes_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if prefix:
        stamp = f"{prefix}-{stamp}"
    path = directory / f"{stamp}{suffix}"
    n = 1
    while path.exists() or marker_path(path).exists():
        n += 1
        path = directory / f"{stamp}-{n}{suffix}"
    return path


def marker_path(audio_path: Path) -> Path:
    return Path(audio_path).with_suffix(MARKER_SUFFIX)


class Recorder:
    """Records ``source`` to ``path`` (WAV or FLAC by suffix, 16-bit PCM at the source's rate).

    ``path`` may be a directory (an existing one, or any path without a suffix): the take is
    then named ``[<prefix>-]<timestamp>.wav`` inside it.
    """

    def __init__(
        self,
        source: AudioSource,
        path: str | Path,
        *,
        prefix: str = "",
        metadata: dict | None = None,
        flush_interval_s: float = 0.5,
        ring_s: float = 30.0,
    ) -> None:
        self.source = source
        path = Path(path)
        self.path = new_take_path(path, prefix=prefix) if path.is_dir() or not path.suffix else path
        self.format = _FORMATS.get(self.path.suffix.lower())
        if self.format is None:
            raise BadInputError(f"cannot record to {self.path.name}", "use a .wav or .flac file name")
        self.metadata = dict(metadata or {})
        self.flush_interval_s = flush_interval_s
        self.sample_rate = int(source.sample_rate)
        self.channels = int(source.channels)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._listeners: list[BlockListener] = []
        self._listeners_lock = threading.Lock()
        self._ring: deque[np.ndarray] = deque()
        self._ring_frames = 0
        self._ring_max = max(1, int(ring_s * self.sample_rate))
        self._ring_lock = threading.Lock()
        self._frames = 0
        self._level = Level()
        self._file: Any = None  # a soundfile.SoundFile while recording
        self._thread: threading.Thread | None = None
        self._result: CaptureResult | None = None
        self._error: BaseException | None = None
        self._first_block = threading.Event()
        self.listener_errors: list[BaseException] = []

    # -- public state -------------------------------------------------------------------
    @property
    def marker(self) -> Path:
        return marker_path(self.path)

    @property
    def elapsed_s(self) -> float:
        """Seconds of audio written so far."""
        return self._frames / self.sample_rate

    @property
    def level(self) -> float:
        """Meter position 0..1 for the most recent block (RMS on a -60..0 dBFS scale)."""
        return meter_position(self._level)

    @property
    def block_level(self) -> Level:
        """RMS and peak of the most recent block."""
        return self._level

    @property
    def overflows(self) -> int:
        return self.source.overflows

    @property
    def running(self) -> bool:
        return self._thread is not None and self._result is None

    @property
    def error(self) -> BaseException | None:
        """A write failure (disk full...); recording continues in memory only for listeners."""
        return self._error

    def wait_for_audio(self, timeout: float = 5.0) -> bool:
        """Block until the first audio block arrives; False if none came within ``timeout``.

        Some devices start delivering well after the stream opens (PulseAudio's null-sink
        monitor: ~1.5 s), so "recording" should only be announced once audio flows.
        """
        return self._first_block.wait(timeout)

    def add_listener(self, listener: BlockListener) -> None:
        """Call ``listener(block)`` for every block, on the writer thread (never the audio callback).

        Blocks are float32 ``(frames, channels)`` at ``sample_rate``. A listener that raises is
        dropped (its error kept in ``listener_errors``) so it cannot stop the recording.
        """
        with self._listeners_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: BlockListener) -> None:
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def recent(self, seconds: float | None = None) -> np.ndarray:
        """The last ``seconds`` (default: the whole ring) as mono float32."""
        with self._ring_lock:
            blocks = list(self._ring)
        if not blocks:
            return np.zeros(0, np.float32)
        mono = to_mono(np.concatenate(blocks))
        if seconds is not None:
            mono = mono[-int(seconds * self.sample_rate) :] if seconds > 0 else mono[:0]
        return mono

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("recorder already started")
        import soundfile as sf

        make_private_dir(self.path.parent)
        marker = {
            "audio": self.path.name,
            "format": self.format,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "pid": os.getpid(),
            "started_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "metadata": self.metadata,
        }
        try:
            write_private_text(self.marker, json.dumps(marker, indent=2))  # before the audio: no orphan audio
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            os.fchmod(fd, FILE_MODE)
            self._file = sf.SoundFile(
                fd, "w", samplerate=self.sample_rate, channels=self.channels,
                format=self.format, subtype="PCM_16", closefd=True,
            )
        except OSError as err:
            raise StoreError(f"cannot create {self.path} ({err})", "check the disk and its permissions") from err
        _active_markers.add(self.marker.resolve())
        self._thread = threading.Thread(target=self._write_loop, name="recorder-writer", daemon=True)
        self._thread.start()
        try:
            self.source.start(self._queue.put)
        except BaseException:
            self._queue.put(_STOP)
            self._thread.join()
            self._close_file()
            self._discard_files()
            raise

    def stop(self) -> CaptureResult:
        """Stop capture, write what is queued, finalise the file and drop the marker."""
        if self._result is not None:
            return self._result
        if self._thread is None:
            raise RuntimeError("recorder was never started")
        try:
            self.source.stop()
        finally:
            self._queue.put(_STOP)
            self._thread.join()
            self._close_file()
        _active_markers.discard(self.marker.resolve())
        if self._error is not None:
            raise StoreError(
                f"writing {self.path} failed ({self._error})", "free some disk space; the partial take was kept"
            ) from self._error
        self.marker.unlink(missing_ok=True)
        self._result = CaptureResult(
            path=self.path,
            duration_s=self.elapsed_s,
            overflows=self.source.overflows,
            sample_rate=self.sample_rate,
            channels=self.channels,
            note=getattr(self.source, "note", ""),
        )
        return self._result

    def cancel(self) -> None:
        """Stop and delete the take (the user chose to discard it)."""
        try:
            self.stop()
        except StoreError:
            pass
        finally:
            self._discard_files()

    # -- writer thread ------------------------------------------------------------------
    def _write_loop(self) -> None:
        last_flush = time.monotonic()
        while True:
            try:
                item = self._queue.get(timeout=self.flush_interval_s / 2)
            except queue.Empty:
                item = None
            if item is _STOP:
                break
            if item is not None:
                self._handle_block(as_frames(item))
            if time.monotonic() - last_flush >= self.flush_interval_s:
                self._flush()
                last_flush = time.monotonic()

    def _handle_block(self, block: np.ndarray) -> None:
        if self._error is None:
            try:
                self._file.write(block)
            except Exception as err:  # disk full, file removed: keep listeners fed, report at stop
                self._error = err
        self._frames += len(block)
        self._level = block_level(block)
        self._first_block.set()
        with self._ring_lock:
            self._ring.append(block)
            self._ring_frames += len(block)
            while self._ring_frames - len(self._ring[0]) >= self._ring_max:
                self._ring_frames -= len(self._ring.popleft())
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(block)
            except Exception as err:
                self.listener_errors.append(err)
                self.remove_listener(listener)

    def _flush(self) -> None:
        if self._error is not None or self._file is None:
            return
        try:
            if self.format == "WAV":
                _update_header_now(self._file)
            self._file.flush()
        except Exception as err:
            self._error = err

    def _close_file(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except Exception as err:
                self._error = self._error or err
            self._file = None

    def _discard_files(self) -> None:
        _active_markers.discard(self.marker.resolve())
        self.path.unlink(missing_ok=True)
        self.marker.unlink(missing_ok=True)


def _update_header_now(sound_file) -> None:
    """Ask libsndfile to rewrite the WAV header over the frames written so far.

    soundfile has no public call for this; if its internals change we only lose the
    in-place header (``recover_take`` still repairs the file).
    """
    try:
        import soundfile as sf

        sf._snd.sf_command(sound_file._file, _SFC_UPDATE_HEADER_NOW, sf._ffi.NULL, 0)
    except AttributeError:
        pass


# -- after a crash ---------------------------------------------------------------------
def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_interrupted_takes(directory: str | Path | None = None) -> list[InterruptedTake]:
    """Takes whose ``.partial`` marker remains and whose recording process is gone, oldest first."""
    directory = Path(directory) if directory is not None else takes_dir()
    if not directory.is_dir():
        return []
    found = []
    for marker in sorted(directory.glob(f"*{MARKER_SUFFIX}")):
        if marker.resolve() in _active_markers:
            continue
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        audio = directory / str(info.get("audio") or "")
        if not info.get("audio") or not audio.is_file():
            candidates = [p for p in marker.parent.glob(marker.stem + ".*") if p.suffix.lower() in _FORMATS]
            if not candidates:
                continue
            audio = candidates[0]
        pid = int(info.get("pid") or 0)
        if pid != os.getpid() and _pid_alive(pid):
            continue  # another rehearse process is recording it right now
        rate = int(info.get("sample_rate") or 16000)
        channels = int(info.get("channels") or 1)
        approx = max(0, audio.stat().st_size - 44) / (2 * channels * rate)
        found.append(
            InterruptedTake(
                path=audio,
                marker=marker,
                started_at=str(info.get("started_at", "")),
                approx_duration_s=approx,
                metadata=dict(info.get("metadata") or {}),
            )
        )
    return found


def _wav_layout(data: bytes) -> tuple[int, int, int, int]:
    """(channels, sample_rate, block_align, data_offset) from a RIFF/WAVE header."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise StoreError("not a WAV file", "only takes recorded by rehearse can be recovered")
    pos, fmt = 12, None
    while pos + 8 <= len(data):
        chunk_id, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk_id == b"fmt ":
            _tag, channels, rate, _bps, align = struct.unpack("<HHIIH", data[pos + 8 : pos + 22])
            fmt = (channels, rate, align)
        elif chunk_id == b"data":
            if fmt is None:
                break
            return fmt[0], fmt[1], fmt[2], pos + 8
        pos += 8 + size + (size & 1)
    raise StoreError("the WAV header is damaged beyond repair", "the take cannot be recovered")


def recover_take(path: str | Path) -> CaptureResult:
    """Make an interrupted take a valid file covering every whole frame on disk; drop its marker."""
    import soundfile as sf

    path = Path(path)
    if not path.is_file():
        raise StoreError(f"take not found: {path}", "check the path")
    if path.suffix.lower() == ".wav":
        with open(path, "r+b") as handle:
            head = handle.read(4096)
            channels, rate, align, data_offset = _wav_layout(head)
            size = os.fstat(handle.fileno()).st_size
            data_bytes = (size - data_offset) // align * align
            handle.truncate(data_offset + data_bytes)  # drop a half-written frame
            handle.seek(4)
            handle.write(struct.pack("<I", data_offset + data_bytes - 8))
            handle.seek(data_offset - 4)
            handle.write(struct.pack("<I", data_bytes))
            handle.flush()
            os.fsync(handle.fileno())
        frames = data_bytes // align
    else:
        # FLAC: decode frame by frame until the truncated tail, then re-encode what decoded
        blocks = []
        try:
            with sf.SoundFile(str(path)) as src:
                rate, channels = src.samplerate, src.channels
                try:
                    for block in src.blocks(4096, dtype="float32", always_2d=True):
                        blocks.append(block)
                except (RuntimeError, sf.LibsndfileError):
                    pass
        except (RuntimeError, sf.LibsndfileError) as err:
            raise StoreError(f"cannot read {path.name} ({err})", "the take cannot be recovered") from err
        audio = np.concatenate(blocks) if blocks else np.zeros((0, channels), np.float32)
        tmp = path.with_name(f".{path.name}.recovering")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with sf.SoundFile(fd, "w", samplerate=rate, channels=channels, format="FLAC", subtype="PCM_16", closefd=True) as dst:
            dst.write(audio)
        os.replace(tmp, path)
        frames = len(audio)
    os.chmod(path, FILE_MODE)
    marker_path(path).unlink(missing_ok=True)
    return CaptureResult(
        path=path,
        duration_s=frames / rate,
        overflows=0,
        sample_rate=rate,
        channels=channels,
        note="recovered after the recording was interrupted",
    )
