"""The JSONL transcript: one event per line, appended and fsynced as each turn completes.

Every line carries ``prev`` (the hash of the line before) and ``hash``
(sha256 of ``prev`` + the line's canonical JSON without ``hash``/``mac``), so any edit,
removal, reordering or insertion breaks the chain. With ``SIM_TRANSCRIPT_KEY`` set, each
line also carries ``mac`` = HMAC-SHA256(key, hash), which a candidate without the key
cannot forge. See docs/transcript.md for the format and the threat model.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.records.events import FORMAT_VERSION, CallEnd, Nudge, TranscriptHeader, Turn

__all__ = ["FORMAT_VERSION", "CallRecord", "TranscriptWriter", "load_transcript", "verify"]
KEY_ENV = "SIM_TRANSCRIPT_KEY"
GENESIS = "0" * 64


def canonical(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def line_hash(prev: str, body: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev + canonical(body)).encode("utf-8")).hexdigest()


def _key() -> bytes | None:
    value = os.environ.get(KEY_ENV)
    return value.encode("utf-8") if value else None


def _mac(key: bytes, digest: str) -> str:
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


class TranscriptWriter:
    """Appends hash-chained events; each is on disk (fsynced) before ``write`` returns."""

    def __init__(self, path: str | Path, header: Mapping[str, Any]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._file = open(self.path, "x", encoding="utf-8")  # noqa: SIM115 - held open
        except FileExistsError:
            raise SimError(f"{self.path}: a transcript already exists there") from None
        self._prev = GENESIS
        self._key = _key()
        self.write({"type": "header", "format": FORMAT_VERSION, **header})

    def write(self, event: Mapping[str, Any]) -> None:
        body = {**event, "prev": self._prev}
        digest = line_hash(self._prev, body)
        line = {**body, "hash": digest}
        if self._key:
            line["mac"] = _mac(self._key, digest)
        self._file.write(canonical(line) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self._prev = digest

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()


@dataclass
class CallRecord:
    """What a call left behind: the header, its turns, nudges and how it ended."""

    header: TranscriptHeader
    turns: list[Turn] = field(default_factory=list)
    nudges: list[Nudge] = field(default_factory=list)
    end: CallEnd | None = None
    path: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.end and self.end.complete)


_STRIP = {"prev", "hash", "mac", "type"}


def load_transcript(path: str | Path) -> CallRecord:
    """Parse a transcript; a corrupt line is an error naming the file and line."""
    lines = _read_lines(path)
    record: CallRecord | None = None
    for number, raw, final in lines:
        try:
            event = json.loads(raw)
        except json.JSONDecodeError as exc:
            if final and not raw.endswith("\n"):
                break  # a line cut short by a crash: the call is incomplete, not corrupt
            raise SimError(f"{path}:{number}: not a JSON line ({exc.msg})") from None
        if not isinstance(event, dict) or "type" not in event:
            raise SimError(f"{path}:{number}: not a transcript event")
        body = {k: v for k, v in event.items() if k not in _STRIP}
        kind = event["type"]
        try:
            if record is None:
                if kind != "header":
                    raise SimError(f"{path}:{number}: the first line must be the header")
                record = CallRecord(TranscriptHeader.from_dict(body), path=str(path))
            elif kind == "turn":
                record.turns.append(Turn.from_dict(body))
            elif kind == "nudge":
                record.nudges.append(Nudge.from_dict(body))
            elif kind == "end":
                record.end = CallEnd.from_dict(body)
            else:
                raise SimError(f"{path}:{number}: unknown event type '{kind}'")
        except (ValueError, TypeError) as exc:
            raise SimError(f"{path}:{number}: not a valid {kind} event ({exc})") from None
    if record is None:
        raise SimError(f"{path}: empty transcript")
    return record


def _read_lines(path: str | Path) -> list[tuple[int, str, bool]]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SimError(f"{path}: no such transcript") from None
    except OSError as exc:
        raise SimError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SimError(f"{path}:{line}: not valid UTF-8") from None
    raw_lines = text.splitlines(keepends=True)
    return [(i + 1, raw, i == len(raw_lines) - 1) for i, raw in enumerate(raw_lines) if raw.strip()]


@dataclass
class Verification:
    path: str
    problems: list[str]
    complete: bool
    signed: bool

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: str | Path) -> Verification:
    """Check the hash chain (and MACs when a key is set) line by line."""
    key = _key()
    problems: list[str] = []
    prev = GENESIS
    complete = False
    signed = False
    try:
        lines = _read_lines(path)
    except SimError as exc:
        return Verification(str(path), [str(exc)], False, False)
    for number, raw, final in lines:
        try:
            event = json.loads(raw)
        except json.JSONDecodeError:
            if final and not raw.endswith("\n"):
                break  # truncated by a crash: incomplete, not forged
            problems.append(f"line {number}: not valid JSON")
            break
        body = {k: v for k, v in event.items() if k not in {"hash", "mac"}}
        if event.get("prev") != prev:
            problems.append(
                f"line {number}: does not follow line {number - 1} "
                "(a line was removed, reordered or inserted)"
            )
            break
        if line_hash(prev, body) != event.get("hash"):
            problems.append(f"line {number}: content was edited after it was written")
            break
        if "mac" in event:
            signed = True
        if key and (
            not isinstance(event.get("mac"), str)
            or not hmac.compare_digest(event["mac"], _mac(key, event["hash"]))
        ):
            problems.append(f"line {number}: signature does not match the key")
            break
        if complete:
            problems.append(f"line {number}: appended after the end of the call")
            break
        prev = event["hash"]
        complete = event.get("type") == "end"
    return Verification(str(path), problems, complete, signed)
