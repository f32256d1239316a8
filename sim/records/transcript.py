"""The JSONL transcript: one event per line, appended and fsynced as each turn completes.

Every line carries ``prev`` (the hash of the line before) and ``hash``
(sha256 of ``prev`` + the line's canonical JSON without ``hash``/``mac``), so any edit,
removal, reordering or insertion breaks the chain. With ``SIM_TRANSCRIPT_KEY`` set, each
line also carries ``mac`` = HMAC-SHA256(key, hash), which a candidate without the key
cannot forge. See docs/transcript.md for the format and the threat model.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SimError, json_safe, one_line
from sim.records.events import FORMAT_VERSION, CallEnd, Nudge, TranscriptHeader, Turn

__all__ = ["FORMAT_VERSION", "CallRecord", "TranscriptWriter", "load_transcript", "verify"]
KEY_ENV = "SIM_TRANSCRIPT_KEY"
GENESIS = "0" * 64


def canonical(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def line_hash(prev: str, body: Mapping[str, Any]) -> str:
    # surrogatepass: a lone surrogate (from a YAML or JSON escape) still hashes
    return hashlib.sha256((prev + canonical(body)).encode("utf-8", "surrogatepass")).hexdigest()


def line_text(line: Mapping[str, Any]) -> str:
    """A line as written: the canonical JSON with U+2028, U+2029, U+0085 and every other
    character a terminal or a JSON Lines reader would act on escaped. The parsed value,
    and so the hash, is the same as the canonical form's."""
    return json_safe(canonical(line)) + "\n"


def _key() -> bytes | None:
    value = os.environ.get(KEY_ENV)
    return value.encode("utf-8") if value else None


def _mac(key: bytes, digest: str) -> str:
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


class TranscriptWriter:
    """Appends hash-chained events; each is on disk (fsynced) before ``write`` returns.

    The file appears with its header already in it (written to a temporary file, then
    linked into place), so no reader ever finds an empty transcript. With ``unique`` a
    name already taken gets a suffix (``-2``, ``-3``...) instead of an error.
    """

    def __init__(self, path: str | Path, header: Mapping[str, Any], *, unique: bool = False):
        self.path = Path(path)
        self._prev = GENESIS
        self._key = _key()
        first = self._line({"type": "header", "format": FORMAT_VERSION, **header})
        if self.path.is_dir():
            raise SimError(f"{self.path}: is a folder; give a file name for the transcript")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path = _create_with(self.path, first, unique)
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - held open
        except FileExistsError:
            raise SimError(f"{self.path}: a transcript already exists there") from None
        except OSError as exc:
            raise SimError(f"{self.path}: cannot write the transcript ({_why(exc)})") from None

    def _line(self, event: Mapping[str, Any]) -> str:
        body = {**event, "prev": self._prev}
        digest = line_hash(self._prev, body)
        line = {**body, "hash": digest}
        if self._key:
            line["mac"] = _mac(self._key, digest)
        self._prev = digest
        return line_text(line)

    def write(self, event: Mapping[str, Any]) -> None:
        prev = self._prev
        text = self._line(event)
        try:
            self._file.write(text)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            self._prev = prev
            raise SimError(f"{self.path}: cannot write the transcript ({_why(exc)})") from None

    def close(self) -> None:
        if not self._file.closed:
            with contextlib.suppress(OSError):  # every line was already fsynced
                self._file.close()


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
            event = parse_line(raw)
        except ValueError as exc:
            if final and not raw.endswith("\n"):
                break  # truncated by a crash: incomplete, not forged
            problems.append(f"line {number}: {exc}")
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
        mac = event.get("mac")
        if key and (
            not isinstance(mac, str)
            or not mac.isascii()
            or not hmac.compare_digest(mac, _mac(key, event["hash"]))
        ):
            problems.append(f"line {number}: signature does not match the key")
            break
        if complete:
            problems.append(f"line {number}: appended after the end of the call")
            break
        prev = event["hash"]
        complete = event.get("type") == "end"
    return Verification(str(path), problems, complete, signed)
