"""The conversation: debtor and agent lines told apart, newest at the bottom."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class Conversation(VerticalScroll):
    def say(self, who: str, text: str) -> None:
        """Add a line; ``who`` is 'debtor', 'agent' or 'system'."""
        label = {"debtor": "Debtor", "agent": "You", "system": ""}[who]
        body = Text.assemble((f"{label}: ", "bold"), text) if label else Text(text, "italic")
        self.mount(Static(body, classes=f"line {who}"))
        self.scroll_end(animate=False)
