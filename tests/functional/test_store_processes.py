"""Two processes write the practice history at once (SQLite WAL): nothing is lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from rehearse.practice.store import Store

_WRITER = """
import sys
from rehearse.practice.store import Store
store = Store(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.add_take({"lp": "ownership", "level": "mid", "timing": {"total_s": i}}, story=sys.argv[2])
    store.add_drill_result("situation_sprint", level="mid", lp="ownership", passed=True, time_s=float(i))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "history.sqlite3"
    Store(path)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"story {n}", "40"], stderr=subprocess.PIPE)
        for n in (1, 2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    store = Store(path)
    assert len(store.takes()) == 80
    assert len(store.drill_results()) == 80
    assert {s.name: s.take_count for s in store.stories()} == {"story 1": 40, "story 2": 40}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

