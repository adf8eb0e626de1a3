"""sounddevice (PortAudio) implementations of AudioSource / AudioSink, and device listing.

sounddevice is imported lazily: importing it raises OSError when the PortAudio shared
library is missing, and that must become a one-line AudioDeviceError, not a traceback.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from rehearse.audio.base import AudioSink, AudioSource, BlockCallback, as_frames
from rehearse.errors import AudioDeviceError

PREFERRED_RATE = 16_000  # what Whisper wants; recording at it avoids resampling later
BLOCK_S = 0.05  # 50 ms blocks: a smooth meter and a short streaming delay
NO_PORTAUDIO_HINT = "sudo apt install libportaudio2"
NO_INPUT_HINT = (
    "plug in a microphone (or run scripts/virtual-mic for a virtual one); "
    "'rehearse analyze FILE' works without a microphone"
)


def import_sounddevice() -> Any:
    """The sounddevice module, or AudioDeviceError naming the missing piece."""
    try:
        import sounddevice
    except OSError as err:  # sounddevice raises OSError("PortAudio library not found")
        raise AudioDeviceError(f"PortAudio is not available ({err})", NO_PORTAUDIO_HINT) from err
    except ImportError as err:
        raise AudioDeviceError("the sounddevice package is not installed", "pip install sounddevice") from err
    return sounddevice


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default_input: bool = False
    is_default_output: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def _default_indices(sd: Any) -> tuple[int, int]:
    default = sd.default.device
    try:
        return int(default[0]), int(default[1])
    except (TypeError, IndexError, ValueError):
        return -1, -1


def list_devices() -> list[DeviceInfo]:
    """Every PortAudio device, with which ones are the default input and output."""
    sd = import_sounddevice()
    try:
        raw = sd.query_devices()
        hostapis = sd.query_hostapis()
    except sd.PortAudioError as err:
        raise AudioDeviceError(f"cannot list audio devices ({err})", NO_PORTAUDIO_HINT) from err
    default_in, default_out = _default_indices(sd)
    devices = []
    for index, dev in enumerate(raw):
        devices.append(
            DeviceInfo(
                index=index,
                name=str(dev["name"]),
                hostapi=str(hostapis[dev["hostapi"]]["name"]) if dev["hostapi"] < len(hostapis) else "",
                max_input_channels=int(dev["max_input_channels"]),
                max_output_channels=int(dev["max_output_channels"]),
                default_samplerate=float(dev["default_samplerate"]),
                is_default_input=index == default_in,
                is_default_output=index == default_out,
            )
        )
    return devices


def select_device(spec: str | int | None, kind: str = "input", devices: list[DeviceInfo] | None = None) -> DeviceInfo:
    """Pick a device by index, exact name, or unique case-insensitive name substring.

    ``None`` means the system default (or the first device of that kind if there is none).
    """
    if kind not in ("input", "output"):
        raise ValueError(kind)
    devices = list_devices() if devices is None else devices
    usable = [d for d in devices if (d.max_input_channels if kind == "input" else d.max_output_channels) > 0]
    if not usable:
        if kind == "input":
            raise AudioDeviceError("no microphone (audio input device) found", NO_INPUT_HINT)
        raise AudioDeviceError("no speakers (audio output device) found", "prompts are shown as text only")
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        defaults = [d for d in usable if (d.is_default_input if kind == "input" else d.is_default_output)]
        return defaults[0] if defaults else usable[0]
    text = str(spec).strip()
    if text.lstrip("-").isdigit():
        index = int(text)
        for d in usable:
            if d.index == index:
                return d
        raise AudioDeviceError(f"no {kind} device with index {index}", "run 'rehearse devices' to list them")
    exact = [d for d in usable if d.name.lower() == text.lower()]
    if exact:
        return exact[0]
    partial = [d for d in usable if text.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise AudioDeviceError(f"no {kind} device matches {text!r}", "run 'rehearse devices' to list them")
    names = ", ".join(f"{d.index}: {d.name}" for d in partial[:5])
    raise AudioDeviceError(f"{text!r} matches several {kind} devices ({names})", "pass the index with --device")


class SoundDeviceSource(AudioSource):
    """Microphone capture; the PortAudio callback only copies frames out and counts overflows."""

    def __init__(self, device: str | int | None = None, sample_rate: int = PREFERRED_RATE, channels: int = 1) -> None:
        self._sd = import_sounddevice()
        self.device = select_device(device, "input")
        self.channels = min(channels, self.device.max_input_channels)
        self.sample_rate, self.note = self._choose_rate(sample_rate)
        self._overflows = 0
        self._stream: Any = None
        self._lock = threading.Lock()

    def _choose_rate(self, wanted: int) -> tuple[int, str]:
        try:
            self._sd.check_input_settings(
                device=self.device.index, channels=self.channels, samplerate=wanted, dtype="float32"
            )
            return wanted, ""
        except Exception:  # PortAudioError or ValueError: the device refuses this rate
            rate = int(self.device.default_samplerate)
            return rate, f"{self.device.name} cannot record at {wanted} Hz; recording at {rate} Hz"

    @property
    def overflows(self) -> int:
        return self._overflows

    def start(self, on_block: BlockCallback) -> None:
        sd = self._sd

        def callback(indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
            if status.input_overflow:
                self._overflows += 1
            on_block(indata.copy())

        with self._lock:
            if self._stream is not None:
                raise RuntimeError("source already started")
            try:
                self._stream = sd.InputStream(
                    device=self.device.index,
                    channels=self.channels,
                    samplerate=self.sample_rate,
                    dtype="float32",
                    blocksize=int(self.sample_rate * BLOCK_S),
                    latency="high",  # a deeper device buffer trades latency we don't need for fewer overflows
                    callback=callback,
                )
                self._stream.start()
            except (sd.PortAudioError, ValueError) as err:
                self._stream = None
                raise AudioDeviceError(
                    f"cannot open microphone {self.device.name!r} ({err})",
                    "check it is plugged in and not in use, or pick another with --device",
                ) from err

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
            finally:
                stream.close()


class SoundDeviceSink(AudioSink):
    """Speakers through PortAudio; one sound at a time."""

    def __init__(self, device: str | int | None = None) -> None:
        self._sd = import_sounddevice()
        self.device = select_device(device, "output")
        self._done = threading.Event()
        self._done.set()
        self._stream: Any = None
        self._lock = threading.Lock()

    def play(self, samples: np.ndarray, sample_rate: int, blocking: bool = True) -> None:
        sd = self._sd
        data = as_frames(samples)
        self.stop()
        position = 0
        done = threading.Event()

        def callback(outdata: np.ndarray, frames: int, time: Any, status: Any) -> None:
            nonlocal position
            chunk = data[position : position + frames]
            outdata[: len(chunk)] = chunk
            outdata[len(chunk) :] = 0
            position += len(chunk)
            if len(chunk) < frames:
                raise sd.CallbackStop

        try:
            stream = sd.OutputStream(
                device=self.device.index,
                channels=data.shape[1],
                samplerate=sample_rate,
                dtype="float32",
                callback=callback,
                finished_callback=done.set,
            )
            stream.start()
        except (sd.PortAudioError, ValueError) as err:
            raise AudioDeviceError(
                f"cannot play on {self.device.name!r} ({err})", "pick another output device or read the prompt on screen"
            ) from err
        with self._lock:
            self._stream, self._done = stream, done
        if blocking:
            done.wait()
            self.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current sound ends; False on timeout."""
        return self._done.wait(timeout)

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
            finally:
                stream.close()
                self._done.set()


@dataclass(frozen=True)
class AudioAvailability:
    """What the machine can do, with one-line reasons for what it cannot (for the TUI's banner)."""

    input_error: AudioDeviceError | None
    output_error: AudioDeviceError | None

    @property
    def can_record(self) -> bool:
        return self.input_error is None

    @property
    def can_play(self) -> bool:
        return self.output_error is None


def check_audio(input_device: str | int | None = None, output_device: str | int | None = None) -> AudioAvailability:
    """Probe PortAudio and the chosen (or default) devices without opening a stream."""
    try:
        devices = list_devices()
    except AudioDeviceError as err:
        return AudioAvailability(err, err)
    errors: list[AudioDeviceError | None] = []
    for kind, chosen in (("input", input_device), ("output", output_device)):
        try:
            select_device(chosen, kind, devices)
            errors.append(None)
        except AudioDeviceError as err:
            errors.append(err)
    return AudioAvailability(errors[0], errors[1])


def check_input_device(device: str | int | None = None) -> DeviceInfo:
    """The input device that recording would use, or AudioDeviceError saying what is missing."""
    return select_device(device, "input")


def check_output_device(device: str | int | None = None) -> DeviceInfo:
    """The output device that prompts would play on, or AudioDeviceError."""
    return select_device(device, "output")
