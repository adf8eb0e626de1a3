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
