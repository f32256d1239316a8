"""Rubric lints: competencies that cannot reach 100, and signals nobody uses."""

from __future__ import annotations

from sim.errors import Diagnostic
from sim.rubric.model import Rubric
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
        best = comp.base + sum(c.points * c.max_count for c in comp.contributions if c.points > 0)
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
    return found
