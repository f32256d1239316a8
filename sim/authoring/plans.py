"""Scenario test plans: scripted replies with expectations after each and at the end.

A plan file (``<scenario>.test.yaml`` next to the scenario) holds several cases; `sim test`
plays each through the engine and the rubric, and reports expected against actual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.authoring.gate import open_scenario
from sim.call.session import Session
from sim.errors import Diagnostic, SimError, SourceError
from sim.records.events import Turn
from sim.reports.report_model import CallReport
from sim.rubric.assess import assess
from sim.rubric.loader import LoadedRubric, load_rubric, rubric_ref
from sim.scenario.catalog import rubric_unusable
from sim.scenario.loader import load_scenario
from sim.scenario.model import CompareValue, Scenario
from sim.sources.diagnostics import severity
from sim.sources.located_yaml import Loc, YamlSource, load_yaml
from sim.sources.locations import scenario_dirs, scenario_files
from sim.sources.suggest import did_you_mean
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
    rubric: str | None = Field(
        default=None,
        description="The rubric to play with: an id or a path relative to this plan "
        "(default: the scenario's).",
    )
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


def plan_diagnostics(
    source: YamlSource, known_ids: set[str], rubric: str | None = None
) -> list[Diagnostic]:
    """What `sim validate` says about a plan: its model, its scenario and rubric, and every
    name it uses checked against them."""
    try:
        checked = _check_plan(source, rubric, known_ids)
    except SourceError as exc:
        return exc.diagnostics
    return checked.diagnostics


@dataclass
class CheckedPlan:
    plan: TestPlan
    source: YamlSource
    scenario_path: Path
    scenario: Scenario | None
    rubric: LoadedRubric | None
    diagnostics: list[Diagnostic]


def _check_plan(source: YamlSource, rubric: str | None, known_ids: set[str]) -> CheckedPlan:
    plan = validate(source, TestPlan)
    path = Path(source.path)
    scenario_path = scenario_for(plan.scenario, path)
    if scenario_path is None:
        if plan.scenario in known_ids:  # checked alongside, in a folder of its own
            scenario_path = path
        else:
            shipped = {p.stem for p in scenario_files()}
            raise SourceError(
                [
                    source.diagnostic(
                        ("scenario",),
                        "SIM070",
                        f"test plan names unknown scenario '{plan.scenario}'"
                        + did_you_mean(plan.scenario, shipped | known_ids),
                        severity=severity("SIM070"),
                    )
                ]
            )
    try:
        scenario: Scenario | None = load_scenario(scenario_path)
    except SourceError:
        scenario = None  # its own errors are reported where it is checked
    named = rubric or plan.rubric
    beside = path if plan.rubric and not rubric else scenario_path
    if not named and scenario is not None:
        named, beside = scenario.rubric, scenario_path
    try:
        loaded: LoadedRubric | None = load_rubric(rubric_ref(named, beside))
    except SourceError:
        loaded = None
    except SimError as exc:
        raise SourceError([rubric_unusable(source, exc)]) from None
    found = _names(plan, source, scenario, loaded) if scenario is not None else []
    return CheckedPlan(plan, source, scenario_path, scenario, loaded, found)


def _names(
    plan: TestPlan, source: YamlSource, scenario: Scenario, loaded: LoadedRubric | None
) -> list[Diagnostic]:
    """SIM071 for every name the scenario or rubric does not have; SIM072 for a case that
    checks nothing; SIM073 for a case that does not say how the call ends."""
    found: list[Diagnostic] = []
    signals = set(loaded.rubric.signals) if loaded else None
    rules = set(loaded.rubric.rules) if loaded else None
    where = f"rubric '{loaded.name}'" if loaded else ""

    def need(name: str | None, known: set[str] | None, what: str, owner: str, loc: Loc) -> None:
        if name is None or known is None or name in known:
            return
        found.append(
            source.diagnostic(
                loc,
                "SIM071",
                f"{what} '{name}' is not in {owner}{did_you_mean(name, known)}",
                severity=severity("SIM071"),
            )
        )

    in_scenario = f"scenario '{scenario.id}'"
    for i, case in enumerate(plan.tests):
        loc: Loc = ("tests", i)
        checks = False
        for n, step in enumerate(case.steps):
            expect = step.expect
            if expect is None:
                continue
            here = (*loc, "steps", n, "expect")
            checks = checks or bool(expect.model_dump(exclude_defaults=True))
            need(expect.state, set(scenario.states), "state", in_scenario, (*here, "state"))
            for k, sig in enumerate(expect.signals):
                need(sig, signals, "signal", where, (*here, "signals", k))
            for k, sig in enumerate(expect.not_signals):
                if signals is not None and sig not in signals:
                    found.append(
                        source.diagnostic(
                            (*here, "not_signals", k),
                            "SIM071",
                            f"signal '{sig}' is not in {where}, so this expectation can never "
                            f"fail{did_you_mean(sig, signals)}",
                            severity=severity("SIM071"),
                        )
                    )
            for name in expect.vars:
                need(name, set(scenario.variables), "variable", in_scenario, (*here, "vars", name))
            for k, rule in enumerate(expect.violations or []):
                need(rule, rules, "rule", where, (*here, "violations", k))
        end = case.end
        if end is not None:
            checks = checks or bool(end.model_dump(exclude_defaults=True))
            need(
                end.outcome,
                set(scenario.outcomes),
                "outcome",
                in_scenario,
                (*loc, "end", "outcome"),
            )
            need(
                end.ended_in, set(scenario.states), "state", in_scenario, (*loc, "end", "ended_in")
            )
            for k, rule in enumerate(end.violations or []):
                need(rule, rules, "rule", where, (*loc, "end", "violations", k))
        if not checks:
            found.append(
                source.diagnostic(
                    (*loc, "name"),
                    "SIM072",
                    f"case '{case.name}' expects nothing, so it can never fail: add expect: to "
                    "a step, or an end:",
                    severity=severity("SIM072"),
                )
            )
        elif end is None or "outcome" not in end.model_fields_set:
            found.append(
                source.diagnostic(
                    (*loc, "end") if end is not None else (*loc, "name"),
                    "SIM073",
                    f"case '{case.name}' does not say how the call ends: add end: {{outcome: ...}}",
                    severity=severity("SIM073"),
                )
            )
    return found


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
    """Plans, folders of plans, or scenario ids (their shipped plan)."""
    found: list[Path] = []
    for raw in paths or [str(d) for d in scenario_dirs()]:
        path = Path(raw)
        if path.is_dir():
            found += sorted(path.glob("*.test.yaml"))
        elif not path.exists() and path.suffix == "" and "/" not in raw:
            plans = [d / f"{raw}.test.yaml" for d in scenario_dirs()]
            plan = next((p for p in plans if p.is_file()), None)
            if plan is None:
                raise SimError(f"no test plan for scenario '{raw}' ({plans[-1]} does not exist)")
            found.append(plan)
        else:
            found.append(path)
    return found


@dataclass
class GatedPlan:
    """A plan that passed, with everything it plays against, and the warnings."""

    path: Path
    plan: TestPlan
    source: YamlSource
    scenario: Scenario
    scenario_path: Path
    rubric: LoadedRubric
    warnings: list[Diagnostic]


def open_plan(path: Path, rubric: str | None = None) -> GatedPlan:
    """A plan checked as `sim validate` checks it, with its scenario and rubric through the
    gate; :class:`SourceError` with every finding if anything is an error."""
    source = load_yaml(path)
    if not path.name.endswith((".test.yaml", ".test.yml")) and _looks_like_scenario(source):
        plan = path.with_name(f"{path.stem}.test.yaml")
        hint = f"; its plan is {plan}" if plan.is_file() else ""
        raise SimError(f"{path} is a scenario, not a test plan (*.test.yaml){hint}")
    checked = _check_plan(source, rubric, set())
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    if errors:
        raise SourceError(checked.diagnostics)
    named = rubric or checked.plan.rubric
    gated = open_scenario(
        str(checked.scenario_path),
        rubric_ref(named, path) if named else None,
    )
    return GatedPlan(
        path,
        checked.plan,
        source,
        gated.scenario,
        gated.path,
        gated.rubric,
        checked.diagnostics + gated.warnings,
    )


def _looks_like_scenario(source: YamlSource) -> bool:
    return isinstance(source.data, dict) and "states" in source.data and "tests" not in source.data


def run_plan(path: Path, rubric: str | None = None) -> list[CaseResult]:
    return play_plan(open_plan(path, rubric))


def play_plan(gated: GatedPlan) -> list[CaseResult]:
    return [
        _run_case(
            str(gated.path),
            gated.source,
            i,
            case,
            gated.scenario,
            gated.scenario_path,
            gated.rubric,
            gated.plan.seed,
        )
        for i, case in enumerate(gated.plan.tests)
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
    report = session.call_report()
    result.outcome = report.outcome
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
        result = assess(
            loaded.rubric,
            session.record.turns,
            facts,
            session.matcher,
            matches=session.call.matches,  # heard once, as the call went
        )
        broken = sorted({v.rule for v in result.violations if v.turn == turn.n})
        if broken != sorted(expect.violations):
            fail(f"expected violations {sorted(expect.violations)}, got {broken}")
    if expect.ended is not None and session.call.ended != expect.ended:
        fail(f"expected the call {'to end' if expect.ended else 'to go on'}")


def _check_end(expect: EndExpect, report: CallReport, fail: Callable[[str], None]) -> None:
    for key in ("outcome", "ended_in", "complete", "passed"):
        wanted, got = getattr(expect, key), getattr(report, key)
        if wanted is not None and got != wanted:
            fail(f"expected {key} {wanted!r}, got {got!r}")
    for competency, cmp in expect.scores.items():
        if not cmp.holds(report.scores[competency]):
            fail(f"expected {competency} {cmp}, got {report.scores[competency]}")
    if expect.violations is not None:
        broken = sorted({v.rule for v in report.violations})
        if broken != sorted(expect.violations):
            fail(f"expected violations {sorted(expect.violations)}, got {broken}")
