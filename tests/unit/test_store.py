"""The practice history: migrations, concurrency, damaged/locked files, permissions, delete."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from rehearse.errors import BadInputError, StoreError
from rehearse.practice import store as store_module
from rehearse.practice.store import LATEST_VERSION, Store, metrics_from_report

REPORT = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())


def test_new_store_lives_in_the_data_dir_with_private_permissions(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    store = Store()
    store.add_take(REPORT, story="webhook drop")
    assert store.path == tmp_path / "data" / "history.sqlite3"
    assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) == 0o700
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{store.path}{suffix}")
        if path.exists():
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version() == LATEST_VERSION


def test_a_database_from_the_first_schema_opens_and_is_upgraded(tmp_path):
    path = tmp_path / "history.sqlite3"
    old = Store(path, migrate=False)
    assert old.migrate(upto=1) == 1
    with sqlite3.connect(path) as conn:
        assert "origin" not in [r[1] for r in conn.execute("PRAGMA table_info(takes)")]
        conn.execute("INSERT INTO stories (name, created_at) VALUES ('webhook drop', '2025-01-01T00:00:00')")
        conn.execute(
            "INSERT INTO takes (created_at, lp, level, story_id, total_s, report_json) VALUES (?, ?, ?, 1, 171.0, ?)",
            ("2025-01-01T00:00:00", "ownership", "senior", json.dumps(REPORT)),
        )
    upgraded = Store(path)
    assert upgraded.schema_version() == LATEST_VERSION
    [take] = upgraded.takes()
    assert (take.story, take.lp, take.origin, take.metrics.total_s) == ("webhook drop", "ownership", "take", 171.0)
    assert upgraded.report(take.id)["lp"] == "ownership"
    with sqlite3.connect(path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == sorted(store_module.MIGRATIONS)


def test_a_database_from_a_newer_rehearse_is_refused(tmp_path):
    store = Store(tmp_path / "h.sqlite3")
    with sqlite3.connect(store.path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'x')", (LATEST_VERSION + 1,))
    with pytest.raises(StoreError, match="newer rehearse"):
        Store(store.path)


def test_a_corrupt_database_says_how_to_fix_it_and_leaves_recordings(tmp_path):
    takes = tmp_path / "takes"
    takes.mkdir()
    recording = takes / "answer.wav"
    recording.write_bytes(b"RIFF-audio")
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as caught:
        Store(path)
    message = str(caught.value)
    assert "damaged" in message and "mv" in message and "\n" not in message
    assert recording.read_bytes() == b"RIFF-audio"


def test_a_locked_database_gives_a_clear_message(tmp_path, monkeypatch):
    store = Store(tmp_path / "history.sqlite3")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            store.add_take(REPORT)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.add_take(REPORT).id == 1


def test_delete_removes_the_audio_and_report_but_never_files_outside_the_data_dir(tmp_path):
    store = Store(tmp_path / "data" / "history.sqlite3")
    audio = tmp_path / "data" / "takes" / "a.wav"
    audio.parent.mkdir(parents=True)
    audio.write_bytes(b"RIFF")
    report_path = audio.with_suffix(".json")
    report_path.write_text("{}")
    take = store.add_take(REPORT, audio_path=audio, report_path=report_path)
    result = store.delete_take(take.id)
    assert not audio.exists() and not report_path.exists()
    assert set(result.removed) == {str(audio), str(report_path)}
    with pytest.raises(BadInputError):
        store.get_take(take.id)

    users_file = tmp_path / "my-answer.wav"
    users_file.write_bytes(b"RIFF")
    take = store.add_take(REPORT, audio_path=users_file)
    assert store.delete_take(take.id).kept == (str(users_file),)
    assert users_file.exists()


def test_metrics_filters_coverage_and_best_drill_time(tmp_path):
    store = Store(tmp_path / "h.sqlite3")
    metrics = metrics_from_report(REPORT)
    assert (metrics.total_s, metrics.situation_s, metrics.rubric_pass, metrics.rubric_total) == (171.0, 40.0, 2, 5)
    assert (metrics.wpm, metrics.fillers_per_min, metrics.target_min_s, metrics.target_max_s) == (142.0, 1.8, 150.0, 180.0)
    store.add_take(REPORT, story="webhook drop")
    store.add_take({**REPORT, "lp": "customer_obsession"}, story="Webhook  drop")
    store.add_take({**REPORT, "level": "mid"}, story="migration")
    assert [t.lp for t in store.takes(story="webhook drop")] == ["ownership", "customer_obsession"]
    assert len(store.takes(level="mid")) == 1
    assert store.coverage() == {"migration": {"ownership": 1}, "webhook drop": {"ownership": 1, "customer_obsession": 1}}
    assert store.best_drill_time("situation_sprint", "mid") is None
    for passed, time_s in ((False, 20.0), (True, 28.0), (True, 25.5), (True, 29.0)):
        store.add_drill_result("situation_sprint", level="mid", lp="ownership", passed=passed, time_s=time_s)
    assert store.best_drill_time("situation_sprint", "mid") == 25.5
    assert store.best_drill_time("situation_sprint", "senior") is None


def test_a_version_2_history_gains_the_delivery_verdicts(tmp_path):
    path = tmp_path / "history.sqlite3"
    assert Store(path, migrate=False).migrate(upto=2) == 2
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO takes (created_at, lp, level, wpm, fillers_per_min) VALUES ('2025-01-01T00:00:00', 'ownership', 'mid', 171.0, 4.0)"
        )
    store = Store(path)
    assert store.schema_version() == LATEST_VERSION >= 3
    coached = json.loads(json.dumps(REPORT))
    coached["delivery"].update(
        wpm=190.0, pace={"verdict": "too_fast"}, filler_rate={"verdict": "ok"},
        hedges=[{"phrase": "maybe", "quote": "maybe it", "section": "result", "start_s": 1.0}],
    )
    store.add_take(coached)
    old, new = store.takes()
    assert (old.metrics.wpm, old.metrics.pace, old.metrics.hedges) == (171.0, None, None)
    assert (new.metrics.wpm, new.metrics.pace, new.metrics.fillers_verdict, new.metrics.hedges) == (190.0, "too_fast", "ok", 1)
