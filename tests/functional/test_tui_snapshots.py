"""Snapshots of the rehearsal room at 80×24 and 120×40, from the deterministic snapshot app.

Regenerate after an intended change with ``pytest tests/functional/test_tui_snapshots.py --snapshot-update``
and look at the SVGs under __snapshots__/ before committing them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from snapshot_app import snapshot_app  # noqa: E402

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _to_recording(pilot) -> None:
    await pilot.press("enter", "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.press("space")
    await pilot.pause()


async def _to_results(pilot) -> None:
    await _to_recording(pilot)
    for _ in range(4):  # marks at the fixed fake clock: S, T, A, R
        await pilot.press("space")
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size):
    assert snap_compare(snapshot_app(), terminal_size=size)


def test_home_without_microphone(snap_compare):
    problem = "Recording off: PortAudio library not found — sudo apt install libportaudio2"
    app = snapshot_app(can_record=False, can_speak=False, problems=[problem])
    assert snap_compare(app, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_recording(snap_compare, size):
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=_to_recording)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, size):
    assert snap_compare(snapshot_app(), terminal_size=size, run_before=_to_results)


# --- issue 6: trend charts and the story bank -------------------------------------------------

TREND_TAKES = [  # (total_s, situation_s, rubric passes, fillers/min, wpm): a candidate getting better
    (212.0, 95.0, 1, 6.5, 171.0),
    (196.0, 80.0, 2, 5.0, 165.0),
    (188.0, 66.0, 2, 4.2, 160.0),
    (176.0, 52.0, 3, 3.1, 152.0),
    (171.0, 41.0, 4, 2.4, 148.0),
    (163.0, 35.0, 5, 1.5, 146.0),
]


def _seeded_app():
    import json

    app = snapshot_app()
    store = app.services.practice.store
    base = json.loads((Path(__file__).resolve().parents[1] / "data" / "export" / "report.json").read_text())
    for day, (total, situation, passes, fillers, wpm) in enumerate(TREND_TAKES, start=1):
        report = json.loads(json.dumps(base))
        report["timing"].update(total_s=total, situation_s=situation)
        report["delivery"].update(fillers_per_min=fillers, wpm=wpm)
        for index, finding in enumerate(report["rubric"].values()):
            finding["verdict"] = "pass" if index < passes else "fail"
        story = "webhook drop" if day % 2 else "pager storm"
        lp = "ownership" if day < 5 else "customer_obsession"
        store.add_take({**report, "lp": lp}, story=story, created_at=f"2025-03-0{day}T09:00:00+00:00")
    return app


@pytest.mark.parametrize("size", SIZES)
def test_trend_charts(snap_compare, size):
    async def open_trends(pilot):
        await pilot.press("g")
        await pilot.pause()

    assert snap_compare(_seeded_app(), terminal_size=size, run_before=open_trends)


def test_story_bank(snap_compare):
    async def open_bank(pilot):
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(_seeded_app(), terminal_size=(80, 24), run_before=open_bank)
