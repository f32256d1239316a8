"""The hash chain and signatures shared by transcripts and their reviews.

Every line carries ``prev`` (the hash of the line before), ``hash`` (sha256 of ``prev`` +
the line's canonical JSON without ``hash``/``mac``) and, with ``SIM_TRANSCRIPT_KEY`` set,
``mac`` = HMAC-SHA256(key, hash). :func:`walk` checks a file's lines against that rule.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sim.errors import json_safe

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


def key() -> bytes | None:
    value = os.environ.get(KEY_ENV)
    return value.encode("utf-8") if value else None


class FromEnv(Enum):
    """The key checks use unless told another: ``SIM_TRANSCRIPT_KEY``, read when checking."""

    KEY = KEY_ENV


FROM_ENV = FromEnv.KEY
Secret = bytes | None | FromEnv  # a key given (``None``: no key), or the environment's


def secret_of(secret: Secret) -> bytes | None:
    return key() if secret is FROM_ENV else secret


def mac(secret: bytes, digest: str) -> str:
    return hmac.new(secret, digest.encode("ascii"), hashlib.sha256).hexdigest()


def seal(prev: str, event: Mapping[str, Any], secret: bytes | None) -> dict[str, Any]:
    """``event`` as a line of the chain that follows ``prev``."""
    body = {**event, "prev": prev}
    line = {**body, "hash": line_hash(prev, body)}
    if secret:
        line["mac"] = mac(secret, line["hash"])
    return line


@dataclass
class Walk:
    """What walking a chain found: the lines that fit, and the first problem if any."""

    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cut: bool = False  # the last line was cut short mid-write
    macs: bool = False  # some line carries a signature
    checked: bool = False  # a key was set and every line's signature matched it
    last: str = GENESIS  # the hash of the last line that fits


def walk(
    lines: list[tuple[int, str, bool]],
    parse: Any,
    *,
    start: str = GENESIS,
    stop_after: str = "",
    secret: bytes | None = None,
) -> Walk:
    """Check each line follows the one before, unedited and (with ``secret``) signed.

    ``lines``: (number, text, is_last); ``parse``: text -> dict or ``ValueError``;
    ``stop_after``: an event type after which nothing may follow."""
    out = Walk(last=start)
    ended = False
    for number, raw, final in lines:
        if ended:
            out.problems.append(f"line {number}: appended after the end of the call")
            break
        try:
            event = parse(raw)
        except ValueError as exc:
            if final and not raw.endswith("\n"):
                out.cut = True  # a crash mid-write: incomplete, not forged
                break
            out.problems.append(f"line {number}: {exc}")
            break
        body = {k: v for k, v in event.items() if k not in {"hash", "mac"}}
        if "hash" not in event or "prev" not in event:
            out.problems.append(
                f"line {number}: not part of a chain (written by hand or by an old version)"
            )
            break
        if event.get("prev") != out.last:
            out.problems.append(
                f"line {number}: does not follow line {number - 1} "
                "(a line was removed, reordered or inserted)"
                if number > 1
                else f"line {number}: does not start this chain (it belongs to another file)"
            )
            break
        if line_hash(out.last, body) != event.get("hash"):
            out.problems.append(f"line {number}: content was edited after it was written")
            break
        signature = event.get("mac")
        out.macs = out.macs or signature is not None
        if secret:
            if signature is None:
                out.problems.append(f"line {number}: not signed, but {KEY_ENV} is set")
                break
            if (
                not isinstance(signature, str)
                or not signature.isascii()
                or not hmac.compare_digest(signature, mac(secret, event["hash"]))
            ):
                out.problems.append(f"line {number}: signature does not match the key")
                break
        out.events.append(event)
        out.last = event["hash"]
        ended = bool(stop_after) and event.get("type") == stop_after
    out.checked = bool(secret) and not out.problems and bool(out.events)
    return out
