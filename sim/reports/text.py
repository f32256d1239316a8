"""Plain-text views of reports and probes for the terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sim.reports.report_model import CallReport
from sim.rubric.matching.matcher import SignalMatch
from sim.rubric.matching.near_miss import NearMiss
from sim.rubric.matching.text import MAX_ANALYSED_CHARS

COMPETENCY_NAMES = {
    "empathy": "Empathy",
    "firmness": "Firmness",
    "self_control": "Self-control",
    "compliance": "Compliance",
}

# A competency the call could not show (no debtor reached: no empathy to show them).
NOT_APPLICABLE = "not applicable to this call (counts toward neither floor nor overall)"


def clipped(text: str) -> str:
    """A line as shown on a terminal: no longer than the matcher reads of a reply (only a
    hand-made transcript holds a longer one), so a huge line costs neither time nor screen."""
    extra = len(text) - MAX_ANALYSED_CHARS
    return text if extra <= 0 else f"{text[:MAX_ANALYSED_CHARS]}... ({extra:,} more characters)"


def bar(value: int, width: int = 20) -> str:
    filled = round(value * width / 100)
    return "█" * filled + "·" * (width - filled)


NA = "n/a"


def shown(value: float | None) -> str:
    """A score or a mean as text; None (the competency did not apply) reads "n/a"."""
    return NA if value is None else str(value)


def report_text(report: CallReport | Mapping[str, Any]) -> str:
    """The report as a terminal shows it (``report``: the record, or its dict from a caller
    not yet on the record)."""
    r = CallReport.read(report)
    out = [
        f"Scenario {r.scenario} (seed {r.seed}, rubric {r.rubric})",
        f"Outcome: {r.outcome or 'none'}   ended in: {r.ended_in}"
        + ("" if r.complete else "   (incomplete: the call did not reach an end)"),
    ]
    if r.ended_because:
        out.append(f"Why it ended: {r.ended_because.says}")
    out.append("")
    for cid, name in COMPETENCY_NAMES.items():
        if cid in r.not_applicable:
            out.append(f"  {name:<13} {NA}  {NOT_APPLICABLE}")
        else:
            out.append(f"  {name:<13}{r.scores[cid]:>4}  {bar(r.scores[cid])}")
    verdict = "PASSED" if r.passed else "NOT PASSED"
    out += [f"  {'Overall':<13}{r.overall:>4}  {verdict}", f"  {r.verdict}", ""]
    if r.notes:
        out += ["Notes:", *(f"  - {note}" for note in r.notes), ""]
    if r.violations:
        out.append("Violations:")
        for v in r.violations:
            evidence = f' "{v.evidence}"' if v.evidence else ""
            out.append(f"  turn {v.turn}: {v.rule} ({v.severity}){evidence}: {v.reason}")
        out.append("")
    if r.role_fit:
        fits = ", ".join(f"{role} {fit}" for role, fit in r.role_fit.items())
        out += [f"Role fit: {fits}", ""]
    for title, items in (
        ("Strengths", r.strengths),
        ("Gaps", r.gaps),
        ("Interview questions", r.interview_questions),
    ):
        if items:
            out.append(f"{title}:")
            out += [f"  - {item}" for item in items]
            out.append("")
    if r.integrity:
        out.append("Integrity flags:")
        out += [f"  turn {f.turn}: {f.flag} ({f.detail})" for f in r.integrity]
        out.append("")
    out.append("Turns:")
    for t in r.turns:
        signals = ", ".join(s.id for s in t.signals) or "no signal"
        out += [
            f"  {t.n:>2} [{t.state}] debtor: {clipped(t.debtor)}",
            f"     agent: {clipped(t.agent)}",
            f"     -> {signals}",
        ]
    if r.closing:
        out.append(f"     [{r.closing.state}] debtor: {r.closing.debtor}")
    if r.unused_replies:
        out += [
            "",
            f"{len(r.unused_replies)} reply(ies) left over after the call ended (not played):",
        ]
        out += [f"  - {reply}" for reply in r.unused_replies]
    return "\n".join(out) + "\n"


def probe_text(
    text: str,
    matches: list[SignalMatch],
    violations: list[dict[str, Any]],
    misses: Sequence[NearMiss] = (),
) -> str:
    out = [f"Reply: {text}", ""]
    if not matches:
        out.append("No signal detected.")
    for m in matches:
        status = "" if m.status == "detected" else f"  [{m.status}: does not count]"
        out.append(
            f"  {m.signal:<28}{m.score:6.1f}  [{m.start}:{m.end}] "
            f'"{m.evidence}" via {m.via} "{m.source}"{status}'
        )
    if violations:
        out += ["", "Rules this reply would break:"]
        out += [f"  {v['rule']} ({v['severity']}): {v['reason']}" for v in violations]
    if misses:
        out += ["", "Near misses (closest first):"]
        for n in misses:
            said = f' on "{n.evidence}"' if n.evidence else ""
            out.append(
                f"  {n.signal:<28}{n.score:6.1f}/{n.needed:<5.0f} via {n.via} "
                f'"{n.candidate}"{said}: {n.reason}'
            )
    return "\n".join(out) + "\n"
