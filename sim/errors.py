"""Errors the user can act on. The CLI prints them on one line and exits 2."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# What a terminal would act on or hide: C0 and C1 controls (U+009B is an 8-bit CSI), DEL,
# line and paragraph separators, bidi overrides and isolates, zero-width and other format
# characters, and lone surrogates (which cannot even be encoded).
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
)
_CONTROL = re.compile(f"[\n\t{_UNSAFE}]")
_TERMINAL = re.compile(f"[{_UNSAFE}]")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def one_line(text: str) -> str:
    """Control, format and bidi characters (a newline in a YAML key, an ESC in a candidate
    id, a right-to-left override) shown as visible escapes, on one line."""
    if text.isprintable():  # none of them is printable: most text needs no search
        return text
    return _CONTROL.sub(_escape, text)


def terminal_safe(text: str) -> str:
    """Text for a terminal: as ``one_line`` but newlines and tabs are kept."""
    return _TERMINAL.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text with the characters ``terminal_safe`` escapes written as ``\\uXXXX``:
    the same JSON value, but nothing a terminal acts on and nothing a JSON Lines reader
    splits on (U+2028, U+2029, U+0085). Outside strings JSON holds none of them."""
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SimError(Exception):
    """Bad usage or bad input: a one-line message, never a traceback."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a source file, printed as ``path:line:col: CODE severity: message``."""

    path: str
    line: int
    col: int
    code: str
    severity: str
    message: str

    def __str__(self) -> str:
        return (
            f"{one_line(self.path)}:{self.line}:{self.col}: {self.code} {self.severity}: "
            f"{one_line(self.message)}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": one_line(self.message),
        }


class SourceError(SimError):
    """A file could not be loaded; carries every error-severity diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__(str(diagnostics[0]))
