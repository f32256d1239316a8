"""`sim replay`: the supervisor's turn-by-turn view of a saved call."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from sim.reports.audited import AuditedCall
from sim.tui.screens.replay import ReplayScreen


class ReplayApp(App[None]):
    CSS_PATH = "play.tcss"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, call: AuditedCall, title: str = "replay"):
        super().__init__()
        self.call = call
        self.title = f"Replay: {title}"

    def on_mount(self) -> None:
        c = self.call
        self.push_screen(ReplayScreen(c.machine, c.reviewed, c.problems, c.reviews.active()))

    def on_replay_screen_closed(self, _: ReplayScreen.Closed) -> None:
        self.exit()
