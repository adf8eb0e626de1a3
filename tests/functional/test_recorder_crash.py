"""The recorder survives kill -9: a subprocess records, is killed, and the take is recovered."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from rehearse.audio.recorder import find_interrupted_takes, recover_take

REPO = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from rehearse.audio.files import FileSource
    from rehearse.audio.recorder import Recorder

    samples = np.random.default_rng(7).uniform(-0.5, 0.5, 16000 * 3).astype(np.float32)
    source = FileSource(samples=samples, sample_rate=16000, realtime=False, block_s=0.05)
    recorder = Recorder(source, sys.argv[1], metadata={"level": "senior", "lp": "ownership"})
    recorder.start()
    source.wait()
    while recorder.elapsed_s < 3.0:
        time.sleep(0.01)
    time.sleep(1.0)  # longer than one flush interval (0.5 s) plus the writer's poll
    print("ready", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("suffix", [".wav", ".flac"])
def test_kill_9_leaves_a_readable_take(tmp_path, suffix):
    take = tmp_path / "takes" / f"crash{suffix}"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(take)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        proc.kill()  # SIGKILL: no finally blocks, no atexit, no header finalisation
        proc.wait()
    expected = np.random.default_rng(7).uniform(-0.5, 0.5, 16000 * 3).astype(np.float32)

    interrupted = find_interrupted_takes(take.parent)
    assert [t.path for t in interrupted] == [take]
    assert interrupted[0].metadata == {"level": "senior", "lp": "ownership"}
    assert Path(interrupted[0]) == take

    if suffix == ".wav":  # readable as-is, before any repair: the header was kept current
        data, _ = sf.read(take, dtype="float32")
        assert len(data) == len(expected)

    result = recover_take(take)
    data, rate = sf.read(take, dtype="float32")
    assert rate == 16000
    assert len(data) / rate >= 3.0 - 1.0
    assert result.duration_s == pytest.approx(len(data) / rate)
    np.testing.assert_allclose(data, expected[: len(data)], atol=1.0 / 32768 * 1.01)
    assert stat.S_IMODE(os.stat(take).st_mode) == 0o600
    assert find_interrupted_takes(take.parent) == []

