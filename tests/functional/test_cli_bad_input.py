"""Bad input: one line on stderr naming the problem and the fix, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rehearse", *args], capture_output=True, text=True, input=stdin, timeout=300
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def test_missing_file(tmp_path):
    assert_one_line_error(run_cli("analyze", str(tmp_path / "nope.wav")), "no such file", "nope.wav")


def test_corrupt_file(tmp_path):
    bad = tmp_path / "answer.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage" + bytes(range(256)) * 8)
    assert_one_line_error(run_cli("analyze", str(bad)), "cannot decode", "answer.wav")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    assert_one_line_error(run_cli("analyze", str(empty)), "empty")


@pytest.mark.slow
def test_silent_audio_says_no_speech(tmp_path):
    silent = write_wav(tmp_path / "silence.wav", np.zeros(16000 * 3))
    assert_one_line_error(run_cli("analyze", str(silent)), "no speech found")


@pytest.mark.slow
def test_noise_only_audio_says_no_speech(tmp_path):
    rng = np.random.default_rng(7)
    noise = write_wav(tmp_path / "hiss.wav", rng.normal(0, 0.01, 16000 * 4))
    assert_one_line_error(run_cli("analyze", str(noise)), "no speech found")


def test_unknown_level_lists_the_valid_ones(tmp_path):
    line = assert_one_line_error(run_cli("analyze", "whatever.wav", "--level", "principal"), "principal")
    assert "mid" in line and "senior" in line


def test_unknown_lp_lists_the_valid_ones():
    line = assert_one_line_error(run_cli("check", "-", "--lp", "ownrship", stdin="I fixed it."), "ownrship")
    assert "ownership" in line and "customer_obsession" in line and "frugality" in line


def test_empty_transcript(tmp_path):
    f = tmp_path / "answer.txt"
    f.write_text("  \n")
    assert_one_line_error(run_cli("check", str(f)), "no answer text")


def test_unknown_option_is_one_line():
    assert_one_line_error(run_cli("analyze", "a.wav", "--frobnicate"), "unrecognized arguments", "--help")


def test_unknown_model_name_without_download(tmp_path):
    wav = write_wav(tmp_path / "a.wav", np.zeros(1600))
    line = assert_one_line_error(run_cli("analyze", str(wav), "--model", "small.en"), "small.en")
    assert "--allow-download" in line


def test_model_dir_without_weights(tmp_path):
    wav = write_wav(tmp_path / "a.wav", np.zeros(1600))
    (tmp_path / "mymodel").mkdir()
    assert_one_line_error(run_cli("analyze", str(wav), "--model", str(tmp_path / "mymodel")), "model.bin")
