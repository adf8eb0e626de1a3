"""Issue 4 test (b): the TUI speaks the prompt into PulseAudio's null sink, and a recording of
the sink's monitor (the virtual microphone) transcribes to the question's text. The test adds its
own null sink next to scripts/virtual-mic's, so audio from tests running at the same time stays out.

Needs `scripts/virtual-mic start`; skipped with the reason otherwise.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.audio_device]

SINK = "rehearse_mic"
FIXED_SERVER = f"unix:/tmp/rehearse-pulse-{os.getuid()}/native"


def _pactl(server: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pactl", *args], capture_output=True, text=True, env={**os.environ, "PULSE_SERVER": server}, timeout=10
    )


@pytest.fixture
def pulse(monkeypatch):
    server = os.environ.get("PULSE_SERVER") or FIXED_SERVER
    try:
        if _pactl(server, "info").returncode != 0:
            pytest.skip("no PulseAudio server: run scripts/virtual-mic start")
    except FileNotFoundError:
        pytest.skip("pactl not installed: apt install pulseaudio-utils, then scripts/virtual-mic start")
    if SINK not in _pactl(server, "list", "short", "sinks").stdout.split():
        pytest.skip(f"PulseAudio has no '{SINK}' sink: run scripts/virtual-mic start")
    monkeypatch.setenv("PULSE_SERVER", server)
    # A private null sink: other tests on the shared virtual mic must not talk into this recording.
    # libpulse (behind ALSA's pulse plugin, behind PortAudio) opens PULSE_SINK / PULSE_SOURCE by default.
    private = f"rehearse_tui_{os.getpid()}"
    loaded = _pactl(server, "load-module", "module-null-sink", f"sink_name={private}", "rate=16000", "channels=1")
    if loaded.returncode != 0:
        pytest.skip(f"cannot add a null sink: {loaded.stderr.strip()}")
    monkeypatch.setenv("PULSE_SINK", private)
    monkeypatch.setenv("PULSE_SOURCE", f"{private}.monitor")
    if "sounddevice" in sys.modules:  # PortAudio scanned devices under another environment
        sd = sys.modules["sounddevice"]
        sd._terminate()
        sd._initialize()
    yield server
    _pactl(server, "unload-module", loaded.stdout.strip())


def test_spoken_prompt_reaches_the_virtual_microphone(pulse, tmp_path):
    import jiwer

    from rehearse.audio import Recorder, SoundDeviceSource
    from rehearse.lang.tokens import norm
    from rehearse.tui.app import create_app
    from rehearse.tui.screens.prompt import PromptScreen
    from rehearse.tui.services import build_services

    services = build_services()
    assert services.speak is not None, services.problems
    services.warm_up = None  # load Whisper after the speech, not while it plays
    recorder = Recorder(SoundDeviceSource(), tmp_path / "monitor.wav")

    async def speak_first_question() -> str:
        app = create_app(services, lp="ownership")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "down", "enter")  # ownership -> its first question
            await pilot.pause()
            assert isinstance(app.screen, PromptScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            status = str(app.screen.query_one("#speech-status").render())
            assert "Could not play" not in status, status
            # The monitor lags the sink by the server's buffering: keep listening a little longer.
            await pilot.pause(1.5)
            return app.screen.take.question.text

    recorder.start()
    try:
        question = asyncio.run(speak_first_question())
    finally:
        capture = recorder.stop()
    assert capture.duration_s > 1.0

    from rehearse.analysis.pipeline import Analyzer
    from rehearse.audio.files import load_whisper_audio as load_audio

    heard = Analyzer().transcriber.transcribe(load_audio(capture.path)).text

    def words(text: str) -> str:
        return " ".join(t for t in (norm(w) for w in text.split()) if t)

    error_rate = jiwer.wer(words(question), words(heard))
    assert error_rate <= 0.25, f"asked {question!r}, the microphone heard {heard!r} (WER {error_rate:.2f})"


def test_an_answer_recorded_in_the_room_is_transcribed_live_and_analysed(pulse, tmp_path, synth_cache_dir):
    """The real room end to end: question spoken, answer heard on the microphone, live transcript
    while recording, and the report saved with the stream's figures a moment after stopping."""
    import json

    import jiwer
    import synth

    from rehearse.lang.tokens import tokens
    from rehearse.tui.app import create_app
    from rehearse.tui.screens.recording import RecordingScreen
    from rehearse.tui.screens.results import ResultsScreen
    from rehearse.tui.services import build_services

    gold = synth.ensure_answer("mid_ownership_handoff", synth_cache_dir)
    services = build_services()
    assert services.new_recorder is not None, services.problems

    async def rehearse_once() -> tuple[str, str]:
        app = create_app(services, lp=gold.lp, level=gold.level)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "enter")  # this LP, a random question
            await app.workers.wait_for_complete()  # the question is spoken and the model loaded
            await pilot.press("space")
            await pilot.pause()
            assert isinstance(app.screen, RecordingScreen)
            await asyncio.to_thread(subprocess.run, ["paplay", str(gold.wav_path)], check=True, timeout=300)
            await pilot.pause(1.5)  # the monitor lags the sink; the worker finishes its step
            live = str(app.screen.query_one("#live-transcript").render())
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            return live, str(app.screen.query_one("#status").render())

    live, status = asyncio.run(rehearse_once())
    assert len(live.split()) >= 10, f"the live transcript showed {live!r}"

    saved = sorted((Path(os.environ["REHEARSE_DATA_DIR"]) / "takes").glob("*.json"))
    assert saved, f"no report saved ({status})"
    report = json.loads(saved[-1].read_text())
    streaming = report["streaming"]
    assert streaming["audio_s"] >= gold.audio_duration_s - 1.0
    assert not streaming["degraded"]
    error_rate = jiwer.wer(" ".join(tokens(gold.text)), " ".join(tokens(report["transcript"]["text"])))
    assert error_rate < 0.2, report["transcript"]["text"]
    assert report["timing"]["total_s"] == pytest.approx(gold.total_speech_s, abs=3.0)
    assert {s["name"] for s in report["sections"]} >= {"situation", "action", "result"}
