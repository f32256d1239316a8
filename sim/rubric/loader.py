"""Load a rubric file and check that every signal it names is defined."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sim.errors import Diagnostic, SourceError
from sim.paths import RUBRICS, resolve
from sim.rubric.model import Rubric
from sim.sourcemodel import validate
from sim.yamlsource import YamlSource, load_yaml


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    path: Path
    sha256: str


def load_rubric(ref: str | Path = "default") -> LoadedRubric:
    path = resolve(str(ref), RUBRICS, "rubric")
    source = load_yaml(path)
    rubric = validate(source, Rubric)
    errors = [d for d in reference_errors(rubric, source) if d.severity == "error"]
    if errors:
        raise SourceError(errors)
    return LoadedRubric(rubric, path, hashlib.sha256(path.read_bytes()).hexdigest())


def reference_errors(rubric: Rubric, source: YamlSource) -> list[Diagnostic]:
    known = set(rubric.signals)
    found = []

    def need(signal: str | None, loc: tuple) -> None:
        if signal is not None and signal not in known:
            found.append(source.diagnostic(loc, "SIM021", f"unknown signal '{signal}'"))

    for cid, comp in rubric.competencies.items():
        for i, contribution in enumerate(comp.contributions):
            need(contribution.signal, ("competencies", cid, "contributions", i, "signal"))
    for rid, rule in rubric.rules.items():
        for i, check in enumerate(rule.checks):
            loc = ("rules", rid, "checks", i)
            for field in ("signals", "later_contact_signals", "before"):
                for k, sig in enumerate(getattr(check, field)):
                    need(sig, (*loc, field, k))
            for g, group in enumerate(check.requires):
                for k, sig in enumerate(group):
                    need(sig, (*loc, "requires", g, k))
    return found
