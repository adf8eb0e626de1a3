"""Pilot tests: every screen and key path of the rehearsal room, with fake services."""

from __future__ import annotations

import os
import stat

from snapshot_app import fake_services
from textual.widgets import OptionList, Static

from rehearse.tui.app import create_app
from rehearse.tui.screens.common import ConfirmScreen, FilePathScreen, InterruptedTakesScreen
from rehearse.tui.screens.followup import FollowUpScreen
from rehearse.tui.screens.home import HomeScreen
from rehearse.tui.screens.prompt import PromptScreen
from rehearse.tui.screens.recording import RecordingScreen
from rehearse.tui.screens.results import ResultsScreen
from rehearse.tui.widgets.findings import FindingsList
from rehearse.tui.widgets.level_window import LevelWindowBar
from rehearse.tui.widgets.mic_meter import MicLevelMeter
from rehearse.tui.widgets.timers import ElapsedTimer, SectionTimer
from rehearse.tui.widgets.transcript import TranscriptView

SIZE = (80, 24)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def to_recording(pilot) -> None:
    await pilot.press("enter")  # LP list -> question list
    await pilot.press("enter")  # random question
    await pilot.pause()
    await pilot.press("space")  # prompt -> recording
    await pilot.pause()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_home_lists_sixteen_principles_and_shows_the_level_window(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#lp-list", OptionList).option_count == 16
        assert "2:30–3:00" in text_of(app, "#level-line")
        await pilot.press("l")
        assert app.level == "mid"
        assert "under 2:00" in text_of(app, "#level-line")


async def test_highlighting_another_principle_lists_its_questions(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services, lp="ownership")
    async with app.run_test(size=SIZE) as pilot:
        questions = app.screen.query_one("#question-list", OptionList)
        first = str(questions.get_option_at_index(1).prompt)
        assert "outside your area" in first
        await pilot.press("down")
        await pilot.pause()
        assert str(questions.get_option_at_index(1).prompt) != first
        assert app.lp != "ownership"


async def test_choosing_a_question_speaks_it_and_shows_the_text(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down", "enter")  # second entry: the first real question
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        question = app.screen.take.question.text
        assert world.spoken == [question]
        assert question in text_of(app, "#question-text")
        await pilot.press("r")
        await settle(pilot)
        assert world.spoken == [question, question]


async def test_starting_to_record_cuts_the_spoken_question_short(tmp_path):
    import threading

    services, world = fake_services(tmp_path)
    playing, stopped = threading.Event(), threading.Event()

    def speak(text: str) -> None:  # like the real sink: blocks until the sound ends or is stopped
        playing.set()
        stopped.wait(10)

    services.speak, services.stop_speaking = speak, stopped.set
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert playing.wait(5)
        await pilot.press("space")
        await pilot.pause()
        assert stopped.is_set(), "the question must not play into the recording"
        assert isinstance(app.screen, RecordingScreen)


async def test_the_config_file_sets_the_default_level_lp_and_prep(tmp_path):
    from rehearse.config import Settings

    services, _ = fake_services(tmp_path)
    services.settings = Settings(level="senior", lp="frugality", prep_countdown_s=5)
    app = create_app(services)
    assert (app.level, app.lp, app.prep_seconds) == ("senior", "frugality", 5)
    assert create_app(services, level="mid").level == "mid"  # an explicit choice wins
    services.settings = Settings(level="staff", lp="ownershp")  # typos in the file
    app = create_app(services)
    assert app.level in services.levels and app.lp == "ownership"


async def test_prompt_without_speakers_is_shown_as_text(tmp_path):
    services, world = fake_services(tmp_path, can_speak=False)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "shown as text" in text_of(app, "#speech-status")
        assert world.spoken == []


async def test_prep_countdown_starts_the_recording(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services, prep_seconds=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert "starts in 1 s" in text_of(app, "#countdown")
        await pilot.pause(1.3)
        assert isinstance(app.screen, RecordingScreen)


async def test_prep_countdown_is_off_by_default_and_p_toggles_it(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert app.prep_seconds == 0
        await pilot.press("p")
        assert app.prep_seconds > 0
        assert "Prep countdown: 30 s" in text_of(app, "#level-line")


async def test_recording_shows_timer_window_and_situation_colours(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        screen = app.screen
        assert isinstance(screen, RecordingScreen)
        recorder = world.recorders[0]
        assert recorder.started
        recorder.elapsed_s = 65.0
        recorder.level = 0.5
        screen.tick()
        meter = screen.query_one(MicLevelMeter)
        assert meter.level == 0.5
        assert meter.render().plain.count("▮") == round(0.5 * (meter.size.width - 4))
        assert str(screen.query_one(ElapsedTimer).value) == "1:05"
        assert screen.query_one(LevelWindowBar).elapsed_s == 65.0
        timer = screen.query_one(SectionTimer)
        assert timer.has_class("amber") and not timer.has_class("red")
        assert text_of(app, "#cue") == ""
        recorder.elapsed_s = 91.0
        screen.tick()
        assert timer.has_class("red")
        assert "Situation past 1:30" in text_of(app, "#cue")


async def test_each_limit_cues_once(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services, level="mid")
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        screen = app.screen
        recorder = world.recorders[0]
        recorder.elapsed_s = 95.0
        screen.tick()
        await pilot.press("space")
        recorder.elapsed_s = 125.0
        screen.tick()
        assert "Past 2:00" in text_of(app, "#cue")
        fired = set(screen.cues_fired)
        recorder.elapsed_s = 140.0
        screen.tick()
        assert screen.cues_fired == fired == {"situation", "window"}


async def test_space_marks_sections_and_stop_analyses_with_the_marks(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        recorder = world.recorders[0]
        for elapsed in (20.0, 35.0, 100.0, 150.0, 170.0):
            recorder.elapsed_s = elapsed
            await pilot.press("space")
        assert app.screen.marks == [
            ("situation", 0.0), ("task", 20.0), ("action", 35.0), ("result", 100.0), ("reflection", 150.0)
        ]
        assert app.screen.query_one(SectionTimer).render().plain.startswith("Reflection")
        await pilot.press("s")
        await settle(pilot)
        assert recorder.stopped
        assert isinstance(app.screen, ResultsScreen)
        path, level, lp, marks = world.analyzed[0]
        assert path == recorder.path and level == "senior" and lp == "ownership"
        assert marks[1] == ("task", 20.0)
        assert "your marks" in text_of(app, "#summary")


async def test_stop_without_marks_uses_automatic_segmentation(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert world.analyzed[0][3] is None
        assert "automatic segmentation" in text_of(app, "#summary")


async def test_escape_asks_before_discarding_and_no_keeps_recording(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, RecordingScreen)
        assert not world.recorders[0].stopped
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert world.recorders[0].stopped
        assert not world.recorders[0].path.exists()
        assert world.analyzed == []


async def test_overflows_are_reported(tmp_path):
    services, world = fake_services(tmp_path)
    world.overflows = 3
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("3 input overflow" in n.message for n in app._notifications)


async def test_recorder_failure_returns_with_the_message(tmp_path):
    services, world = fake_services(tmp_path)
    world.recorder_error = "The microphone went away"
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        assert isinstance(app.screen, PromptScreen)
        assert any("microphone went away" in n.message for n in app._notifications)


async def test_results_show_timeline_findings_flags_delivery_and_save_a_private_report(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert [b.name for b in screen.query_one("#timeline").blocks] == ["situation", "task", "action", "result", "reflection"]
        assert "2:51" in text_of(app, "#summary") and "2:30–3:00" in text_of(app, "#summary")
        assert "sent a Slack message" in text_of(app, "#red-flags")
        assert "142 wpm" in text_of(app, "#delivery") and "5 fillers" in text_of(app, "#delivery")
        report_path = world.recorders[0].path.with_suffix(".json")
        assert screen.report_path == report_path
        assert stat.S_IMODE(os.stat(report_path).st_mode) == 0o600


async def test_selecting_a_finding_highlights_its_evidence_in_the_transcript(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        transcript = app.screen.query_one(TranscriptView)
        assert app.screen.query_one(FindingsList).has_focus
        assert transcript.highlighted_text == ["It was not my team's system and there was no ticket,"]
        await pilot.press("down")
        assert transcript.highlighted_text == ["We figured out the root cause"]
        assert "Say 'I'" in text_of(app, "#finding-detail")
        await pilot.press("down", "down")  # verification: failed, nothing to quote
        assert transcript.highlighted_text == []
        assert "nothing in the answer" in text_of(app, "#finding-detail")


async def test_analysis_failure_is_shown_not_raised(tmp_path):
    from rehearse.errors import NoSpeechError

    services, _ = fake_services(tmp_path)

    def no_speech(*args):
        raise NoSpeechError("No speech in the recording", "check the microphone level")

    services.analyze = no_speech
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        status = text_of(app, "#status")
        assert "No speech in the recording" in status and "— check the microphone level" in status
        assert isinstance(app.screen, ResultsScreen)


async def test_follow_up_speaks_the_probe_records_and_grades(tmp_path):
    services, world = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        assert world.spoken[-1] == "What did you do when the escalation came up?"
        await pilot.press("space")
        assert world.recorders[-1].path.name.startswith("followup")
        await pilot.press("space")
        await settle(pilot)
        assert world.recorders[-1].stopped
        assert world.graded == [("escalation", "I reproduced the failure and tested my patch myself.")]
        assert "STRONG" in text_of(app, "#verdict")
        assert world.recorders[-1].path.with_suffix(".json").exists()
        await pilot.press("escape")
        assert isinstance(app.screen, ResultsScreen)


async def test_follow_up_says_so_when_no_probe_is_needed(tmp_path):
    services, world = fake_services(tmp_path)
    world.probe = None
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert "No follow-up needed" in text_of(app, "#probe-title")
        await pilot.press("space")
        assert len(world.recorders) == 1


async def test_without_a_microphone_the_app_says_why_and_offers_file_and_demo(tmp_path):
    problem = "Recording off: PortAudio library not found — sudo apt install libportaudio2"
    services, world = fake_services(tmp_path, can_record=False, can_speak=False, problems=[problem])
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert text_of(app, "#notice") == problem
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert any("libportaudio2" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert world.analyzed[0][0].name == "demo-take.wav"
        assert app.screen.report is not None


async def test_analyze_a_file_asks_for_a_path_and_rejects_a_missing_one(tmp_path):
    services, world = fake_services(tmp_path)
    audio = tmp_path / "answer.wav"
    audio.write_bytes(b"RIFF")
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FilePathScreen)
        await pilot.press(*"nope.wav", "enter")
        assert "No such file" in str(app.screen.query_one("#file-error").render())
        app.screen.query_one("#file-path").value = str(audio)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert world.analyzed[0][0] == audio


async def test_interrupted_takes_are_offered_on_start(tmp_path):
    services, world = fake_services(tmp_path)
    crashed = tmp_path / "answer-crashed.wav"
    crashed.write_bytes(b"RIFF")
    world.interrupted = [crashed]
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InterruptedTakesScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert world.analyzed[0][0] == crashed
        assert world.recovered == [crashed]


async def test_interrupted_takes_can_wait(tmp_path):
    services, world = fake_services(tmp_path)
    world.interrupted = [tmp_path / "x.wav"]
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert world.analyzed == []


async def test_command_palette_lists_the_room_commands(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Analyze a file", "Demo take", "Switch level", "Toggle prep countdown"} <= titles


async def test_results_escape_returns_home_for_a_new_take(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)


async def test_custom_drawn_widgets_follow_a_theme_change(tmp_path):
    services, _ = fake_services(tmp_path)
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        bar = app.screen.query_one(LevelWindowBar)
        dark = bar.render()
        app.theme = "textual-light"
        await pilot.pause()
        light = bar.render()
        assert dark.plain == light.plain
        assert [str(span.style) for span in dark.spans] != [str(span.style) for span in light.spans]


async def test_recording_shows_the_live_transcript_and_the_automatic_section(tmp_path):
    from types import SimpleNamespace

    services, world = fake_services(tmp_path)
    view = SimpleNamespace(
        committed_text="I pulled two weeks of logs.", partial_text="Then I traced", section="action",
        lag_s=0.0, degraded=False, version=1,
    )
    stream = SimpleNamespace(live=lambda: view, cancelled=False)
    stream.cancel = lambda: setattr(stream, "cancelled", True)
    services.live_stream = lambda recorder: stream
    app = create_app(services, level="senior")
    async with app.run_test(size=SIZE) as pilot:
        await to_recording(pilot)
        await pilot.pause(0.2)
        live = text_of(app, "#live-transcript")
        assert "auto: Action" in live
        assert "I pulled two weeks of logs." in live and "Then I traced" in live
        rendered = app.screen.query_one("#live-transcript", Static).render()
        dim = [span for span in rendered.spans if "dim" in str(span.style)]
        assert dim and "Then I traced" in str(rendered)[dim[0].start : dim[0].end]
        await pilot.press("escape", "y")
        await pilot.pause()
        assert stream.cancelled and world.recorders[0].stopped
