"""Measuring the matcher on labelled lines: violations caught, careful lines flagged,
signals recognised, false signals, with a per-rule and per-signal table.

Two kinds of labelled set are read. The project's corpus (``tests/corpus/*.yaml``, see its
README) states each line's situation as data and is split into train and test by a fixed
rule on the text alone (:func:`split_of`), decided before any tuning. An outside set in
the shared format (``violations.yaml``, ``compliant.yaml``, ``signals.yaml``) states the
situation in a sentence; :func:`situation_from_words` reads it.

A line is judged on its own, as the reply to what its situation says just happened: the
statement checks run (forbid, amount), a ``respond`` check whose window is one turn runs
(the line is that turn), and the mini-Miranda order check runs only where the situation
says no disclosure has been given yet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.rubric.loader import LoadedRubric
from sim.rubric.probe import Situation, probe
from sim.rubric.rules import STATED_AMOUNT

MARKS = {
    "caught": 0.95,  # violating statements caught, at least
    "rule_floor": 0.85,  # no rule's recall below
    "flagged": 0.02,  # careful compliant lines flagged, at most
    "recall": 0.90,  # positive-signal recall on replies, at least
    "signal_floor": 0.80,  # no positive signal's recall below
    "false_signals": 0.03,  # lines with a false signal, at most
}
MIN_SUPPORT = 5  # a rule or signal with fewer labelled lines is listed but not held to a floor


@dataclass(frozen=True)
class LabelledLine:
    id: str
    text: str
    kind: str  # "violation", "compliant" or "reply"
    rules: frozenset[str]
    must_not: frozenset[str]
    signals: frozenset[str]
    acceptable: frozenset[str]
    situation: Situation
    split: str = "outside"  # "train" or "test" in the project corpus
    # the set states the balance the line is said against (the project corpus always does,
    # $1,240.50 unless the situation says otherwise); an amount can only be misstated if so
    balance_known: bool = True


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Figures:
    lines: int = 0
    violations: int = 0
    caught: int = 0
    compliant: int = 0
    flagged: int = 0
    replies: int = 0
    replies_with_false_signal: int = 0
    rules: dict[str, Confusion] = field(default_factory=dict)
    signals: dict[str, Confusion] = field(default_factory=dict)
    positive: frozenset[str] = frozenset()
    labelled: frozenset[str] = frozenset()  # the signals some line of the set is labelled with
    mistakes: list[str] = field(default_factory=list)

    @property
    def caught_rate(self) -> float:
        return self.caught / self.violations if self.violations else 1.0

    @property
    def flagged_rate(self) -> float:
        return self.flagged / self.compliant if self.compliant else 0.0

    @property
    def false_signal_rate(self) -> float:
        return self.replies_with_false_signal / self.replies if self.replies else 0.0

    @property
    def positive_recall(self) -> float:
        tp = sum(c.tp for s, c in self.signals.items() if s in self.positive)
        fn = sum(c.fn for s, c in self.signals.items() if s in self.positive)
        return tp / (tp + fn) if tp + fn else 1.0

    def weakest(self, which: str) -> tuple[str, float] | None:
        """The rule or positive signal with the lowest recall among those with support."""
        table = self.rules if which == "rules" else self.signals
        held = [
            (c.recall, name)
            for name, c in table.items()
            if c.support >= MIN_SUPPORT and (which == "rules" or name in self.positive)
        ]
        if not held:
            return None
        recall, name = min(held)
        return name, recall

    def misses_marks(self) -> list[str]:
        """The marks these figures fall short of, in words (empty when all are met)."""
        short = []
        if self.caught_rate < MARKS["caught"]:
            short.append(f"violations caught {self.caught_rate:.1%} < {MARKS['caught']:.0%}")
        weakest_rule = self.weakest("rules")
        if weakest_rule and weakest_rule[1] < MARKS["rule_floor"]:
            short.append(f"rule {weakest_rule[0]} recall {weakest_rule[1]:.1%}")
        if self.flagged_rate > MARKS["flagged"]:
            short.append(f"compliant flagged {self.flagged_rate:.1%} > {MARKS['flagged']:.0%}")
        if self.positive_recall < MARKS["recall"]:
            short.append(f"signal recall {self.positive_recall:.1%} < {MARKS['recall']:.0%}")
        weakest_signal = self.weakest("signals")
        if weakest_signal and weakest_signal[1] < MARKS["signal_floor"]:
            short.append(f"signal {weakest_signal[0]} recall {weakest_signal[1]:.1%}")
        if self.false_signal_rate > MARKS["false_signals"]:
            short.append(
                f"false signals {self.false_signal_rate:.1%} > {MARKS['false_signals']:.0%}"
            )
        return short


def split_of(text: str) -> str:
    """'test' for about one line in three, 'train' for the rest: fixed by the text alone."""
    key = re.sub(r"\s+", " ", text).strip().lower().encode()
    return "test" if hashlib.sha256(key).digest()[0] % 3 == 0 else "train"


def measure(
    loaded: LoadedRubric, lines: Iterable[LabelledLine], base_facts: Mapping[str, Any]
) -> Figures:
    figures = Figures(positive=frozenset(loaded.rubric.positive_signals()))
    lines = list(lines)
    # a signal no line of the set is labelled with (added after the set was written) has
    # no measure of its precision here: it is measured through the rules it feeds
    figures.labelled = frozenset(s for line in lines for s in (*line.signals, *line.acceptable))
    for line in lines:
        figures.lines += 1
        situation = line.situation
        facts = {**base_facts, **situation.facts}
        found, violations = probe(loaded, line.text, facts, situation)
        predicted = {v.rule for v in violations if line.balance_known or v.signal != STATED_AMOUNT}
        detected = {m.signal for m in found if m.status == "detected"}
        subsumed = {m.signal for m in found if m.status == "subsumed"}
        _score_rules(figures, line, predicted)
        _score_signals(figures, line, detected, subsumed)
    return figures


def _score_rules(figures: Figures, line: LabelledLine, predicted: set[str]) -> None:
    expected = line.rules
    if line.kind == "compliant" or not expected:
        if line.kind == "compliant":
            figures.compliant += 1
            if predicted:
                figures.flagged += 1
        for rid in sorted(predicted):
            figures.rules.setdefault(rid, Confusion()).fp += 1
            figures.mistakes.append(f"false {rid} [{line.id}]: {line.text}")
        return
    figures.violations += 1
    if predicted & expected:
        figures.caught += 1
    for rid in sorted(predicted | expected):
        c = figures.rules.setdefault(rid, Confusion())
        if rid in predicted and rid in expected:
            c.tp += 1
        elif rid in predicted:
            c.fp += 1
            figures.mistakes.append(f"extra {rid} [{line.id}]: {line.text}")
        else:
            c.fn += 1
            figures.mistakes.append(f"missed {rid} [{line.id}]: {line.text}")


def _score_signals(
    figures: Figures, line: LabelledLine, detected: set[str], subsumed: set[str]
) -> None:
    """A subsumed signal was recognised (a stated balance discloses the debt): it counts
    for recall, and never as a false signal."""
    for sid in sorted(line.signals):
        c = figures.signals.setdefault(sid, Confusion())
        if sid in detected or sid in subsumed:
            c.tp += 1
        else:
            c.fn += 1
            figures.mistakes.append(f"missed signal {sid} [{line.id}]: {line.text}")
    if line.kind != "reply":
        return  # only replies are labelled with every signal they express
    figures.replies += 1
    false = (detected & figures.labelled) - line.signals - line.acceptable
    if false:
        figures.replies_with_false_signal += 1
    for sid in sorted(false):
        figures.signals.setdefault(sid, Confusion()).fp += 1
        figures.mistakes.append(f"false signal {sid} [{line.id}]: {line.text}")


def summary(figures: Figures) -> str:
    weakest_rule = figures.weakest("rules")
    weakest_signal = figures.weakest("signals")
    return "\n".join(
        [
            f"violating statements caught   {figures.caught:>5} / {figures.violations:<5}"
            f"{figures.caught_rate:>7.1%}   (mark >= {MARKS['caught']:.0%}; weakest rule: "
            + (f"{weakest_rule[0]} {weakest_rule[1]:.0%})" if weakest_rule else "none)"),
            f"careful compliant lines flagged {figures.flagged:>3} / {figures.compliant:<5}"
            f"{figures.flagged_rate:>7.1%}   (mark <= {MARKS['flagged']:.0%})",
            f"positive-signal recall (all lines)      {figures.positive_recall:>7.1%}"
            f"   (mark >= {MARKS['recall']:.0%}; weakest signal: "
            + (f"{weakest_signal[0]} {weakest_signal[1]:.0%})" if weakest_signal else "none)"),
            f"replies with a false signal   {figures.replies_with_false_signal:>5} / "
            f"{figures.replies:<5}{figures.false_signal_rate:>7.1%}"
            f"   (mark <= {MARKS['false_signals']:.0%})",
        ]
    )


def table(figures: Figures) -> str:
    head = f"{'':<28}{'n':>5}{'TP':>5}{'FP':>5}{'FN':>5}{'prec':>7}{'recall':>8}"
    lines = [f"{'rule':<28}" + head[28:]]
    for rid in sorted(figures.rules):
        lines.append(_row(rid, figures.rules[rid]))
    lines += ["", f"{'signal':<28}" + head[28:]]
    for sid in sorted(figures.signals):
        mark = "" if sid in figures.positive else "  (negative)"
        lines.append(_row(sid, figures.signals[sid]) + mark)
    return "\n".join(lines)


def _row(name: str, c: Confusion) -> str:
    return f"{name:<28}{c.support:>5}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.precision:>7.2f}{c.recall:>8.2f}"


# --- reading labelled sets -------------------------------------------------------------


def load_corpus(folder: Path) -> list[LabelledLine]:
    """The project's corpus: every ``*.yaml`` in ``folder``, situations given as data. A
    file named ``tuned-*.yaml`` was tuned on before the split existed: always train."""
    lines = []
    for path in sorted(folder.glob("*.yaml")):
        for n, item in enumerate(yaml.safe_load(path.read_text()) or [], 1):
            where = item.get("situation") or {}
            events = where.get("events")
            party = where.get("party", "debtor")
            rules = frozenset(item.get("rules") or ())
            must_not = frozenset(item.get("must_not") or ())
            lines.append(
                LabelledLine(
                    f"{path.stem}:{n}",
                    str(item["text"]),
                    str(item["kind"]),
                    rules,
                    must_not,
                    frozenset(item.get("signals") or ()),
                    frozenset(item.get("acceptable") or ()),
                    Situation(
                        party,
                        tuple(events if events is not None else _default_events(party)),
                        dict(where.get("facts") or {}),
                        disclosed="mini_miranda" not in rules | must_not,
                    ),
                    "train" if path.stem.startswith("tuned-") else split_of(str(item["text"])),
                )
            )
    return lines


def load_shared(folder: Path) -> list[LabelledLine]:
    """A labelled set in the shared format, its situations read from its sentences."""
    lines = []
    for name, kind in (
        ("violations.yaml", "violation"),
        ("compliant.yaml", "compliant"),
        ("signals.yaml", "reply"),
    ):
        for item in yaml.safe_load((folder / name).read_text()) or []:
            words = " ".join(str(item.get(k) or "") for k in ("context", "note"))
            rules = frozenset(item.get("rules") or ())
            must_not = frozenset(item.get("must_not") or ())
            lines.append(
                LabelledLine(
                    str(item["id"]),
                    str(item["text"]),
                    kind,
                    rules,
                    must_not,
                    frozenset(item.get("signals") or ()),
                    frozenset(item.get("acceptable") or ()),
                    situation_from_words(words, "mini_miranda" in rules | must_not),
                    balance_known=bool(_BALANCE.search(words.lower())),
                )
            )
    return lines


def _default_events(party: str) -> tuple[str, ...]:
    return ("right_party_verified",) if party == "debtor" else ()


_THIRD_PARTY = re.compile(
    r"\b(third party|location call|roommate|flatmate|housemate|neighbou?r|coworker|co-worker|"
    r"colleague|father|mother|parents?|son|daughter|child|children|sister|brother|cousin|"
    r"aunt|uncle|ex-wife|ex-husband|husband|wife|boyfriend|girlfriend|partner|landlord|"
    r"household member|relative|employer|receptionist|grandmother|grandfather|friend)\b"
)
_SAID_TO_OTHER = re.compile(r"\b(said to|speaking to|spoken to|talking to|answered)\b")
_VOICEMAIL = re.compile(r"\b(voicemail|voice mail|answering machine|recorded message)\b")
_UNVERIFIED = re.compile(r"\b(before verification|not yet verified|unverified|before any verif)")
_EVENTS = {
    "attorney_represented": r"\b(lawyer|attorney|represented|representation|solicitor)\b",
    "cease_requested": r"\b(stop calling|stop request|no more calls|any more calls|not to call|"
    r"don't want (any more |more )?calls|cease)\b",
    "cant_talk_now": r"\b(can't talk|cannot talk|driving|can't take (personal )?calls|at work|"
    r"bad time|in a meeting|appointment|not to be called at work|doesn't allow personal)\b",
    "dispute_raised": r"\b(disputes?|disputed|don't owe|isn't theirs|not theirs|is wrong|"
    r"written proof)\b",
    "vulnerability_disclosed": r"\b(died|death|bereave\w*|funeral|diagnosed|cancer|chemo\w*|"
    r"illness|ill\b|depression|anxiety|mental.health|unemployed|laid off|lost (their|her|his) "
    r"job|job loss|redundan\w*|widow\w*|pregnant|distressed|struggles|hospital|treatment)",
    "company_asked": r"\b(asked (which|what) company|asked who is calling|asked for the "
    r"caller's name|asked who)\b",
}


_BALANCE = re.compile(r"balance is \$([\d,]+(?:\.\d\d)?)")


def situation_from_words(words: str, disclosure_at_stake: bool) -> Situation:
    """The situation a shared-format line is said in, read from its context or note."""
    low = words.lower()
    if _VOICEMAIL.search(low):
        party = "voicemail"
    elif _UNVERIFIED.search(low):
        party = "unknown"
    elif not re.search(r"said to the (verified )?debtor\b(?!'s)", low) and (
        "third party" in low
        or re.search(r"location.call", low)
        or (_SAID_TO_OTHER.search(low) and _THIRD_PARTY.search(low))
    ):
        party = "third_party"
    else:
        party = "debtor"
    events: list[str] = list(_default_events(party))
    if party == "debtor" and re.search(
        r"\b(has just|just said|has said|said they|said she|"
        r"said he|debtor said|handled|honou?red|acknowledged|"
        r"responds|refers back|correct response|is a|the caller)",
        low,
    ):
        for event, pattern in _EVENTS.items():
            if re.search(pattern, low):
                events.append(event)
    if "company" in low and "asked" in low and "company_asked" not in events:
        events.append("company_asked")
    facts: dict[str, Any] = {}
    if re.search(r"time-barred|statute of limitations", low):
        facts["time_barred"] = True
    if re.search(r"agency reports|reports to (the )?bureaus|furnishes", low) and not re.search(
        r"(not|n't) (report|furnish)", low
    ):
        facts["reports_to_bureaus"] = True
    if re.search(r"judgment exists|judgment (has been|was) entered|a judgment", low) and not (
        re.search(r"no judgment", low)
    ):
        facts["judgment_exists"] = True
    if re.search(r"suit (is|has been) authori[sz]ed", low) and not re.search(r"no (law)?suit", low):
        facts["suit_authorized"] = True
    if re.search(r"cease letter", low):
        facts["cease_letter_on_file"] = True
    if re.search(r"written dispute", low):
        facts["written_dispute_on_file"] = True
    if re.search(r"\b(later call|later contact|subsequent)", low):
        facts["first_contact"] = False
    balance = _BALANCE.search(low)
    if balance:
        facts["balance"] = float(balance.group(1).replace(",", ""))
    disclosed = not (
        disclosure_at_stake
        and re.search(
            r"no debt-collector disclosure|never says the call is from|first contact", low
        )
    )
    return Situation(party, tuple(dict.fromkeys(events)), facts, disclosed)
