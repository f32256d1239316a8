"""Human review: a supervisor overrules the machine, on the record, next to the transcript.

Reviews are appended to ``<transcript>.review.jsonl``; the transcript itself is never
touched. Each line is a :class:`Review` that names the reviewer and the reason and sets
scores, dismisses violations (rule@turn) or adds them, or amends or revokes an earlier
review. The lines continue the transcript's hash chain (the first one's ``prev`` is the
hash of the transcript's last line) and are signed like it, so a review edited by hand,
written without the key, or copied beside another call fails ``sim verify`` and counts
for nothing. The file is never opened through a symbolic link.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sim.errors import SimError, one_line
from sim.records.chain import FROM_ENV, KEY_ENV, Secret, key, line_text, seal, secret_of, walk
from sim.records.events import JsonObject, ReadByKey
from sim.records.transcript import Verification, parse_line, verify
from sim.rubric.model import COMPETENCIES, Rubric
from sim.rubric.rules import Violation

SEVERITIES = ("critical", "major", "minor")
MAX_REVIEWER_CHARS = 80


def review_path(transcript: str | Path) -> Path:
    return Path(f"{transcript}.review.jsonl")


class Action(StrEnum):
    REVIEW = "review"  # a new review
    AMEND = "amend"  # replaces the overrides of review ``target``
    REVOKE = "revoke"  # withdraws review ``target``


@dataclass(frozen=True)
class Override(ReadByKey):
    kind: str  # "score", "dismiss" or "add"
    competency: str | None = None
    value: int | None = None
    rule: str | None = None
    turn: int | None = None
    severity: str | None = None

    def as_dict(self) -> JsonObject:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, o: object) -> Override:
        if not isinstance(o, dict):
            raise ValueError("not a review (an override is not an object)")
        kind = o.get("kind")
        if kind == "score":
            value = o.get("value")
            if o.get("competency") not in COMPETENCIES or not _whole(value, 0, 100):
                raise ValueError("a score override needs a competency and a value 0-100")
            return cls("score", competency=o["competency"], value=value)
        if kind in ("dismiss", "add"):
            if not isinstance(o.get("rule"), str) or not _whole(o.get("turn"), 0, None):
                raise ValueError(f"a {kind} override needs a rule and a turn")
            if o.get("severity") not in SEVERITIES:
                raise ValueError(f"a {kind} override needs a severity")
            return cls(kind, rule=o["rule"], turn=o["turn"], severity=o["severity"])
        raise ValueError("an override's kind is score, dismiss or add")

    def describe(self) -> str:
        if self.kind == "score":
            return f"{self.competency} = {self.value}"
        return f"{self.kind} {self.rule}@{self.turn} ({self.severity})"


@dataclass(frozen=True)
class Review(ReadByKey):
    """One line of the review file; ``number`` is its line number (how amend and revoke
    name it)."""

    number: int
    reviewer: str
    reason: str
    at: str
    action: Action = Action.REVIEW
    target: int | None = None
    overrides: tuple[Override, ...] = ()
    account: str | None = None  # the operating-system user who recorded it

    def as_dict(self) -> JsonObject:
        return {
            "type": "review",
            "action": self.action.value,
            "target": self.target,
            "reviewer": self.reviewer,
            "account": self.account,
            "reason": self.reason,
            "at": self.at,
            "overrides": [o.as_dict() for o in self.overrides],
        }

    @classmethod
    def from_dict(cls, number: int, data: Mapping[str, Any]) -> Review:
        for name in ("reviewer", "reason"):
            if not isinstance(data.get(name), str):
                raise ValueError(f"not a review ({name} is not text)")
        overrides = data.get("overrides")
        if not isinstance(overrides, list):
            raise ValueError("not a review (overrides is not a list)")
        try:
            action = Action(data.get("action", "review"))
        except ValueError:
            raise ValueError("a review's action is review, amend or revoke") from None
        target = data.get("target")
        if action is not Action.REVIEW and not _whole(target, 1, number - 1):
            raise ValueError(f"an {action} names an earlier review by its line number")
        return cls(
            number,
            data["reviewer"],
            data["reason"],
            str(data.get("at", "")),
            action,
            target if action is not Action.REVIEW else None,
            tuple(Override.from_dict(o) for o in overrides),
            data.get("account") if isinstance(data.get("account"), str) else None,
        )

    def describe(self) -> str:
        what = "; ".join(o.describe() for o in self.overrides)
        if self.action is Action.REVOKE:
            what = f"revokes review {self.target}"
        elif self.action is Action.AMEND:
            what = f"amends review {self.target}: {what}"
        return f"review {self.number} by {self.reviewer} ({self.at}): {what} ({self.reason})"


def _whole(value: object, low: int, high: int | None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


@dataclass
class ReviewLog:
    """The reviews of one call as read and checked; none counts unless ``ok``.
    ``problems`` name lines of the file at ``path``."""

    path: Path
    reviews: list[Review] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    signed: bool = False
    macs: bool = False
    last: str = ""  # the hash of the last line, where the next review chains on

    @property
    def ok(self) -> bool:
        return not self.problems

    def active(self) -> list[Review]:
        """The reviews in force: each not revoked, and amendments in place of what they
        amend. Nothing when the file failed its checks."""
        if self.problems:
            return []
        standing: dict[int, Review] = {}
        for r in self.reviews:
            if r.action is Action.REVIEW:
                standing[r.number] = r
            else:
                standing.pop(r.target or 0, None)
                if r.action is Action.AMEND:
                    standing[r.number] = r
        return list(standing.values())

    def state(self) -> str:
        if self.problems:
            return "FAILED: " + "; ".join(self.problems)
        n = f"{len(self.reviews)} review line(s)"
        if self.signed:
            return f"ok, {n}, signed"
        if self.macs:
            return f"ok, {n} (signatures not checked: {KEY_ENV} is not set)"
        return f"ok, {n}, not signed"


def _read_text(path: Path) -> str | None:
    """The file's text, never through a symbolic link; None when there is no file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SimError(_cannot(path, "read", exc)) from None
    with os.fdopen(fd, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SimError(f"{path}: not valid UTF-8") from None


def _cannot(path: Path, what: str, exc: OSError) -> str:
    if path.is_symlink():
        return f"{path}: is a symbolic link; reviews are never read or written through links"
    return f"{path}: cannot {what} ({exc.strerror or type(exc).__name__})"


def read_reviews(
    transcript: str | Path, checked: Verification, secret: Secret = FROM_ENV
) -> ReviewLog:
    """The reviews beside a transcript, checked against the chain that ``checked`` (the
    transcript's verification) ends with, and with the key it was checked with. A file
    that cannot be read is a problem of the log, never an exception."""
    path = review_path(transcript)
    log = ReviewLog(path, last=checked.last)
    try:
        text = _read_text(path)
    except SimError as exc:
        log.problems.append(str(exc).removeprefix(f"{path}: "))
        return log
    if text is None:
        return log
    lines = [(n, line + "\n", False) for n, line in enumerate(text.split("\n"), 1)]
    lines = [x for x in lines if x[1].strip()]
    if not checked.ok:
        log.problems.append("the transcript failed its check, so its reviews cannot be trusted")
    found = walk(lines, parse_line, start=checked.last, secret=secret_of(secret))
    log.macs, log.signed, log.last = found.macs, found.checked, found.last
    log.problems += found.problems
    for n, event in enumerate(found.events, 1):
        try:
            log.reviews.append(Review.from_dict(n, event))
        except ValueError as exc:
            log.problems.append(f"line {n}: {exc}")
            break
    log.signed = log.signed and log.ok
    return log


def verify_reviews(transcript: str | Path, checked: Verification) -> ReviewLog | None:
    """The check ``sim verify`` prints for a transcript's reviews; None when it has none."""
    path = review_path(transcript)
    if not path.is_symlink() and not path.exists():
        return None
    return read_reviews(transcript, checked)


def check_reviewer(value: str) -> str:
    text = one_line(value.strip())
    if not text:
        raise SimError("a review needs --reviewer (who is responsible for it)")
    if len(text) > MAX_REVIEWER_CHARS or text != value.strip():
        raise SimError(f"--reviewer: one line of at most {MAX_REVIEWER_CHARS} printable characters")
    return text


def add_review(transcript: str | Path, review: Review) -> Review:
    """Append ``review`` to the transcript's review file, chained and signed; the file is
    locked while the next line is chained on, and never opened through a link."""
    checked = verify(transcript)
    if not checked.ok:
        raise SimError(
            f"{transcript}: cannot review a call that fails its check: {checked.state()}"
        )
    path = review_path(transcript)
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise SimError(_cannot(path, "write", exc)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        log = read_reviews(transcript, checked)
        if not log.ok:
            raise SimError(f"{path}: cannot add to reviews that fail their check: {log.state()}")
        review = replace(review, number=len(log.reviews) + 1)
        _check_target(review, log)
        line = line_text(seal(log.last, review.as_dict(), key()))
        os.write(fd, line.encode("utf-8", "surrogatepass"))
        os.fsync(fd)
    except OSError as exc:
        raise SimError(_cannot(path, "write", exc)) from None
    finally:
        os.close(fd)
    return review


def _check_target(review: Review, log: ReviewLog) -> None:
    if review.action is Action.REVIEW:
        return
    if review.target not in {r.number for r in log.active()}:
        standing = ", ".join(str(r.number) for r in log.active()) or "none"
        raise SimError(
            f"--{review.action} {review.target}: no review in force has that number "
            f"(in force: {standing})"
        )


def parse_overrides(
    scores: Iterable[str],
    dismiss: Iterable[str],
    add: Iterable[str],
    rubric: Rubric,
    turns: int,
    violations: Sequence[Violation] = (),
    not_applicable: Collection[str] = (),
) -> list[Override]:
    """The overrides given on the command line, each checked: a score names a competency
    the call could show (not one of ``not_applicable``), a dismissal a violation of
    ``violations`` (rule@turn), an addition a rule of the rubric and a turn that was played."""
    out = []
    for item in scores:
        name, _, value = item.partition("=")
        if name not in COMPETENCIES or not value.isdigit() or not 0 <= int(value) <= 100:
            raise SimError(f"--score {item}: write COMPETENCY=0..100, e.g. empathy=70")
        if name in not_applicable:
            raise SimError(
                f"--score {item}: {name} does not apply to this call (it could not be shown: "
                "n/a), so a score for it would count toward nothing"
            )
        out.append(Override("score", competency=name, value=int(value)))
    found = {(v.rule, v.turn): v.severity for v in violations}
    for item in dismiss:
        rule, _, turn = item.partition(":")[0].partition("@")
        if (rule, int(turn) if turn.isdigit() else -1) not in found:
            there = ", ".join(f"{r}@{t}" for r, t in found) or "none"
            raise SimError(f"--dismiss {item}: no such violation in this call (it has: {there})")
        out.append(Override("dismiss", rule=rule, turn=int(turn), severity=found[rule, int(turn)]))
    for item in add:
        target, _, severity = item.partition(":")
        rule, _, turn = target.partition("@")
        if rule not in rubric.rules or not turn.isdigit() or not 1 <= int(turn) <= turns:
            raise SimError(
                f"--add {item}: write RULE@TURN with a rule of the rubric "
                f"and a turn from 1 to {turns}"
            )
        if (rule, int(turn)) in found:
            raise SimError(f"--add {item}: that violation is already recorded")
        severity = severity or rubric.rules[rule].severity
        if severity not in SEVERITIES:
            raise SimError(f"--add {item}: severity is critical, major or minor")
        out.append(Override("add", rule=rule, turn=int(turn), severity=severity))
    return out


def make_review(
    reviewer: str,
    reason: str,
    overrides: list[Override],
    action: Action = Action.REVIEW,
    target: int | None = None,
) -> Review:
    if not reason.strip():
        raise SimError("a review needs --reason")
    if action is Action.REVOKE and overrides:
        raise SimError("--revoke takes no --score, --dismiss or --add")
    if action is not Action.REVOKE and not overrides:
        raise SimError("nothing to record: give --score, --dismiss or --add")
    account = None
    with contextlib.suppress(Exception):  # no user name on this system: not recorded
        account = getpass.getuser()
    return Review(
        0,
        check_reviewer(reviewer),
        one_line(reason.strip()),
        datetime.now(UTC).isoformat(timespec="seconds"),
        action,
        target,
        tuple(overrides),
        account,
    )


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
