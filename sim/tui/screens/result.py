"""The result: scores as bars, the verdict, each violation with its evidence, what next."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sim.call.coaching import suggest_next
from sim.reports.report_model import CallReport
from sim.reports.text import COMPETENCY_NAMES, NOT_APPLICABLE
from sim.scenario.model import Scenario
from sim.tui.widgets.meters import score_line


class ResultScreen(Screen):
    BINDINGS = [
        Binding("r", "review", "Review call"),
        Binding("t", "retry", "Try again"),
        Binding("n", "next", "Next scenario"),
        Binding("q", "app.interrupt", "Quit", show=False),
    ]

    class Review(Message):
        """Step through the call turn by turn."""

        def __init__(self, report: CallReport) -> None:
            super().__init__()
            self.report = report

    class Retry(Message):
        """Take the same call again (practice only)."""

        def __init__(self, scenario: Scenario, path: Path) -> None:
            super().__init__()
            self.scenario = scenario
            self.path = path

    class Next(Message):
        """Open the suggested next scenario."""

        def __init__(self, scenario_id: str) -> None:
            super().__init__()
            self.scenario_id = scenario_id

    def __init__(
        self,
        report: CallReport,
        scenario: Scenario,
        path: Path,
        mode: str,
        available: Mapping[str, Collection[str]],
    ):
        """``available``: the scenarios on offer, each with the competencies it trains."""
        super().__init__()
        self.report = report
        self.scenario = scenario
        self.path = path
        self.mode = mode
        self.next_id = suggest_next(report, available)

    def compose(self) -> ComposeResult:
        r = self.report
        yield Header()
        with VerticalScroll(id="result"):
            outcome = (r.outcome or "no outcome").replace("_", " ")
            yield Static(
                f"[b]{escape(self.scenario.title)}[/b] — {escape(outcome)}", classes="title"
            )
            if r.ended_because:
                yield Static(Text(f"Why it ended: {r.ended_because.says}"), id="ended-because")
            bars = Text("\n").join(
                Text(f"{COMPETENCY_NAMES[c]:<13}n/a  {NOT_APPLICABLE}", "dim")
                if v is None
                else score_line(COMPETENCY_NAMES[c], v)
                for c, v in r.applicable.items()
            )
            yield Static(bars, id="scores")
            verdict = "[b green]PASSED[/]" if r.passed else "[b red]NOT PASSED[/]"
            yield Static(
                f"Overall {r.overall}   {verdict}\n[dim]{escape(r.verdict)}[/dim]",
                id="verdict",
            )
            yield Static(self._violations(), id="violations")
            yield Static(self._words(), id="feedback")
            if self.next_id:
                yield Static(f"Suggested next: [b]{self.next_id}[/b] (press n)", id="next")
            keys = "[b]r[/] review the call turn by turn"
            keys += "   [b]t[/] try again" if self.mode == "practice" else ""
            yield Static(keys + "   [b]q[/] quit", classes="dim")
        yield Footer()

    def _violations(self) -> Text:
        violations = self.report.violations
        if not violations:
            return Text("No compliance violations.", "green")
        out = Text.assemble(("Violations\n", "bold"))
        for v in violations:
            style = "red" if v.severity == "critical" else "yellow"
            out.append(f"turn {v.turn}  {v.rule} ({v.severity})", style)
            evidence = f' "{v.evidence}"' if v.evidence else ""
            out.append(f"{evidence}: {v.reason}\n")
        return out

    def _words(self) -> Text:
        out = Text()
        for note in self.report.notes:
            out.append(f"{note}\n", "yellow")
        for title, items in (
            ("Strengths", self.report.strengths),
            ("To work on", self.report.gaps),
        ):
            if items:
                out.append(f"{title}\n", "bold")
                for item in items:
                    out.append(f"• {item}\n")
        return out

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "retry":
            return self.mode == "practice"
        if action == "next":
            return self.next_id is not None
        return True

    def action_review(self) -> None:
        self.post_message(self.Review(self.report))

    def action_retry(self) -> None:
        self.post_message(self.Retry(self.scenario, self.path))

    def action_next(self) -> None:
        if self.next_id:
            self.post_message(self.Next(self.next_id))
