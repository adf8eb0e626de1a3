"""Fault injection: a rehearse process killed with SIGKILL while it saves a take leaves the
history consistent, and the take in it complete or not at all."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rehearse.practice.store import Store

REPORT = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())

# Saves takes in a loop and prints each id once add_take returned. With PAUSE, it stops between the
# INSERT and the COMMIT of the next take and says so: the kill then lands inside the transaction.
_SAVER = """
import json, os, sys, time
from contextlib import contextmanager
from rehearse.practice.store import Store

class PausingStore(Store):
    @contextmanager
    def _write(self):
        with super()._write() as conn:
            yield conn
            if os.environ.get("PAUSE") and getattr(self, "pause_next", False):
                print("inside", flush=True)
                time.sleep(120)

report = json.loads(open(sys.argv[2]).read())
store = PausingStore(sys.argv[1])
store.pause_next = False
for n in range(int(sys.argv[3])):
    store.pause_next = n == int(sys.argv[3]) - 1
    take = store.add_take({**report, "take_number": n}, story=f"story {n % 3}")
    print(take.id, flush=True)
"""


def big_report() -> dict:
    """A long answer (about 1 MB of JSON), so a write takes long enough to be interrupted."""
    words = (REPORT.get("transcript") or {}).get("words") or [{"w": "I", "start_s": 0.0, "end_s": 0.2}]
    many = [dict(w, start_s=w["start_s"] + 200 * k, end_s=w["end_s"] + 200 * k) for k in range(150) for w in words]
    return {**REPORT, "transcript": {"text": " ".join(w["w"] for w in many), "words": many}}


def saver(db: Path, report_file: Path, count: int, pause: bool = False) -> subprocess.Popen:
    env = {**os.environ, "PAUSE": "1" if pause else ""}
    return subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(db), str(report_file), str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def kill_after(proc: subprocess.Popen, lines: int) -> list[str]:
    seen = []
    while len(seen) < lines:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        seen.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    return seen


def assert_consistent(db: Path, acknowledged: set[int]) -> set[int]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT id, report_json, total_s, lp, level FROM takes").fetchall()
    present = set()
    for take_id, raw, total_s, lp, level in rows:
        report = json.loads(raw)  # a half-written report would not parse
        assert len(report["transcript"]["words"]) == len(big_report()["transcript"]["words"])
        assert (lp, level, total_s) == (report["lp"], report["level"], (report.get("timing") or {}).get("total_s"))
        present.add(take_id)
    assert acknowledged <= present, "a take add_take returned is gone"
    return present


@pytest.fixture
def report_file(tmp_path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(big_report()))
    return path


def test_kill_9_while_saving_takes_leaves_every_take_complete_or_absent(tmp_path, report_file):
    db = tmp_path / "history.sqlite3"
    acknowledged: set[int] = set()
    for lines in (1, 4, 9):  # kill at different points of the loop
        proc = saver(db, report_file, 1000)
        acknowledged |= {int(x) for x in kill_after(proc, lines)}
        present = assert_consistent(db, acknowledged)
        assert len(present - acknowledged) <= 1, "at most the take being saved at the kill"
        acknowledged = present
    store = Store(db)  # the history still opens, reads and takes new writes
    assert {t.id for t in store.takes()} == acknowledged
    assert store.add_take(REPORT).id not in acknowledged


def test_kill_9_inside_the_transaction_leaves_the_take_absent(tmp_path, report_file):
    db = tmp_path / "history.sqlite3"
    proc = saver(db, report_file, 3, pause=True)
    seen = kill_after(proc, 3)  # two ids, then "inside": the third take is inserted, not committed
    assert seen[-1] == "inside"
    acknowledged = {int(x) for x in seen[:-1]}
    assert assert_consistent(db, acknowledged) == acknowledged
    reader = Store(db)
    assert [t.id for t in reader.takes()] == sorted(acknowledged)
    assert len(reader.stories()) == 2  # the story created inside the killed transaction is gone too
