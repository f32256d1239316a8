"""Why a call ended, in plain words, with the turns that caused it.

The engine knows which way out of a state was taken; this turns that into a sentence a
candidate understands: what was said, or which of the debtor's variables ran out over
which replies and what the debtor had been waiting for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.records.events import EndCause, EndedBecause, EndReason, Turn
from sim.scenario.model import Fallback, Scenario, Transition

_BY_REASON = {
    EndReason.AGENT_ENDED: (EndCause.AGENT_ENDED, "You ended the call."),
    EndReason.SILENCE: (EndCause.SILENCE, "The line stayed silent too long."),
    EndReason.REPLIES_EXHAUSTED: (
        EndCause.REPLIES_EXHAUSTED,
        "The replies ran out before the call came to an end.",
    ),
    EndReason.INTERRUPTED: (EndCause.INTERRUPTED, "The call was interrupted."),
}


def without_terminal(reason: EndReason, turns: Sequence[Turn]) -> EndedBecause:
    """A call ended by the candidate, a silence, or the end of the replies."""
    cause, says = _BY_REASON[reason]
    return EndedBecause(cause, says, [turns[-1].n] if turns else [])


def _turns(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"turn {numbers[0]}"
    return "turns " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _plain(signal: str, words: Mapping[str, str]) -> str:
    text = words.get(signal) or signal.replace("_", " ")
    return text[:1].lower() + text[1:].rstrip(".")


def explain(
    scenario: Scenario,
    edge: Transition | Fallback,
    turns: Sequence[Turn],
    heard: set[str],
    initial: Mapping[str, int],
    signal_words: Mapping[str, str],
) -> EndedBecause:
    """Why the reply in ``turns[-1]`` ended the call by taking ``edge`` to a terminal state.

    ``heard``: the signals of that reply; ``initial``: the variables before the first turn.
    """
    last = turns[-1]
    outcome = scenario.states[last.to].outcome or last.to
    ended = scenario.outcomes.get(outcome) or f"The call ended: {outcome.replace('_', ' ')}."
    ended = ended if ended.endswith(".") else ended + "."
    if isinstance(edge, Fallback):
        awaited = scenario.states[last.state].awaits
        missing = awaited or "what the debtor asked"
        return EndedBecause(
            EndCause.NO_ANSWER, f"{ended} Turn {last.n} did not give {missing}.", [last.n]
        )
    said = [s for s in [*edge.when.any, *edge.when.all] if s in heard]
    if said or not edge.when.vars:
        what = "; ".join(_plain(s, signal_words) for s in said)
        because = f" Heard in turn {last.n}: {what}." if what else ""
        return EndedBecause(EndCause.SAID, ended + because, [last.n])
    name, comparison = next(iter(edge.when.vars.items()))
    falling = comparison.op in ("<", "<=")
    moved = []
    before = initial.get(name, 0)
    for turn in turns:
        after = turn.vars.get(name, before)
        if (after < before) if falling else (after > before):
            moved.append(turn)
        before = after
    numbers = [t.n for t in moved] or [last.n]
    if not falling:
        raising = {
            s
            for r in scenario.reactions
            if r.add.get(name, 0) > 0
            for s in [*r.when.any, *r.when.all]
        }
        heard_then = dict.fromkeys(s for t in moved for s in t.signals if s in raising)
        what = "; ".join(_plain(s, signal_words) for s in heard_then)
        return EndedBecause(
            EndCause.MOOD,
            f"{ended} The debtor's {name} rose too high ({_turns(numbers)})"
            + (f": {what}." if what else "."),
            numbers,
        )
    waits = list(dict.fromkeys(a for t in moved if (a := scenario.states[t.state].awaits)))
    waited = (
        f" that did not give what the debtor was waiting for: {'; '.join(waits)}"
        if waits
        else " that did not answer the debtor"
    )
    count = len(moved) or 1
    replies = "reply" if count == 1 else "replies"
    return EndedBecause(
        EndCause.PATIENCE,
        f"{ended} The debtor's {name} ran out after {count} {replies} ({_turns(numbers)}){waited}.",
        numbers,
    )
