"""Two calls side by side, score by score and turn by turn, with the debtor's lines.

Each side is an audited call (:mod:`sim.reports.audited`): its headline (the human verdict
when reviewed, the machine's beside it) and why it cannot be relied on, if it cannot.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from sim.reports.audited import AuditedCall
from sim.reports.report_model import CallReport, ReportTurn
from sim.reports.text import COMPETENCY_NAMES, clipped, shown

WIDTH = 48


def _column(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH) or [""]


def _passed(value: bool) -> str:
    return "passed" if value else "not passed"


def compare(a: AuditedCall, b: AuditedCall, name_a: str, name_b: str) -> str:
    ra, rb = a.machine, b.machine
    ha, hb = a.headline, b.headline
    who_a, who_b = ra.candidate or "A", rb.candidate or "B"
    out = []
    for name, call in ((name_a, a), (name_b, b)):
        out += [f"! {name}: NOT RELIABLE: {p}" for p in call.problems]
    if ra.scenario != rb.scenario:
        out.append(f"note: different scenarios ({ra.scenario} and {rb.scenario})")
    out += [
        f"{'':<14}{who_a[:WIDTH]:<{WIDTH}}  {who_b[:WIDTH]}",
        f"{'':<14}{name_a[-WIDTH:]:<{WIDTH}}  {name_b[-WIDTH:]}",
        "",
    ]
    for c, label in COMPETENCY_NAMES.items():
        sa, sb = ha.scores[c], hb.scores[c]
        diff = f"  ({sb - sa:+d})" if sa is not None and sb is not None else ""
        out.append(f"{label:<14}{shown(sa):<{WIDTH}}  {shown(sb)}{diff}")
    out.append(
        f"{'Overall':<14}{ha.overall:<{WIDTH}}  {hb.overall}  ({hb.overall - ha.overall:+d})"
    )
    out.append(f"{'Verdict':<14}{_verdict(a):<{WIDTH}}  {_verdict(b)}")
    if a.reviewed or b.reviewed:
        out.append(f"{'Machine':<14}{_machine(ra):<{WIDTH}}  {_machine(rb)}")
    out.append(f"{'Outcome':<14}{ra.outcome or 'none':<{WIDTH}}  {rb.outcome or 'none'}")
    out.append("")
    violations: dict[tuple[str, int], list[str]] = {}
    for side, call in (("a", a), ("b", b)):
        for v in (call.reviewed or call.machine).violations:
            violations.setdefault((side, v.turn), []).append(f"! {v.rule}")
    for ta, tb in zip_longest(ra.turns, rb.turns):
        n = (ta or tb).n
        state_a = ta.state if ta else "-"
        state_b = tb.state if tb else "-"
        out.append(f"turn {n:<9}[{state_a}]{'':<{max(0, WIDTH - len(state_a) - 2)}}  [{state_b}]")
        left = _side(ta)
        right = _side(tb)
        left += violations.get(("a", n), [])
        right += violations.get(("b", n), [])
        for la, lb in zip_longest(left, right, fillvalue=""):
            out.append(f"{'':<14}{la[:WIDTH]:<{WIDTH}}  {lb[:WIDTH]}")
        out.append("")
    return "\n".join(out)


def _side(turn: ReportTurn | None) -> list[str]:
    """A turn's lines in one column: the debtor, the reply, the signals heard."""
    if not turn:
        return ["(call over)"]
    signals = ", ".join(s.id for s in turn.signals)
    debtor, agent = clipped(turn.debtor), clipped(turn.agent)
    return [*_column(f"debtor: {debtor}"), *_column(f"agent: {agent}"), signals]


def _verdict(call: AuditedCall) -> str:
    head = call.headline
    return f"{_passed(head.passed)} ({head.by})"


def _machine(report: CallReport) -> str:
    return f"{report.overall}, {_passed(report.passed)}"
