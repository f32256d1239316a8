"""`sim explore`: seeded random walks through a scenario, and what the test plans miss.

Like ChoiceScript's randomtest: each walk answers the debtor with wordings from the signal
phrase banks, mostly ones the current state listens for, sometimes anything else, so that
fallbacks and interrupts are exercised too.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.authoring.plans import CaseResult
from sim.call.context import EXAMPLES
from sim.call.engine import Call
from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.templates import fill_placeholders, placeholder_values
from sim.scenario.lint import edges
from sim.scenario.model import Scenario

MUMBLES = ["Hmm.", "Sorry, one second.", "Okay.", "Right, right.", "Let me see."]


@dataclass
class Exploration:
    walks: int
    replies: int = 0
    states: set[str] = field(default_factory=set)
    transitions: set[tuple[str, str]] = field(default_factory=set)  # (state, via)
    outcomes: Counter[str | None] = field(default_factory=Counter)
    stuck: list[list[str]] = field(default_factory=list)


def universe(scenario: Scenario) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Every (state, via) transition and every (state, wording) the debtor can say."""
    transitions = {(sid, via) for sid, outs in edges(scenario).items() for _, via in outs}
    lines = set()
    for sid, state in scenario.states.items():
        lines |= {(sid, line.text) for line in state.say}
        fallback = scenario.fallback_for(sid)
        if fallback and not state.terminal and not fallback.goto:
            lines |= {(sid, line.text) for line in fallback.say}
        for t in state.on:
            lines |= {(t.goto, line.text) for line in t.say or []}
    for t in scenario.interrupts:
        lines |= {(t.goto, line.text) for line in t.say or []}
    return transitions, lines


def explore(
    scenario: Scenario, loaded: LoadedRubric, walks: int = 200, seed: int = 0, max_turns: int = 40
) -> Exploration:
    rng = random.Random(seed)
    facts = scenario.facts()
    matcher = loaded.matcher(facts)
    bank = _phrase_bank(loaded, facts)
    every = sorted(bank)
    result = Exploration(walks)
    for _ in range(walks):
        call = Call(scenario, matcher, seed=rng.randrange(2**31))
        path = [call.state]
        result.states.add(call.state)
        while not call.ended and len(path) <= max_turns:
            reply = _choose_reply(scenario, call.state, bank, every, rng)
            turn = call.reply(reply)
            result.replies += 1
            result.transitions.add((turn.state, turn.via))
            result.states.add(turn.to)
            path.append(turn.to)
        if call.ended:
            result.outcomes[call.outcome] += 1
        else:
            result.stuck.append(path)
    return result


def _phrase_bank(loaded: LoadedRubric, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    values = placeholder_values(facts)
    bank: dict[str, list[str]] = {}
    for sid, signal in loaded.rubric.signals.items():
        phrases = [
            filled for phrase in signal.phrases if (filled := fill_placeholders(phrase, values))
        ]
        if phrases:
            bank[sid] = phrases
    bank.update({signal.value: list(examples) for signal, examples in EXAMPLES.items()})
    return bank


def _choose_reply(
    scenario: Scenario,
    state_id: str,
    bank: dict[str, list[str]],
    every: list[str],
    rng: random.Random,
) -> str:
    """Mostly what the state listens for; sometimes anything; rarely an interrupt."""
    roll = rng.random()
    if roll < 0.05 and scenario.interrupts:
        listened = [rng.choice(scenario.interrupts).when]
    elif roll < 0.75:
        listened = [t.when for t in scenario.states[state_id].on]
    else:
        listened = []
    if listened:
        when = rng.choice(listened)
        wanted = ([rng.choice(when.any)] if when.any else []) + list(when.all)
        parts = [rng.choice(bank[s]) for s in wanted if s in bank]
        if parts:
            return ". ".join(parts) + "."
    if roll < 0.95:
        return rng.choice(bank[rng.choice(every)]) + "."
    return rng.choice(MUMBLES)


def plan_gaps(scenario: Scenario, results: list[CaseResult]) -> dict[str, list[Any]]:
    """States, transitions and wordings that no test plan reaches."""
    transitions, lines = universe(scenario)
    states = {scenario.start} | {to for r in results for _, _, to in r.visited}
    visited = {(s, via) for r in results for s, via, _ in r.visited}
    said = {line for r in results for line in r.lines}
    outcomes = {r.outcome for r in results}
    return {
        "states": sorted(set(scenario.states) - states),
        "transitions": sorted(transitions - visited),
        "lines": sorted(lines - said),
        "outcomes": sorted(set(scenario.outcomes) - outcomes),
    }


def render(
    scenario: Scenario, result: Exploration, gaps: dict[str, list[Any]] | None, plans: list[Path]
) -> str:
    transitions, _ = universe(scenario)
    out = [
        f"Explored {scenario.id}: {result.walks} walks, {result.replies} replies",
        f"  states reached       {len(result.states)}/{len(scenario.states)}",
        f"  transitions reached  {len(result.transitions & transitions)}/{len(transitions)}",
    ]
    never = sorted(transitions - result.transitions)
    if never:
        out.append(
            "    never taken: "
            + ", ".join(f"{s} {v}" for s, v in never[:12])
            + (" ..." if len(never) > 12 else "")
        )
    outcomes = ", ".join(f"{o} {n}" for o, n in sorted(result.outcomes.items()))
    out.append(f"  outcomes             {outcomes or 'none'}")
    out.append(f"  stuck walks          {len(result.stuck)}")
    for path in result.stuck[:3]:
        out.append("    " + " -> ".join(path[-8:]))
    if gaps is not None:
        names = ", ".join(str(p) for p in plans) or "none"
        out.append(f"Test-plan coverage ({names}):")
        for key, label in (
            ("outcomes", "outcomes"),
            ("states", "states"),
            ("transitions", "transitions"),
            ("lines", "line variants"),
        ):
            items = gaps[key]
            shown = [" ".join(i) if isinstance(i, tuple) else i for i in items]
            if key == "lines":
                shown = [f'{s}: "{text[:40]}"' for s, text in items]
            out.append(
                f"  {label} no plan reaches: {len(items)}"
                + (f"  ({'; '.join(shown[:6])}{' ...' if len(shown) > 6 else ''})" if items else "")
            )
    return "\n".join(out) + "\n"
