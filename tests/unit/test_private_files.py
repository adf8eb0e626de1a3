"""Read-only and locked places: one line naming the directory and the fix; reads still work;
modes are set only on what rehearse creates."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from rehearse import paths
from rehearse.cli import main
from rehearse.errors import StoreError
from rehearse.practice import store as store_module
from rehearse.practice.store import Store

REPORT = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def refuse_writes_under(monkeypatch, root: Path, code: int = errno.EROFS) -> None:
    """What a read-only mount does (root ignores permission bits, so tests cannot chmod their way there)."""
    real_mkdir, real_open, real_chmod = os.mkdir, os.open, os.chmod

    def inside(path) -> bool:
        return Path(os.path.abspath(path)).is_relative_to(root)

    def mkdir(path, *args, **kwargs):
        if inside(path):
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    def chmod(path, *args, **kwargs):
        if isinstance(path, (str, os.PathLike)) and inside(path):
            raise OSError(code, os.strerror(code), str(path))
        return real_chmod(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "chmod", chmod)


# -- directories and files -------------------------------------------------------------------


def test_every_directory_created_is_private_and_existing_ones_keep_their_mode(tmp_path):
    os.chmod(tmp_path, 0o755)
    created = paths.make_private_dir(tmp_path / "cache" / "rehearse" / "prompts")
    for directory in (tmp_path / "cache", tmp_path / "cache" / "rehearse", created):
        assert mode(directory) == 0o700, directory
    os.chmod(tmp_path / "cache", 0o750)  # the user's choice
    paths.make_private_dir(tmp_path / "cache" / "rehearse" / "prompts")
    assert mode(tmp_path / "cache") == 0o750 and mode(tmp_path) == 0o755


@pytest.mark.parametrize("code, reason", [(errno.EROFS, "read-only file system"), (errno.EACCES, "permission denied")])
def test_an_unwritable_directory_is_one_line_naming_it_and_the_fix(tmp_path, monkeypatch, code, reason):
    os.chmod(tmp_path, 0o755)
    existing = tmp_path / "home"
    existing.mkdir()
    refuse_writes_under(monkeypatch, existing, code)
    with pytest.raises(StoreError) as err:
        paths.make_private_dir(existing / "rehearse" / "takes")
    text = str(err.value)
    assert str(existing / "rehearse") in text and reason in text and "REHEARSE_DATA_DIR" in text
    assert "\n" not in text
    with pytest.raises(StoreError, match=reason):
        paths.write_private_text(existing / "config.toml", "x = 1")


def test_an_existing_read_only_directory_is_not_chmodded(tmp_path, monkeypatch):
    directory = tmp_path / "data"
    directory.mkdir(mode=0o755)
    refuse_writes_under(monkeypatch, directory)
    assert paths.make_private_dir(directory) == directory  # nothing to create: nothing to change


def test_config_init_in_a_read_only_config_dir_exits_2_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REHEARSE_CONFIG_DIR", str(tmp_path / "ro" / "rehearse"))
    (tmp_path / "ro").mkdir()
    refuse_writes_under(monkeypatch, tmp_path / "ro")
    assert main(["config", "--init"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "read-only file system" in err
    assert str(tmp_path / "ro" / "rehearse") in err and "REHEARSE_CONFIG_DIR" in err


def test_record_in_a_read_only_data_dir_fails_before_the_microphone_opens(tmp_path, monkeypatch, capsys):
    from rehearse.audio import devices

    opened = []
    monkeypatch.setattr(devices, "SoundDeviceSource", lambda *a, **k: opened.append(1))
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "ro" / "rehearse"))
    (tmp_path / "ro").mkdir()
    refuse_writes_under(monkeypatch, tmp_path / "ro")
    assert main(["record", "--level", "mid", "--lp", "ownership"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "read-only file system" in err and "REHEARSE_DATA_DIR" in err
    assert opened == []


# -- the history ------------------------------------------------------------------------------


def test_reading_the_history_leaves_modes_the_user_set(tmp_path):
    data = tmp_path / "data"
    store = Store(data / "history.sqlite3")
    store.add_take(REPORT, story="webhook drop")
    assert mode(data) == 0o700 and mode(store.path) == 0o600
    os.chmod(data, 0o750)
    os.chmod(store.path, 0o640)
    reader = Store(data / "history.sqlite3")
    assert len(reader.takes()) == 1 and reader.stories()
    assert mode(data) == 0o750 and mode(store.path) == 0o640


def test_reads_do_not_wait_for_a_writer_and_writes_say_it_is_locked(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    Store(path).add_take(REPORT)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another rehearse in the middle of a write
    try:
        reader = Store(path)
        assert [t.id for t in reader.takes()] == [1]
        assert reader.report(1)["lp"] == REPORT["lp"]
        with pytest.raises(StoreError, match="locked by another program"):
            reader.add_take(REPORT)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_read_only_database_still_reads_and_writes_say_why(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    Store(path).add_take(REPORT)
    real_connect = sqlite3.connect

    def connect(database, *args, **kwargs):  # what SQLite says for a file it may not write
        conn = real_connect(database, *args, **kwargs)
        if not kwargs.get("uri"):
            conn.execute("PRAGMA query_only = ON")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    reader = Store(path)
    assert [t.id for t in reader.takes()] == [1]
    with pytest.raises(StoreError) as err:
        reader.add_take(REPORT)
    assert "read-only" in str(err.value) and str(path) in str(err.value)


def test_history_cli_reads_a_write_locked_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path))
    Store().add_take(REPORT, story="webhook drop")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(tmp_path / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["history", "--json"]) == 0
        assert len(json.loads(capsys.readouterr().out)["takes"]) == 1
        assert main(["export", "1", "--format", "json"]) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_drill_from_the_microphone_checks_the_data_dir_before_recording(tmp_path, monkeypatch, capsys):
    from rehearse.audio import devices

    opened = []
    monkeypatch.setattr(devices, "SoundDeviceSource", lambda *a, **k: opened.append(1))
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    Store().add_take(REPORT)  # an existing history: reading it works, saving a take would not
    refuse_writes_under(monkeypatch, tmp_path / "data")
    assert main(["drill", "situation_sprint", "--level", "mid", "--lp", "ownership"]) == 2
    err = capsys.readouterr().err
    assert "read-only file system" in err and str(tmp_path / "data" / "takes") in err
    assert opened == []


def test_export_to_a_read_only_place_names_it_and_asks_for_another_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    Store().add_take(REPORT)
    (tmp_path / "ro").mkdir()
    refuse_writes_under(monkeypatch, tmp_path / "ro")
    assert main(["export", "1", "--out", str(tmp_path / "ro" / "take.md")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(tmp_path / "ro") in err and "read-only file system" in err and "--out" in err
