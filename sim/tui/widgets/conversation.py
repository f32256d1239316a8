"""The conversation: debtor and agent lines told apart, newest at the bottom."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import AwaitMount
from textual.widgets import Static

LABELS = {"debtor": "Debtor", "agent": "You", "system": ""}


class Conversation(VerticalScroll):
    """Anchored to its newest line once the lines overflow it: the layout that places a
    new line then scrolls it into view in the same frame, and again when a scrollbar's
    arrival re-wraps the lines (a scroll to the end waits for the frame after, and then
    uses the height from before the re-wrap, leaving the newest line out of sight). Not
    before: an anchor on fewer lines than fill it would push them down from the top."""

    def say(self, *lines: tuple[str, str]) -> AwaitMount:
        """Add lines, each ``(who, text)`` with ``who`` 'debtor', 'agent' or 'system'; await
        the result to have them laid out in the next frame, all in the same one."""
        bodies = [_body(*line) for line in lines]
        if not self.is_anchored and 0 < self._height() < self._bottom() + self._rows(bodies):
            self.anchor()  # laid out, and these lines overflow it for sure
        mounted = self.mount_all(
            Static(body, classes=f"line {who}")
            for (who, _), body in zip(lines, bodies, strict=True)
        )
        if self.is_anchored:
            self.scroll_end(animate=False)  # back to the newest line if scrolled up
        else:
            self.call_after_refresh(self._anchor_if_overflowing)
        return mounted

    def _anchor_if_overflowing(self) -> None:
        if not self.is_anchored and self.max_scroll_y > 0:
            self.anchor()

    def _rows(self, bodies: list[Text]) -> int:
        """The fewest rows these lines can take: wrapped as wide as the widest line yet."""
        width = max((line.content_size.width for line in self.children), default=0)
        if width <= 0:
            return len(bodies)
        return sum(len(body.wrap(self.app.console, width)) for body in bodies)

    def _bottom(self) -> int:
        return self.children[-1].virtual_region_with_margin.bottom if self.children else 0

    def _height(self) -> int:
        return self.scrollable_content_region.height


def _body(who: str, text: str) -> Text:
    label = LABELS[who]
    return Text.assemble((f"{label}: ", "bold"), text) if label else Text(text, "italic")
