"""Plain-text views of reports and probes for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


def report_text(report: dict[str, Any]) -> str:
    out = [
        f"Scenario {report['scenario']} (seed {report['seed']}, rubric {report['rubric']})",
        f"Outcome: {report['outcome'] or 'none'}   ended in: {report['ended_in']}"
        + ("" if report["complete"] else "   (incomplete: the call did not reach an end)"),
    ]
    if report.get("ended_because"):
        out.append(f"Why it ended: {report['ended_because']['says']}")
    out.append("")
    not_applicable = report.get("not_applicable", [])
    for cid, name in COMPETENCY_NAMES.items():
        if cid in not_applicable:
            out.append(f"  {name:<13} {NA}  {NOT_APPLICABLE}")
        else:
            out.append(f"  {name:<13}{report['scores'][cid]:>4}  {bar(report['scores'][cid])}")
    verdict = "PASSED" if report["passed"] else "NOT PASSED"
    out += [f"  {'Overall':<13}{report['overall']:>4}  {verdict}", f"  {report['verdict']}", ""]
    if report.get("notes"):
        out += ["Notes:", *(f"  - {note}" for note in report["notes"]), ""]
    if report["violations"]:
        out.append("Violations:")
        for v in report["violations"]:
            evidence = f' "{v["evidence"]}"' if v["evidence"] else ""
            out.append(
                f"  turn {v['turn']}: {v['rule']} ({v['severity']}){evidence}: {v['reason']}"
            )
        out.append("")
    if report["role_fit"]:
        fits = ", ".join(f"{role} {fit}" for role, fit in report["role_fit"].items())
        out += [f"Role fit: {fits}", ""]
    for title, key in (
        ("Strengths", "strengths"),
        ("Gaps", "gaps"),
        ("Interview questions", "interview_questions"),
    ):
        if report[key]:
            out.append(f"{title}:")
            out += [f"  - {item}" for item in report[key]]
            out.append("")
    if report["integrity"]:
        out.append("Integrity flags:")
        out += [f"  turn {f['turn']}: {f['flag']} ({f['detail']})" for f in report["integrity"]]
        out.append("")
    out.append("Turns:")
    for t in report["turns"]:
        signals = ", ".join(s["id"] for s in t["signals"]) or "no signal"
        out += [
            f"  {t['n']:>2} [{t['state']}] debtor: {clipped(t['debtor'])}",
            f"     agent: {clipped(t['agent'])}",
            f"     -> {signals}",
        ]
    if report.get("closing"):
        out.append(f"     [{report['closing']['state']}] debtor: {report['closing']['debtor']}")
    if report["unused_replies"]:
        out += [
            "",
            f"{len(report['unused_replies'])} reply(ies) left over after the call "
            "ended (not played):",
        ]
        out += [f"  - {r}" for r in report["unused_replies"]]
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
