"""Which of a state's ways out can ever fire, read off the scenario alone.

Coverage measures against these: a way out that no reply can take is not a gap in the
tests. One cannot fire when an earlier way out of the same state holds whenever it holds
(the engine takes the first that holds), when its guard contradicts itself (``any: [x]``
with ``none: [x]``), when it needs a variable value the variable can never take, or when it
needs a signal not yet heard (``not_done``) in a state that every path reaches only after
that signal was heard.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from sim.scenario.model import Effects, Exit, Scenario, When

Range = tuple[float, float]


def fireable(scenario: Scenario) -> set[tuple[str, str]]:
    """Every (state, label) way out that some reply can take."""
    blocked = never_fires(scenario)
    return {(sid, e.label) for sid in scenario.states for e in scenario.exits(sid)} - set(blocked)


def never_fires(scenario: Scenario) -> dict[tuple[str, str], str]:
    """Every (state, label) way out that no reply can take, with why, in plain words."""
    ranges = variable_ranges(scenario)
    heard = surely_heard(scenario)
    found = {}
    for sid in scenario.states:
        earlier: list[tuple[str, When]] = []
        for exit_ in scenario.exits(sid):
            when = _guard(exit_)
            impossible = [
                f"{v} is never {c} (it stays from {_n(ranges.get(v, (0, 0))[0])} to "
                f"{_n(ranges.get(v, (0, 0))[1])})"
                for v, c in when.vars.items()
                if not c.possible(*ranges.get(v, (0, 0)))
            ]
            shadow = next((label for label, e in earlier if implies(when, e)), None)
            if shadow:
                found[sid, exit_.label] = f"{shadow}, checked first, holds whenever it does"
            elif not _consistent(when, _recording(scenario, sid)):
                found[sid, exit_.label] = "its when: contradicts itself"
            elif impossible:
                found[sid, exit_.label] = impossible[0]
            elif said := sorted(set(when.not_done) & heard.get(sid, set())):
                found[sid, exit_.label] = f"every way here has already heard {said[0]}"
            earlier.append((exit_.label, when))
    return found


def _n(value: float) -> str:
    if math.isinf(value):
        return "no limit"
    return str(int(value)) if value == int(value) else str(value)


def implies(later: When, earlier: When) -> bool:
    """Does every reply (and memory, and variables) that satisfies ``later`` satisfy
    ``earlier``? Errs towards False."""
    sure = set(later.all) | (set(later.any) if len(later.any) == 1 else set())
    return (
        set(earlier.all) <= sure
        and (not earlier.any or bool(set(earlier.any) & sure) or _subset(later.any, earlier.any))
        and set(earlier.none) <= set(later.none)
        and all(later.vars.get(v) == c for v, c in earlier.vars.items())
        and set(earlier.done) <= set(later.done)
        and set(earlier.not_done) <= set(later.not_done)
    )


def _subset(inner: list[str], outer: list[str]) -> bool:
    return bool(inner) and set(inner) <= set(outer)


def _needed(when: When) -> set[str]:
    """Signals the reply must hold for ``when`` to hold."""
    return set(when.all) | (set(when.any) if len(when.any) == 1 else set())


def _guard(exit_: Exit) -> When:
    return getattr(exit_.edge, "when", None) or When()


def _recording(scenario: Scenario, sid: str) -> bool:
    """A voicemail greeting: what is said to it is not remembered."""
    return (scenario.states[sid].party or scenario.answered_by) == "voicemail"


def _consistent(when: When, recording: bool) -> bool:
    barred = set(when.none) | (set() if recording else set(when.not_done))
    if _needed(when) & barred or set(when.done) & set(when.not_done):
        return False
    return not when.any or not set(when.any) <= barred


def variable_ranges(scenario: Scenario) -> dict[str, Range]:
    """The values each variable can take in a call: from its initial value, as far as the
    scenario's effects can move it (within its min and max)."""
    spans = {name: (float(v.initial), float(v.initial)) for name, v in scenario.variables.items()}
    for effects in _all_effects(scenario):
        for name, delta in effects.add.items():
            spec = scenario.variables.get(name)
            lo, hi = spans.get(name, (0.0, 0.0))
            if delta < 0:
                lo = spec.min if spec else -math.inf
            if delta > 0:
                hi = spec.max if spec else math.inf
            spans[name] = (lo, hi)
        for name, value in effects.set.items():
            spec = scenario.variables.get(name)
            if spec:
                value = max(spec.min, min(spec.max, value))
            lo, hi = spans.get(name, (0.0, 0.0))
            spans[name] = (min(lo, value), max(hi, value))
    return spans


def _all_effects(scenario: Scenario) -> Iterable[Effects]:
    yield from scenario.reactions
    yield from scenario.interrupts
    if scenario.fallback:
        yield scenario.fallback
    for state in scenario.states.values():
        yield from state.on
        if state.fallback:
            yield state.fallback


def surely_heard(scenario: Scenario) -> dict[str, set[str]]:
    """For each state the call can reach, the signals heard on every way there."""
    heard: dict[str, set[str]] = {scenario.start: set()}
    every = {s for sid in scenario.states for e in scenario.exits(sid) for s in _sure(e, False)}
    changed = True
    while changed:
        changed = False
        for sid in list(heard):
            recording = _recording(scenario, sid)
            for exit_ in scenario.exits(sid):
                target = exit_.target(sid)
                if target not in scenario.states or target == scenario.start:
                    continue
                new = heard.get(target, every) & (heard[sid] | _sure(exit_, recording))
                if heard.get(target) != new:
                    heard[target] = new
                    changed = True
    return heard


def _sure(exit_: Exit, recording: bool) -> set[str]:
    """Signals the call has surely heard once ``exit_`` fired (a recording hears nothing)."""
    when = _guard(exit_)
    return set(when.done) | (set() if recording else _needed(when))
