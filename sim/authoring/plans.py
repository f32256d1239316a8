"""Scenario test plans: scripted replies with expectations after each and at the end.

A plan file (``<scenario>.test.yaml`` next to the scenario) holds several cases; `sim test`
plays each through the engine and the rubric, and reports expected against actual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.call.session import Session
from sim.errors import Diagnostic, SourceError
from sim.records.events import Turn
from sim.rubric.assess import assess
from sim.rubric.loader import LoadedRubric, load_rubric
from sim.scenario.loader import load_scenario
from sim.scenario.model import CompareValue, Scenario
from sim.sources.diagnostics import severity
from sim.sources.located_yaml import Loc, YamlSource, load_yaml
from sim.sources.locations import scenario_dirs
from sim.sources.validation import validate

Competency = Literal["empathy", "firmness", "self_control", "compliance"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepExpect(Strict):
    state: str | None = Field(default=None, description="The state after this reply.")
    signals: list[str] = Field(default=[], description="Signals the reply must trigger.")
    not_signals: list[str] = Field(default=[], description="Signals it must not trigger.")
    vars: dict[str, CompareValue] = {}
    violations: list[str] | None = Field(
        default=None, description="Exactly these rules broken in this turn ([] for none)."
    )
    ended: bool | None = None


class Step(Strict):
    say: str
    expect: StepExpect | None = None


class EndExpect(Strict):
    outcome: str | None = None
    ended_in: str | None = None
    complete: bool | None = None
    passed: bool | None = None
    scores: dict[Competency, CompareValue] = {}
    violations: list[str] | None = Field(default=None, description="Exactly these rules.")


class Case(Strict):
    name: str
    seed: int | None = None
    steps: list[Step] = Field(min_length=1)
    end: EndExpect | None = None


class TestPlan(Strict):
    scenario: str
    seed: int = 0
    rubric: str = "default"
    tests: list[Case] = Field(min_length=1)


@dataclass
class CaseResult:
    plan: str
    name: str
    failures: list[str]
    visited: set[tuple[str, str, str]] = field(default_factory=set)  # (state, via, target)
    lines: set[tuple[str, str]] = field(default_factory=set)  # (state, line) said
    outcome: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def plan_diagnostics(source: YamlSource, known_ids: set[str]) -> list[Diagnostic]:
    try:
        plan = validate(source, TestPlan)
    except SourceError as exc:
        return exc.diagnostics
    if plan.scenario not in known_ids and scenario_for(plan.scenario, Path(source.path)) is None:
        return [
            source.diagnostic(
                ("scenario",),
                "SIM070",
                f"test plan names unknown scenario '{plan.scenario}'",
                severity=severity("SIM070"),
            )
        ]
    return []


def scenario_for(scenario_id: str, plan_path: Path) -> Path | None:
    """A plan's scenario: next to the plan first, then the project's, then the shipped ones."""
    for folder in (plan_path.parent, *scenario_dirs()):
        candidate = folder / f"{scenario_id}.yaml"
        if candidate.is_file():
            return candidate
    return None


def load_plan(path: Path) -> tuple[TestPlan, YamlSource]:
    source = load_yaml(path)
    return validate(source, TestPlan), source


def plan_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths or [str(d) for d in scenario_dirs()]:
        path = Path(raw)
        found += sorted(path.glob("*.test.yaml")) if path.is_dir() else [path]
    return found


def run_plan(path: Path, rubrics: dict[str, LoadedRubric] | None = None) -> list[CaseResult]:
    plan, source = load_plan(path)
    scenario_path = scenario_for(plan.scenario, path)
    if scenario_path is None:
        raise SourceError(
            [
                source.diagnostic(
                    ("scenario",), "SIM070", f"test plan names unknown scenario '{plan.scenario}'"
                )
            ]
        )
    scenario = load_scenario(scenario_path)
    rubrics = rubrics if rubrics is not None else {}
    loaded = rubrics.setdefault(plan.rubric, load_rubric(plan.rubric))
    return [
        _run_case(str(path), source, i, case, scenario, scenario_path, loaded, plan.seed)
        for i, case in enumerate(plan.tests)
    ]


def _run_case(
    plan_path: str,
    source: YamlSource,
    index: int,
    case: Case,
    scenario: Scenario,
    scenario_path: Path,
    loaded: LoadedRubric,
    seed: int,
) -> CaseResult:
    session = Session(
        scenario, scenario_path, loaded, seed=case.seed if case.seed is not None else seed
    )
    result = CaseResult(plan_path, case.name, [])
    result.lines.add((scenario.start, session.call.line))

    def fail(loc: Loc, message: str) -> None:
        line, col = source.position(("tests", index, *loc))
        result.failures.append(f"{plan_path}:{line}:{col}: '{case.name}': {message}")

    for n, step in enumerate(case.steps):
        if session.ended:
            fail(
                ("steps", n),
                f"step {n + 1}: the call already ended in "
                f"'{session.call.state}' (outcome {session.call.outcome})",
            )
            break
        turn = session.reply(step.say)
        result.visited.add((turn.state, turn.via, turn.to))
        result.lines.add((turn.to, session.call.line))
        if step.expect:
            _check_step(
                step.expect,
                turn,
                session,
                loaded,
                partial(_fail_step, fail, n, step.say),
            )
    session.finish()
    report = session.report()
    result.outcome = report["outcome"]
    if case.end:
        _check_end(case.end, report, lambda m: fail(("end",), f"at the end: {m}"))
    return result


def _fail_step(fail: Callable[[Loc, str], None], n: int, said: str, message: str) -> None:
    fail(("steps", n, "expect"), f'step {n + 1} ("{said[:40]}"): {message}')


def _check_step(
    expect: StepExpect,
    turn: Turn,
    session: Session,
    loaded: LoadedRubric,
    fail: Callable[[str], None],
) -> None:
    if expect.state is not None and turn.to != expect.state:
        fail(f"expected state '{expect.state}', got '{turn.to}'")
    missing = [s for s in expect.signals if s not in turn.signals]
    if missing:
        fail(f"expected signals {missing}, detected {turn.signals}")
    extra = [s for s in expect.not_signals if s in turn.signals]
    if extra:
        fail(f"signals {extra} should not be detected")
    for name, cmp in expect.vars.items():
        if not cmp.holds(turn.vars.get(name, 0)):
            fail(f"expected {name} {cmp}, got {turn.vars.get(name)}")
    if expect.violations is not None:
        facts = session.record.header.facts
        turns = [t.as_dict() for t in session.record.turns]
        result = assess(loaded.rubric, turns, facts, session.matcher)
        broken = sorted({v.rule for v in result.violations if v.turn == turn.n})
        if broken != sorted(expect.violations):
            fail(f"expected violations {sorted(expect.violations)}, got {broken}")
    if expect.ended is not None and session.call.ended != expect.ended:
        fail(f"expected the call {'to end' if expect.ended else 'to go on'}")


def _check_end(expect: EndExpect, report: dict[str, Any], fail: Callable[[str], None]) -> None:
    for key in ("outcome", "ended_in", "complete", "passed"):
        wanted = getattr(expect, key)
        if wanted is not None and report[key] != wanted:
            fail(f"expected {key} {wanted!r}, got {report[key]!r}")
    for competency, cmp in expect.scores.items():
        if not cmp.holds(report["scores"][competency]):
            fail(f"expected {competency} {cmp}, got {report['scores'][competency]}")
    if expect.violations is not None:
        broken = sorted({v["rule"] for v in report["violations"]})
        if broken != sorted(expect.violations):
            fail(f"expected violations {sorted(expect.violations)}, got {broken}")
