"""`rehearse record` with the microphone and the analyser replaced: capture, JSON, warnings."""

from __future__ import annotations

import io
import json
import os
import stat

import numpy as np
import pytest

from rehearse.audio import devices
from rehearse.audio.files import FileSource
from rehearse.cli import main

RATE = 16_000


class FakeMic(FileSource):
    """Two seconds of 'speech', with a chosen number of input overflows."""

    overflow_count = 0
    last = None

    def __init__(self, device=None):
        super().__init__(samples=np.full(2 * RATE, 0.1, np.float32), sample_rate=RATE, realtime=False)
        self.device = devices.DeviceInfo(0, "fake mic", "test", 1, 0, RATE, True, False)
        FakeMic.last = self

    @property
    def overflows(self) -> int:
        return FakeMic.overflow_count


class EnterAfterAudio(io.StringIO):
    """stdin whose Enter arrives once the fake microphone has delivered everything."""

    def readline(self, *args):
        FakeMic.last.wait(10)
        return "\n"


class FakeAnalyzer:
    calls: list = []

    def __init__(self, model=None, allow_download=False, options=None):
        self.transcriber = self
        self.options = options
        self.model_name = "fake"

    def load(self):
        pass

    def analyze_file(self, path, level, lp, marks=None):  # as rehearse.analysis.pipeline.Analyzer
        FakeAnalyzer.calls.append(("file", path, level, lp))
        return {"fake": "report", "level": level, "lp": lp}

    def start_voice(self, audio):  # as rehearse.pipeline.Analyzer: a future of the voice tracks
        from concurrent.futures import Future

        done: Future = Future()
        done.set_result(None)
        return done

    def analyze_transcript(self, transcript, level, lp, source="", marks=None, voice=None):
        FakeAnalyzer.calls.append(("streamed", transcript.text, level, lp, source))
        return {"fake": "report", "level": level, "lp": lp}


class FakeStream:
    """Stands in for the streaming transcriber: counts the audio it hears, returns a fixed transcript."""

    last = None
    fail = False

    def __init__(self, transcriber, sample_rate):
        self.sample_rate = sample_rate
        self.frames = 0
        self.cancelled = False
        FakeStream.last = self

    def attach(self, recorder):
        recorder.add_listener(self.feed)
        return self

    def feed(self, block):
        self.frames += len(block)

    def cancel(self):
        self.cancelled = True

    def finish(self, timeout=None):
        from rehearse.asr.streaming import StreamResult, StreamStats
        from rehearse.errors import RehearseError
        from rehearse.models import Transcript, Word

        if FakeStream.fail:
            raise RehearseError("worker died", "analyse the take")
        words = (Word("I", 0.1, 0.3), Word("fixed", 0.3, 0.8), Word("it.", 0.8, 1.2))
        stats = StreamStats(audio_s=self.frames / self.sample_rate, chunks=1, whisper_calls=1)
        return StreamResult(Transcript(words, "I fixed it.", self.frames / self.sample_rate, "fake"), stats)


@pytest.fixture
def fakes(monkeypatch):
    import rehearse.analysis.pipeline
    import rehearse.analysis.report
    import rehearse.asr.streaming

    monkeypatch.setattr(devices, "SoundDeviceSource", FakeMic)
    monkeypatch.setattr(rehearse.analysis.pipeline, "Analyzer", FakeAnalyzer)
    monkeypatch.setattr(rehearse.asr.streaming, "StreamingTranscriber", FakeStream)
    FakeStream.fail = False
    monkeypatch.setattr(rehearse.analysis.report, "report_to_dict", lambda report: dict(report))
    monkeypatch.setattr("sys.stdin", EnterAfterAudio())
    FakeAnalyzer.calls = []
    FakeMic.overflow_count = 0


def test_record_json_adds_capture_and_saves_the_report(fakes, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    assert main(["record", "--level", "senior", "--lp", "ownership", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["fake"] == "report"
    take = tmp_path / "data" / "takes" / os.path.basename(data["capture"]["path"])
    assert data["capture"] == {"path": str(take), "duration_s": 2.0, "overflows": 0}
    # The report comes from the transcript streamed while recording, which heard every frame.
    assert FakeAnalyzer.calls == [("streamed", "I fixed it.", "senior", "ownership", take.name)]
    assert FakeStream.last.frames == 2 * RATE
    assert data["streaming"]["audio_s"] == 2.0 and data["streaming"]["degraded"] is False
    assert data["streaming"]["stop_to_report_s"] >= 0
    assert "Recording… press Enter to stop" in err and "warning" not in err
    saved = take.with_suffix(".json")
    assert json.loads(saved.read_text()) == data
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert not take.with_suffix(".partial").exists()


def test_record_falls_back_to_batch_when_streaming_fails(fakes, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path))
    FakeStream.fail = True
    assert main(["record", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [call[0] for call in FakeAnalyzer.calls] == ["file"]
    assert data["streaming"]["fallback"] == "batch" and data["streaming"]["degraded"] is True
    assert "live transcription failed" in err


def test_record_warns_about_overflows(fakes, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path))
    FakeMic.overflow_count = 4
    assert main(["record", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["capture"]["overflows"] == 4
    assert "warning: 4 input overflow(s)" in err


def test_record_rejects_a_bad_level_before_opening_the_microphone(fakes, capsys, monkeypatch):
    FakeMic.last = None
    assert main(["record", "--level", "principal"]) == 2
    assert FakeMic.last is None
    assert "principal" in capsys.readouterr().err


def test_a_take_with_no_speech_leaves_no_orphaned_recording(fakes, capsys, tmp_path, monkeypatch):
    from rehearse.errors import NoSpeechError

    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path))

    def silent(self, timeout=None):
        raise NoSpeechError("no speech found in the audio", "check the microphone level and record again")

    monkeypatch.setattr(FakeStream, "finish", silent)
    assert main(["record", "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "no speech found" in err and "deleted" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "takes").iterdir()) == []
