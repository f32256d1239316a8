"""The candidate app: picker -> (candidate id) -> briefing -> call -> result -> review."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sim.call.interactive import LiveCall
from sim.records.events import check_candidate
from sim.rubric.loader import LoadedRubric
from sim.scenario.catalog import ScenarioSummary
from sim.scenario.loader import load_scenario
from sim.scenario.model import Scenario


@dataclass
class PlayConfig:
    rubric: LoadedRubric
    catalog: list[ScenarioSummary]
    preselected: tuple[Scenario, Path] | None = None
    mode: str = "practice"
    candidate: str | None = None
    seed: int = 0
    transcripts: Path | None = None
    clock: Callable[[], float] = time.monotonic
    blink: bool = True  # tests turn cursor blinking off for stable snapshots
    live_timers: bool = True  # tests drive silence by hand


class PlayApp(App[int]):
    CSS_PATH = "play.tcss"
    TITLE = "Collections call trainer"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
        Binding("ctrl+q", "interrupt", "Quit"),
    ]

    def __init__(self, config: PlayConfig):
        super().__init__()
        self.config = config
        self.live: LiveCall | None = None

    # -- flow -----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.theme = "textual-dark"
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.action_interrupt)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover
            pass
        if self.config.preselected:
            self.choose(*self.config.preselected)
        else:
            from sim.tui.screens.picker import PickerScreen

            self.push_screen(PickerScreen(self.config.catalog))

    def choose(self, scenario: Scenario, path: Path) -> None:
        """A scenario was picked: ask who is taking the call, then brief them."""
        from sim.tui.screens.briefing import BriefingScreen
        from sim.tui.screens.candidate import CandidateScreen

        def brief(candidate: str | None) -> None:
            if candidate:
                try:
                    candidate = check_candidate(candidate)
                except ValueError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                    self.push_screen(CandidateScreen(), brief)
                    return
                self.config.candidate = candidate
                self.push_screen(BriefingScreen(scenario, path, self.config.mode))

        if self.config.candidate:
            brief(self.config.candidate)
        else:
            self.push_screen(CandidateScreen(), brief)

    def choose_id(self, scenario_id: str) -> None:
        summary = next(s for s in self.config.catalog if s.id == scenario_id)
        self.choose(load_scenario(summary.path), summary.path)

    def start_call(self, scenario: Scenario, path: Path) -> None:
        from sim.tui.screens.call import CallScreen

        self.live = LiveCall(
            scenario,
            path,
            self.config.rubric,
            mode=self.config.mode,
            candidate=self.config.candidate,
            seed=self.config.seed,
            transcripts=self.config.transcripts,
            clock=self.config.clock,
        )
        self.switch_screen(CallScreen(self.live, scenario, path))

    def show_result(self, report: dict, scenario: Scenario, path: Path) -> None:
        from sim.tui.screens.result import ResultScreen

        self.switch_screen(
            ResultScreen(
                report, scenario, path, self.config.mode, [s.id for s in self.config.catalog]
            )
        )

    # -- actions --------------------------------------------------------------------------
    def action_help(self) -> None:
        from sim.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_interrupt(self) -> None:
        if self.live:
            self.live.interrupt()
        self.exit(0)

    def on_unmount(self) -> None:
        if self.live:
            self.live.interrupt()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Help", "Keys, and how the call is scored", self.action_help)
        end = getattr(screen, "action_end_call", None)
        if end:
            yield SystemCommand("End call", "Hang up and see your result", end)
        yield SystemCommand(
            "Quit", "Leave the trainer (a call in progress is saved)", self.action_interrupt
        )
        yield from super().get_system_commands(screen)
