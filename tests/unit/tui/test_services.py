"""The real wiring in rehearse.tui.services: missing audio becomes one line, never a crash."""

from __future__ import annotations

import json
import os
import stat

import pytest

from rehearse.errors import AudioDeviceError
from rehearse.tui.services import build_services, clock, save_json_private
from rehearse.tui.widgets.transcript import quote_spans


@pytest.fixture
def no_portaudio(monkeypatch):
    from rehearse.audio import devices

    error = AudioDeviceError("PortAudio library not found", "sudo apt install libportaudio2")
    monkeypatch.setattr(devices, "check_audio", lambda *devices_chosen: devices.AudioAvailability(error, error))
    return error


def test_without_portaudio_the_room_still_builds_and_says_how_to_fix_it(no_portaudio):
    services = build_services()
    assert services.new_recorder is None and services.speak is None
    assert services.problems[0] == "Recording off: PortAudio library not found — sudo apt install libportaudio2"
    assert services.make_demo_take is not None
    assert len(services.principles) == 16
    assert all(services.questions[p.id] for p in services.principles)


@pytest.fixture
def fake_devices(monkeypatch):
    """Audio that is there, with every device choice recorded instead of opened."""
    from rehearse.audio import devices

    chosen: dict[str, list] = {"check": [], "source": [], "sink": []}

    def check_audio(input_device=None, output_device=None):
        chosen["check"].append((input_device, output_device))
        return devices.AudioAvailability(None, None)

    class Source:
        sample_rate, channels = 48000, 1

        def __init__(self, device=None):
            chosen["source"].append(device)

    class Sink:
        def __init__(self, device=None):
            chosen["sink"].append(device)

        def play(self, samples, sample_rate, blocking=True):
            pass

        def stop(self):
            chosen["sink"].append("stopped")

    monkeypatch.setattr(devices, "check_audio", check_audio)
    monkeypatch.setattr(devices, "SoundDeviceSource", Source)
    monkeypatch.setattr(devices, "SoundDeviceSink", Sink)
    return chosen


def test_settings_choose_the_microphone_and_the_speakers(fake_devices, monkeypatch):
    import numpy as np

    from rehearse.audio.voice import Speaker, SpeechAudio
    from rehearse.config import Settings

    monkeypatch.setattr(Speaker, "synthesize", lambda self, text: SpeechAudio(np.zeros(10, np.float32), 22050))
    services = build_services(Settings(input_device="USB mic", output_device="3", speak_prompts=True))
    assert fake_devices["check"] == [("USB mic", "3"), (None, "3")]  # the room, then replay in history
    services.new_recorder("followup")
    assert fake_devices["source"] == ["USB mic"]
    fake_devices["sink"].clear()
    services.speak("Tell me about a time.")
    services.stop_speaking()
    assert fake_devices["sink"] == ["3", "stopped"]


def test_speak_prompts_off_shows_the_question_as_text(fake_devices):
    from rehearse.config import Settings

    services = build_services(Settings(speak_prompts=False))
    assert services.speak is None
    assert any("speak_prompts" in line for line in services.problems)


def test_a_broken_config_file_is_one_line_and_the_defaults(fake_devices, tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text("level = [broken")
    services = build_services()
    assert services.problems and services.problems[0].startswith("Settings ignored: cannot read settings")
    assert services.settings.level == "mid"


def test_real_levels_give_the_issue_windows(no_portaudio):
    services = build_services()
    assert services.level_window("senior").label == "2:30–3:00"
    assert services.level_window("mid").label == "under 2:00"
    assert services.level_window("senior").scale_s == 180
    assert (services.situation_amber_s, services.situation_red_s) == (60, 90)


def test_probe_wording_comes_from_the_question_bank(no_portaudio):
    services = build_services()
    assert "escalate" in services.probe_question("escalation", "ownership").lower()


def test_reports_are_saved_readable_by_the_user_only(tmp_path):
    path = tmp_path / "takes" / "t.json"
    path.parent.mkdir()
    path.write_text("{}")
    os.chmod(path, 0o644)
    save_json_private(path, {"a": 1})
    assert json.loads(path.read_text()) == {"a": 1}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_clock_and_quote_matching():
    assert clock(151.9) == "2:32" and clock(None) == "–:––"
    text = "Then we shipped it. We figured out the root cause, fast."
    (start, end), = quote_spans(text, "we figured out the Root cause")
    assert text[start:end] == "We figured out the root cause,"
    assert quote_spans(text, "nothing like this") == []



def test_a_read_only_data_dir_turns_recording_off_with_a_banner_naming_it(fake_devices, monkeypatch, tmp_path):
    import errno

    data = tmp_path / "ro" / "rehearse"
    (tmp_path / "ro").mkdir()
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(data))
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):  # a read-only home (root ignores permission bits)
        if str(path).startswith(str(tmp_path / "ro")):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    services = build_services()
    assert services.new_recorder is None, "recording is refused up front, not after the answer"
    assert services.problems[0].startswith("Recording off: cannot create")
    assert str(data) in services.problems[0] and "read-only file system" in services.problems[0]
