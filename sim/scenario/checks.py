"""The one gate for a scenario file: what `sim validate` reports is what every command
that loads a scenario (run, play, test, explore, graph, list, the picker) refuses or warns
about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.errors import Diagnostic, SourceError

if TYPE_CHECKING:
    from sim.scenario.model import Scenario
    from sim.scenario.terms import Terms
    from sim.sources.located_yaml import YamlSource


def check_scenario(source: YamlSource, terms: Terms) -> tuple[Scenario | None, list[Diagnostic]]:
    """The scenario (None if it does not even parse into the model) and every finding."""
    # imported here: a cached run asks the gate only for errors_in
    from sim.scenario import lint as scenario_lint
    from sim.scenario.loader import reference_errors
    from sim.scenario.model import Scenario
    from sim.sources.validation import validate

    try:
        scenario = validate(source, Scenario)
    except SourceError as exc:
        return None, exc.diagnostics
    found = reference_errors(scenario, source)
    if not any(d.severity == "error" for d in found):  # graph lints assume names resolve
        found += scenario_lint.lint(scenario, source, terms)
    return scenario, found


def errors_in(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def passed(source: YamlSource, terms: Terms) -> tuple[Scenario, list[Diagnostic]]:
    """The scenario and its warnings; :class:`SourceError` with every finding if any is an
    error (the command then prints them and exits 2)."""
    scenario, found = check_scenario(source, terms)
    found.sort(key=lambda d: (d.line, d.col, d.code))
    if scenario is None or errors_in(found):
        raise SourceError(found)
    return scenario, found
