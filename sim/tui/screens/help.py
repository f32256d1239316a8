"""Keys and how the call is scored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """[b]Taking a call[/b]
Type what you would say to the debtor and press [b]Enter[/b]. The debtor reacts to what you
say: acknowledge feelings and they calm down; threaten or insult them and they escalate.

[b]Keys[/b]
  Enter      send your reply / start the call / open a scenario
  Ctrl+E     end the call (hang up) and see your result
  F1 or ?    this help            Ctrl+P   command palette
  ← →        move between turns when reviewing a call
  Ctrl+Q     quit (a call in progress is saved as incomplete)

[b]How you are scored[/b]
  Empathy       acknowledging the debtor, asking about their situation
  Firmness      asking for payment, proposing a plan, confirming next steps
  Self-control  staying calm under hostility (no capitals, sarcasm or insults)
  Compliance    collections law: verify identity before discussing the debt, give the
                mini-Miranda, no threats, no false statements, honour lawyers, disputes
                and requests to stop

Any critical violation fails the call. Every point has its evidence: review the call from
the result screen to see exactly which words counted.

[dim]Press Esc to close.[/dim]"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [("escape", "dismiss", "Close"), ("f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(HELP)
