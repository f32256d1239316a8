"""Compliance checks: each rule of the rubric is a list of checks of a few kinds.

forbid          a signal must not be said (optionally only for some parties, facts, or
                before/after an event such as right-party verification)
require_before  a signal must come before others (the mini-Miranda before balance talk):
                said in an earlier reply, or in the same reply, it counts
require_early   a signal must come within the first turns (the caller's identity)
require         a signal must be said in the call, once its event has happened (the
                mini-Miranda to a verified debtor); said earlier, it counts too
respond         after an event (a lawyer, a dispute, a hardship) the candidate must answer
                with each group of signals within a window of turns

A window of turns that is still open while the call goes on is not judged yet, so live
coaching never shows a violation the final report does not have.
amount          amounts stated as owed must be the account's balance (plus authorised fees)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sim.rubric.call_view import CallView, TurnView
from sim.rubric.matching.matcher import MatchStatus, SignalMatch
from sim.rubric.matching.money import OwedAmount, owed_amounts
from sim.rubric.model import Check, RuleDef

_HEDGE = re.compile(
    r"\b(if|unless|were|ever|only|after|before|needs?|requires?)\b.*\b(judgment|judgement|court|judge)\b|"
    r"\b(no|not)\b.*\b(judgment|lawsuit|suit)\b",
    re.IGNORECASE,
)
# The premise of a hedged statement denied in the same reply makes it a reassurance:
# "garnishment needs a judgment, and there isn't one" threatens nothing.
_DENIED_PREMISE = re.compile(
    r"\b(there is|there's|theres|there isn't|there isnt) (no|not|none|one|nothing)\b|"
    r"\bisn'?t one\b|\bnot on the table\b|\bnothing like that\b|\bhas(n't| not) been "
    r"(filed|authori[sz]ed|entered|issued)\b|\bno (judgment|judgement|lawsuit|suit|case|court)"
    r"\b|\bhas passed\b|\bcan(no|')?t (take you to court|sue)",
    re.IGNORECASE,
)


STATED_AMOUNT = "stated_amount"  # the evidence of an amount check: no signal of the rubric


@dataclass(frozen=True)
class Violation:
    rule: str
    severity: str
    turn: int
    evidence: str
    span: tuple[int, int] | None
    signal: str | None
    similarity: float | None
    reason: str
    cite: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "turn": self.turn,
            "evidence": self.evidence,
            "span": list(self.span) if self.span else None,
            "signal": self.signal,
            "similarity": self.similarity,
            "reason": self.reason,
            "cite": self.cite,
        }


def evaluate(
    rules: dict[str, RuleDef], call: CallView, kinds: frozenset[str] | None = None
) -> list[Violation]:
    """All violations, one per rule and turn; ``kinds`` limits which checks run."""
    found: list[Violation] = []
    for rid, rule in rules.items():
        seen_turns: set[int] = set()
        for check in rule.checks:
            if not _selected(check, kinds) or not _facts_apply(check, call.facts):
                continue
            for v in _CHECKS[check.kind](rid, rule, check, call):
                if v.turn not in seen_turns and not (rule.once and seen_turns):
                    seen_turns.add(v.turn)  # one violation of a rule per turn
                    found.append(v)
    found.sort(key=lambda v: (v.turn, v.rule))
    return found


def _selected(check: Check, kinds: frozenset[str] | None) -> bool:
    """``kinds`` may hold "respond_now": the respond checks whose window is one turn."""
    if kinds is None:
        return True
    return check.kind in kinds or (
        check.kind == "respond" and check.within == 1 and "respond_now" in kinds
    )


def _facts_apply(check: Check, facts: Mapping[str, Any]) -> bool:
    if any(facts.get(k) != v for k, v in check.when_facts.items()):
        return False
    return not (
        check.unless_facts and all(facts.get(k) == v for k, v in check.unless_facts.items())
    )


def _turns(check: Check, call: CallView) -> Iterator[TurnView]:
    first = call.first_turn_with(check.after_event) if check.after_event else 1
    for turn in call.turns:
        if check.within and first is not None and turn.n >= first + check.within:
            continue
        if check.parties and turn.party not in check.parties:
            continue
        if check.after_event and check.after_event not in turn.seen:
            continue
        if check.until_event and check.until_event in turn.seen:
            continue
        yield turn


def _violation(
    rid: str,
    rule: RuleDef,
    check: Check,
    turn: TurnView,
    match: SignalMatch | None,
    *,
    severity: str | None = None,
    reason: str | None = None,
) -> Violation:
    return Violation(
        rid,
        severity or check.severity or rule.severity,
        turn.n,
        match.evidence if match else "",
        (match.start, match.end) if match else None,
        match.signal if match else None,
        match.score if match else None,
        reason or check.message,
        rule.cite,
    )


def _forbid(rid: str, rule: RuleDef, check: Check, call: CallView) -> Iterator[Violation]:
    for turn in _turns(check, call):
        hits = sorted(
            (turn.matches[s] for s in check.signals if turn.has(s)), key=lambda m: m.start
        )
        if not hits or reassures(check, turn, hits[0]):
            continue
        match = hits[0]
        hedged = bool(check.hedged_severity) and _hedged(turn.agent, match)
        severity = check.hedged_severity if hedged else None
        yield _violation(
            rid,
            rule,
            check,
            turn,
            match,
            severity=severity,
            reason=check.message + (" (stated as a hypothetical)" if severity else ""),
        )


def reassures(check: Check, turn: TurnView, match: SignalMatch) -> bool:
    """The reply mentions what a forbid check forbids only to reassure: it also says one of
    the check's ``unless_signals`` ("the time limit for legal action has passed"), or it
    states it as a hypothetical whose premise it denies ("garnishment needs a judgment, and
    there isn't one")."""
    if any(turn.has(s) for s in check.unless_signals):
        return True
    return (
        bool(check.hedged_severity)
        and _hedged(turn.agent, match)
        and bool(_DENIED_PREMISE.search(turn.agent))
    )


def reassuring_mention(rules: Mapping[str, RuleDef], signal: str, turn: TurnView) -> bool:
    """A rule that forbids ``signal`` finds this reply's mention of it a reassurance, not a
    threat (a denied mention is no match at all: the matcher marks it negated)."""
    match = turn.matches.get(signal)
    return match is not None and any(
        check.kind == "forbid" and signal in check.signals and reassures(check, turn, match)
        for rule in rules.values()
        for check in rule.checks
    )


def _hedged(text: str, match: SignalMatch) -> bool:
    start = max(text.rfind(".", 0, match.start), text.rfind(";", 0, match.start)) + 1
    stops = [i for i in (text.find(".", match.end), text.find(";", match.end)) if i >= 0]
    return bool(_HEDGE.search(text[start : min(stops) if stops else len(text)]))


def _require_before(rid: str, rule: RuleDef, check: Check, call: CallView) -> Iterator[Violation]:
    required = check.signals
    if check.later_contact_signals and not call.facts.get("first_contact", True):
        required = check.later_contact_signals
    checked = {t.n for t in _turns(check, call)}
    for turn in call.turns:
        said = any(turn.has(s) for s in required)
        if said:
            return  # given before or with the first talk of the balance: nothing to flag
        talk = sorted((turn.matches[s] for s in check.before if turn.has(s)), key=lambda m: m.start)
        if talk and turn.n in checked:
            yield _violation(rid, rule, check, turn, talk[0])
            return


def _require_early(rid: str, rule: RuleDef, check: Check, call: CallView) -> Iterator[Violation]:
    """Said by the end of the window, to anyone: a company named while the caller still
    asks who answered counts for the debtor's first turns."""
    turns = _window(check, call)
    if not turns:
        return
    last = turns[-1].n
    if not any(t.has(s) for t in call.turns if t.n <= last for s in check.signals):
        yield _violation(rid, rule, check, turns[-1], None)


def _require(rid: str, rule: RuleDef, check: Check, call: CallView) -> Iterator[Violation]:
    """Judged when the call is over: at its last turn that the check covers."""
    turns = list(_turns(check, call))
    if not call.ended or not turns:
        return
    if not any(t.has(s) for t in call.turns for s in check.signals):
        yield _violation(rid, rule, check, turns[-1], None)


def _window(check: Check, call: CallView) -> list[TurnView]:
    """The turns a require_early or respond check looks at; none while the window is still
    open in a call that goes on."""
    within = check.within or 2
    turns = list(_turns(check, call))[:within]
    return turns if call.ended or len(turns) == within else []


def _respond(rid: str, rule: RuleDef, check: Check, call: CallView) -> Iterator[Violation]:
    turns = _window(check, call)
    if not turns:
        return
    for group in check.requires:
        if not any(t.has(s) for t in turns for s in group):
            yield _violation(
                rid,
                rule,
                check,
                turns[-1],
                None,
                reason=f"{check.message} (nothing like: {', '.join(group)})",
            )
            return


def _amount(rid: str, rule: RuleDef, check: Check, call: CallView) -> Iterator[Violation]:
    balance = float(call.facts.get("balance", 0))
    for turn in _turns(check, call):
        stated = owed_amounts(turn.agent)
        for said in stated:
            amount = said.amount
            if _is_balance(said, balance, stated):
                continue
            evidence = SignalMatch(
                STATED_AMOUNT,
                100.0,
                amount.start,
                amount.end,
                turn.agent[amount.start : amount.end],
                "pattern",
                "amount",
                MatchStatus.DETECTED,
            )
            yield _violation(
                rid,
                rule,
                check,
                turn,
                evidence,
                reason=f"{check.message} (stated {amount.value:.2f}, the balance is {balance:.2f})",
            )
            break


def _is_balance(said: OwedAmount, balance: float, stated: list[OwedAmount]) -> bool:
    """The balance itself, near enough when said roughly, or a part of it when the same
    sentence states the balance and adds nothing on ("$1,240.50: $1,090 of principal...")."""
    tolerance = 0.1 * balance if said.approximate else 0.005
    if abs(said.amount.value - balance) <= tolerance:
        return True
    return not said.added and any(
        other.sentence == said.sentence and abs(other.amount.value - balance) <= 0.005
        for other in stated
    )


_CHECKS = {
    "forbid": _forbid,
    "require_before": _require_before,
    "require_early": _require_early,
    "require": _require,
    "respond": _respond,
    "amount": _amount,
}
