"""rehearse history / export / stories / delete on a seeded history (no audio needed)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rehearse.cli import main
from rehearse.practice.store import Store, data_dir

REPORT = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())


@pytest.fixture
def seeded():
    store = Store()
    audio = data_dir() / "takes" / "a.wav"
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(b"RIFF")
    first = store.add_take(REPORT, audio_path=audio, report_path=audio.with_suffix(".json"), story="webhook drop")
    changed = json.loads(json.dumps(REPORT).replace("0.3%", "3%"))
    second = store.add_take({**changed, "lp": "customer_obsession", "level": "mid"}, story="webhook drop")
    return store, first, second, audio


def test_history_lists_and_filters_takes(seeded, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["history", "--json"]) == 0
    takes = json.loads(capsys.readouterr().out)["takes"]
    assert [t["lp"] for t in takes] == ["ownership", "customer_obsession"]
    assert takes[0]["total_s"] == 171.0 and takes[0]["story"] == "webhook drop"
    assert main(["history", "--level", "mid", "--json"]) == 0
    assert [t["lp"] for t in json.loads(capsys.readouterr().out)["takes"]] == ["customer_obsession"]
    assert main(["history"]) == 0
    printed = capsys.readouterr().out
    assert "webhook" in printed and "2:51 ok" in printed


def test_export_writes_each_format(seeded, tmp_path, capsys):
    _, first, *_ = seeded
    assert main(["export", str(first.id), "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith(f"# Take {first.id} · Ownership · senior")
    out = tmp_path / "take.html"
    assert main(["export", str(first.id), "--format", "html", "--out", str(out)]) == 0
    assert "<svg" in out.read_text()
    assert main(["export", str(first.id), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["report"]["lp"] == "ownership"
    assert main(["export", "999", "--format", "md"]) == 2
    assert "no take 999" in capsys.readouterr().err


def test_stories_shows_coverage_and_flags_a_changed_number(seeded, capsys):
    assert main(["stories", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["coverage"] == {"webhook drop": {"ownership": 1, "customer_obsession": 1}}
    assert main(["stories", "--story", "webhook drop", "--json"]) == 0
    [conflict] = json.loads(capsys.readouterr().out)["conflicts"]
    assert conflict["unit"] == "percent" and "0.3%" in conflict["quote_a"] and "3%" in conflict["quote_b"]


def test_delete_asks_first_and_removes_the_audio(seeded, monkeypatch, capsys):
    store, first, _, audio = seeded
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["delete", str(first.id)]) == 1
    assert audio.exists() and "Delete take" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["delete", str(first.id)]) == 0
    assert not audio.exists()
    assert [t.id for t in store.takes()] != [] and first.id not in [t.id for t in store.takes()]


def test_delete_yes_skips_the_question(seeded, monkeypatch):
    _, _, second, _ = seeded
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["delete", str(second.id), "--yes"]) == 0


def test_unknown_drill_is_one_line_with_the_names(capsys):
    assert main(["drill", "juggling", "--audio", __file__]) == 2
    err = capsys.readouterr().err
    assert "unknown drill" in err and "situation_sprint" in err
