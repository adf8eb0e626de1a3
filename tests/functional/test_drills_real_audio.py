"""Issue 6: drills driven through the pilot and the CLI with real synthesized speech and the real Analyzer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synth  # noqa: E402
from snapshot_app import fake_services  # noqa: E402

pytestmark = pytest.mark.slow

SPRINT = synth.SpokenAnswer(
    id="drill_sprint",
    level="mid",
    lp="ownership",
    sections={
        "situation": ("Last spring our checkout service was silently dropping payment webhooks.",),
        "task": ("It was not my team's system, but I decided to find out why and stop the loss.",),
    },
)


@pytest.fixture(scope="module")
def sprint_audio(synth_cache_dir):
    return synth.ensure_answer(SPRINT, synth_cache_dir)


def test_situation_sprint_through_the_pilot(sprint_audio, analyzer, tmp_path):
    import asyncio

    from rehearse.audio import FileSource, Recorder
    from rehearse.report import report_to_dict
    from rehearse.tui.app import create_app
    from rehearse.tui.screens.drill import DrillScreen

    services, _ = fake_services(tmp_path)
    sources = []

    def new_recorder(kind):
        source = FileSource(sprint_audio.wav_path, realtime=False)
        sources.append(source)
        return Recorder(source, tmp_path / "takes", prefix=kind)

    services.new_recorder = new_recorder
    services.analyze = lambda path, level, lp, marks: analyzer.analyze_file(path, level=level, lp=lp)
    services.report_to_dict = report_to_dict

    async def run():
        app = create_app(services, level="mid", lp="ownership")
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(DrillScreen("situation_sprint"))
            await pilot.pause()
            await pilot.press("space")
            await asyncio.to_thread(sources[0].wait, 30)
            await pilot.pause(0.3)
            await pilot.press("space")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return str(app.screen.query_one("#drill-result").render())

    result = asyncio.run(run())
    assert result.startswith("PASS"), result
    [drill] = services.practice.store.drill_results()
    assert drill.passed and drill.time_s == pytest.approx(sprint_audio.total_speech_s, abs=1.0)
    [take] = services.practice.store.takes()
    assert take.origin == "drill" and Path(take.audio_path).is_file()


def test_drill_cli_headless_from_an_audio_file(sprint_audio, capsys):
    from rehearse.cli import main

    code = main(["drill", "situation_sprint", "--level", "mid", "--lp", "ownership", "--story", "webhook drop",
                 "--audio", str(sprint_audio.wav_path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["passed"] and out["best_s"] == out["time_s"]
    assert out["time_s"] == pytest.approx(sprint_audio.total_speech_s, abs=1.0)
    assert main(["history", "--story", "webhook drop", "--json"]) == 0
    [take] = json.loads(capsys.readouterr().out)["takes"]
    assert take["origin"] == "drill" and take["audio_path"] == str(sprint_audio.wav_path)
