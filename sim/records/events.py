"""The typed records of a call: its header, turns, nudges and end, and why it ended.

Each record has one way in and one way out: ``from_dict`` reads the JSON object a
transcript line holds (without ``type``, ``prev``, ``hash`` and ``mac``) and ``as_dict``
writes it back, so ``from_dict(d).as_dict() == d`` for every line the program writes.
``from_dict`` is lenient with keys older or hand-written transcripts leave out, and raises
``ValueError`` for a line that is not the record at all.

Callers written against the dict contract (the TUI and its tests) can still read a
record by key (``turn["agent"]``); that view is read-only and goes through ``as_dict``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

FORMAT_VERSION = 1

JsonObject = dict[str, Any]


class EndReason(StrEnum):
    """Why a call ended, as the end event records it."""

    TERMINAL = "terminal"  # the scenario reached a terminal state
    REPLIES_EXHAUSTED = "replies_exhausted"  # a headless run ran out of replies
    AGENT_ENDED = "agent_ended"  # the candidate hung up
    SILENCE = "silence"  # the candidate said nothing for too long
    INTERRUPTED = "interrupted"  # Ctrl+C or a closed terminal


class EndCause(StrEnum):
    """What brought the call to its end, as the report says it in plain words."""

    SAID = "said"  # a reply led to a terminal state (an agreement, a threat, an insult)
    PATIENCE = "patience"  # a debtor variable ran down (replies that did not answer)
    MOOD = "mood"  # a debtor variable ran up (anger, suspicion)
    NO_ANSWER = "no_answer"  # a reply that matched nothing ended the call
    AGENT_ENDED = "agent_ended"
    SILENCE = "silence"
    REPLIES_EXHAUSTED = "replies_exhausted"
    INTERRUPTED = "interrupted"


class ReadByKey:
    """Read-only access by key, for callers written against the dict contract."""

    def as_dict(self) -> JsonObject:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self.as_dict()[key]

    def __contains__(self, key: object) -> bool:
        return key in self.as_dict()

    def get(self, key: str, default: Any = None) -> Any:
        return self.as_dict().get(key, default)


MAX_CANDIDATE_CHARS = 64
_CANDIDATE_PUNCTUATION = frozenset(" .-_@'+/")


def check_candidate(value: str) -> str:
    """A candidate id as typed or given with ``--candidate``: trimmed, at most
    MAX_CANDIDATE_CHARS characters of letters, digits, spaces and ``. - _ @ ' + /``.
    ``ValueError`` says what is wrong with it, on one line."""
    text = value.strip()
    if not text:
        raise ValueError("a candidate id cannot be blank")
    if len(text) > MAX_CANDIDATE_CHARS:
        raise ValueError(
            f"a candidate id is at most {MAX_CANDIDATE_CHARS} characters (this one has {len(text)})"
        )
    for ch in text:
        if ch not in _CANDIDATE_PUNCTUATION and unicodedata.category(ch)[0] not in "LMN":
            raise ValueError(
                f"a candidate id holds only letters, digits, spaces and . - _ @ ' + (not {ch!a})"
            )
    return text


def _object(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValueError(f"{what} is not a JSON object")
    return data


def _opt_int(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} is not a whole number")
    return value


def _str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    return value


def _opt_str(value: object, what: str) -> str | None:
    return None if value is None else _str(value, what)


def _str_list(value: object, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} is not a list of text")
    return list(value)


def _int_dict(value: object, what: str) -> dict[str, int]:
    d = _object(value or {}, what)
    for v in d.values():
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"{what} holds a value that is not a whole number")
    return dict(d)


def _capture(value: object) -> dict[str, Any]:
    d = _object(value or {}, "capture")
    for key in ("keystrokes", "pasted"):
        _opt_int(d.get(key), f"capture {key}")
    return dict(d)


@dataclass(frozen=True)
class Turn(ReadByKey):
    """One exchange: the debtor's line, the candidate's reply, and where it led."""

    n: int
    state: str
    debtor: str
    agent: str
    to: str
    party: str | None = None
    events: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    via: str = ""
    mood: int | None = None
    hostile: bool = False
    vars: dict[str, int] = field(default_factory=dict)
    latency_ms: int | None = None
    capture: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> JsonObject:
        return {
            "n": self.n,
            "state": self.state,
            "party": self.party,
            "events": list(self.events),
            "debtor": self.debtor,
            "agent": self.agent,
            "signals": list(self.signals),
            "to": self.to,
            "via": self.via,
            "mood": self.mood,
            "hostile": self.hostile,
            "vars": dict(self.vars),
            "latency_ms": self.latency_ms,
            "capture": dict(self.capture),
        }

    @classmethod
    def from_dict(cls, data: object) -> Turn:
        d = _object(data, "a turn")
        n = _opt_int(d.get("n"), "n")
        if n is None:
            raise ValueError("a turn needs its number n")
        return cls(
            n=n,
            state=_str(d.get("state", ""), "state"),
            debtor=_str(d.get("debtor", ""), "debtor"),
            agent=_str(d.get("agent", ""), "agent"),
            to=_str(d.get("to", d.get("state", "")), "to"),
            party=_opt_str(d.get("party"), "party"),
            events=_str_list(d.get("events"), "events"),
            signals=_str_list(d.get("signals"), "signals"),
            via=_str(d.get("via", ""), "via"),
            mood=_opt_int(d.get("mood"), "mood"),
            hostile=bool(d.get("hostile")),
            vars=_int_dict(d.get("vars"), "vars"),
            latency_ms=_opt_int(d.get("latency_ms"), "latency_ms"),
            capture=_capture(d.get("capture")),
        )


@dataclass(frozen=True)
class Nudge(ReadByKey):
    """The debtor's reaction to a silence, after a given number of turns."""

    after_turn: int
    debtor: str

    def as_dict(self) -> JsonObject:
        return {"after_turn": self.after_turn, "debtor": self.debtor}

    @classmethod
    def from_dict(cls, data: object) -> Nudge:
        d = _object(data, "a nudge")
        return cls(
            _opt_int(d.get("after_turn"), "after_turn") or 0, _str(d.get("debtor", ""), "debtor")
        )


@dataclass(frozen=True)
class Closing(ReadByKey):
    """The debtor's last line and the state it was said in."""

    state: str
    debtor: str

    def as_dict(self) -> JsonObject:
        return {"state": self.state, "debtor": self.debtor}

    @classmethod
    def from_dict(cls, data: object) -> Closing:
        d = _object(data, "closing")
        return cls(_str(d.get("state"), "closing state"), _str(d.get("debtor"), "closing line"))


@dataclass(frozen=True)
class Verdict(ReadByKey):
    """The machine's verdict when the call ended, kept so a re-score can say what changed."""

    rubric: str
    rubric_sha256: str
    scores: dict[str, int]
    overall: int
    passed: bool

    def as_dict(self) -> JsonObject:
        return {
            "rubric": self.rubric,
            "rubric_sha256": self.rubric_sha256,
            "scores": dict(self.scores),
            "overall": self.overall,
            "passed": self.passed,
        }

    @classmethod
    def from_dict(cls, data: object) -> Verdict:
        d = _object(data, "assessment")
        return cls(
            _str(d.get("rubric", ""), "rubric"),
            _str(d.get("rubric_sha256", ""), "rubric_sha256"),
            _int_dict(d.get("scores"), "scores"),
            _opt_int(d.get("overall"), "overall") or 0,
            bool(d.get("passed")),
        )


@dataclass(frozen=True)
class EndedBecause(ReadByKey):
    """Why the call ended, in plain words, and the turns that caused it."""

    cause: EndCause
    says: str
    turns: list[int] = field(default_factory=list)

    def as_dict(self) -> JsonObject:
        return {"cause": self.cause.value, "says": self.says, "turns": list(self.turns)}

    @classmethod
    def from_dict(cls, data: object) -> EndedBecause:
        d = _object(data, "ended_because")
        turns = d.get("turns") or []
        if not isinstance(turns, list):
            raise ValueError("ended_because turns is not a list")
        return cls(
            cause=EndCause(_str(d.get("cause"), "ended_because cause")),
            says=_str(d.get("says"), "ended_because says"),
            turns=[_opt_int(t, "ended_because turn") or 0 for t in turns],
        )


@dataclass(frozen=True)
class CallEnd(ReadByKey):
    """How the call ended. ``assessment`` is written with the end event."""

    complete: bool
    outcome: str | None = None
    ended_in: str | None = None
    reason: EndReason | None = None
    closing: Closing | None = None
    unused_replies: list[str] = field(default_factory=list)
    assessment: Verdict | None = None
    because: EndedBecause | None = None

    def as_dict(self) -> JsonObject:
        out: JsonObject = {
            "outcome": self.outcome,
            "ended_in": self.ended_in,
            "complete": self.complete,
            "reason": self.reason.value if self.reason else None,
            "closing": self.closing.as_dict() if self.closing else None,
            "unused_replies": list(self.unused_replies),
        }
        if self.because is not None:
            out["ended_because"] = self.because.as_dict()
        if self.assessment is not None:
            out["assessment"] = self.assessment.as_dict()
        return out

    @classmethod
    def from_dict(cls, data: object) -> CallEnd:
        d = _object(data, "the end")
        reason = d.get("reason")
        closing = d.get("closing")
        assessment = d.get("assessment")
        because = d.get("ended_because")
        return cls(
            complete=bool(d.get("complete")),
            outcome=_opt_str(d.get("outcome"), "outcome"),
            ended_in=_opt_str(d.get("ended_in"), "ended_in"),
            reason=EndReason(reason) if reason is not None else None,
            closing=Closing.from_dict(closing) if closing is not None else None,
            unused_replies=_str_list(d.get("unused_replies"), "unused_replies"),
            assessment=Verdict.from_dict(assessment) if assessment is not None else None,
            because=EndedBecause.from_dict(because) if because is not None else None,
        )

    def with_assessment(self, assessment: Verdict) -> CallEnd:
        return replace(self, assessment=assessment)


@dataclass(frozen=True)
class ScenarioRef(ReadByKey):
    id: str
    title: str | None = None
    sha256: str | None = None

    def as_dict(self) -> JsonObject:
        return {"id": self.id, "title": self.title, "sha256": self.sha256}


@dataclass(frozen=True)
class RubricRef(ReadByKey):
    id: str
    sha256: str

    def as_dict(self) -> JsonObject:
        return {"id": self.id, "sha256": self.sha256}


@dataclass(frozen=True)
class TranscriptHeader(ReadByKey):
    """What was played: the scenario and rubric (with their hashes), seed and candidate."""

    scenario: ScenarioRef
    rubric: RubricRef | None = None
    seed: int | None = None
    program: str | None = None
    candidate: str | None = None
    mode: str | None = None
    start: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    started_at: str | None = None
    format: int = FORMAT_VERSION

    def as_dict(self) -> JsonObject:
        return {
            "format": self.format,
            "scenario": self.scenario.as_dict(),
            "rubric": self.rubric.as_dict() if self.rubric else None,
            "seed": self.seed,
            "program": self.program,
            "candidate": self.candidate,
            "mode": self.mode,
            "start": self.start,
            "facts": dict(self.facts),
            "started_at": self.started_at,
        }

    @classmethod
    def from_dict(cls, data: object) -> TranscriptHeader:
        d = _object(data, "the header")
        scenario = _object(d.get("scenario") or {}, "scenario")
        rubric = d.get("rubric")
        if rubric is not None:
            rubric = _object(rubric, "rubric")
            rubric = RubricRef(
                _str(rubric.get("id"), "rubric id"), _str(rubric.get("sha256"), "rubric sha256")
            )
        return cls(
            scenario=ScenarioRef(
                _str(scenario.get("id", ""), "scenario id"),
                _opt_str(scenario.get("title"), "scenario title"),
                _opt_str(scenario.get("sha256"), "scenario sha256"),
            ),
            rubric=rubric,
            seed=_opt_int(d.get("seed"), "seed"),
            program=_opt_str(d.get("program"), "program"),
            candidate=_opt_str(d.get("candidate"), "candidate"),
            mode=_opt_str(d.get("mode"), "mode"),
            start=_opt_str(d.get("start"), "start"),
            facts=dict(_object(d.get("facts") or {}, "facts")),
            started_at=_opt_str(d.get("started_at"), "started_at"),
            format=_opt_int(d.get("format"), "format") or FORMAT_VERSION,
        )
