"""What changed when a folder of calls was re-scored with another rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.records.events import Verdict
from sim.rubric.model import COMPETENCIES


def summary(changes: list[tuple[Path, Verdict | None, dict[str, Any]]], rubric_id: str) -> str:
    """``changes``: each call's path, the verdict stored when it was played, its report."""
    lines = [f"Re-scored {len(changes)} call(s) with rubric '{rubric_id}'"]
    flips: dict[str, list[str]] = {"pass->fail": [], "fail->pass": []}
    deltas: dict[str, list[int]] = {c: [] for c in COMPETENCIES}
    unknown = 0
    for path, before, after in changes:
        who = f"{after['candidate'] or 'anonymous'} / {after['scenario']}"
        if not before:
            unknown += 1
            lines.append(
                f"  {who}: overall {after['overall']} "
                f"({'passed' if after['passed'] else 'not passed'}); no stored score "
                f"({path})"
            )
            continue
        for c in COMPETENCIES:
            deltas[c].append(after["scores"][c] - before.scores[c])
        if before.passed != after["passed"]:
            flips["pass->fail" if before.passed else "fail->pass"].append(who)
        moved = [
            f"{c} {before.scores[c]}->{after['scores'][c]}"
            for c in COMPETENCIES
            if before.scores[c] != after["scores"][c]
        ]
        verdict = (
            ""
            if before.passed == after["passed"]
            else f"  ** {'passed -> not passed' if before.passed else 'not passed -> passed'}"
        )
        lines.append(
            f"  {who}: overall {before.overall}->{after['overall']}"
            + (f" ({', '.join(moved)})" if moved else " (unchanged)")
            + verdict
        )
    compared = len(changes) - unknown
    lines.append("")
    lines.append(
        f"{compared} call(s) compared with the scores stored when they were played"
        + (f"; {unknown} had none (interrupted calls)" if unknown else "")
    )
    if compared:
        means = ", ".join(f"{c} {sum(d) / len(d):+.1f}" for c, d in deltas.items())
        lines.append(f"mean change: {means}")
    for label, names in flips.items():
        lines.append(f"{label}: {len(names)}" + (f" ({'; '.join(names)})" if names else ""))
    return "\n".join(lines) + "\n"
