"""Calibration of a rubric against labelled utterances: per-rule and per-signal confusion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.rubric.loader import LoadedRubric
from sim.rubric.model import Rubric
from sim.rubric.probe import probe


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Calibration:
    rules: dict[str, Confusion] = field(default_factory=dict)
    signals: dict[str, Confusion] = field(default_factory=dict)
    compliant_lines: int = 0
    compliant_flagged_critical: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def critical_false_alarm_rate(self) -> float:
        return self.compliant_flagged_critical / max(self.compliant_lines, 1)


def calibrate(
    loaded: LoadedRubric, items: list[Mapping[str, Any]], base_facts: Mapping[str, Any]
) -> Calibration:
    result = Calibration()
    severity = {rid: rule.severity for rid, rule in loaded.rubric.rules.items()}
    for item in items:
        facts = {**base_facts, **item.get("facts", {})}
        events = tuple(item.get("events", ["right_party_verified"]))
        found, violations = probe(loaded, item["t"], facts, item.get("party", "debtor"), events)
        predicted = {v.rule for v in violations}
        expected = set(item.get("rules", []))
        for rid in predicted | expected:
            c = result.rules.setdefault(rid, Confusion())
            if rid in predicted and rid in expected:
                c.tp += 1
            elif rid in predicted:
                c.fp += 1
                result.mistakes.append(f"false {rid}: {item['t']}")
            else:
                c.fn += 1
                result.mistakes.append(f"missed {rid}: {item['t']}")
        if not expected:
            result.compliant_lines += 1
            # the rule's base severity: a hedged statement downgraded to major still counts
            if any(severity[r] == "critical" for r in predicted):
                result.compliant_flagged_critical += 1
        detected = {m.signal for m in found if m.status == "detected"}
        for sid in item.get("signals", []):
            c = result.signals.setdefault(sid, Confusion())
            if sid in detected:
                c.tp += 1
            else:
                c.fn += 1
                result.mistakes.append(f"missed signal {sid}: {item['t']}")
        for sid in item.get("not", []):
            c = result.signals.setdefault(sid, Confusion())
            if sid in detected:
                c.fp += 1
                result.mistakes.append(f"false signal {sid}: {item['t']}")
    return result


def table(result: Calibration, rubric: Rubric) -> str:
    lines = [f"{'rule':<28}{'severity':<10}{'TP':>4}{'FP':>4}{'FN':>4}{'prec':>7}{'recall':>8}"]
    for rid in sorted(result.rules):
        c = result.rules[rid]
        lines.append(
            f"{rid:<28}{rubric.rules[rid].severity:<10}{c.tp:>4}{c.fp:>4}{c.fn:>4}"
            f"{c.precision:>7.2f}{c.recall:>8.2f}"
        )
    lines += ["", f"{'signal':<28}{'':<10}{'TP':>4}{'FP':>4}{'FN':>4}{'prec':>7}{'recall':>8}"]
    for sid in sorted(result.signals):
        c = result.signals[sid]
        lines.append(
            f"{sid:<28}{'':<10}{c.tp:>4}{c.fp:>4}{c.fn:>4}{c.precision:>7.2f}{c.recall:>8.2f}"
        )
    totals: Counter[str] = Counter()
    for c in result.rules.values():
        totals.update(tp=c.tp, fp=c.fp, fn=c.fn)
    lines += [
        "",
        f"rules overall: TP {totals['tp']}  FP {totals['fp']}  FN {totals['fn']}",
        f"compliant lines flagged critical: {result.compliant_flagged_critical} of "
        f"{result.compliant_lines} ({result.critical_false_alarm_rate:.1%})",
    ]
    return "\n".join(lines)
