"""The candidate app: picker -> (candidate id) -> briefing -> call -> result -> review."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sim.errors import SimError
from sim.records.events import check_candidate
from sim.scenario.listing import ScenarioSummary
from sim.scenario.loader import load_scenario
from sim.scenario.model import Scenario
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.candidate import CandidateScreen
from sim.tui.screens.help import HelpScreen
from sim.tui.screens.picker import PickerScreen

if TYPE_CHECKING:  # the call, its scoring and the result load after the first frame
    from sim.call.interactive import LiveCall
    from sim.reports.report_model import CallReport
    from sim.rubric.loader import LoadedRubric
    from sim.tui.screens.call import CallScreen
    from sim.tui.screens.replay import ReplayScreen
    from sim.tui.screens.result import ResultScreen


@dataclass(frozen=True)
class PlayConfig:
    """How `sim play` was started. Never changed: the app replaces it (the candidate's id)."""

    rubric: LoadedRubric | Callable[[], LoadedRubric]  # a function: loaded after the first frame
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
    """The shell: screens get what they show as attributes and post messages; this reacts."""

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
        self._loading = threading.Lock()
        self._rubric: LoadedRubric | None = None if callable(config.rubric) else config.rubric

    def rubric(self) -> LoadedRubric:
        """The rubric; if it is still loading (in the background), once it has loaded."""
        with self._loading:
            return self._loaded_rubric()

    def _loaded_rubric(self) -> LoadedRubric:
        if self._rubric is None:
            load = self.config.rubric
            self._rubric = load() if callable(load) else load
        return self._rubric

    def prepare(self, scenario: Scenario) -> LoadedRubric:
        """The rubric, with the matcher for a call of ``scenario`` built and kept in it: the
        slow part of starting a call, done once, here or while the briefing is read."""
        with self._loading:
            rubric = self._loaded_rubric()
            rubric.matcher(scenario.facts())
            return rubric

    def _prepare_in_background(self, scenario: Scenario | None) -> None:
        """What the call needs and the first frame does not: the call's modules, the rubric
        and (a scenario given) its matcher."""
        import sim.tui.screens.call
        import sim.tui.screens.result  # noqa: F401

        with contextlib.suppress(SimError):  # changed since it was checked: said on Start
            if scenario is None:
                self.rubric()
            else:
                self.prepare(scenario)
        # What is loaded now lives as long as the app: out of the collector's way (until it
        # exits), a full collection no longer walks it (25-35 ms, on some reply's frame).
        gc.collect()
        gc.freeze()

    def _start_preparing(self, scenario: Scenario | None) -> None:
        threading.Thread(target=self._prepare_in_background, args=(scenario,), daemon=True).start()

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
            self.call_after_refresh(self._start_preparing, None)  # loads while one is picked
            self.push_screen(PickerScreen(self.config.catalog))

    def choose(self, scenario: Scenario, path: Path) -> None:
        """A scenario was picked: ask who is taking the call, then brief them."""
        self.call_after_refresh(self._start_preparing, scenario)  # while the briefing is read

        def brief(candidate: str | None) -> None:
            if candidate:
                try:
                    candidate = check_candidate(candidate)
                except ValueError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                    self.push_screen(CandidateScreen(), brief)
                    return
                self.config = replace(self.config, candidate=candidate)
                self.push_screen(BriefingScreen(scenario, path, self.config.mode))

        if self.config.candidate:
            brief(self.config.candidate)
        else:
            self.push_screen(CandidateScreen(blink=self.config.blink), brief)

    def choose_id(self, scenario_id: str) -> None:
        summary = next(s for s in self.config.catalog if s.id == scenario_id)
        self.choose(load_scenario(summary.path), summary.path)

    def start_call(self, scenario: Scenario, path: Path) -> None:
        from sim.call.interactive import LiveCall
        from sim.tui.screens.call import CallScreen

        try:
            rubric = self.prepare(scenario)
        except SimError as exc:  # the rubric changed after the scenario was checked
            self.notify(str(exc), title="Cannot start the call", severity="error", markup=False)
            return
        config = self.config
        self.live = LiveCall(
            scenario,
            path,
            rubric,
            mode=config.mode,
            candidate=config.candidate,
            seed=config.seed,
            transcripts=config.transcripts,
            clock=config.clock,
        )
        self.switch_screen(
            CallScreen(
                self.live, scenario, path, blink=config.blink, live_timers=config.live_timers
            )
        )

    def show_result(self, report: CallReport, scenario: Scenario, path: Path) -> None:
        from sim.tui.screens.result import ResultScreen

        self.switch_screen(
            ResultScreen(
                report,
                scenario,
                path,
                self.config.mode,
                {s.id: s.trains for s in self.config.catalog},
            )
        )

    # -- what the screens ask for ---------------------------------------------------------
    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        self.choose_id(message.scenario_id)

    def on_briefing_screen_start_call(self, message: BriefingScreen.StartCall) -> None:
        self.start_call(message.scenario, message.path)

    def on_briefing_screen_back(self, _: BriefingScreen.Back) -> None:
        if len(self.screen_stack) > 2:  # never the first screen (a scenario given on the line)
            self.pop_screen()

    def on_call_screen_finished(self, message: CallScreen.Finished) -> None:
        self.show_result(message.report, message.scenario, message.path)

    def on_result_screen_review(self, message: ResultScreen.Review) -> None:
        from sim.tui.screens.replay import ReplayScreen

        self.push_screen(ReplayScreen(message.report))

    def on_result_screen_retry(self, message: ResultScreen.Retry) -> None:
        self.start_call(message.scenario, message.path)

    def on_result_screen_next(self, message: ResultScreen.Next) -> None:
        self.choose_id(message.scenario_id)

    def on_replay_screen_closed(self, _: ReplayScreen.Closed) -> None:
        self.pop_screen()  # back to the result

    # -- actions --------------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_interrupt(self) -> None:
        if self.live:
            self.live.interrupt()
        self.exit(0)

    def on_unmount(self) -> None:
        if self.live:
            self.live.interrupt()
        gc.unfreeze()  # collectable again once the app is gone (one process, many apps: tests)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from sim.tui.screens.call import CallScreen

        yield SystemCommand("Help", "Keys, and how the call is scored", self.action_help)
        if isinstance(screen, CallScreen):
            yield SystemCommand("End call", "Hang up and see your result", screen.action_end_call)
        yield SystemCommand(
            "Quit", "Leave the trainer (a call in progress is saved)", self.action_interrupt
        )
        yield from super().get_system_commands(screen)
