"""Real capture through PulseAudio's null sink (scripts/virtual-mic): what is played is recorded.

Needs `scripts/virtual-mic start` first (as .ci/run does); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import queue
import signal as signals
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

pytestmark = [pytest.mark.slow, pytest.mark.audio_device]

SINK = "rehearse_mic"
RATE = 16_000
# scripts/virtual-mic serves this socket besides the default one, because the default is found
# through $XDG_CONFIG_HOME, which conftest redirects to a temporary directory.
FIXED_SERVER = f"unix:/tmp/rehearse-pulse-{os.getuid()}/native"
REPO = Path(__file__).resolve().parents[2]


def _pactl(server: str | None, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if server:
        env["PULSE_SERVER"] = server
    return subprocess.run(["pactl", *args], capture_output=True, text=True, env=env, timeout=10)


@pytest.fixture(scope="module")
def pulse_server() -> str:
    try:
        candidates = [os.environ.get("PULSE_SERVER"), FIXED_SERVER, None]
        for server in candidates:
            if server is not None and server == "":
                continue
            if _pactl(server, "info").returncode == 0:
                break
        else:
            pytest.skip("no PulseAudio server (`pactl info` failed): run scripts/virtual-mic start")
    except FileNotFoundError:
        pytest.skip("pactl not installed: apt install pulseaudio-utils, then scripts/virtual-mic start")
    sinks = _pactl(server, "list", "short", "sinks").stdout.split()
    if SINK not in sinks:
        pytest.skip(f"PulseAudio runs but has no '{SINK}' sink: run scripts/virtual-mic start")
    if server is None:
        info = _pactl(None, "info").stdout
        server = "unix:" + next(line.split(": ", 1)[1] for line in info.splitlines() if line.startswith("Server String"))
    return server


@pytest.fixture
def pulse(pulse_server, monkeypatch) -> str:
    """Point this process and its children at the server; re-scan PortAudio devices if needed."""
    monkeypatch.setenv("PULSE_SERVER", pulse_server)
    if "sounddevice" in sys.modules:  # imported earlier under another environment
        sd = sys.modules["sounddevice"]
        sd._terminate()
        sd._initialize()
    return pulse_server


def play_into_sink(path: Path) -> None:
    subprocess.run(["paplay", f"--device={SINK}", str(path)], check=True, timeout=600)


def best_lag(recorded: np.ndarray, played: np.ndarray) -> tuple[int, float]:
    """Offset of ``played`` inside ``recorded`` and the normalised correlation there."""
    n = len(recorded) + len(played)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(played, size)), size)[: len(recorded)]
    lag = int(np.argmax(corr))
    segment = recorded[lag : lag + len(played)]
    overlap = played[: len(segment)]
    denom = float(np.linalg.norm(segment) * np.linalg.norm(overlap)) or 1.0
    return lag, float(np.dot(segment, overlap) / denom)


def tone_bursts() -> np.ndarray:
    """Three 0.3 s tones (500, 1000, 1500 Hz) separated by 0.4 s of silence."""
    t = np.arange(int(0.3 * RATE)) / RATE
    gap = np.zeros(int(0.4 * RATE), np.float32)
    parts = [gap]
    for freq in (500, 1000, 1500):
        parts += [(0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32), gap]
    return np.concatenate(parts)


def test_sounddevice_source_hears_what_is_played_into_the_sink(pulse, tmp_path):
    from rehearse.audio.devices import SoundDeviceSource
    from rehearse.audio.recorder import Recorder

    played = tone_bursts()
    wav = tmp_path / "bursts.wav"
    sf.write(wav, played, RATE, subtype="PCM_16")

    source = SoundDeviceSource()
    recorder = Recorder(source, tmp_path / "take.wav")
    blocks: list[np.ndarray] = []
    recorder.add_listener(blocks.append)
    recorder.start()
    try:
        assert recorder.wait_for_audio(10), "no audio from the virtual microphone"
        time.sleep(0.3)
        play_into_sink(wav)
        time.sleep(0.5)
    finally:
        result = recorder.stop()

    recorded, rate = sf.read(result.path, dtype="float32")
    assert rate == result.sample_rate == source.sample_rate
    if rate != RATE:
        from rehearse.audio.dsp import resample

        recorded = resample(recorded, rate, RATE)
    assert result.duration_s >= len(played) / RATE
    lag, similarity = best_lag(recorded, played)
    print(f"lag {lag / RATE:.3f} s, similarity {similarity:.3f}, overflows {result.overflows}")
    assert similarity > 0.9, "the recording should contain the played bursts nearly unchanged"
    # silence before the bursts arrived, and energy where each burst should be
    assert np.sqrt(np.mean(recorded[: max(lag - 800, 0)] ** 2)) < 0.01
    for k in range(3):
        start = lag + int((0.4 + 0.7 * k) * RATE)
        burst = recorded[start + 400 : start + int(0.3 * RATE) - 400]
        assert np.sqrt(np.mean(burst**2)) > 0.2, f"burst {k} missing"
    listened = np.concatenate(blocks)[:, 0]
    assert len(listened) == int(round(result.duration_s * result.sample_rate))


class RecordProcess:
    """`python -m rehearse record ...` with stderr read on a thread (so we can wait for a line)."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rehearse", "record", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)
            self.lines.put(line)

    def wait_for(self, needle: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if needle in line:
                return
        self.proc.kill()
        raise AssertionError(f"never saw {needle!r}; stderr: {''.join(self.stderr)}")


def test_kill_9_during_record_leaves_a_readable_take_offered_next_time(pulse, tmp_path, monkeypatch):
    from rehearse.audio.recorder import find_interrupted_takes

    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    rec = RecordProcess("--level", "mid", "--lp", "ownership")
    try:
        rec.wait_for("Recording… press Enter to stop")
        time.sleep(3.0)
    finally:
        rec.proc.send_signal(signals.SIGKILL)
        rec.proc.wait(timeout=30)
    assert rec.proc.returncode == -signals.SIGKILL

    takes = tmp_path / "data" / "takes"
    interrupted = find_interrupted_takes(takes)
    assert len(interrupted) == 1
    take = interrupted[0].path
    assert interrupted[0].metadata == {"level": "mid", "lp": "ownership"}
    audio, rate = sf.read(take, dtype="float32")  # as left by the kill: no repair yet
    assert len(audio) / rate >= 2.0
    assert stat.S_IMODE(os.stat(take).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(takes).st_mode) == 0o700

    # the next start names the interrupted take (stdin at EOF: it stops at once)
    again = subprocess.run(
        [sys.executable, "-m", "rehearse", "record", "--level", "mid", "--lp", "ownership"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, cwd=REPO,
    )
    assert f"interrupted take was kept: {take}" in again.stderr


def test_record_json_hears_a_synthesized_answer(pulse, tmp_path, monkeypatch, synth_cache_dir):
    sys.path.insert(0, str(REPO / "tests"))
    import jiwer
    from synth import ensure_answer

    gold = ensure_answer("mid_ownership_handoff", synth_cache_dir)
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    rec = RecordProcess("--level", gold.level, "--lp", gold.lp, "--json")
    try:
        rec.wait_for("Recording… press Enter to stop")
        play_into_sink(gold.wav_path)
        time.sleep(0.5)
        out, _ = rec.proc.communicate("\n", timeout=600)
    finally:
        if rec.proc.poll() is None:
            rec.proc.kill()
    assert rec.proc.returncode == 0, "".join(rec.stderr)
    report = json.loads(out)

    capture = report["capture"]
    take = Path(capture["path"])
    assert take.parent == tmp_path / "data" / "takes"
    assert isinstance(capture["overflows"], int)
    assert capture["duration_s"] >= gold.audio_duration_s
    saved = take.with_suffix(".json")
    assert json.loads(saved.read_text())["capture"] == capture
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600

    # where in the take the answer starts: align the recording with what was played
    recorded, rate = sf.read(take, dtype="float32")
    played, played_rate = sf.read(gold.wav_path, dtype="float32")
    assert rate == played_rate == RATE
    lag, similarity = best_lag(recorded, played)
    offset = lag / RATE
    assert similarity > 0.99, "the take should hold the played answer sample for sample"

    hypothesis = jiwer.wer(
        _norm(gold.text), _norm(report["transcript"]["text"])
    )
    found = {s["name"]: s for s in report["sections"]}
    print(
        f"offset {offset:.2f} s, WER {hypothesis:.3f}, overflows {capture['overflows']}, "
        f"total {report['timing']['total_s']} vs gold {gold.total_speech_s:.1f}"
    )
    for s in report["sections"]:
        g = gold.section(s["name"])
        print(f"  {s['name']:<10} {s['start_s'] - offset:6.1f}-{s['end_s'] - offset:6.1f}  gold "
              + (f"{g.start_s:6.1f}-{g.end_s:6.1f}" if g else "absent"))
    # The capture is exact (above); what follows bounds the whole pipeline on a live take.
    # Whisper's output shifts with where the answer starts in the take (leading silence),
    # so the bounds are a little looser than for the same file analysed directly.
    assert hypothesis < 0.3
    assert report["timing"]["total_s"] == pytest.approx(gold.total_speech_s, abs=3.0)
    assert [s["name"] for s in report["sections"]] == [s.name for s in gold.sections]
    for g in gold.sections:
        assert found[g.name]["start_s"] - offset == pytest.approx(g.start_s, abs=4.0), g.name
        assert found[g.name]["end_s"] - offset == pytest.approx(g.end_s, abs=4.0), g.name
    assert report["timing"]["length"] == gold.expect["length"]


def _norm(text: str) -> str:
    from rehearse.lang.tokens import tokens

    return " ".join(tokens(text))


def test_sounddevice_sink_plays_into_the_virtual_microphone(pulse, tmp_path):
    from rehearse.audio.devices import SoundDeviceSink, SoundDeviceSource
    from rehearse.audio.recorder import Recorder

    played = tone_bursts()
    recorder = Recorder(SoundDeviceSource(), tmp_path / "take.wav")
    recorder.start()
    try:
        assert recorder.wait_for_audio(10)
        sink = SoundDeviceSink()  # the default output is the null sink
        sink.play(played, RATE, blocking=True)
        time.sleep(0.5)
    finally:
        result = recorder.stop()
    recorded, rate = sf.read(result.path, dtype="float32")
    assert rate == RATE
    lag, similarity = best_lag(recorded, played)
    print(f"sink->mic lag {lag / RATE:.3f} s, similarity {similarity:.3f}")
    assert similarity > 0.9
