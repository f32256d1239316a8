"""The rubric probe: what one reply does, and which statement rules it breaks on its own.

A single reply cannot show what is missing from a call (a required disclosure, an answer
to an event), so only the statement checks (forbid, amount) run here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.rubric.call_view import build_view
from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.matcher import SignalMatch
from sim.rubric.rules import Violation, evaluate

STATEMENT_CHECKS = frozenset({"forbid", "amount"})


def probe(
    loaded: LoadedRubric,
    text: str,
    facts: Mapping[str, Any],
    party: str = "debtor",
    events: tuple[str, ...] = ("right_party_verified",),
) -> tuple[list[SignalMatch], list[Violation]]:
    found = loaded.matcher(facts).probe(text)
    detected = [m for m in found if m.status == "detected"]
    turn = {"n": 1, "party": party, "events": list(events), "debtor": "", "agent": text}
    view = build_view([turn], [detected], facts)
    return found, evaluate(loaded.rubric.rules, view, STATEMENT_CHECKS)
