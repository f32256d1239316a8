"""Small text meters: the debtor's mood and the score bars."""

from __future__ import annotations

from rich.text import Text


def meter(value: int, maximum: int, width: int = 10) -> str:
    filled = round(width * max(0, min(value, maximum)) / maximum) if maximum else 0
    return "█" * filled + "░" * (width - filled)


def mood_text(label: str, value: int, maximum: int, hostile_at: int) -> Text:
    style = "bold red" if value >= hostile_at else "yellow" if value >= hostile_at - 2 else "green"
    return Text.assemble(
        f"{label.capitalize()}: ", (meter(value, maximum), style), f" {value}/{maximum}"
    )


def score_line(name: str, value: int, width: int = 24) -> Text:
    style = "green" if value >= 75 else "yellow" if value >= 50 else "red"
    return Text.assemble(f"{name:<13}", (meter(value, 100, width), style), f" {value:>3}")
