"""Noise is not an answer, memory runs out with one line, any length decodes (issue 11, defects 2-3)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

pytestmark = pytest.mark.slow
SOX = shutil.which("sox")
CORPUS_SPEECH = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "speech"


def analyze(*args):
    return subprocess.run(
        [sys.executable, "-m", "rehearse", "analyze", *map(str, args), "--level", "mid", "--lp", "ownership"],
        capture_output=True, text=True, timeout=600,
    )


def assert_one_line_exit_2(proc, needle):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert needle in lines[0]
    assert proc.stdout == ""


@pytest.mark.skipif(SOX is None, reason="sox makes the white noise the defect was found with")
def test_white_noise_files_are_no_speech_not_an_answer(analyzer, tmp_path):
    """2 of 15 sox noise files were graded as the answer "Uh,"; others made beam 5 loop for 60 s."""
    from rehearse.errors import NoSpeechError

    heard = []
    for i in range(15):
        noise = tmp_path / f"noise{i}.wav"
        subprocess.run([SOX, "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), "synth", "60", "whitenoise", "vol", "0.3"], check=True)
        with contextlib.suppress(NoSpeechError):
            heard.append(analyzer.transcriber.transcribe_file(noise).text)
    assert heard == []


def test_noise_through_the_cli_is_exit_2_no_speech_found(tmp_path):
    rng = np.random.default_rng(11)
    noise = tmp_path / "noise.wav"
    sf.write(noise, (rng.standard_normal(60 * 16000) * 0.1).astype(np.float32), 16000, subtype="PCM_16")
    assert_one_line_exit_2(analyze(noise, "--json"), "no speech found")


# Loads the model, then caps the address space a little above what is mapped, and analyses.
OOM_SCRIPT = """
import resource, sys
import rehearse.asr.transcription as T
from rehearse.cli import main
model = T.Transcriber().load()
T.Transcriber.load = lambda self: model
vm_kb = int([l for l in open('/proc/self/status') if l.startswith('VmSize')][0].split()[1])
limit = vm_kb * 1024 + int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.exit(main(["analyze", sys.argv[1], "--level", "mid", "--lp", "ownership"]))
"""


@pytest.mark.parametrize("headroom_mb", [30, 100, 200])
def test_out_of_memory_is_one_line_exit_2(tmp_path, headroom_mb):
    """A 10-minute file ended in a numpy MemoryError traceback under `ulimit -v`; now one line.

    Memory runs out in numpy, onnxruntime (the VAD) or MKL depending on the headroom.
    """
    speech, rate = sf.read(CORPUS_SPEECH / "jfk_inaugural_1961.flac", dtype="float32", always_2d=True)
    speech = speech.mean(axis=1)
    long = tmp_path / "long.wav"
    sf.write(long, np.tile(speech, int(300 * rate / speech.size) + 1), rate, subtype="PCM_16")
    proc = subprocess.run([sys.executable, "-c", OOM_SCRIPT, str(long), str(headroom_mb)], capture_output=True, text=True, timeout=600)
    assert_one_line_exit_2(proc, "not enough memory to transcribe long.wav")


def test_many_files_json_lines_and_a_bad_file_does_not_stop_the_rest(tmp_path):
    """A coach's folder: two real takes and a corrupt one, plus a file named on its own."""
    import json
    import shutil as sh

    folder = tmp_path / "takes"
    folder.mkdir()
    sh.copy(CORPUS_SPEECH / "librispeech_2412-153948-0000.flac", folder / "a.flac")
    (folder / "b.wav").write_bytes(b"RIFF....not audio at all")
    sh.copy(CORPUS_SPEECH / "jfk_inaugural_1961.flac", tmp_path / "jfk.flac")
    proc = analyze(folder, tmp_path / "jfk.flac", "--json")
    assert proc.returncode == 2, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    by_source = {r["source"]: r for r in rows}
    assert set(by_source) == {"a.flac", "b.wav", "jfk.flac"}
    assert "cannot decode b.wav" in by_source["b.wav"]["error"]
    assert "narrative" in by_source["a.flac"]["transcript"]["text"].lower()
    assert "fellow americans" in by_source["jfk.flac"]["transcript"]["text"].lower()
    assert by_source["jfk.flac"]["schema_version"] == 1
    assert "b.wav" in proc.stderr and "analysed 2 of 3 files; 1 failed" in proc.stderr
