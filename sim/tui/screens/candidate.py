"""Ask who is taking the call (recorded in the transcript and reports)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class CandidateScreen(ModalScreen[str | None]):
    """Dismissed with the id typed, or None when the candidate backs out."""

    BINDINGS = [("escape", "cancel", "Back")]

    def __init__(self, *, blink: bool = True) -> None:
        super().__init__()
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Who is taking this call?", classes="title")
            yield Static("Your candidate id or name, as your trainer gave it.", classes="dim")
            yield Input(placeholder="e.g. c-1042", id="candidate", max_length=64)
            yield Static("", id="candidate-error", classes="error")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.blink
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.query_one("#candidate-error", Static).update("Please enter an id.")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
