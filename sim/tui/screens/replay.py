"""Step through a finished call turn by turn, with the evidence for every point.

Used by the candidate after a call (review) and by supervisors (`sim replay`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Sparkline, Static

from sim.records.review import Review
from sim.reports.report_model import CallReport, HumanReport, ReportSignal, ReportTurn
from sim.reports.text import COMPETENCY_NAMES, NA, NOT_APPLICABLE
from sim.tui.widgets.meters import score_line


def highlighted(text: str, signals: Sequence[ReportSignal]) -> Text:
    out = Text(text)
    for s in signals:
        start, end = s.span
        out.stylize("reverse", start, end)
    return out


class ReplayScreen(Screen):
    BINDINGS = [
        Binding("left", "move(-1)", "Previous"),
        Binding("right", "move(1)", "Next"),
        Binding("v", "next_violation", "Next violation"),
        Binding("e", "summary", "Scores"),
        Binding("escape", "back", "Back"),
    ]

    class Closed(Message):
        """The reader is done with the call (the app goes back, or exits)."""

    def __init__(
        self,
        report: CallReport,
        human: HumanReport | None = None,
        problems: Sequence[str] = (),
        reviews: Sequence[Review] = (),
    ):
        """``human``: the verdict with the reviews in force; ``problems``: why the call
        cannot be relied on (a supervisor's replay)."""
        super().__init__()
        self.report = report
        self.human = human
        self.problems = tuple(problems)
        self.reviews = tuple(reviews)
        self.index = 0
        self.show_summary = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="path")
        moods = [t.mood for t in self.report.turns if t.mood is not None]
        if moods:
            yield Sparkline(moods, id="mood-line")
        with VerticalScroll(id="review"):
            yield Static(id="turn")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def action_move(self, step: int) -> None:
        turns = self.report.turns
        self.show_summary = False
        if turns:
            self.index = max(0, min(len(turns) - 1, self.index + step))
        self._show()

    def action_next_violation(self) -> None:
        later = sorted({v.turn for v in self.report.violations if v.turn > self.index + 1})
        if later:
            self.index = later[0] - 1
            self.show_summary = False
            self._show()
        else:
            self.notify("No more violations after this turn.")

    def action_summary(self) -> None:
        self.show_summary = True
        self._show()

    def action_back(self) -> None:
        self.post_message(self.Closed())

    def _show(self) -> None:
        turns = self.report.turns
        if not turns:
            self.query_one("#turn", Static).update("No turns were played.")
            return
        path = [t.state for t in turns[: self.index + 1]]
        moods = [str(t.mood) for t in turns[: self.index + 1] if t.mood is not None]
        line = Text("path: " + " > ".join(path) + (f"   mood: {' '.join(moods)}" if moods else ""))
        if self.problems:
            line.append("   NOT RELIABLE: " + self.problems[0], "bold red")
        self.query_one("#path", Static).update(line)
        body = self._summary() if self.show_summary else self._turn(turns[self.index])
        self.query_one("#turn", Static).update(body)

    def _turn(self, t: ReportTurn) -> Text:
        r = self.report
        head = f"Turn {t.n} of {len(r.turns)}   state {t.state}"
        if t.mood is not None:
            head += f"   mood {t.mood}"
        if t.latency_ms is not None:
            head += f"   reply took {t.latency_ms / 1000:.1f} s"
        out = Text.assemble(
            (head, "bold"),
            "\n\n",
            ("Debtor: ", "bold"),
            t.debtor,
            "\n",
            ("Agent:  ", "bold"),
            highlighted(t.agent, t.signals),
            "\n\n",
        )
        if t.signals:
            out.append("Signals\n", "bold")
            for s in t.signals:
                a, b = s.span
                out.append(f'  {s.id:<24}{s.score:>6.1f}  "{t.agent[a:b]}"\n')
        for v in r.violations:
            if v.turn == t.n:
                evidence = f' "{v.evidence}"' if v.evidence else ""
                out.append(f"  ! {v.rule} ({v.severity}){evidence}: {v.reason}\n", "red")
        for competency, points in r.evidence.items():
            for p in points:
                if p.turn == t.n:
                    out.append(f"  {competency:<13}{p.points:>+4}  {p.label}\n")
        for flag in r.integrity:
            if flag.turn == t.n:
                out.append(f"  integrity: {flag.flag} ({flag.detail})\n", "yellow")
        if t.n == len(r.turns) and r.closing:
            out.append(f"\n[{r.closing.state}] Debtor: {r.closing.debtor}\n")
        if t.n == len(r.turns) and r.ended_because:
            out.append(f"Why it ended: {r.ended_because.says}\n", "bold")
        out.append("\n← → turns   v next violation   e scores   Esc back", "dim")
        return out

    def _summary(self) -> Text:
        r = self.report
        out = Text.assemble(("Final scores", "bold"), f"   outcome {r.outcome}\n")
        if r.ended_because:
            out.append(f"Why it ended: {r.ended_because.says}\n")
        human = self.human
        scores = (human or r).scores  # the headline's: the human ones when reviewed
        for c, name in COMPETENCY_NAMES.items():
            if c in r.not_applicable:
                out.append(f"{name:<13}{NA}  {NOT_APPLICABLE}", "dim")
            else:
                out.append(score_line(name, scores[c]))
            out.append("\n")
        if human:
            out.append(f"Overall {human.overall}   {human.verdict}   (human review)\n", "bold")
            out.append(f"Machine: overall {r.overall}   {r.verdict}\n")
        else:
            out.append(f"Overall {r.overall}   {r.verdict}\n")
        for problem in self.problems:
            out.append(f"! {problem}\n", "bold red")
        for note in r.notes:  # what the score left out, and why
            out.append(f"Note: {note}\n", "yellow")
        out.append("\n")
        for c, points in r.evidence.items():
            out.append(f"{COMPETENCY_NAMES[c]}\n", "bold")
            for p in points:
                where = f"turn {p.turn}" if p.turn else "base"
                out.append(f"  {p.points:>+4}  {where:<8} {p.label}\n")
        for review in self.reviews:
            changes = "; ".join(
                f"{o.competency} = {o.value}"
                if o.kind == "score"
                else f"{o.kind} {o.rule}@{o.turn}"
                for o in review.overrides
            )
            out.append(f"\nReviewed by {review.reviewer}: {changes} ({review.reason})", "cyan")
        out.append("\n\n← → back to the turns   Esc back", "dim")
        return out
