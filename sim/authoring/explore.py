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
from sim.scenario.firing import fireable
from sim.scenario.lint import edges
from sim.scenario.model import Scenario

MUMBLES = ["Hmm.", "Sorry, one second.", "Okay.", "Right, right.", "Let me see."]
SHOWN = 12  # items of a list shown without --all
STUCK_SHOWN = 3  # stuck walks shown without --all, each by its last STEPS_SHOWN steps
STEPS_SHOWN = 8


@dataclass(frozen=True)
class Step:
    """One reply of a walk: where the call was, what was said and heard, where it went."""

    state: str
    reply: str
    signals: tuple[str, ...]
    via: str
    to: str


@dataclass
class Exploration:
    walks: int
    replies: int = 0
    states: set[str] = field(default_factory=set)
    transitions: set[tuple[str, str]] = field(default_factory=set)  # (state, via)
    outcomes: Counter[str | None] = field(default_factory=Counter)
    stuck: list[list[Step]] = field(default_factory=list)


def universe(scenario: Scenario) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Every (state, via) transition that can fire and every (state, wording) the debtor
    can say."""
    transitions = {
        (sid, via) for sid, outs in edges(scenario).items() for _, via in outs
    } & fireable(scenario)
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
        steps: list[Step] = []
        result.states.add(call.state)
        while not call.ended and len(steps) < max_turns:
            reply = _choose_reply(scenario, call.state, bank, every, rng)
            turn = call.reply(reply)
            steps.append(Step(turn.state, reply, (*turn.signals, *call.context), turn.via, turn.to))
            result.transitions.add((turn.state, turn.via))
            result.states.add(turn.to)
        result.replies += len(steps)
        if call.ended:
            result.outcomes[call.outcome] += 1
        else:
            result.stuck.append(steps)
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
    scenario: Scenario,
    result: Exploration,
    gaps: dict[str, list[Any]] | None,
    plans: list[Path],
    *,
    show_all: bool = False,
) -> str:
    """The report; without ``show_all`` long lists are cut, and say how to see them whole."""
    transitions, _ = universe(scenario)
    targets = {(s, via): to for s, outs in edges(scenario).items() for to, via in outs}
    out = [
        f"Explored {scenario.id}: {result.walks} walks, {result.replies} replies",
        f"  states reached       {len(result.states)}/{len(scenario.states)}",
        f"  transitions reached  {len(result.transitions & transitions)}/{len(transitions)}",
    ]
    never = sorted(transitions - result.transitions)
    if never:
        out.append("    never taken: " + _listed([f"{s} {v}" for s, v in never], ", ", show_all))
    outcomes = ", ".join(f"{o} {n}" for o, n in sorted(result.outcomes.items()))
    out.append(f"  outcomes             {outcomes or 'none'}")
    out.append(f"  stuck walks          {len(result.stuck)}")
    for n, steps in enumerate(result.stuck if show_all else result.stuck[:STUCK_SHOWN], 1):
        out += _stuck(n, steps, show_all)
    if len(result.stuck) > STUCK_SHOWN and not show_all:
        out.append(f"    ... {len(result.stuck) - STUCK_SHOWN} more stuck walks (--all)")
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
                shown = [f'{s}: "{text if show_all else text[:40]}"' for s, text in items]
            out.append(
                f"  {label} no plan reaches: {len(items)}"
                + (f"  ({_listed(shown, '; ', show_all, 6)})" if items else "")
            )
    planned = {tuple(t) for t in gaps["transitions"]} if gaps is not None else set(transitions)
    untaken = sorted(set(never) & planned)
    who = "no walk and no plan" if gaps is not None else "no walk"
    out.append(f"Branches {who} took: {len(untaken)}")
    for s, via in untaken if show_all else untaken[:SHOWN]:
        out.append(f"  {s} {via} -> {targets[s, via]}")
    if len(untaken) > SHOWN and not show_all:
        out.append(f"  ... {len(untaken) - SHOWN} more (--all)")
    return "\n".join(out) + "\n"


def _listed(items: list[str], sep: str, show_all: bool, shown: int = SHOWN) -> str:
    if show_all or len(items) <= shown:
        return sep.join(items)
    return sep.join(items[:shown]) + f"{sep}... {len(items) - shown} more (--all)"


def _stuck(n: int, steps: list[Step], show_all: bool) -> list[str]:
    """A stuck walk: the states it went through, then each reply, what was heard, and the
    way out it took."""
    cut = steps if show_all else steps[-STEPS_SHOWN:]
    skipped = len(steps) - len(cut)
    path = [cut[0].state] + [step.to for step in cut] if cut else []
    lines = [f"    walk {n}: " + ("... -> " if skipped else "") + " -> ".join(path)]
    for k, step in enumerate(cut, skipped + 1):
        heard = ", ".join(step.signals) or "nothing"
        lines.append(f'      {k}. {step.state}: "{step.reply}" [{heard}] {step.via} -> {step.to}')
    return lines
