"""Review a finished call turn by turn: matched spans highlighted, signals and rules."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


def highlighted(text: str, signals: list[dict]) -> Text:
    out = Text(text)
    for s in signals:
        start, end = s["span"]
        out.stylize("reverse", start, end)
    return out


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("left", "move(-1)", "Previous turn"),
        Binding("right", "move(1)", "Next turn"),
        Binding("escape", "back", "Back to result"),
    ]

    def __init__(self, report: dict):
        super().__init__()
        self.report = report
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review"):
            yield Static(id="turn")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def action_move(self, step: int) -> None:
        turns = self.report["turns"]
        if turns:
            self.index = max(0, min(len(turns) - 1, self.index + step))
            self._show()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _show(self) -> None:
        turns = self.report["turns"]
        if not turns:
            self.query_one("#turn", Static).update("No turns were played.")
            return
        t = turns[self.index]
        out = Text.assemble(
            (f"Turn {t['n']} of {len(turns)}", "bold"),
            f"   state {t['state']}"
            + (f"   mood {t['mood']}" if t.get("mood") is not None else ""),
            "\n\n",
            ("Debtor: ", "bold"),
            t["debtor"],
            "\n",
            ("You:    ", "bold"),
            highlighted(t["agent"], t["signals"]),
            "\n\n",
        )
        if t["signals"]:
            out.append("Signals\n", "bold")
            for s in t["signals"]:
                a, b = s["span"]
                out.append(f'  {s["id"]:<24}{s["score"]:>6.1f}  "{t["agent"][a:b]}"\n')
        for v in self.report["violations"]:
            if v["turn"] == t["n"]:
                out.append(f"  ⚠ {v['rule']} ({v['severity']}): {v['reason']}\n", "red")
        for competency, points in self.report["evidence"].items():
            for p in points:
                if p["turn"] == t["n"]:
                    sign = "+" if p["points"] > 0 else ""
                    out.append(f"  {competency:<13}{sign}{p['points']:>4}  {p['label']}\n")
        out.append("\n← → to move between turns, Esc to go back", "dim")
        self.query_one("#turn", Static).update(out)
