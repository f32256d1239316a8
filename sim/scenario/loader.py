"""Load a scenario file: YAML with positions, the typed model, then cross-references."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sim.errors import Diagnostic, SourceError
from sim.scenario.model import Effects, Scenario, Transition, When
from sim.sources.located_yaml import Loc, YamlSource, load_yaml
from sim.sources.locations import resolve, scenario_dirs
from sim.sources.suggest import did_you_mean
from sim.sources.validation import validate


def load_scenario(path: str | Path, display: str | None = None) -> Scenario:
    source = load_yaml(path, display)
    scenario = validate(source, Scenario)
    errors = [d for d in reference_errors(scenario, source) if d.severity == "error"]
    if errors:
        raise SourceError(errors)
    return scenario


def find_scenario(ref: str) -> tuple[Scenario, Path]:
    """A scenario by id (the project's scenarios/, then the shipped ones) or by path."""
    path = resolve(ref, scenario_dirs(), "scenario")
    return load_scenario(path), path


def reference_errors(scenario: Scenario, source: YamlSource) -> list[Diagnostic]:
    """Errors a typed model cannot see: names that point nowhere, terminal states."""
    found: list[Diagnostic] = []
    states = scenario.states
    known_vars = set(scenario.variables)

    def need_state(target: str | None, loc: Loc) -> None:
        if target is not None and target not in states:
            found.append(
                source.diagnostic(
                    loc, "SIM020", f"'{target}' is not a state{did_you_mean(target, states)}"
                )
            )

    def need_vars(names: Iterable[str], loc: Loc) -> None:
        for name in names:
            if name not in known_vars:
                found.append(
                    source.diagnostic(
                        (*loc, name),
                        "SIM022",
                        f"variable '{name}' is not declared under variables"
                        + did_you_mean(name, known_vars),
                        key=True,
                    )
                )

    def check_effects(item: Effects, loc: Loc) -> None:
        need_vars(item.add, (*loc, "add"))
        need_vars(item.set, (*loc, "set"))

    def check_when(when: When, loc: Loc) -> None:
        need_vars(when.vars, (*loc, "when", "vars"))

    def check_transition(t: Transition, loc: Loc) -> None:
        need_state(t.goto, (*loc, "goto"))
        check_when(t.when, loc)
        check_effects(t, loc)
        for i, line in enumerate(t.say or []):
            check_when(line.when, (*loc, "say", i))

    def need_outcome(outcome: str, loc: Loc) -> None:
        if scenario.outcomes and outcome not in scenario.outcomes:
            found.append(
                source.diagnostic(
                    loc,
                    "SIM027",
                    f"outcome '{outcome}' is not declared under outcomes"
                    + did_you_mean(outcome, scenario.outcomes),
                )
            )

    need_state(scenario.start, ("start",))
    if scenario.mood and scenario.mood.var not in known_vars:
        found.append(
            source.diagnostic(
                ("mood", "var"),
                "SIM022",
                f"variable '{scenario.mood.var}' is not declared under variables"
                + did_you_mean(scenario.mood.var, known_vars),
            )
        )
    need_state(scenario.silence.end_state, ("silence", "end_state"))
    for i, reaction in enumerate(scenario.reactions):
        check_when(reaction.when, ("reactions", i))
        check_effects(reaction, ("reactions", i))
    for i, t in enumerate(scenario.interrupts):
        check_transition(t, ("interrupts", i))
    if scenario.fallback:
        need_state(scenario.fallback.goto, ("fallback", "goto"))
        check_effects(scenario.fallback, ("fallback",))

    for sid, state in states.items():
        loc = ("states", sid)
        for i, line in enumerate(state.say):
            check_when(line.when, (*loc, "say", i))
        for i, t in enumerate(state.on):
            check_transition(t, (*loc, "on", i))
        if state.fallback:
            need_state(state.fallback.goto, (*loc, "fallback", "goto"))
            check_effects(state.fallback, (*loc, "fallback"))
        if state.terminal:
            if not state.outcome:
                found.append(
                    source.diagnostic(
                        loc, "SIM023", f"terminal state '{sid}' has no outcome", key=True
                    )
                )
            if state.on or state.fallback:
                found.append(
                    source.diagnostic(
                        loc, "SIM024", f"terminal state '{sid}' cannot have transitions", key=True
                    )
                )
        else:
            if state.outcome:
                found.append(
                    source.diagnostic(
                        (*loc, "outcome"),
                        "SIM025",
                        f"state '{sid}' has an outcome but is not terminal (add terminal: true)",
                    )
                )
            if scenario.fallback_for(sid) is None:
                found.append(
                    source.diagnostic(
                        loc,
                        "SIM026",
                        f"state '{sid}' has no fallback and the scenario has none: a reply that "
                        "matches nothing would leave the call stuck",
                        key=True,
                    )
                )
        if state.outcome:
            need_outcome(state.outcome, (*loc, "outcome"))
    for i, outcome in enumerate(scenario.assessed.firm_outcomes):
        need_outcome(outcome, ("assessed", "firm_outcomes", i))
    return found
