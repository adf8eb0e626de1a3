"""Home: choose the Leadership Principle, a question (or random) and the level."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from rehearse.tui.screens.common import ServicesMixin, Take
from rehearse.tui.services import Question

RANDOM_ID = "__random__"


class HomeScreen(ServicesMixin, Screen):
    BINDINGS = [
        Binding("l", "toggle_level", "Level"),
        Binding("p", "toggle_prep", "Prep"),
        Binding("f", "app.analyze_file", "Analyze file"),
        Binding("d", "app.demo_take", "Demo take"),
        Binding("h", "app.history", "History"),
        Binding("b", "app.story_bank", "Stories"),
        Binding("x", "app.drills", "Drills"),
        Binding("g", "app.trends", "Trends", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        if self.services.problems:
            extra = f" (+{len(self.services.problems) - 1} more)" if len(self.services.problems) > 1 else ""
            yield Static(self.services.problems[0] + extra, id="notice", markup=False)
        if not self.services.can_record:
            yield Static(
                "You can still practise: [b]f[/b] analyzes an audio file · [b]d[/b] runs the demo take", id="offer"
            )
        with Horizontal(id="pickers"):
            with Vertical(id="lp-column"):
                yield Label("Leadership Principle", classes="column-title")
                yield OptionList(*(Option(p.name, id=p.id) for p in self.services.principles), id="lp-list")
            with Vertical(id="question-column"):
                yield Label("Question — Enter to start", classes="column-title")
                yield OptionList(id="question-list")
        yield Static(id="level-line")
        yield Footer()

    def on_mount(self) -> None:
        lp_list = self.query_one("#lp-list", OptionList)
        ids = [p.id for p in self.services.principles]
        lp_list.highlighted = ids.index(self.rehearse_app.lp) if self.rehearse_app.lp in ids else 0
        self._fill_questions()
        self.refresh_level_line()
        lp_list.focus()

    @property
    def selected_lp(self) -> str:
        lp_list = self.query_one("#lp-list", OptionList)
        index = lp_list.highlighted or 0
        return self.services.principles[index].id

    def _fill_questions(self) -> None:
        lp = self.selected_lp
        self.rehearse_app.lp = lp
        options = [Option("Random question", id=RANDOM_ID)]
        options += [Option(q.text, id=q.id) for q in self.services.questions.get(lp, [])]
        question_list = self.query_one("#question-list", OptionList)
        question_list.set_options(options)
        question_list.highlighted = 0

    def refresh_level_line(self) -> None:
        app = self.rehearse_app
        window = self.services.level_window(app.level)
        prep = f"{app.prep_seconds} s" if app.prep_seconds else "off"
        self.query_one("#level-line", Static).update(
            f"Level [b]{app.level}[/b] · target [b]{window.label}[/b]  ([b]l[/b] change)   Prep countdown: {prep} ([b]p[/b])"
            + (f"   Story: [b]{escape(app.story or '')}[/b]" if getattr(app, "story", None) else "")
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "lp-list":
            self._fill_questions()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "lp-list":
            self.query_one("#question-list", OptionList).focus()
            return
        self.start_take(event.option.id or RANDOM_ID)

    def start_take(self, question_id: str) -> None:
        from rehearse.tui.screens.prompt import PromptScreen

        lp = self.selected_lp
        questions = list(self.services.questions.get(lp, []))
        if not questions:
            self.notify("This principle has no questions in the bank.", severity="warning")
            return
        question: Question
        if question_id == RANDOM_ID:
            question = self.services.pick_random(questions)
        else:
            question = next(q for q in questions if q.id == question_id)
        self.app.push_screen(PromptScreen(Take(lp=lp, level=self.rehearse_app.level, question=question)))

    def action_toggle_level(self) -> None:
        self.rehearse_app.cycle_level()
        self.refresh_level_line()

    def action_toggle_prep(self) -> None:
        self.rehearse_app.toggle_prep()
        self.refresh_level_line()
