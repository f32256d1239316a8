"""Human review: a supervisor overrules the machine, on the record, next to the transcript.

Reviews are appended as JSON lines to ``<transcript>.review.jsonl``; the transcript itself
is never touched. Each review names the reviewer and the reason, and either sets a score,
dismisses a violation (rule@turn) or adds one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.rubric.assess import judge, weighted_score
from sim.rubric.model import COMPETENCIES, Rubric


def review_path(transcript: str | Path) -> Path:
    return Path(f"{transcript}.review.jsonl")


def load_reviews(transcript: str | Path) -> list[dict[str, Any]]:
    path = review_path(transcript)
    if not path.exists():
        return []
    reviews = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            reviews.append(json.loads(line))
        except json.JSONDecodeError:
            raise SimError(f"{path}:{n}: not a JSON line") from None
    return reviews


def add_review(transcript: str | Path, review: dict[str, Any]) -> None:
    line = json.dumps(review, sort_keys=True, ensure_ascii=False) + "\n"
    fd = os.open(review_path(transcript), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Override:
    kind: str  # "score", "dismiss" or "add"
    competency: str | None = None
    value: int | None = None
    rule: str | None = None
    turn: int | None = None
    severity: str | None = None


def parse_overrides(
    scores: Iterable[str], dismiss: Iterable[str], add: Iterable[str], rubric: Rubric, turns: int
) -> list[Override]:
    out = []
    for item in scores:
        name, _, value = item.partition("=")
        if name not in COMPETENCIES or not value.isdigit() or not 0 <= int(value) <= 100:
            raise SimError(f"--score {item}: write COMPETENCY=0..100, e.g. empathy=70")
        out.append(Override("score", competency=name, value=int(value)))
    for kind, items in (("dismiss", dismiss), ("add", add)):
        for item in items:
            target, _, severity = item.partition(":")
            rule, _, turn = target.partition("@")
            if rule not in rubric.rules or not turn.isdigit() or not 1 <= int(turn) <= turns:
                raise SimError(
                    f"--{kind} {item}: write RULE@TURN with a rule of the rubric "
                    f"and a turn from 1 to {turns}"
                )
            severity = severity or rubric.rules[rule].severity
            if severity not in ("critical", "major", "minor"):
                raise SimError(f"--{kind} {item}: severity is critical, major or minor")
            out.append(Override(kind, rule=rule, turn=int(turn), severity=severity))
    if not out:
        raise SimError("nothing to record: give --score, --dismiss or --add")
    return out


def make_review(reviewer: str, reason: str, overrides: list[Override]) -> dict[str, Any]:
    if not reviewer.strip() or not reason.strip():
        raise SimError("a review needs --reviewer and --reason")
    return {
        "reviewer": reviewer.strip(),
        "reason": reason.strip(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "overrides": [{k: v for k, v in o.__dict__.items() if v is not None} for o in overrides],
    }


def apply_reviews(
    report: dict[str, Any], reviews: list[dict[str, Any]], rubric: Rubric
) -> dict[str, Any] | None:
    """The human verdict: the machine's report with every review applied, in order."""
    if not reviews:
        return None
    scores = dict(report["scores"])
    violations = [dict(v) for v in report["violations"]]
    for review in reviews:
        for o in review["overrides"]:
            if o["kind"] == "score":
                scores[o["competency"]] = o["value"]
            elif o["kind"] == "dismiss":
                for v in violations:
                    if v["rule"] == o["rule"] and v["turn"] == o["turn"]:
                        v["dismissed_by"] = review["reviewer"]
            else:
                violations.append(
                    {
                        "rule": o["rule"],
                        "turn": o["turn"],
                        "severity": o["severity"],
                        "evidence": "",
                        "reason": review["reason"],
                        "added_by": review["reviewer"],
                    }
                )
    overall = weighted_score(scores, rubric.weights())
    critical = [
        (v["turn"], v["rule"])
        for v in violations
        if "dismissed_by" not in v and v["severity"] == "critical"
    ]
    passed, _ = judge(rubric, scores, overall, critical, played=bool(report["turns"]))
    return {
        "scores": scores,
        "overall": overall,
        "passed": passed,
        "violations": violations,
        "reviews": reviews,
    }


def cohen_kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    """Agreement between machine and human pass/fail, beyond chance."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    machine_yes = sum(1 for a, _ in pairs if a) / n
    human_yes = sum(1 for _, b in pairs if b) / n
    expected = machine_yes * human_yes + (1 - machine_yes) * (1 - human_yes)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return round((observed - expected) / (1 - expected), 3)
