"""Faults from outside in the rehearsal room: a banner or a notice, never a crash."""

from __future__ import annotations

import errno

import pytest
from snapshot_app import FakeRecorder, fake_services
from textual.widgets import Static

from rehearse.tui.app import create_app
from rehearse.tui.screens.followup import FollowUpScreen
from rehearse.tui.screens.prompt import PromptScreen
from rehearse.tui.screens.results import ResultsScreen

SIZE = (100, 30)


class ReadOnlyDiskRecorder(FakeRecorder):
    """What the real recorder meets on a read-only data dir; ``error`` picks the exception type."""

    error: Exception = PermissionError(errno.EROFS, "Read-only file system")

    def start(self) -> None:
        raise self.error


async def analyze_a_file(pilot, path) -> None:
    pilot.app.analyze_path(path)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, ResultsScreen)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize(
    "error",
    [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.EROFS, "Read-only file system"), RuntimeError("libsndfile: boom")],
)
async def test_recording_that_cannot_start_shows_a_notice_and_the_room_stays(tmp_path, error):
    services, world = fake_services(tmp_path)
    ReadOnlyDiskRecorder.error = error
    services.new_recorder = lambda kind: ReadOnlyDiskRecorder(tmp_path / f"{kind}.wav")
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen), "no crash, no recording screen"
        assert any("Cannot record" in n or str(error.args[-1]) in n for n in notices(app)), notices(app)
        assert app.return_code is None


async def test_follow_up_recording_that_cannot_start_does_not_crash(tmp_path):
    services, world = fake_services(tmp_path)
    ReadOnlyDiskRecorder.error = OSError(errno.EROFS, "Read-only file system")
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await analyze_a_file(pilot, tmp_path / "take.wav")
        services.new_recorder = lambda kind: ReadOnlyDiskRecorder(tmp_path / f"{kind}.wav")
        await pilot.press("f")
        await pilot.pause()
        if isinstance(app.screen, FollowUpScreen):
            await pilot.press("space")
            await pilot.pause()
        assert app.return_code is None
        assert any("Read-only file system" in n for n in notices(app)), notices(app)


async def test_a_mistyped_lp_in_the_settings_is_named_in_the_banner(tmp_path):
    from rehearse.config import Settings

    services, _ = fake_services(tmp_path)
    services.settings = Settings(lp="ownershp", level="staff")
    app = create_app(services)
    assert app.lp == "ownership" and app.level in services.levels
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#notice", Static).render())
        assert "Settings ignored" in banner and "ownershp" in banner
        assert any("staff" in p for p in services.problems)


async def test_a_recorded_take_with_no_speech_is_deleted_not_orphaned(tmp_path):
    from rehearse.errors import NoSpeechError

    services, world = fake_services(tmp_path)

    def silent(path, level, lp, marks):
        raise NoSpeechError("no speech found in the audio", "check the microphone level and record again")

    services.analyze = silent
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("enter")  # stop
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        status = str(app.screen.query_one("#status", Static).render())
        assert "no speech found" in status and "deleted" in status
        take = world.recorders[0].path
        assert not take.exists() and not take.with_suffix(".json").exists()
    user_file = tmp_path / "mine.wav"
    user_file.write_bytes(b"RIFF")
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await analyze_a_file(pilot, user_file)
        assert user_file.exists(), "the user's own file is never deleted"


async def test_a_report_that_cannot_be_saved_is_still_shown_with_a_warning(tmp_path, monkeypatch):
    from rehearse.errors import StoreError
    from rehearse.tui.screens import results

    def read_only(path, data):
        raise StoreError(f"cannot write to {path.parent}: read-only file system", "set REHEARSE_DATA_DIR")

    monkeypatch.setattr(results, "save_json_private", read_only)
    services, world = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await analyze_a_file(pilot, tmp_path / "take.wav")
        assert app.screen.report is not None, "the analysis is shown, not thrown away"
        assert any("read-only file system" in n for n in notices(app)), notices(app)
