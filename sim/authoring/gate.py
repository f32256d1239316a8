"""The gate every command goes through before it plays anything: the scenario, rubric and
test plan are checked exactly as `sim validate` checks them. Errors refuse (a
:class:`SourceError` carrying every finding, so the command prints them and exits 2);
warnings come back to be printed, and the command runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import Diagnostic, SimError, SourceError
from sim.rubric.loader import LoadedRubric, load_rubric, rubric_ref
from sim.scenario import scenario_cache
from sim.scenario.checks import errors_in, passed
from sim.sources.locations import resolve, rubric_dirs, scenario_dirs, scenario_files

if TYPE_CHECKING:
    from sim.scenario.catalog import Catalog
    from sim.scenario.model import Scenario
    from sim.scenario.terms import Terms
    from sim.sources.located_yaml import YamlSource

# The YAML reader, the models' validation and the lints are imported where a file is read
# afresh: a run whose scenario and rubric are cached does without them (issue 19).


@dataclass
class Gated:
    """A scenario that passed, the rubric it was checked against, and the warnings."""

    scenario: Scenario
    path: Path
    rubric: LoadedRubric
    warnings: list[Diagnostic]


# Each rubric file once a process, as long as it is unchanged: `sim list` checks ten
# scenarios against the one default rubric.
_RUBRICS: dict[tuple[Path, int, int, bool], tuple[LoadedRubric, list[Diagnostic]]] = {}


def open_rubric(ref: str | Path, *, warnings: bool = True) -> tuple[LoadedRubric, list[Diagnostic]]:
    """A rubric that passes `sim validate`, and its warnings. A caller that will not print
    them says ``warnings=False``: SIM043 (a signal nothing uses) is then not looked for, as
    it needs every shipped scenario loaded (it is never an error)."""
    path = resolve(str(ref), rubric_dirs(), "rubric").resolve()  # a name pointing nowhere: error
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size, warnings)
    if key not in _RUBRICS:
        loaded = load_rubric(path)
        found = list(loaded.findings)
        if warnings:
            from sim.rubric import lint as rubric_lint
            from sim.sources.located_yaml import load_yaml

            source = load_yaml(loaded.path)
            found = rubric_lint.lint(loaded.rubric, source, shipped_signal_uses())
        if errors_in(found):
            raise SourceError(found)
        _RUBRICS[key] = (loaded, found)
    return _RUBRICS[key]


def shipped_signal_uses() -> set[str]:
    """Signals the shipped scenarios use: with the rubric's own, what SIM043 counts as used,
    whichever files are being checked."""
    from sim.scenario import lint as scenario_lint
    from sim.scenario.loader import load_scenario

    used: set[str] = set()
    for path in scenario_files():
        try:
            used |= scenario_lint.signals_used(load_scenario(path))
        except SourceError:
            continue
    return used


def open_scenario(ref: str, rubric: str | None = None) -> Gated:
    """A scenario by id or path, checked against ``rubric`` (else the one it names, else the
    default); from the cache when these bytes passed against the same rubric terms before
    (see :mod:`sim.scenario.scenario_cache`)."""
    path = resolve(ref, scenario_dirs(), "scenario")
    try:
        data = path.read_bytes()
    except OSError:
        data = None  # reading it afresh says why
    kept = None if data is None else scenario_cache.read(path, data)
    source: YamlSource | None = None
    if kept:
        named = kept.named
    else:
        source = _read(path)
        found = source.data.get("rubric") if isinstance(source.data, dict) else None
        named = found if isinstance(found, str) else None
    # the rubric's own warnings (SIM043) are for `sim validate RUBRIC`; its errors refuse
    if rubric:
        loaded, _ = open_rubric(rubric, warnings=False)
    else:
        try:
            loaded, _ = open_rubric(rubric_ref(named, path), warnings=False)
        except SourceError:
            raise
        except SimError as exc:
            from sim.scenario.catalog import rubric_unusable

            raise SourceError([rubric_unusable(source or _read(path), exc)]) from None
    terms = loaded.terms()
    if kept and kept.terms == terms:
        return Gated(kept.scenario, path, loaded, list(kept.warnings))
    scenario, warnings = passed(source or _read(path), terms)
    if data is not None:
        scenario_cache.write(path, data, named, terms, scenario, warnings)
    return Gated(scenario, path, loaded, warnings)


def _read(path: Path) -> YamlSource:
    """The file read afresh."""
    from sim.sources.located_yaml import load_yaml

    return load_yaml(path)


def catalog(rubric: str | None = None) -> Catalog:
    """The shipped scenarios that pass, each checked against its rubric; and those left out."""
    from sim.scenario.catalog import scenario_catalog

    def terms_for(path: Path, named: str | None) -> Terms:
        return open_rubric(rubric or rubric_ref(named, path), warnings=False)[0].terms()

    return scenario_catalog(terms_for)
