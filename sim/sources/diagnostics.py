"""The catalog of diagnostics: stable codes, severities and titles (docs/diagnostics.md)."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    "SIM001": ("error", "file not found or unreadable"),
    "SIM002": ("error", "YAML syntax error (or invalid UTF-8)"),
    "SIM003": ("error", "document too large or too deeply nested (or an alias bomb)"),
    "SIM004": ("error", "duplicate key"),
    "SIM005": ("error", "over a size limit (a rubric's patterns, phrases or lexicons)"),
    "SIM010": ("error", "unknown key"),
    "SIM011": ("error", "wrong type or invalid value"),
    "SIM012": ("error", "missing required key"),
    "SIM013": ("error", "empty list of debtor lines"),
    "SIM020": ("error", "transition to an undefined state"),
    "SIM021": ("error", "unknown signal"),
    "SIM022": ("error", "undefined variable"),
    "SIM023": ("error", "terminal state without an outcome"),
    "SIM024": ("error", "terminal state with transitions"),
    "SIM025": ("error", "outcome on a state that is not terminal"),
    "SIM026": ("error", "state with no fallback"),
    "SIM027": ("error", "outcome not declared under outcomes"),
    "SIM028": ("error", "pattern that can take exponential time (or does not compile)"),
    "SIM029": ("error", "pattern names an unknown lexicon or placeholder"),
    "SIM030": ("error", "duplicate scenario id"),
    "SIM031": ("error", "the rubric a scenario or plan names cannot be used"),
    "SIM040": ("warning", "state unreachable from the start"),
    "SIM041": ("error", "dead end: no terminal state can be reached"),
    "SIM042": ("warning", "outcome declared but unreachable"),
    "SIM043": ("warning", "signal defined but never used"),
    "SIM044": ("warning", "variable set but never read"),
    "SIM045": ("warning", "the debtor could say the same line twice in a row"),
    "SIM046": ("warning", "a debtor line with one wording"),
    "SIM047": ("warning", "a way out of a state that can never fire"),
    "SIM050": ("error", "competency can never reach 100"),
    "SIM051": ("error", "competency with no signals"),
    "SIM052": ("warning", "signal with the same phrases and patterns as another"),
    "SIM053": ("warning", "question that can never be asked"),
    "SIM060": ("error", "the debt can be discussed before any identity check"),
    "SIM070": ("error", "test plan names an unknown scenario"),
    "SIM071": ("error", "test plan names something its scenario or rubric does not have"),
    "SIM072": ("error", "test case expects nothing, so it can never fail"),
    "SIM073": ("warning", "test case does not say how the call ends"),
}


def severity(code: str) -> str:
    return CATALOG[code][0]
