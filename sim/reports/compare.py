"""Two calls of the same scenario side by side, score by score and turn by turn."""

from __future__ import annotations

import textwrap
from itertools import zip_longest
from typing import Any

from sim.reports.text import COMPETENCY_NAMES

WIDTH = 48


def _column(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH) or [""]


def compare(a: dict[str, Any], b: dict[str, Any], name_a: str, name_b: str) -> str:
    who_a, who_b = a["candidate"] or "A", b["candidate"] or "B"
    out = []
    if a["scenario"] != b["scenario"]:
        out.append(f"note: different scenarios ({a['scenario']} and {b['scenario']})")
    out += [
        f"{'':<14}{who_a[:WIDTH]:<{WIDTH}}  {who_b[:WIDTH]}",
        f"{'':<14}{name_a[-WIDTH:]:<{WIDTH}}  {name_b[-WIDTH:]}",
        "",
    ]
    for c, label in COMPETENCY_NAMES.items():
        diff = b["scores"][c] - a["scores"][c]
        out.append(f"{label:<14}{a['scores'][c]:<{WIDTH}}  {b['scores'][c]}  ({diff:+d})")
    out.append(
        f"{'Overall':<14}{a['overall']:<{WIDTH}}  {b['overall']}  "
        f"({b['overall'] - a['overall']:+d})"
    )
    out.append(f"{'Passed':<14}{a['passed']!s:<{WIDTH}}  {b['passed']}")
    out.append(f"{'Outcome':<14}{a['outcome']!s:<{WIDTH}}  {b['outcome']}")
    out.append("")
    violations: dict[tuple[str, int], list[str]] = {}
    for side, report in (("a", a), ("b", b)):
        for v in report["violations"]:
            violations.setdefault((side, v["turn"]), []).append(f"! {v['rule']}")
    for ta, tb in zip_longest(a["turns"], b["turns"]):
        n = (ta or tb)["n"]
        state_a = ta["state"] if ta else "-"
        state_b = tb["state"] if tb else "-"
        out.append(f"turn {n:<9}[{state_a}]{'':<{max(0, WIDTH - len(state_a) - 2)}}  [{state_b}]")
        left = _column(ta["agent"]) if ta else ["(call over)"]
        right = _column(tb["agent"]) if tb else ["(call over)"]
        left += [", ".join(s["id"] for s in ta["signals"])] if ta else []
        right += [", ".join(s["id"] for s in tb["signals"])] if tb else []
        left += violations.get(("a", n), [])
        right += violations.get(("b", n), [])
        for la, lb in zip_longest(left, right, fillvalue=""):
            out.append(f"{'':<14}{la[:WIDTH]:<{WIDTH}}  {lb[:WIDTH]}")
        out.append("")
    return "\n".join(out)
