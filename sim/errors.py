"""Errors the user can act on. The CLI prints them on one line and exits 2."""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


class SourceError(SimError):
    """A file could not be loaded; carries every error-severity diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__(str(diagnostics[0]))
