"""`sim replay`: the supervisor's turn-by-turn view of a saved call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import App
from textual.binding import Binding

from sim.tui.screens.replay import ReplayScreen


class ReplayApp(App[None]):
    CSS_PATH = "play.tcss"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, report: dict, reviews: Sequence[Any], title: str = "replay"):
        super().__init__()
        self.report = report
        self.reviews = list(reviews)
        self.title = f"Replay: {title}"

    def on_mount(self) -> None:
        self.push_screen(ReplayScreen(self.report, self.reviews))

    def on_replay_screen_closed(self, _: ReplayScreen.Closed) -> None:
        self.exit()
