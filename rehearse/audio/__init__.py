"""Audio I/O: sources and sinks, the crash-safe recorder, and the record/devices commands.

sounddevice is only imported (lazily) by ``rehearse.audio.devices``; the names that need it
are resolved on first use here, so ``import rehearse.audio`` works without PortAudio.
"""

from __future__ import annotations

from typing import Any

from rehearse.audio.base import AudioSink, AudioSource, Level
from rehearse.audio.files import FileSink, FileSource, load_audio
from rehearse.audio.recorder import (
    CaptureResult,
    InterruptedTake,
    Recorder,
    find_interrupted_takes,
    new_take_path,
    recover_take,
    takes_dir,
)

_DEVICE_NAMES = {
    "SoundDeviceSource", "SoundDeviceSink", "DeviceInfo", "AudioAvailability",
    "list_devices", "select_device", "check_audio", "check_input_device", "check_output_device",
}

__all__ = [
    "AudioSink", "AudioSource", "Level", "FileSink", "FileSource", "load_audio", "CaptureResult",
    "InterruptedTake", "Recorder", "find_interrupted_takes", "new_take_path", "recover_take", "takes_dir",
    *sorted(_DEVICE_NAMES),
]


def __getattr__(name: str) -> Any:
    if name in _DEVICE_NAMES:
        from rehearse.audio import devices

        return getattr(devices, name)
    raise AttributeError(f"module 'rehearse.audio' has no attribute {name!r}")
