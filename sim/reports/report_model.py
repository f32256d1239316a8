"""A call's report as a typed record, with one way out (``as_dict``: the contract's JSON
shape, DESIGN "The report") and one way in (``from_dict``: strict, so a corrupt or foreign
dict is refused with :class:`ReportError` naming the key, never a ``KeyError``).

``CallReport.from_dict(d).as_dict() == d`` for every report the program writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from sim.errors import SimError
from sim.records.events import Closing, EndedBecause
from sim.records.integrity import IntegrityFlag
from sim.rubric.rules import Violation
from sim.rubric.scoring import Point

T = TypeVar("T")


class ReportError(SimError, ValueError):
    """A dict that is not a call report (a key missing, or a value of the wrong kind)."""


@dataclass(frozen=True)
class ReportSignal:
    """A signal heard in a reply, as the report shows it."""

    id: str
    score: float
    span: tuple[int, int]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "span": list(self.span)}


@dataclass(frozen=True)
class ReportTurn:
    n: int
    debtor: str
    agent: str
    state: str
    party: str | None
    mood: int | None
    latency_ms: int | None
    signals: tuple[ReportSignal, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "debtor": self.debtor,
            "agent": self.agent,
            "state": self.state,
            "party": self.party,
            "mood": self.mood,
            "latency_ms": self.latency_ms,
            "signals": [s.as_dict() for s in self.signals],
        }


@dataclass(frozen=True)
class CallReport:
    scenario: str
    seed: int | None  # None only in a hand-made transcript
    rubric: str
    candidate: str | None
    mode: str | None
    outcome: str | None
    ended_in: str | None  # None only in a hand-made transcript without a start state
    complete: bool
    ended_because: EndedBecause | None
    scores: dict[str, int]
    not_applicable: tuple[str, ...]  # competencies this call could not show
    overall: int
    passed: bool
    verdict: str
    violations: tuple[Violation, ...]
    turns: tuple[ReportTurn, ...]
    closing: Closing | None
    unused_replies: tuple[str, ...]
    role_fit: dict[str, int]
    integrity: tuple[IntegrityFlag, ...]
    interview_questions: tuple[str, ...]
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]
    notes: tuple[str, ...]
    evidence: dict[str, tuple[Point, ...]]

    @property
    def applicable(self) -> dict[str, int | None]:
        return applicable_scores(self.scores, self.not_applicable)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "rubric": self.rubric,
            "candidate": self.candidate,
            "mode": self.mode,
            "outcome": self.outcome,
            "ended_in": self.ended_in,
            "complete": self.complete,
            "ended_because": self.ended_because.as_dict() if self.ended_because else None,
            "scores": dict(self.scores),
            "not_applicable": list(self.not_applicable),
            "overall": self.overall,
            "passed": self.passed,
            "verdict": self.verdict,
            "violations": [v.as_dict() for v in self.violations],
            "turns": [t.as_dict() for t in self.turns],
            "closing": self.closing.as_dict() if self.closing else None,
            "unused_replies": list(self.unused_replies),
            "role_fit": dict(self.role_fit),
            "integrity": [f.as_dict() for f in self.integrity],
            "interview_questions": list(self.interview_questions),
            "strengths": list(self.strengths),
            "gaps": list(self.gaps),
            "notes": list(self.notes),
            "evidence": {c: [p.as_dict() for p in ps] for c, ps in self.evidence.items()},
        }

    @classmethod
    def from_dict(cls, data: object) -> CallReport:
        """The report a dict holds; :class:`ReportError` when it is not one."""
        r = _Reader(data, "report")
        return cls(
            scenario=r.text("scenario"),
            seed=r.optional("seed", _Reader.whole),
            rubric=r.text("rubric"),
            candidate=r.optional("candidate", _Reader.text),
            mode=r.optional("mode", _Reader.text),
            outcome=r.optional("outcome", _Reader.text),
            ended_in=r.optional("ended_in", _Reader.text),
            complete=r.flag("complete"),
            ended_because=r.optional("ended_because", _Reader.ended_because),
            scores=r.whole_numbers("scores"),
            not_applicable=r.texts("not_applicable"),
            overall=r.whole("overall"),
            passed=r.flag("passed"),
            verdict=r.text("verdict"),
            violations=r.objects("violations", _violation),
            turns=r.objects("turns", _turn),
            closing=r.optional("closing", _Reader.closing),
            unused_replies=r.texts("unused_replies"),
            role_fit=r.whole_numbers("role_fit"),
            integrity=r.objects("integrity", _flag),
            interview_questions=r.texts("interview_questions"),
            strengths=r.texts("strengths"),
            gaps=r.texts("gaps"),
            notes=r.texts("notes"),
            evidence=r.evidence("evidence"),
        )

    @classmethod
    def read(cls, report: CallReport | Mapping[str, Any]) -> CallReport:
        """The typed record, also from a caller that still holds the report's dict."""
        return report if isinstance(report, CallReport) else cls.from_dict(report)


@dataclass(frozen=True)
class HumanReport:
    """The call assessed again with the reviews in force (see ``human_report``)."""

    scores: dict[str, int]
    not_applicable: tuple[str, ...]
    overall: int
    passed: bool
    verdict: str
    role_fit: dict[str, int]
    violations: tuple[Violation, ...]
    dismissed: tuple[tuple[str, int], ...]  # (rule, turn)
    reviews: tuple[str, ...]  # each review in force, described

    @property
    def applicable(self) -> dict[str, int | None]:
        return applicable_scores(self.scores, self.not_applicable)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scores": dict(self.scores),
            "not_applicable": list(self.not_applicable),
            "overall": self.overall,
            "passed": self.passed,
            "verdict": self.verdict,
            "role_fit": dict(self.role_fit),
            "violations": [v.as_dict() for v in self.violations],
            "dismissed": [{"rule": r, "turn": t} for r, t in self.dismissed],
            "reviews": list(self.reviews),
        }


def applicable_scores(scores: Mapping[str, int], na: tuple[str, ...]) -> dict[str, int | None]:
    """Scores as supervisors' views show them: None (shown "n/a") for each competency the
    call could not show, so it is never read, averaged or compared as a number."""
    return {c: None if c in na else value for c, value in scores.items()}


class _Reader:
    """Reads one JSON object strictly; every complaint names where it is ("report turns[2]
    mood")."""

    def __init__(self, data: object, where: str):
        if not isinstance(data, Mapping):
            raise ReportError(f"{where} is not a JSON object")
        self.data, self.where = data, where

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise ReportError(f"{self.where}: {key!r} is missing")
        return self.data[key]

    def _wrong(self, key: str, kind: str) -> ReportError:
        return ReportError(f"{self.where}: {key!r} is not {kind}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._wrong(key, "text")
        return value

    def whole(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(key, "a whole number")
        return value

    def number(self, key: str) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong(key, "a number")
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false")
        return value

    def span(self, key: str) -> tuple[int, int]:
        value = self._get(key)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise self._wrong(key, "a span [start, end]")
        return (value[0], value[1])

    def optional(self, key: str, read: Callable[[_Reader, str], T]) -> T | None:
        return None if self._get(key) is None else read(self, key)

    def _list(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._wrong(key, "a list")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self._list(key)
        if not all(isinstance(v, str) for v in items):
            raise self._wrong(key, "a list of text")
        return tuple(str(v) for v in items)

    def objects(self, key: str, read: Callable[[_Reader], T]) -> tuple[T, ...]:
        items = self._list(key)
        return tuple(read(_Reader(v, f"{self.where} {key}[{i}]")) for i, v in enumerate(items))

    def whole_numbers(self, key: str) -> dict[str, int]:
        inner = _Reader(self._get(key), f"{self.where} {key}")
        return {k: inner.whole(k) for k in inner.data}

    def evidence(self, key: str) -> dict[str, tuple[Point, ...]]:
        inner = _Reader(self._get(key), f"{self.where} {key}")
        return {c: inner.objects(c, partial(_point, competency=c)) for c in inner.data}

    def ended_because(self, key: str) -> EndedBecause:
        return self._record(key, EndedBecause.from_dict)

    def closing(self, key: str) -> Closing:
        return self._record(key, Closing.from_dict)

    def _record(self, key: str, read: Callable[[object], T]) -> T:
        try:
            return read(self._get(key))
        except ValueError as exc:
            raise ReportError(f"{self.where}: {key!r}: {exc}") from None


def _turn(r: _Reader) -> ReportTurn:
    return ReportTurn(
        n=r.whole("n"),
        debtor=r.text("debtor"),
        agent=r.text("agent"),
        state=r.text("state"),
        party=r.optional("party", _Reader.text),
        mood=r.optional("mood", _Reader.whole),
        latency_ms=r.optional("latency_ms", _Reader.whole),
        signals=r.objects("signals", _signal),
    )


def _signal(r: _Reader) -> ReportSignal:
    return ReportSignal(r.text("id"), r.number("score"), r.span("span"))


def _violation(r: _Reader) -> Violation:
    return Violation(
        rule=r.text("rule"),
        severity=r.text("severity"),
        turn=r.whole("turn"),
        evidence=r.text("evidence"),
        span=r.optional("span", _Reader.span),
        signal=r.optional("signal", _Reader.text),
        similarity=r.optional("similarity", _Reader.number),
        reason=r.text("reason"),
        cite=r.text("cite"),
    )


def _flag(r: _Reader) -> IntegrityFlag:
    return IntegrityFlag(r.whole("turn"), r.text("flag"), r.text("detail"))


def _point(r: _Reader, competency: str) -> Point:
    return Point(
        competency=competency,
        points=r.whole("points"),
        label=r.text("label"),
        turn=r.optional("turn", _Reader.whole),
        source=r.optional("source", _Reader.text),
        evidence=r.text("evidence"),
        span=r.optional("span", _Reader.span),
        similarity=r.optional("similarity", _Reader.number),
    )
