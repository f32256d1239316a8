"""What an agent sees before dialling: who, how much, for whom, and the goal."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from sim.scenario.model import Scenario


class BriefingScreen(Screen):
    BINDINGS = [("enter", "start", "Start call"), ("escape", "back", "Back")]

    class StartCall(Message):
        """The candidate is ready to dial."""

        def __init__(self, scenario: Scenario, path: Path) -> None:
            super().__init__()
            self.scenario = scenario
            self.path = path

    class Back(Message):
        """The candidate wants the previous screen."""

    def __init__(self, scenario: Scenario, path: Path, mode: str):
        super().__init__()
        self.scenario = scenario
        self.path = path
        self.mode = mode

    def compose(self) -> ComposeResult:
        s, a = self.scenario, self.scenario.account
        yield Header()
        with VerticalScroll(id="briefing"):
            yield Static(
                f"[b]{escape(s.title)}[/b]  [dim]({s.difficulty}, {self.mode} mode)[/dim]",
                classes="title",
            )
            yield Static(f"[b]Your goal[/b]\n{escape(s.briefing.goal)}", classes="goal")
            with Horizontal(id="facts"):
                with Vertical(classes="card"):
                    yield Static("[b]Account[/b]")
                    yield Static(
                        f"Debtor    {s.debtor.name}\n"
                        f"Balance   ${a.balance:,.2f}\n"
                        f"Creditor  {a.creditor}\n"
                        f"Past due  {a.days_past_due} days\n"
                        f"You work  {a.agency}",
                        markup=False,
                    )
                with Vertical(classes="card"):
                    yield Static("[b]Account notes[/b]")
                    yield Static(
                        "\n".join(f"• {n}" for n in a.notes + s.briefing.notes) or "none",
                        markup=False,
                    )
            mode_note = (
                "Practice: you will see the debtor's mood and get coaching as you go."
                if self.mode == "practice"
                else "Assessment: one attempt, no hints. Everything is recorded."
            )
            yield Static(mode_note, classes="dim")
        yield Button("Start call  (Enter)", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_start()

    def action_start(self) -> None:
        self.post_message(self.StartCall(self.scenario, self.path))

    def action_back(self) -> None:
        self.post_message(self.Back())
