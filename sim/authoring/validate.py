"""`sim validate`: every scenario, rubric and test plan checked, one finding a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from sim.errors import Diagnostic, SourceError
from sim.rubric import lint as rubric_lint
from sim.rubric.loader import reference_errors as rubric_references
from sim.rubric.model import Rubric
from sim.scenario import lint as scenario_lint
from sim.scenario.loader import reference_errors as scenario_references
from sim.scenario.model import Scenario
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


def validate_paths(paths: list[str]) -> Findings:
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
    vocabulary = _vocabulary(rubrics)
    debt = _debt_talk(rubrics)
    scenarios = [
        (s, m) for k, s in sources if k == "scenario" if (m := _model(s, Scenario, findings))
    ]
    used: set[str] = set()
    seen_ids: dict[str, str] = {}
    for source, scenario in scenarios:
        broken = [d for d in scenario_references(scenario, source) if d.severity == "error"]
        findings.diagnostics += broken
        if not broken:  # graph lints assume every name points somewhere
            findings.diagnostics += scenario_lint.lint(scenario, source, vocabulary, debt)
        used |= scenario_lint.signals_used(scenario)
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
    if rubrics and not scenarios:  # a rubric alone: the shipped scenarios are its users
        used = _shipped_signal_uses()
    for source, rubric in rubrics:
        findings.diagnostics += rubric_references(rubric, source)
        findings.diagnostics += rubric_lint.lint(rubric, source, used)
    for kind, source in sources:
        if kind == "plan":
            from sim.authoring.plans import plan_diagnostics

            findings.diagnostics += plan_diagnostics(source, set(seen_ids))
    findings.diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.code))
    return findings


def _model(source: YamlSource, model: type[M], findings: Findings) -> M | None:
    try:
        return validate(source, model)
    except SourceError as exc:
        findings.diagnostics += exc.diagnostics
        return None


def _shipped_signal_uses() -> set[str]:
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import scenario_files

    used: set[str] = set()
    for path in scenario_files():
        try:
            used |= scenario_lint.signals_used(load_scenario(path))
        except SourceError:
            continue
    return used


def _debt_talk(rubrics: list[tuple[YamlSource, Rubric]]) -> scenario_lint.DebtTalk:
    """What discusses the debt, as the rubrics being checked (or the default one) say."""
    if rubrics:
        programs = [r.program for _, r in rubrics]
    else:
        from sim.rubric.loader import load_rubric

        programs = [load_rubric("default").rubric.program]
    return scenario_lint.DebtTalk(
        frozenset(s for p in programs for s in p.debt_talk),
        frozenset(o for p in programs for o in p.payment_outcomes),
    )


def _vocabulary(rubrics: list[tuple[YamlSource, Rubric]]) -> set[str]:
    if rubrics:
        return {sid for _, r in rubrics for sid in r.signals}
    from sim.rubric.loader import load_rubric

    return set(load_rubric("default").rubric.signals)
