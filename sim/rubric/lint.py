"""Rubric lints: competencies that cannot reach 100, signals nobody uses, signals that
say the same as another, and questions that can never be asked."""

from __future__ import annotations

from sim.errors import Diagnostic
from sim.rubric.model import CompetencyDef, Rubric
from sim.scenario.conditions import Comparison
from sim.sources.diagnostics import severity
from sim.sources.located_yaml import YamlSource


def signals_used_by_rubric(rubric: Rubric) -> set[str]:
    used = {
        c.signal for comp in rubric.competencies.values() for c in comp.contributions if c.signal
    }
    for rule in rubric.rules.values():
        for check in rule.checks:
            used |= {*check.signals, *check.later_contact_signals, *check.before}
            used |= {*check.unless_signals, *(s for group in check.requires for s in group)}
    for definition in rubric.signals.values():  # a signal that sets another aside is used
        used |= {*definition.suppressed_by, *definition.subsumed_by}
    return used


def lint(rubric: Rubric, source: YamlSource, used_elsewhere: set[str]) -> list[Diagnostic]:
    found = []
    for cid, comp in rubric.competencies.items():
        loc = ("competencies", cid)
        if not comp.contributions and not comp.violation_points:
            found.append(
                source.diagnostic(
                    loc,
                    "SIM051",
                    f"competency '{cid}' has no signals, "
                    "markers or violation points: it never moves",
                    key=True,
                    severity=severity("SIM051"),
                )
            )
            continue
        best = score_range(comp)[1]
        if best < 100:
            found.append(
                source.diagnostic(
                    loc,
                    "SIM050",
                    f"competency '{cid}' can reach at most {best}, never 100",
                    key=True,
                    severity=severity("SIM050"),
                )
            )
    used = signals_used_by_rubric(rubric) | used_elsewhere
    for sid in rubric.signals:
        if sid not in used:
            found.append(
                source.diagnostic(
                    ("signals", sid),
                    "SIM043",
                    f"signal '{sid}' is defined but no shipped scenario, competency or rule "
                    "uses it",
                    key=True,
                    severity=severity("SIM043"),
                )
            )
    found += _duplicates(rubric, source)
    found += _unaskable(rubric, source)
    return found


def score_range(comp: CompetencyDef) -> tuple[int, int]:
    """The lowest and highest score a competency can get in a call (scores are 0 to 100)."""
    gains = sum(c.points * c.max_count for c in comp.contributions if c.points > 0)
    losses = sum(c.points * c.max_count for c in comp.contributions if c.points < 0)
    lowest = 0 if any(p > 0 for p in comp.violation_points.values()) else comp.base + losses
    return max(0, min(100, lowest)), min(100, comp.base + gains)


def _duplicates(rubric: Rubric, source: YamlSource) -> list[Diagnostic]:
    """Signals with the same phrases and patterns as an earlier one: every reply that
    says one says the other."""
    found = []
    first: dict[tuple[frozenset[str], frozenset[str]], str] = {}
    for sid, definition in rubric.signals.items():
        key = (
            frozenset(" ".join(p.lower().split()) for p in definition.phrases),
            frozenset(definition.patterns),
        )
        if key in first:
            found.append(
                source.diagnostic(
                    ("signals", sid),
                    "SIM052",
                    f"signal '{sid}' has the same phrases and patterns as '{first[key]}': "
                    "every reply that says one says the other",
                    key=True,
                    severity=severity("SIM052"),
                )
            )
        first.setdefault(key, sid)
    return found


def _unaskable(rubric: Rubric, source: YamlSource) -> list[Diagnostic]:
    """Questions whose score condition no call can meet."""
    found = []
    for i, question in enumerate(rubric.questions):
        for cid, raw in question.when.items():
            comp = rubric.competencies.get(cid)
            if comp is None:
                continue
            lo, hi = score_range(comp)
            if not Comparison.parse(raw).possible(lo, hi):
                found.append(
                    source.diagnostic(
                        ("questions", i, "when", cid),
                        "SIM053",
                        f"question {i + 1} is asked when {cid} is {raw}, but {cid} is always "
                        f"between {lo} and {hi}: it can never be asked",
                        severity=severity("SIM053"),
                    )
                )
    return found
