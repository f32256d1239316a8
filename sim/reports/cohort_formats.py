"""Cohort reports as a terminal table, CSV and JSON (HTML lives in sim/reports/cohort_html.py).

Each starts with the per-candidate summary, then the calls; each names what produced it
(the rubric and its hash, the program) and the newest call it covers (``as of``): a
report's inputs, never the wall clock, so the same transcripts give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sim.errors import json_safe, one_line, terminal_safe
from sim.records.review import SEVERITIES
from sim.reports.cohort import Cohort, Row, bin_label
from sim.reports.text import NA, shown

SHORT = {"empathy": "emp", "firmness": "firm", "self_control": "self", "compliance": "comp"}


def provenance_line(cohort: Cohort) -> str:
    p = cohort.provenance
    return (
        f"rubric {p['rubric']} (sha256 {p['rubric_sha256'][:12]}), {p['program']}, "
        f"as of {p['as_of'] or 'no call'}"
    )


def agreement_line(cohort: Cohort) -> str | None:
    """Machine and human agreement in words, with its n; None when nothing was reviewed."""
    a = cohort.agreement()
    n = a["reviewed_calls"]
    if not n:
        return None
    if a["kappa_pass_fail"] is None:
        return (
            f"reviewed by a human: {n} ranked call(s); too few to measure agreement "
            f"(from {a['minimum']})"
        )
    mad = ", ".join(f"{SHORT[c]} {v}" for c, v in a["mean_abs_difference"].items())
    return (
        f"reviewed by a human: {n} ranked call(s); machine vs human mean |difference| "
        f"(n={n}): {mad}; kappa on pass/fail (n={n}): {a['kappa_pass_fail']}"
    )


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def table(cohort: Cohort) -> str:
    return "".join(table_text(cohort))


def table_text(cohort: Cohort) -> Iterator[str]:
    """The table a line at a time, as it is written (a big cohort is never one string)."""
    for line in _table_lines(cohort):
        yield terminal_safe(line + "\n")


def _table_lines(cohort: Cohort) -> Iterator[str]:
    role = cohort.role
    ranked, unranked = cohort.ranked, cohort.unranked
    yield f"Cohort by {role} fit: {len(cohort.rows)} call(s), {len(ranked)} ranked"
    yield from (provenance_line(cohort), "", "Candidates (ranked calls only)")
    head = (
        f"{'candidate':<14}{'calls':>5}{'pass':>5}{'best':>5}{'last':>5}"
        f"{'emp':>6}{'firm':>6}{'self':>6}{'comp':>6}{'fit':>7}  flags"
    )
    yield from (head, "-" * len(head))
    for s in cohort.candidates():
        m = s.means
        yield (
            f"{s.candidate[:13]:<14}{s.attempts:>5}{s.passes:>5}{s.best:>5}{s.latest:>5}"
            + "".join(f"{shown(m[c]):>6}" for c in SHORT)
            + f"{s.fit:>7}  {', '.join(s.flags)}"
        )
    head = (
        f"{'candidate':<14}{'scenario':<16}{'date':<11}{'mode':<11}{'emp':>4}{'firm':>5}"
        f"{'self':>5}{'comp':>5}{'all':>5}  {'pass':<5}{'fit':>4}  {'machine':<9}"
        "critical / flags"
    )
    yield from ("", "Calls", head, "-" * len(head))
    yield from (_table_row(r, role) for r in ranked)
    if unranked:
        yield from ("", f"Not ranked ({len(unranked)}):")
        for r in unranked:
            why = "; ".join(r.problems) or f"mode {r.mode} is not ranked"
            yield from (_table_row(r, role), f"  ^ {why}")
    notes = (
        ["* human verdict (the machine's beside it)"] if any(r.human for r in cohort.rows) else []
    )
    agreement = agreement_line(cohort)
    notes += [agreement] if agreement else []
    if notes:
        yield from ("", *notes)
    if cohort.skipped:
        yield from ("", f"skipped {len(cohort.skipped)} file(s) that could not be read:")
        yield from (f"  {why}" for _, why in cohort.skipped)


def _table_row(r: Row, role: str) -> str:
    s = r.scores
    mark = "*" if r.human else " "
    machine = f"{r.machine['overall']} {_yes(r.machine['passed'])}" if r.human else ""
    state = () if not r.problems else ("UNVERIFIED",) if not r.verified else ("INCOMPLETE",)
    notes = ", ".join(r.critical + r.flags + state)
    return (
        f"{r.candidate[:13]:<14}{r.scenario[:15]:<16}{r.date:<11}{r.mode[:10]:<11}"
        f"{shown(s['empathy']):>4}{shown(s['firmness']):>5}{shown(s['self_control']):>5}"
        f"{shown(s['compliance']):>5}{r.overall:>5}{mark} {_yes(r.passed):<5}"
        f"{r.role_fit[role]:>4}  {machine:<9}{notes}"
    )


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts like a formula gets a
    leading apostrophe (OWASP's advice), and control or bidi characters are escaped."""
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA) else text


def _cells(values: list[Any]) -> list[Any]:
    return [cell(v) if isinstance(v, str) else v for v in values]


def _scores(values: Iterable[float | None]) -> list[float | str]:
    """Score cells: a number, or "n/a" where the competency did not apply."""
    return [NA if v is None else v for v in values]


def to_csv(cohort: Cohort) -> str:
    return "".join(csv_text(cohort))


def csv_text(cohort: Cohort) -> Iterator[str]:
    """Two tables, one after the other with a blank line between: the candidates, then the
    calls (every row of which carries the rubric, its hash and the program); a row at a
    time, as it is written."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def written() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow(
        ["candidate", "calls", "passes", "best", "latest", "latest_passed"]
        + [f"mean_{c}" for c in SHORT]
        + [f"fit_{cohort.role}", "flags"]
    )
    for s in cohort.candidates():
        writer.writerow(
            _cells(
                [
                    *(s.candidate, s.attempts, s.passes, s.best, s.latest, s.latest_passed),
                    *_scores(s.means[c] for c in SHORT),
                    *(s.fit, ";".join(s.flags)),
                ]
            )
        )
    out.write("\n")
    yield written()
    roles = cohort.roles
    p = cohort.provenance
    writer.writerow(
        ["candidate", "scenario", "date", "mode", "seed", *SHORT]
        + ["overall", "passed", "verdict_by", "machine_overall", "machine_passed"]
        + [f"fit_{r}" for r in roles]
        + ["critical_violations", *[f"{s}_count" for s in SEVERITIES]]
        + ["integrity_flags", "outcome", "ended_in", "complete", "verified", "problems"]
        + ["ranked", "human_overall", "human_passed", "rubric", "rubric_sha256", "program"]
        + ["transcript"]
    )
    same = _cells([p["rubric"], p["rubric_sha256"], p["program"]])  # in every row
    for r in cohort.rows:
        own = _cells(
            [r.candidate, r.scenario, r.date, r.mode, r.seed, *_scores(r.scores.values())]
            + [r.overall, r.passed, r.verdict_by, r.machine["overall"], r.machine["passed"]]
            + [r.role_fit[x] for x in roles]
            + [";".join(r.critical), *[r.violations[s] for s in SEVERITIES]]
            + [";".join(r.flags), r.outcome or "", r.ended_in or "", r.complete]
            + [r.verified, "; ".join(r.problems), r.ranked]
            + [r.human["overall"] if r.human else "", r.human["passed"] if r.human else ""]
        )
        writer.writerow([*own, *same, cell(r.path)])
        yield written()
    yield written()


def to_json(cohort: Cohort) -> str:
    data = {
        "provenance": cohort.provenance,
        "role": cohort.role,
        "candidates": {s.candidate: s.as_dict() for s in cohort.candidates()},
        "calls": [r.as_dict() for r in cohort.rows],
        "histograms": {
            c: {bin_label(b): n for b, n in sorted(h.items())}
            for c, h in sorted(cohort.histograms.items())
        },
        "outcomes": dict(sorted(cohort.outcomes.items())),
        "ended_in": dict(sorted(cohort.ended_in.items())),
        "interview_questions": {c: sorted(q) for c, q in sorted(cohort.questions.items())},
        "agreement": cohort.agreement(),
    }
    if cohort.skipped:
        data["skipped"] = [{"path": p, "problem": why} for p, why in cohort.skipped]
    if cohort.warnings:
        data["warnings"] = list(cohort.warnings)
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
