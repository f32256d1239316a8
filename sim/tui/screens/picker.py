"""Pick a scenario: title, difficulty and a one-line summary each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from sim.scenario.listing import ScenarioSummary

DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


class PickerScreen(Screen):
    class Chosen(Message):
        """The candidate opened a scenario."""

        def __init__(self, scenario_id: str) -> None:
            super().__init__()
            self.scenario_id = scenario_id

    def __init__(self, catalog: list[ScenarioSummary]):
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Choose a call to take. [b]↑/↓[/] to move, [b]Enter[/] to open the "
            "briefing, [b]F1[/] for help.",
            classes="lead",
        )
        options = []
        for s in self.catalog:
            prompt = Text.assemble(
                (s.title, "bold"),
                "  ",
                (f"[{s.difficulty}]", DIFFICULTY_STYLE.get(s.difficulty, "")),
                "\n",
                (s.summary, "dim"),
            )
            options.append(Option(prompt, id=s.id))
        yield OptionList(*options, id="scenarios")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
