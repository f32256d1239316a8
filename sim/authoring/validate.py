"""`sim validate`: every scenario, rubric and test plan checked, one finding a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from sim.authoring.gate import shipped_signal_uses
from sim.errors import Diagnostic, SimError, SourceError
from sim.rubric import lint as rubric_lint
from sim.rubric.loader import load_rubric, rubric_ref, terms_of
from sim.rubric.loader import reference_errors as rubric_references
from sim.rubric.model import Rubric
from sim.scenario.catalog import rubric_unusable
from sim.scenario.checks import check_scenario
from sim.scenario.lint import Terms
from sim.sources.diagnostics import severity
from sim.sources.located_yaml import YamlSource, load_yaml
from sim.sources.locations import rubric_dirs, scenario_dirs
from sim.sources.validation import validate

M = TypeVar("M", bound=BaseModel)


@dataclass
class Findings:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")


def yaml_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths or [str(d) for d in (*scenario_dirs(), *rubric_dirs())]:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"})
        else:
            out.append(path)
    return out


def kind_of(path: Path, data: object) -> str:
    if path.name.endswith((".test.yaml", ".test.yml")):
        return "plan"
    if isinstance(data, dict) and "competencies" in data:
        return "rubric"
    return "scenario"


def validate_paths(paths: list[str], rubric: str | None = None) -> Findings:
    """Every finding in ``paths``; scenarios and plans are checked against ``rubric``, else
    the rubric each names, else the rubrics among ``paths``, else the default rubric."""
    findings = Findings()
    sources: list[tuple[str, YamlSource]] = []
    for path in yaml_files(paths):
        findings.files += 1
        try:
            source = load_yaml(path)
        except SourceError as exc:
            findings.diagnostics += exc.diagnostics
            continue
        sources.append((kind_of(path, source.data), source))

    rubrics = [(s, r) for k, s in sources if k == "rubric" if (r := _model(s, Rubric, findings))]
    chosen = load_rubric(rubric) if rubric else None
    given = terms_of([r for _, r in rubrics], ", ".join(r.id for _, r in rubrics))

    def terms_for(source: YamlSource) -> Terms | Diagnostic:
        if chosen is not None:
            return chosen.terms()
        named = source.data.get("rubric") if isinstance(source.data, dict) else None
        if isinstance(named, str):
            try:
                return load_rubric(rubric_ref(named, Path(source.path))).terms()
            except SourceError as exc:
                findings.diagnostics.extend(exc.diagnostics)
                return rubric_unusable(source, SimError("it has errors (above)"))
            except SimError as exc:
                return rubric_unusable(source, exc)
        return given if rubrics else load_rubric("default").terms()

    seen_ids: dict[str, str] = {}
    for kind, source in sources:
        if kind != "scenario":
            continue
        terms = terms_for(source)
        if isinstance(terms, Diagnostic):
            findings.diagnostics.append(terms)
            continue
        scenario, found = check_scenario(source, terms)
        findings.diagnostics += found
        if scenario is None:
            continue
        if scenario.id in seen_ids:
            findings.diagnostics.append(
                source.diagnostic(
                    ("id",),
                    "SIM030",
                    f"scenario id '{scenario.id}' is also used by {seen_ids[scenario.id]}",
                    severity=severity("SIM030"),
                )
            )
        seen_ids.setdefault(scenario.id, source.path)
    if rubrics:
        used = shipped_signal_uses()  # SIM043 does not depend on which files are passed
    for source, model in rubrics:
        findings.diagnostics += rubric_references(model, source)
        findings.diagnostics += rubric_lint.lint(model, source, used)
    for kind, source in sources:
        if kind == "plan":
            from sim.authoring.plans import plan_diagnostics

            findings.diagnostics += plan_diagnostics(source, set(seen_ids), rubric)
    findings.diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.code))
    return findings


def _model(source: YamlSource, model: type[M], findings: Findings) -> M | None:
    try:
        return validate(source, model)
    except SourceError as exc:
        findings.diagnostics += exc.diagnostics
        return None
