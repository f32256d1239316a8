"""What the scenario checks need from a rubric, in a module of its own: a run whose
scenario is cached compares these with the rubric's without importing the lints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DebtTalk:
    """What counts as discussing the debt (from the rubric's ``program`` section):
    signals that talk about it, and outcomes that settle it."""

    signals: frozenset[str]
    outcomes: frozenset[str]


@dataclass(frozen=True)
class Terms:
    """What the scenario checks need from a rubric: its name (for messages), the signals it
    defines, and what it counts as discussing the debt."""

    rubric: str
    signals: frozenset[str]
    debt: DebtTalk
