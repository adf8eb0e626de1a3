"""The rehearsal room: a Textual app over the services adapter.

``create_app(services)`` builds the app (tests pass fakes); ``run_app()`` is what
``rehearse`` / ``rehearse tui`` call.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from rehearse.tui.screens.common import (
    AnalysisJob,
    FilePathScreen,
    InterruptedTakesScreen,
)
from rehearse.tui.screens.home import HomeScreen
from rehearse.tui.services import Services

PREP_SECONDS_WHEN_ON = 30


class RehearseApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "rehearse"
    SUB_TITLE = "the rehearsal room"

    def __init__(self, services: Services, *, level: str = "mid", lp: str = "ownership", prep_seconds: int = 0) -> None:
        super().__init__()
        self.services = services
        self.level = level if level in services.levels else next(iter(services.levels))
        self.lp = lp
        self.prep_seconds = prep_seconds
        self.story: str | None = None  # takes are saved under this story (the story bank sets it)

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.offer_interrupted_takes()
        if self.services.warm_up is not None:
            # Load the speech model while the candidate picks a question; errors surface at analysis.
            self.run_worker(self.services.warm_up, thread=True, group="warm-up", exit_on_error=False)

    def offer_interrupted_takes(self) -> None:
        try:
            paths = self.services.find_interrupted()
        except Exception as err:
            self.notify(f"Could not look for interrupted takes: {err}", severity="warning")
            return
        if not paths:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.analyze_interrupted(path)

        self.push_screen(InterruptedTakesScreen(list(paths)), chosen)

    # --- actions shared by the home screen, bindings and the command palette

    def analyze_path(self, path: Path, origin: str = "file") -> None:
        from rehearse.tui.screens.results import ResultsScreen

        job = AnalysisJob(lp=self.lp, level=self.level, question_text=Path(path).name, audio_path=Path(path), origin=origin)
        self.push_screen(ResultsScreen(job))

    def analyze_interrupted(self, path: Path) -> None:
        from rehearse.tui.screens.results import ResultsScreen

        recover = self.services.recover_take
        job = AnalysisJob(
            lp=self.lp, level=self.level, question_text=f"Interrupted take {Path(path).name}",
            prepare=lambda: recover(Path(path)), origin="interrupted",
        )
        self.push_screen(ResultsScreen(job))

    def action_analyze_file(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self.analyze_path(path)

        self.push_screen(FilePathScreen(), chosen)

    def action_demo_take(self) -> None:
        from rehearse.tui.screens.results import ResultsScreen

        if self.services.make_demo_take is None:
            self.notify("The demo needs the Piper voice — reinstall rehearse", severity="error")
            return
        job = AnalysisJob(
            lp="ownership", level=self.level, question_text="Demo take (a sample Ownership answer)",
            prepare=self.services.make_demo_take, origin="demo",
        )
        self.push_screen(ResultsScreen(job))

    def cycle_level(self) -> None:
        names = list(self.services.levels)
        self.level = names[(names.index(self.level) + 1) % len(names)] if self.level in names else names[0]

    def toggle_prep(self) -> None:
        self.prep_seconds = 0 if self.prep_seconds else PREP_SECONDS_WHEN_ON

    def _refresh_home(self) -> None:
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_level_line()

    def action_cycle_level(self) -> None:
        self.cycle_level()
        self._refresh_home()

    def action_toggle_prep(self) -> None:
        self.toggle_prep()
        self._refresh_home()

    def action_home(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    # --- practice history (issue 6)

    def action_history(self) -> None:
        from rehearse.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def action_trends(self) -> None:
        from rehearse.tui.screens.trends import TrendsScreen

        self.push_screen(TrendsScreen())

    def action_story_bank(self) -> None:
        from rehearse.tui.screens.stories import StoryBankScreen

        def closed(_result: object = None) -> None:
            self._refresh_home()

        self.push_screen(StoryBankScreen(), closed)

    def action_drills(self) -> None:
        from rehearse.tui.screens.drill import DrillMenuScreen, DrillScreen

        if self.services.practice is None:
            self.notify("Drills need the practice history, which is off (see the notice).", severity="error")
            return

        def chosen(drill_id: str | None) -> None:
            if drill_id:
                self.push_screen(DrillScreen(drill_id))

        self.push_screen(DrillMenuScreen(), chosen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Analyze a file", "Transcribe and check a recorded answer", self.action_analyze_file)
        yield SystemCommand("Demo take", "Run a sample answer through the whole pipeline", self.action_demo_take)
        yield SystemCommand("Switch level", "Cycle mid / senior and its target window", self.action_cycle_level)
        yield SystemCommand("Toggle prep countdown", f"Off, or {PREP_SECONDS_WHEN_ON} s before recording", self.action_toggle_prep)
        yield SystemCommand("Home", "Back to choosing a question", self.action_home)
        yield SystemCommand("Interrupted takes", "Analyse takes a crash left behind", self.offer_interrupted_takes)
        yield SystemCommand("History", "Saved takes: filter, replay, delete", self.action_history)
        yield SystemCommand("Trends", "Total vs target, situation, rubric, fillers, wpm over time", self.action_trends)
        yield SystemCommand("Story bank", "Name stories, see the coverage grid, check consistency", self.action_story_bank)
        yield SystemCommand("Drills", "Situation sprint, full story, rapid fire, other angle", self.action_drills)


def create_app(services: Services | None = None, **options) -> RehearseApp:
    if services is None:
        from rehearse.tui.services import build_services

        services = build_services()
    settings = services.settings
    if settings is not None:  # the config file's defaults; explicit options win
        options.setdefault("prep_seconds", settings.prep_countdown_s)
        unknown = []
        for key, known in (("level", services.levels), ("lp", services.questions)):
            value = getattr(settings, key)
            if value in known:
                options.setdefault(key, value)
            else:  # a typo in the file falls back to the default, and the banner says so
                unknown.append(f"{key} {value!r}")
        if unknown:
            services.problems.append(unknown_settings_line(unknown, services.levels))
    return RehearseApp(services, **options)


def unknown_settings_line(unknown: Iterable[str], levels: Iterable[str]) -> str:
    from rehearse.config import config_path

    return (
        f"Settings ignored: unknown {', '.join(unknown)} in {config_path()} — "
        f"fix the file (levels: {', '.join(levels)}; LP ids: 'rehearse prompts')"
    )


def run_app() -> int:
    app = create_app()
    app.run()
    return app.return_code or 0
