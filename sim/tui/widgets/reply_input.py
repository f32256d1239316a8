"""The reply box: an Input that reports keystrokes and pastes for integrity capture."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input

from sim.call.replies import MAX_REPLY_CHARS


class ReplyInput(Input):
    class Typed(Message):
        """A printable key was typed."""

    class Pasted(Message):
        def __init__(self, chars: int) -> None:
            super().__init__()
            self.chars = chars

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            self.post_message(self.Typed())
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        # A multi-line paste becomes one reply; a huge one is capped (and flagged on send).
        text = " ".join(event.text.split())[: MAX_REPLY_CHARS + 1]
        if text:
            self.post_message(self.Pasted(len(text)))
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.stop()
