"""The shipped scenarios, summarised for `sim list` and the picker.

Only scenarios that pass the same checks as `sim validate` are offered; the others are
left out, each with the diagnostics that say why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sim.errors import Diagnostic, SimError, SourceError
from sim.scenario.checks import check_scenario, errors_in
from sim.scenario.listing import Catalog, LeftOut, ScenarioSummary
from sim.scenario.terms import Terms
from sim.sources.located_yaml import YamlSource, load_yaml
from sim.sources.locations import scenario_files

__all__ = [  # the records live in sim.scenario.listing (light to import); still found here
    "Catalog",
    "LeftOut",
    "ScenarioSummary",
    "TermsFor",
    "rubric_unusable",
    "scenario_catalog",
    "scenario_summaries",
]

# A scenario may name its own rubric (``rubric:``): given that name (or None), the terms
# of the rubric it is checked against.
TermsFor = Callable[[Path, str | None], Terms]


def scenario_catalog(terms: Terms | TermsFor, files: list[Path] | None = None) -> Catalog:
    catalog = Catalog()
    seen: dict[str, Path] = {}
    for path in scenario_files() if files is None else files:
        try:
            source = load_yaml(path)
        except SourceError as exc:
            catalog.left_out.append(LeftOut(path, exc.diagnostics))
            continue
        named = _text(source.data.get("rubric") if isinstance(source.data, dict) else None)
        try:
            used = terms if isinstance(terms, Terms) else terms(path, named)
        except SourceError as exc:
            catalog.left_out.append(LeftOut(path, exc.diagnostics))
            continue
        except SimError as exc:
            catalog.left_out.append(LeftOut(path, [rubric_unusable(source, exc)]))
            continue
        scenario, found = check_scenario(source, used)
        errors = errors_in(found)
        if scenario is not None and not errors and scenario.id in seen:
            errors = [
                source.diagnostic(
                    ("id",),
                    "SIM030",
                    f"scenario id '{scenario.id}' is also used by {seen[scenario.id]}",
                )
            ]
        if scenario is None or errors:
            catalog.left_out.append(LeftOut(path, errors))
            continue
        seen[scenario.id] = path
        catalog.summaries.append(ScenarioSummary.of(scenario, path, clean=not found))
    return catalog


def rubric_unusable(source: YamlSource, exc: SimError) -> Diagnostic:
    """SIM031: the rubric a scenario or plan names cannot be loaded."""
    return source.diagnostic(("rubric",), "SIM031", f"the rubric it names cannot be used: {exc}")


def scenario_summaries(terms: Terms | TermsFor) -> list[ScenarioSummary]:
    return scenario_catalog(terms).summaries


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
