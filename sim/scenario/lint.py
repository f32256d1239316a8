"""Graph lints: what a typed model cannot see but a trainer needs to know.

The scenario is a graph whose edges are transitions, fallbacks and interrupts; these
checks walk it from the start state.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from sim.errors import Diagnostic
from sim.scenario.firing import never_fires
from sim.scenario.model import (
    FALLBACK_LABEL,
    ContextSignal,
    Effects,
    Line,
    Scenario,
    When,
    interrupt_label,
)
from sim.scenario.terms import DebtTalk as DebtTalk  # found here too, as before
from sim.scenario.terms import Terms as Terms
from sim.sources.diagnostics import severity
from sim.sources.suggest import did_you_mean

if TYPE_CHECKING:
    from sim.sources.located_yaml import Loc, YamlSource


def edges(scenario: Scenario) -> dict[str, list[tuple[str, str]]]:
    """state -> [(target, label)] for every way out of each state, in the engine's order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for sid in scenario.states:
        found = [(e.target(sid), e.label) for e in scenario.exits(sid)]
        out[sid] = [(target, label) for target, label in found if target in scenario.states]
    return out


def with_silence(
    scenario: Scenario, graph: dict[str, list[tuple[str, str]]]
) -> dict[str, list[tuple[str, str]]]:
    """The graph plus the silence edge: from every state that can be left, a long silence
    ends the call in ``silence.end_state``."""
    end = scenario.silence.end_state
    if end is None or end not in scenario.states:
        return graph
    return {
        sid: outs + ([] if scenario.states[sid].terminal else [(end, "silence")])
        for sid, outs in graph.items()
    }


def reachable(
    graph: dict[str, list[tuple[str, str]]], start: str, blocked: Iterable[str] = ()
) -> set[str]:
    blocked = set(blocked)
    seen = {start}
    queue = deque([start])
    while queue:
        for target, _ in graph.get(queue.popleft(), []):
            if target not in seen and target not in blocked:
                seen.add(target)
                queue.append(target)
    return seen


def lint(scenario: Scenario, source: YamlSource, terms: Terms) -> list[Diagnostic]:
    found: list[Diagnostic] = []

    def add(loc: Loc, code: str, message: str, key: bool = True) -> None:
        found.append(source.diagnostic(loc, code, message, key=key, severity=severity(code)))

    graph = with_silence(scenario, edges(scenario))
    if scenario.start not in scenario.states:
        return found
    from_start = reachable(graph, scenario.start)
    terminals = {sid for sid, s in scenario.states.items() if s.terminal}
    for sid in scenario.states:
        if sid not in from_start:
            add(("states", sid), "SIM040", f"state '{sid}' cannot be reached from the start")
    for sid, state in scenario.states.items():
        if not state.terminal and sid in from_start and not reachable(graph, sid) & terminals:
            add(
                ("states", sid),
                "SIM041",
                f"from state '{sid}' no terminal state can be "
                "reached: the call can never end there",
            )
    reached_outcomes = {scenario.states[s].outcome for s in from_start & terminals}
    for outcome in scenario.outcomes:
        if outcome not in reached_outcomes:
            add(
                ("outcomes", outcome),
                "SIM042",
                f"outcome '{outcome}' is declared but no reachable terminal state has it",
            )

    heard = terms.signals | set(ContextSignal)
    for loc, signal in _signal_uses(scenario):
        if signal not in heard:
            add(
                loc,
                "SIM021",
                f"unknown signal '{signal}' (not in rubric '{terms.rubric}')"
                + did_you_mean(signal, heard),
                key=False,
            )

    for sid in scenario.states:
        for exit_ in scenario.exits(sid):
            if exit_.target(sid) != sid:
                continue
            lines = exit_.edge.say or scenario.states[sid].say
            if sum(1 for line in lines if line.when == When()) < 2:
                add(
                    ("states", sid),
                    "SIM045",
                    f"state '{sid}': {exit_.label} keeps the debtor here with one wording for "
                    "every case: give another, or the debtor says the same line twice in a row",
                )

    written = source.data.get("silence") if isinstance(source.data, dict) else None
    for loc, lines in _line_lists(scenario):
        if loc == ("silence", "nudge") and not (isinstance(written, dict) and "nudge" in written):
            continue  # the built-in nudge is not the trainer's line
        if len(lines) < 2:
            add(
                loc,
                "SIM046",
                f"{'.'.join(map(str, loc))}: the debtor has one wording for this line; give "
                "another, so that two calls do not sound the same",
                key=False,
            )

    found += _never_fire(scenario, source)

    read = _vars_read(scenario)
    for loc, name in _vars_set(scenario):
        if name not in read:
            add(loc, "SIM044", f"variable '{name}' is set but no condition or mood reads it")

    found += _identity_checkpoint(scenario, graph, source, terms.debt)
    return found


def _never_fire(scenario: Scenario, source: YamlSource) -> list[Diagnostic]:
    """Ways out no reply can take (SIM047); an interrupt only when that is so in every
    state it is checked in."""
    blocked = never_fires(scenario)
    found = []

    def add(loc: Loc, message: str) -> None:
        found.append(
            source.diagnostic(loc, "SIM047", message, key=True, severity=severity("SIM047"))
        )

    for i in range(len(scenario.interrupts)):
        label = interrupt_label(i)
        where = [sid for sid in scenario.states if (sid, label) in blocked]
        checked = [sid for sid in scenario.states if label in _labels(scenario, sid)]
        if checked and len(where) == len(checked):
            add(("interrupts", i), f"{label} can never fire: {blocked[where[0], label]}")
    for (sid, label), why in blocked.items():
        if label.startswith("on["):
            add(
                ("states", sid, "on", int(label[3:-1])),
                f"state '{sid}': {label} can never fire: {why}",
            )
        elif label == FALLBACK_LABEL:
            loc = ("states", sid, "fallback") if scenario.states[sid].fallback else ("states", sid)
            add(loc, f"state '{sid}': its fallback can never fire: {why}")
    return found


def _labels(scenario: Scenario, sid: str) -> set[str]:
    return {e.label for e in scenario.exits(sid)}


def _identity_checkpoint(
    scenario: Scenario,
    graph: dict[str, list[tuple[str, str]]],
    source: YamlSource,
    debt: DebtTalk,
) -> list[Diagnostic]:
    """Debt talk (or a payment outcome) must not be reachable before right-party verification."""
    if scenario.answered_by == "voicemail" and not any(
        "right_party_verified" in s.events for s in scenario.states.values()
    ):
        return []
    verified = {sid for sid, s in scenario.states.items() if "right_party_verified" in s.events}
    before = reachable(graph, scenario.start, blocked=verified) - verified
    for sid in sorted(before):
        state = scenario.states[sid]
        # debt talk that moves the call on with the debtor (not a trap that punishes it)
        expects = [
            s
            for t in state.on
            if t.goto != sid and _moves_on(scenario, t.goto, debt)
            for s in t.when.any + t.when.all
            if s in debt.signals
        ]
        if (state.party == "debtor" and expects) or (
            state.terminal and state.outcome in debt.outcomes
        ):
            return [
                source.diagnostic(
                    ("states", sid),
                    "SIM060",
                    f"state '{sid}' can be reached with no identity check on the way, and the "
                    "debt is discussed there: add a state with events: [right_party_verified] "
                    "before it",
                    key=True,
                    severity=severity("SIM060"),
                )
            ]
    return []


def _moves_on(scenario: Scenario, target: str, debt: DebtTalk) -> bool:
    state = scenario.states.get(target)
    return state is not None and (not state.terminal or state.outcome in debt.outcomes)


def _signal_uses(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    def from_when(when: When, loc: Loc) -> Iterator[tuple[Loc, str]]:
        for field in ("any", "all", "none", "done", "not_done"):
            for i, signal in enumerate(getattr(when, field)):
                yield (*loc, "when", field, i), signal

    for i, r in enumerate(scenario.reactions):
        yield from from_when(r.when, ("reactions", i))
    for i, t in enumerate(scenario.interrupts):
        yield from from_when(t.when, ("interrupts", i))
    for loc, line in _lines(scenario):
        yield from from_when(line.when, loc)
    for sid, state in scenario.states.items():
        for i, t in enumerate(state.on):
            yield from from_when(t.when, ("states", sid, "on", i))


def _line_lists(scenario: Scenario) -> Iterator[tuple[Loc, list[Line]]]:
    """Every list of debtor lines (the wordings of one line) with its place in the file."""
    yield ("silence", "nudge"), scenario.silence.nudge
    if scenario.fallback:
        yield ("fallback", "say"), scenario.fallback.say
    for i, t in enumerate(scenario.interrupts):
        if t.say:
            yield ("interrupts", i, "say"), t.say
    for sid, state in scenario.states.items():
        yield ("states", sid, "say"), state.say
        if state.fallback:
            yield ("states", sid, "fallback", "say"), state.fallback.say
        for i, t in enumerate(state.on):
            if t.say:
                yield ("states", sid, "on", i, "say"), t.say


def _lines(scenario: Scenario) -> Iterator[tuple[Loc, Line]]:
    """Every debtor line with its place in the file."""
    for loc, lines in _line_lists(scenario):
        for i, line in enumerate(lines):
            yield (*loc, i), line


def signals_used(scenario: Scenario) -> set[str]:
    return {signal for _, signal in _signal_uses(scenario)}


def _vars_read(scenario: Scenario) -> set[str]:
    read = {scenario.mood.var} if scenario.mood else set()
    whens = [r.when for r in scenario.reactions] + [t.when for t in scenario.interrupts]
    whens += [t.when for state in scenario.states.values() for t in state.on]
    whens += [line.when for _, line in _lines(scenario)]
    for when in whens:
        read |= set(when.vars)
    return read


def _vars_set(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    def effects(item: Effects, loc: Loc) -> Iterator[tuple[Loc, str]]:
        for field in ("add", "set"):
            for name in getattr(item, field):
                yield (*loc, field, name), name

    for i, r in enumerate(scenario.reactions):
        yield from effects(r, ("reactions", i))
    for i, t in enumerate(scenario.interrupts):
        yield from effects(t, ("interrupts", i))
    if scenario.fallback:
        yield from effects(scenario.fallback, ("fallback",))
    for sid, state in scenario.states.items():
        for i, t in enumerate(state.on):
            yield from effects(t, ("states", sid, "on", i))
        if state.fallback:
            yield from effects(state.fallback, ("states", sid, "fallback"))
