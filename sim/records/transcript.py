"""The JSONL transcript: one event per line, appended and fsynced as each turn completes.

Every line carries ``prev`` (the hash of the line before) and ``hash``
(sha256 of ``prev`` + the line's canonical JSON without ``hash``/``mac``), so any edit,
removal, reordering or insertion breaks the chain. With ``SIM_TRANSCRIPT_KEY`` set, each
line also carries ``mac`` = HMAC-SHA256(key, hash), which a candidate without the key
cannot forge. See docs/transcript.md for the format and the threat model.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SimError, one_line
from sim.records.chain import (
    FROM_ENV,
    GENESIS,
    KEY_ENV,
    Secret,
    key,
    line_hash,
    line_text,
    seal,
    secret_of,
    walk,
)
from sim.records.events import FORMAT_VERSION, CallEnd, Nudge, TranscriptHeader, Turn

__all__ = [
    "FORMAT_VERSION",
    "KEY_ENV",
    "CallRecord",
    "TranscriptWriter",
    "line_hash",
    "load_transcript",
    "verify",
]


class TranscriptWriter:
    """Appends hash-chained events; each is on disk (fsynced) before ``write`` returns,
    unless it was told to wait for :meth:`sync`.

    The file appears with its header already in it (written to a temporary file, then
    linked into place), so no reader ever finds an empty transcript. With ``unique`` a
    name already taken gets a suffix (``-2``, ``-3``...) instead of an error.
    """

    def __init__(self, path: str | Path, header: Mapping[str, Any], *, unique: bool = False):
        self.path = Path(path)
        self._prev = GENESIS
        self._unsynced = False  # a line written with sync=False is not on the disk yet
        self._key = key()
        first = self._line({"type": "header", "format": FORMAT_VERSION, **header})
        if self.path.is_dir():
            raise SimError(f"{self.path}: is a folder; give a file name for the transcript")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path = _create_with(self.path, first, unique)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except FileExistsError:
            raise SimError(f"{self.path}: a transcript already exists there") from None
        except OSError as exc:
            raise SimError(f"{self.path}: cannot write the transcript ({_why(exc)})") from None

    def _line(self, event: Mapping[str, Any]) -> str:
        line = seal(self._prev, event, self._key)
        self._prev = line["hash"]
        return line_text(line)

    def write(self, event: Mapping[str, Any], *, sync: bool = True) -> None:
        """Append one event whole, or (a full disk) raise with the file as it was: a line
        written in part is cut off again, so a later line never lands after a fragment.

        ``sync=False``: the line is in the file at once (a killed program keeps it) and
        reaches the disk at :meth:`sync`, which a caller with something to show first
        calls once it is shown; only a power cut in between could lose it."""
        prev = self._prev
        data = memoryview(self._line(event).encode("utf-8"))
        size = None
        try:
            size = os.fstat(self._fd).st_size
            while data:
                data = data[os.write(self._fd, data) :]
            if sync:
                os.fsync(self._fd)
        except OSError as exc:
            self._prev = prev
            if size is not None:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, size)
            raise SimError(f"{self.path}: cannot write the transcript ({_why(exc)})") from None
        self._unsynced = not sync

    def sync(self) -> None:
        """Put the lines written with ``sync=False`` on the disk."""
        if self._unsynced:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                raise SimError(f"{self.path}: cannot write the transcript ({_why(exc)})") from None
            self._unsynced = False

    def close(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):  # every line was written, and all but the
                if self._unsynced:  # ones written with sync=False fsynced
                    os.fsync(self._fd)
                os.close(self._fd)
            self._fd = -1


MAX_NAME_TRIES = 1000


def _create_with(path: Path, text: str, unique: bool) -> Path:
    """Create ``path`` (or, with ``unique``, the first free ``stem-N`` beside it) holding
    ``text``, fsynced: never overwriting, never empty."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".transcript.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        for n in range(1, MAX_NAME_TRIES + 1):
            target = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
            try:
                _link(tmp, target)
                return target
            except FileExistsError:
                if not unique:
                    raise
        raise SimError(f"{path}: no free file name after {MAX_NAME_TRIES} tries")
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link(tmp: str, target: Path) -> None:
    """Put ``tmp`` at ``target`` unless something is already there (atomic where the file
    system has hard links)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here: create exclusively, then copy the header in
        with open(target, "x", encoding="utf-8") as f:
            f.write(Path(tmp).read_text(encoding="utf-8"))
            f.flush()
            os.fsync(f.fileno())


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


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
            event = parse_line(raw)
        except ValueError as exc:
            if final and not raw.endswith("\n"):
                break  # a line cut short by a crash: the call is incomplete, not corrupt
            raise SimError(f"{path}:{number}: {exc}") from None
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
                raise SimError(f"{path}:{number}: unknown event type '{one_line(str(kind))[:40]}'")
        except (ValueError, TypeError) as exc:
            raise SimError(
                f"{path}:{number}: not a valid {one_line(str(kind))[:40]} event ({exc})"
            ) from None
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
    # Lines end at "\n" only: str.splitlines would also split inside a string holding
    # U+2028, U+2029 or U+0085, which transcripts written before they were escaped hold raw.
    raw_lines = [line + "\n" for line in text.split("\n")]
    raw_lines[-1] = raw_lines[-1][:-1]  # the text after the last newline: "" or cut short
    if not raw_lines[-1]:
        raw_lines.pop()
    return [(i + 1, raw, i == len(raw_lines) - 1) for i, raw in enumerate(raw_lines) if raw.strip()]


MAX_LINE_DEPTH = 64  # transcript lines nest a few levels; deeper is hostile


def parse_line(raw: str) -> dict[str, Any]:
    """One transcript line as a JSON object; ``ValueError`` says why it is not one."""
    if _depth(raw) > MAX_LINE_DEPTH:
        raise ValueError(f"nested more than {MAX_LINE_DEPTH} levels deep")
    try:
        event = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a JSON line ({exc.msg})") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of over 4,300 digits
        raise ValueError(f"not a readable JSON line ({exc})") from None
    if not isinstance(event, dict):
        raise ValueError("not a transcript event (a JSON object)")
    return event


def _depth(raw: str) -> int:
    """How deep brackets nest, counting only outside strings; cheap, and before parsing."""
    if raw.count("[") + raw.count("{") <= MAX_LINE_DEPTH:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for ch in raw:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_LINE_DEPTH:
                    break
        elif ch in "]}":
            depth -= 1
    return deepest


@dataclass
class Verification:
    """What ``sim verify`` found. ``signed``: a key was set and every signature matched it;
    ``macs``: lines carry signatures (that only a key can check)."""

    path: str
    problems: list[str]
    complete: bool
    signed: bool
    ended: bool = False  # the call has its end line (complete or interrupted)
    reason: str | None = None  # why it ended, from the end line
    macs: bool = False
    last: str = GENESIS  # the hash of the last line: where a review's chain starts

    @property
    def ok(self) -> bool:
        return not self.problems

    def state(self) -> str:
        """The verdict in words, for ``sim verify`` and report flags."""
        if self.problems:
            return "FAILED: " + "; ".join(self.problems)
        if self.complete:
            state = "complete"
        elif self.ended:
            state = f"incomplete (ended: {self.reason or 'unknown'})"
        else:
            state = "incomplete (the call did not finish)"
        if self.signed:
            return f"ok, {state}, signed"
        if self.macs:
            return f"ok, {state} (signatures not checked: {KEY_ENV} is not set)"
        return f"ok, {state}, not signed"


def verify(path: str | Path, secret: Secret = FROM_ENV) -> Verification:
    """Check the hash chain (and the signatures when a key is set) line by line.
    ``secret``: the key to check with (``sim serve`` checks with its own), by default
    ``SIM_TRANSCRIPT_KEY``.

    With a key set, a transcript must also be whole: an unsigned line, a line cut short
    or a missing end line fails, so cutting a call short cannot hide how it ended."""
    checking = secret_of(secret)
    try:
        lines = _read_lines(path)
    except SimError as exc:
        return Verification(str(path), [str(exc)], False, False)
    found = walk(lines, parse_line, stop_after="end", secret=checking)
    problems = found.problems
    events = found.events
    if not problems and not events:
        problems.append("no complete line: not a transcript" if lines else "empty file")
    elif not problems and events[0].get("type") != "header":
        problems.append("line 1: the first line must be the header")
    end = events[-1] if events and events[-1].get("type") == "end" else None
    if not problems and checking:
        if found.cut:
            problems.append(f"line {len(events) + 1}: cut short ({KEY_ENV} is set)")
        elif end is None:
            problems.append(f"no end line: the call was cut short ({KEY_ENV} is set)")
    reason = end.get("reason") if end else None
    return Verification(
        str(path),
        problems,
        complete=bool(end and end.get("complete") is True),
        signed=found.checked and not problems,
        ended=end is not None,
        reason=reason if isinstance(reason, str) else None,
        macs=found.macs,
        last=found.last,
    )
