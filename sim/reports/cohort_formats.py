"""Cohort reports as a terminal table, CSV and JSON (HTML lives in sim/reports/cohort_html.py)."""

from __future__ import annotations

import csv
import io
import json

from sim.errors import json_safe, one_line, terminal_safe
from sim.reports.cohort import Cohort, bin_label

SHORT = {"empathy": "emp", "firmness": "firm", "self_control": "self", "compliance": "comp"}


def table(cohort: Cohort) -> str:
    head = (
        f"{'candidate':<14}{'scenario':<16}{'date':<11}{'emp':>4}{'firm':>5}{'self':>5}"
        f"{'comp':>5}{'all':>5}  {'pass':<5}{'fit':>4}  critical / flags"
    )
    lines = [f"Cohort by {cohort.role} fit: {len(cohort.rows)} call(s)", head, "-" * len(head)]
    for r in cohort.rows:
        s = r.scores
        human = "*" if r.human else " "
        notes = ", ".join(r.critical + r.flags)
        lines.append(
            f"{r.candidate[:13]:<14}{r.scenario[:15]:<16}{r.date:<11}"
            f"{s['empathy']:>4}{s['firmness']:>5}{s['self_control']:>5}"
            f"{s['compliance']:>5}{r.overall:>5}{human} {'yes' if r.passed else 'no':<5}"
            f"{r.role_fit[cohort.role]:>4}  {notes}"
        )
    agreement = cohort.agreement()
    if agreement["reviewed_calls"]:
        mad = ", ".join(f"{SHORT[c]} {v}" for c, v in agreement["mean_abs_difference"].items())
        lines += [
            "",
            f"* reviewed by a human: {agreement['reviewed_calls']} call(s); "
            f"machine vs human mean |difference|: {mad}; "
            f"kappa on pass/fail: {agreement['kappa_pass_fail']}",
        ]
    if cohort.skipped:
        lines += ["", f"skipped {len(cohort.skipped)} file(s) that could not be read:"]
        lines += [f"  {why}" for _, why in cohort.skipped]
    return terminal_safe("\n".join(lines) + "\n")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts like a formula gets a
    leading apostrophe (OWASP's advice), and control or bidi characters are escaped."""
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(cohort: Cohort) -> str:
    out = io.StringIO()
    roles = sorted(cohort.rows[0].role_fit) if cohort.rows else [cohort.role]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "candidate",
            "scenario",
            "date",
            "empathy",
            "firmness",
            "self_control",
            "compliance",
            "overall",
            "passed",
            *[f"fit_{r}" for r in roles],
            "critical_violations",
            "integrity_flags",
            "outcome",
            "human_overall",
            "human_passed",
            "transcript",
        ]
    )
    for r in cohort.rows:
        writer.writerow(
            [
                cell(r.candidate),
                cell(r.scenario),
                r.date,
                *r.scores.values(),
                r.overall,
                r.passed,
                *[r.role_fit[x] for x in roles],
                ";".join(r.critical),
                ";".join(r.flags),
                cell(r.outcome or ""),
                r.human["overall"] if r.human else "",
                r.human["passed"] if r.human else "",
                cell(r.path),
            ]
        )
    return out.getvalue()


def to_json(cohort: Cohort) -> str:
    data = {
        "role": cohort.role,
        "calls": [r.as_dict() for r in cohort.rows],
        "histograms": {
            c: {bin_label(b): n for b, n in sorted(h.items())}
            for c, h in sorted(cohort.histograms.items())
        },
        "outcomes": dict(sorted(cohort.outcomes.items())),
        "ended_in": dict(sorted(cohort.ended_in.items())),
        "candidates": cohort.candidates(),
        "interview_questions": {c: sorted(q) for c, q in sorted(cohort.questions.items())},
        "agreement": cohort.agreement(),
    }
    if cohort.skipped:
        data["skipped"] = [{"path": p, "problem": why} for p, why in cohort.skipped]
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
