"""The story bank: named stories, the stories × LPs coverage grid, and the consistency check."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rehearse.errors import RehearseError
from rehearse.tui.screens.common import ServicesMixin
from rehearse.tui.screens.history import NO_HISTORY


class StoryNameScreen(ModalScreen["str | None"]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Name the story (what happened, in a few words):")
            yield Input(placeholder="webhook drop", id="story-name")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StoryBankScreen(ServicesMixin, Screen):

    DEFAULT_CSS = """
    #story-current { height: 1; padding: 0 1; background: $boost; }
    #story-main { height: 1fr; }
    #story-column { width: 28; }
    #story-list { height: 1fr; }
    #coverage { width: 1fr; height: 1fr; }
    #consistency { height: auto; max-height: 8; padding: 0 1; }
    """

    BINDINGS = [
        Binding("a", "add", "New story"),
        Binding("enter", "use", "Use for next takes", show=False),
        Binding("c", "check", "Consistency"),
        Binding("n", "no_story", "No story"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="story-current")
        with Horizontal(id="story-main"):
            with Vertical(id="story-column"):
                yield Label("Stories — Enter uses one", classes="column-title")
                yield OptionList(id="story-list")
            yield DataTable(id="coverage", cursor_type="none", zebra_stripes=True)
        yield Static("", id="consistency")
        yield Footer()

    @property
    def practice(self):
        return self.services.practice

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#story-list", OptionList).focus()

    def reload(self) -> None:
        current = getattr(self.app, "story", None)
        self.query_one("#story-current", Static).update(
            f"Next takes are saved under: [b]{escape(current)}[/b]" if current else "Next takes are saved without a story ([b]a[/b] adds one)"
        )
        if self.practice is None:
            self.query_one("#consistency", Static).update(NO_HISTORY)
            return
        try:
            grid = self.practice.store.coverage()
        except RehearseError as err:
            self.query_one("#consistency", Static).update(f"[red]{escape(str(err))}[/]")
            return
        stories = list(grid)
        story_list = self.query_one("#story-list", OptionList)
        story_list.set_options([Option(f"{s} ({sum(grid[s].values())})", id=s) for s in stories])
        if stories:
            story_list.highlighted = stories.index(current) if current in stories else 0
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("LP", key="lp")
        for index, story in enumerate(stories):
            table.add_column(story if len(story) <= 14 else story[:13] + "…", key=f"s{index}")
        for principle in self.services.principles:
            cells = [str(grid[s].get(principle.id, "")) or "·" for s in stories]
            table.add_row(principle.name, *cells, key=principle.id)
        gaps = [p.name for p in self.services.principles if not any(grid[s].get(p.id) for s in stories)]
        if not stories:
            self.query_one("#consistency", Static).update("No stories yet: [b]a[/b] names one, then record takes for it.")
        else:
            self.query_one("#consistency", Static).update(f"{len(gaps)} LP(s) have no story yet. [b]c[/b] checks a story's numbers.")

    def highlighted_story(self) -> str | None:
        story_list = self.query_one("#story-list", OptionList)
        if story_list.highlighted is None or story_list.option_count == 0:
            return None
        return story_list.get_option_at_index(story_list.highlighted).id

    def action_add(self) -> None:
        def named(name: str | None) -> None:
            if not name or self.practice is None:
                return
            try:
                story = self.practice.store.ensure_story(name)
            except RehearseError as err:
                self.notify(str(err), severity="error")
                return
            self.app.story = story.name  # type: ignore[attr-defined]
            self.reload()

        self.app.push_screen(StoryNameScreen(), named)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_use()

    def action_use(self) -> None:
        story = self.highlighted_story()
        if story is not None:
            self.app.story = story  # type: ignore[attr-defined]
            self.notify(f"Next takes are saved under “{story}”.")
            self.reload()

    def action_back(self) -> None:
        self.dismiss(None)  # the home screen refreshes its story line on dismiss

    def action_no_story(self) -> None:
        self.app.story = None  # type: ignore[attr-defined]
        self.reload()

    def action_check(self) -> None:
        story = self.highlighted_story()
        if story is None or self.practice is None:
            return
        try:
            conflicts = self.practice.consistency(story)
        except RehearseError as err:
            self.query_one("#consistency", Static).update(f"[red]{escape(str(err))}[/]")
            return
        if not conflicts:
            self.query_one("#consistency", Static).update(f"[green]✓[/] “{escape(story)}”: the numbers agree across tellings.")
            return
        lines = [f"[red]⚑[/] “{escape(story)}”: {len(conflicts)} number(s) changed between tellings:"]
        lines += [f"  {escape(c.message)}" for c in conflicts]
        self.query_one("#consistency", Static).update("\n".join(lines))
