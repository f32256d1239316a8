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

from sim.errors import SimError, json_safe
from sim.records.transcript import parse_line
from sim.rubric.assess import judge, weighted_score
from sim.rubric.model import COMPETENCIES, Rubric


def review_path(transcript: str | Path) -> Path:
    return Path(f"{transcript}.review.jsonl")


def load_reviews(transcript: str | Path) -> list[dict[str, Any]]:
    """The reviews beside a transcript, each checked: a line that is not a review is a
    :class:`SimError` naming the file and line."""
    path = review_path(transcript)
    if not path.exists():
        return []
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise SimError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    except UnicodeDecodeError:
        raise SimError(f"{path}: not valid UTF-8") from None
    reviews = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            reviews.append(_review(parse_line(line)))
        except ValueError as exc:
            raise SimError(f"{path}:{n}: {exc}") from None
    return reviews


def _review(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` if it is a review as ``make_review`` writes it; else ``ValueError``."""
    for key in ("reviewer", "reason"):
        if not isinstance(data.get(key), str):
            raise ValueError(f"not a review ({key} is not text)")
    overrides = data.get("overrides")
    if not isinstance(overrides, list):
        raise ValueError("not a review (overrides is not a list)")
    for o in overrides:
        if not isinstance(o, dict):
            raise ValueError("not a review (an override is not an object)")
        kind = o.get("kind")
        if kind == "score":
            value = o.get("value")
            if o.get("competency") not in COMPETENCIES or not _whole(value, 0, 100):
                raise ValueError("a score override needs a competency and a value 0-100")
        elif kind in ("dismiss", "add"):
            if not isinstance(o.get("rule"), str) or not _whole(o.get("turn"), 0, None):
                raise ValueError(f"a {kind} override needs a rule and a turn")
            if o.get("severity") not in ("critical", "major", "minor"):
                raise ValueError(f"a {kind} override needs a severity")
        else:
            raise ValueError("an override's kind is score, dismiss or add")
    return data


def _whole(value: object, low: int, high: int | None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


def add_review(transcript: str | Path, review: dict[str, Any]) -> None:
    line = json_safe(json.dumps(review, sort_keys=True, ensure_ascii=False)) + "\n"
    path = review_path(transcript)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SimError(f"{path}: cannot write ({exc.strerror or type(exc).__name__})") from None


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
    na = report.get("not_applicable", [])  # the machine's word on what the call could show
    overall = weighted_score(scores, rubric.weights(), na)
    critical = [
        (v["turn"], v["rule"])
        for v in violations
        if "dismissed_by" not in v and v["severity"] == "critical"
    ]
    passed, _ = judge(
        rubric, scores, overall, critical, played=bool(report["turns"]), not_applicable=na
    )
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
