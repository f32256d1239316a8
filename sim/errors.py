"""Errors the user can act on. The CLI prints them on one line and exits 2."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Control characters (a newline in a YAML key, say) shown as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


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
