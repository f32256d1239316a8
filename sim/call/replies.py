"""Reading candidate replies from a file for headless play, and cleaning typed text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sim.errors import SimError

MAX_REPLY_CHARS = 2000
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> tuple[str, bool]:
    """Drop control characters and terminal escapes; cut to MAX_REPLY_CHARS."""
    text = _CONTROL.sub(" ", text.replace("\t", " "))
    text = " ".join(text.split())
    if len(text) > MAX_REPLY_CHARS:
        return text[:MAX_REPLY_CHARS], True
    return text, False


def read_replies(ref: str) -> list[tuple[str, bool]]:
    """Each non-blank line of the file (or '-' for stdin) is one reply."""
    try:
        data = sys.stdin.buffer.read() if ref == "-" else Path(ref).read_bytes()
    except FileNotFoundError:
        raise SimError(f"{ref}: no such replies file") from None
    except OSError as exc:
        raise SimError(f"{ref}: cannot read ({exc.strerror})") from None
    name = "stdin" if ref == "-" else ref
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SimError(f"{name}:{line}: not valid UTF-8") from None
    replies = [clean(line) for line in text.splitlines()]
    replies = [(t, cut) for t, cut in replies if t]
    if not replies:
        raise SimError(f"{name}: no replies (every line is blank)")
    return replies
