"""Faults from outside, through the real command line: one line, exit 2, no traceback — or it just works.

Read-only places use a read-only bind mount in a private mount namespace (``unshare -m``):
root ignores permission bits, a read-only mount it cannot. Skipped where that is not allowed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_SPEECH

from rehearse.practice.store import Store

REPORT = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())
ANSWER = "I owned the outage. I fixed the retry handler myself. The drop rate went to zero."


def run_cli(*args: str, stdin: str | bytes | None = None, read_only: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "rehearse", *args]
    if read_only is not None:  # the directory is remounted read-only for this process only
        script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", script, "sh", str(read_only), *command]
    return subprocess.run(command, capture_output=True, input=stdin, text=not isinstance(stdin, bytes), timeout=300)


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    err = proc.stderr if isinstance(proc.stderr, str) else proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def read_only_mounts(tmp_path_factory) -> None:
    probe = tmp_path_factory.mktemp("probe")
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    proc = run_cli("--version", read_only=probe)
    if proc.returncode != 0:
        pytest.skip(f"read-only bind mounts are not allowed here: {proc.stderr.strip()}")


# -- read-only and locked places ----------------------------------------------------------------


def test_config_init_in_a_read_only_config_dir(tmp_path, monkeypatch, read_only_mounts):
    monkeypatch.setenv("REHEARSE_CONFIG_DIR", str(tmp_path / "home" / ".config" / "rehearse"))
    (tmp_path / "home").mkdir()
    line = one_line_error(run_cli("config", "--init", read_only=tmp_path / "home"), "read-only file system")
    assert str(tmp_path / "home" / ".config") in line and "REHEARSE_CONFIG_DIR" in line


def test_record_in_a_read_only_data_dir_existing_takes_dir(tmp_path, monkeypatch, read_only_mounts):
    data = tmp_path / "data"
    (data / "takes").mkdir(parents=True)
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(data))
    line = one_line_error(run_cli("record", "--level", "mid", "--lp", "ownership", read_only=data), "read-only file system")
    assert str(data / "takes") in line and "REHEARSE_DATA_DIR" in line


def test_history_and_export_read_a_read_only_history_and_delete_says_why(tmp_path, monkeypatch, read_only_mounts):
    data = tmp_path / "data"
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(data))
    Store().add_take(REPORT, story="webhook drop")
    os.chmod(data, 0o750)  # the user's choice: a read-only command must keep it
    proc = run_cli("history", "--json", read_only=data)
    assert proc.returncode == 0, proc.stderr
    assert [t["story"] for t in json.loads(proc.stdout)["takes"]] == ["webhook drop"]
    proc = run_cli("export", "1", "--format", "json", read_only=data)
    assert proc.returncode == 0 and json.loads(proc.stdout)["report"]["lp"] == REPORT["lp"], proc.stderr
    one_line_error(run_cli("delete", "1", "--yes", read_only=data), "read-only", str(data / "history.sqlite3"))
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o750


def test_history_reads_while_another_process_holds_the_write_lock(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path))
    Store().add_take(REPORT, story="webhook drop")
    holder = sqlite3.connect(tmp_path / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        proc = run_cli("history", "--json")
        assert proc.returncode == 0, proc.stderr
        assert len(json.loads(proc.stdout)["takes"]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_read_only_commands_leave_modes_the_user_set(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    store = Store()
    store.add_take(REPORT)
    os.chmod(store.path.parent, 0o755)
    os.chmod(store.path, 0o644)
    for args in (("history",), ("stories",), ("export", "1")):
        assert run_cli(*args).returncode == 0
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o755
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o644


# -- check ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, needle",
    [("[1, 2]", "is a list: expected a JSON object"), ("null", "is null: expected a JSON object"),
     ('"I fixed it."', "is a string: expected a JSON object"), ('{"schema_version": 99}', "schema_version 99")],
)
def test_check_rejects_json_that_is_not_a_report(tmp_path, content, needle):
    path = tmp_path / "answer.json"
    path.write_text(content)
    one_line_error(run_cli("check", str(path), "--json"), needle)


def test_check_output_is_strict_json_even_with_nan_in_the_input(tmp_path):
    words = [{"w": w, "start_s": i * 0.5, "end_s": i * 0.5 + 0.4} for i, w in enumerate(ANSWER.split())]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"duration_s": "@", "transcript": {"text": "x", "words": words}}).replace('"@"', "NaN"))
    proc = run_cli("check", str(path), "--json")
    assert "NaN" not in proc.stdout
    if proc.returncode == 0:
        json.loads(proc.stdout, parse_constant=lambda c: pytest.fail(f"bare {c}"))
    else:
        one_line_error(proc, "NaN")


def test_check_strips_a_bom_and_refuses_non_english_in_one_rule(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + ANSWER.encode())
    proc = run_cli("check", str(bom), "--json")
    assert proc.returncode == 0 and "\ufeff" not in proc.stdout, proc.stderr
    for text in ("我发现结账服务丢失了付款回调。我修复了它。", "Ich habe den Fehler gefunden und selbst behoben. Danach war die Quote bei null."):
        answer = tmp_path / "a.txt"
        answer.write_text(text)
        one_line_error(run_cli("check", str(answer)), "rehearse grades English answers")


def test_check_reads_a_transcript_piped_to_dev_stdin():
    proc = run_cli("check", "/dev/stdin", "--json", stdin=ANSWER)
    assert proc.returncode == 0, proc.stderr
    assert "retry handler" in json.loads(proc.stdout)["sections"][0]["text"] + proc.stdout


# -- audio files ---------------------------------------------------------------------------------


def test_a_directory_given_as_audio_or_transcript_is_named(tmp_path):
    folder = tmp_path / "answer.wav"
    folder.mkdir()
    one_line_error(run_cli("analyze", str(folder)), "is a directory")
    one_line_error(run_cli("check", str(folder)), "is a directory")


@pytest.mark.slow
def test_audio_piped_to_dev_stdin_is_analysed():
    audio = (CORPUS_SPEECH / "librispeech_1272-128104-0000.wav").read_bytes()
    proc = run_cli("analyze", "/dev/stdin", "--json", stdin=audio)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["duration_s"] > 5 and len(report["transcript"]["words"]) > 10
