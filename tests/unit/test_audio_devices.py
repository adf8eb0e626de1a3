"""sounddevice layer with a faked PortAudio: missing library, no microphone, selection, callback."""

from __future__ import annotations

import builtins
import sys
import types

import numpy as np
import pytest

from rehearse.audio import devices
from rehearse.audio.devices import DeviceInfo, select_device
from rehearse.cli import main
from rehearse.errors import AudioDeviceError


@pytest.fixture
def no_portaudio(monkeypatch):
    """Make ``import sounddevice`` fail the way it does when libportaudio2 is missing."""
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_missing_portaudio_becomes_an_audio_device_error(no_portaudio):
    with pytest.raises(AudioDeviceError) as info:
        devices.import_sounddevice()
    assert "PortAudio" in info.value.message
    assert info.value.hint == "sudo apt install libportaudio2"
    with pytest.raises(AudioDeviceError, match="libportaudio2"):
        devices.SoundDeviceSource()


def test_missing_portaudio_is_one_line_and_exit_2_on_the_cli(no_portaudio, capsys):
    assert main(["devices"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "PortAudio" in err and "sudo apt install libportaudio2" in err


def test_check_audio_reports_both_directions_without_raising(no_portaudio):
    availability = devices.check_audio()
    assert not availability.can_record and not availability.can_play
    assert "libportaudio2" in str(availability.input_error)


def test_importing_the_audio_package_does_not_need_portaudio(no_portaudio):
    import importlib

    import rehearse.audio

    importlib.reload(rehearse.audio)
    assert rehearse.audio.Recorder is not None
    with pytest.raises(AudioDeviceError):
        rehearse.audio.list_devices()


def dev(index, name, inputs, outputs, default_in=False, default_out=False):
    return DeviceInfo(index, name, "ALSA", inputs, outputs, 48_000.0, default_in, default_out)


LAPTOP = [
    dev(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)", 2, 2),
    dev(1, "USB Headset: Audio (hw:1,0)", 1, 2),
    dev(2, "HDMI 0 (hw:0,3)", 0, 8),
    dev(3, "pulse", 32, 32),
    dev(4, "default", 32, 32, default_in=True, default_out=True),
]


def test_select_device_by_default_index_and_name():
    assert select_device(None, "input", LAPTOP).index == 4
    assert select_device("1", "input", LAPTOP).name.startswith("USB Headset")
    assert select_device(1, "input", LAPTOP).index == 1
    assert select_device("usb", "input", LAPTOP).index == 1
    assert select_device("PULSE", "input", LAPTOP).index == 3  # exact match wins over substrings
    assert select_device("hdmi", "output", LAPTOP).index == 2


def test_select_device_errors_name_the_fix():
    with pytest.raises(AudioDeviceError, match="no input device matches 'hdmi'") as info:
        select_device("hdmi", "input", LAPTOP)  # HDMI has no input channels
    assert "rehearse devices" in info.value.hint
    with pytest.raises(AudioDeviceError, match="several") as info:
        select_device("hw:", "input", LAPTOP)
    assert "index" in info.value.hint
    with pytest.raises(AudioDeviceError, match="index 9"):
        select_device("9", "input", LAPTOP)


def test_no_microphone_is_a_clear_error():
    speakers_only = [dev(0, "HDMI 0", 0, 8, default_out=True)]
    with pytest.raises(AudioDeviceError, match="no microphone") as info:
        select_device(None, "input", speakers_only)
    assert "virtual-mic" in info.value.hint and "rehearse analyze" in info.value.hint
    assert select_device(None, "output", speakers_only).index == 0


class FakeStream:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.started = self.closed = False

    def start(self):
        self.started = True

    def stop(self):
        pass

    def close(self):
        self.closed = True


def fake_sounddevice(devices_list, rate_ok=True):
    sd = types.SimpleNamespace()
    sd.PortAudioError = type("PortAudioError", (Exception,), {})
    sd.default = types.SimpleNamespace(device=[1, 1])
    sd.query_devices = lambda: devices_list
    sd.query_hostapis = lambda: [{"name": "ALSA"}]
    sd.streams = []

    def check_input_settings(**kwargs):
        if not rate_ok and kwargs["samplerate"] != 48_000:
            raise sd.PortAudioError("Invalid sample rate")

    def input_stream(**kwargs):
        stream = FakeStream(**kwargs)
        sd.streams.append(stream)
        return stream

    sd.check_input_settings = check_input_settings
    sd.InputStream = input_stream
    return sd


RAW = [
    {"name": "hw mic", "hostapi": 0, "max_input_channels": 2, "max_output_channels": 0, "default_samplerate": 48_000.0},
    {"name": "default", "hostapi": 0, "max_input_channels": 2, "max_output_channels": 2, "default_samplerate": 48_000.0},
]


def test_callback_only_copies_blocks_and_counts_overflows(monkeypatch):
    sd = fake_sounddevice(RAW)
    monkeypatch.setattr(devices, "import_sounddevice", lambda: sd)
    source = devices.SoundDeviceSource()
    assert (source.device.name, source.sample_rate, source.channels, source.note) == ("default", 16_000, 1, "")
    queue: list[np.ndarray] = []
    source.start(queue.append)
    stream = sd.streams[0]
    assert stream.started and stream.kwargs["dtype"] == "float32" and stream.kwargs["samplerate"] == 16_000
    callback = stream.kwargs["callback"]
    buffer = np.ones((800, 1), np.float32)
    callback(buffer, 800, None, types.SimpleNamespace(input_overflow=False))
    callback(buffer, 800, None, types.SimpleNamespace(input_overflow=True))
    callback(buffer, 800, None, types.SimpleNamespace(input_overflow=True))
    buffer[:] = 0  # PortAudio reuses its buffer: the queued blocks must be copies
    assert source.overflows == 2
    assert len(queue) == 3 and all(b.sum() == 800 for b in queue)
    source.stop()
    assert stream.closed


def test_device_without_16k_records_at_its_own_rate_and_says_so(monkeypatch):
    sd = fake_sounddevice(RAW, rate_ok=False)
    monkeypatch.setattr(devices, "import_sounddevice", lambda: sd)
    source = devices.SoundDeviceSource("hw mic")
    assert source.sample_rate == 48_000
    assert "48000 Hz" in source.note


def test_devices_command_lists_inputs_outputs_and_defaults(monkeypatch, capsys):
    import json

    sd = fake_sounddevice(RAW)
    monkeypatch.setattr(devices, "import_sounddevice", lambda: sd)
    assert main(["devices", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in payload["input"]] == ["hw mic", "default"]
    assert [d["name"] for d in payload["output"]] == ["default"]
    assert [d["default"] for d in payload["input"]] == [False, True]
    assert payload["input"][0]["channels"] == 2 and payload["input"][0]["default_samplerate"] == 48_000.0
    assert main(["devices"]) == 0
    text = capsys.readouterr().out
    assert "Input devices:" in text and "Output devices:" in text and "*  1  default" in text
