"""Pilot tests for the history, replay, trends, story bank and drill screens (fake services, real store)."""

from __future__ import annotations

import json
from pathlib import Path

from snapshot_app import fake_services
from textual.widgets import DataTable, Static

from rehearse.tui.app import create_app
from rehearse.tui.screens.drill import DrillScreen
from rehearse.tui.screens.history import HistoryScreen, ReplayScreen
from rehearse.tui.screens.stories import StoryBankScreen
from rehearse.tui.screens.trends import TrendsScreen
from rehearse.tui.widgets.trend_chart import TrendChart

SIZE = (100, 30)
REPORT = json.loads((Path(__file__).resolve().parents[2] / "data" / "export" / "report.json").read_text())
WORDS = [{"w": w, "start_s": float(i), "end_s": i + 0.8} for i, w in enumerate("Last spring our checkout dropped webhooks".split())]


def seed(services, tmp_path):
    store = services.practice.store
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    with_words = {**REPORT, "transcript": {"text": "Last spring our checkout dropped webhooks", "words": WORDS}}
    store.add_take(with_words, audio_path=audio, story="webhook drop", created_at="2025-03-01T10:00:00+00:00")
    store.add_take({**REPORT, "lp": "customer_obsession"}, story="webhook drop", created_at="2025-03-02T10:00:00+00:00")
    store.add_take({**REPORT, "level": "mid"}, story="migration", created_at="2025-03-03T10:00:00+00:00")
    return store


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_history_filters_by_story_lp_and_level(tmp_path):
    services, _ = fake_services(tmp_path)
    seed(services, tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("s")  # first story alphabetically: migration
        assert app.screen.filter.story == "migration" and table.row_count == 1
        await pilot.press("s")
        assert app.screen.filter.story == "webhook drop" and table.row_count == 2
        await pilot.press("p")  # customer_obsession
        assert table.row_count == 1 and "customer obsession" in text_of(app, "#history-filter")
        await pilot.press("p", "p", "v")
        assert app.screen.filter.level == "mid" and table.row_count == 0


async def test_replay_highlights_the_word_at_the_clock_position(tmp_path):
    services, world = fake_services(tmp_path)
    seed(services, tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.press("down", "down")  # oldest take (newest first): the one with words and audio
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        world.now = 100.0
        await pilot.press("space")
        assert world.played == [tmp_path / "a.wav"]
        world.now = 103.2
        screen.tick()
        assert screen.current_word == "checkout"
        world.now = 104.5
        screen.tick()
        assert screen.current_word == "dropped"
        await pilot.press("space")  # pause keeps the position
        world.now = 200.0
        screen.tick()
        assert screen.current_word == "dropped" and world.stopped_playing == 1
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_deleting_from_history_asks_and_removes_the_audio(tmp_path):
    services, _ = fake_services(tmp_path)
    store = seed(services, tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "down", "down", "x")
        await pilot.press("n")
        assert (tmp_path / "a.wav").exists()
        await pilot.press("x", "y")
        await pilot.pause()
        assert not (tmp_path / "a.wav").exists()
        assert len(store.takes()) == 2 and app.screen.query_one(DataTable).row_count == 2


async def test_trends_chart_the_takes(tmp_path):
    services, _ = fake_services(tmp_path)
    seed(services, tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, TrendsScreen)
        total = app.screen.query_one("#trend-total", TrendChart)
        assert total.values == [171.0, 171.0, 171.0] and total.target_max == 180.0
        assert "latest 2:51" in total.caption()
        await pilot.press("v")  # level mid only
        assert app.screen.query_one("#trend-total", TrendChart).values == [171.0]


async def test_story_bank_names_a_story_used_by_the_next_takes_and_checks_numbers(tmp_path):
    services, _ = fake_services(tmp_path)
    store = seed(services, tmp_path)
    store.add_take(json.loads(json.dumps(REPORT).replace("0.3%", "3%")), story="webhook drop")
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, StoryBankScreen)
        grid = app.screen.query_one("#coverage", DataTable)
        assert grid.row_count == 16 and len(grid.columns) == 3
        await pilot.press("down", "c")  # webhook drop
        assert "0.3%" in text_of(app, "#consistency") and "3%" in text_of(app, "#consistency")
        await pilot.press("a")
        await pilot.press(*"pager storm", "enter")
        await pilot.pause()
        assert app.story == "pager storm"
        await pilot.press("escape")
        assert "pager storm" in text_of(app, "#level-line")
        await pilot.press("enter", "enter", "space", "enter")  # record and stop a take
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert [t.story for t in store.takes(story="pager storm")] == ["pager storm"]


async def test_full_story_drill_records_scores_and_keeps_the_best(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.press("down", "enter")  # the second drill: full story
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen) and app.screen.drill_id == "full_story"
        assert "best none yet" in text_of(app, "#drill-title")
        await pilot.press("space", "space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = text_of(app, "#drill-result")
        assert "PASS" in result and "2:51" in result and "best 2:51" in result
    [drill] = services.practice.store.drill_results()
    assert drill.passed and drill.time_s == 171.0 and drill.take_id is not None


async def test_other_angle_without_a_first_telling_explains_what_to_do(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services, lp="customer_obsession")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(DrillScreen("other_angle"))
        await pilot.pause()
        assert "story bank" in text_of(app, "#drill-status")
        await pilot.press("space")
        assert app.screen.recorder is None
