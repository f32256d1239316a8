"""A call: the scenario's state machine, the debtor's variables and seeded line choice.

The candidate's reply goes in; the debtor's next line comes out with the new state. The
state machine is the scenario's own graph: a state's exits (its interrupts, transitions and
fallback, in ``Scenario.exits`` order) are tried in turn against the signals detected in
the reply, and the first whose condition holds fires; each step returns what fired as a
:class:`Fired` record. Reactions (mood changes) are applied before the conditions are
checked.

The call remembers every signal heard so far (``heard``), so guards and lines can read
what the candidate has already done (``when: {done: [introduce_self]}``); besides the
rubric's signals it hears short answers and identifier questions (``context``). A
recording (a state whose party is ``voicemail``) never reacts or hangs up, and what was
said to it is not in the memory of whoever answers later. The debtor
never says the same line twice in a row when the scenario gives another wording.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sim.call.context import DESCRIPTIONS, hear
from sim.call.ending import explain, without_terminal
from sim.records.events import EndedBecause, EndReason, Turn
from sim.rubric.matching.matcher import SignalMatch, SignalMatcher
from sim.rubric.matching.text import MAX_ANALYSED_CHARS
from sim.scenario.conditions import vars_hold
from sim.scenario.model import (
    Effects,
    Fallback,
    Line,
    Scenario,
    Transition,
    When,
    interrupt_label,
)

# The outcome of a call that ended without reaching a terminal state.
_OUTCOME_WITHOUT_TERMINAL = {
    EndReason.AGENT_ENDED: "agent_ended",
    EndReason.SILENCE: "no_response",
}

__all__ = ["Call", "CallOver", "Turn"]


class CallOver(Exception):
    """A reply was given after the call ended."""


@dataclass(frozen=True)
class Fired:
    """The exit a reply took: its label (``on[0]``, ``interrupt[1]``, ``fallback``), the
    lines it says instead of its target state's (None: the target's own), and the edge."""

    via: str
    say: list[Line] | None
    edge: Transition | Fallback


class Call:
    def __init__(
        self,
        scenario: Scenario,
        matcher: SignalMatcher,
        seed: int = 0,
        signal_words: dict[str, str] | None = None,
    ):
        """``signal_words``: each signal in plain words (the rubric's descriptions), for
        saying why the call ended."""
        self.scenario = scenario
        self.matcher = matcher
        self.seed = seed
        self.signal_words: dict[str, str] = {**DESCRIPTIONS, **(signal_words or {})}
        self._rng = random.Random(seed)
        # Nudges draw from their own stream: a silence never changes what is said next, so
        # the same replies and seed give the same call however long the candidate paused.
        self._nudge_rng = random.Random(f"nudge:{seed}")
        self.vars = {name: v.initial for name, v in scenario.variables.items()}
        self._initial = dict(self.vars)
        self.turns: list[Turn] = []
        # the signals detected in each turn's reply, as the rubric reads them (coaching)
        self.matches: list[list[SignalMatch]] = []
        self.ended_reason: EndReason | None = None
        self.ended_because: EndedBecause | None = None
        self.heard: set[str] = set()  # every signal heard so far: the call's memory
        self.context: list[str] = []  # the context signals of the latest reply
        self._detected: set[str] = set()
        self._calming = True  # whether the reply being heard may calm the debtor
        self.state: str = scenario.start
        self.line = ""
        self.line = self._choose(scenario.states[scenario.start].say)

    # -- the public surface -------------------------------------------------------------
    @property
    def ended(self) -> bool:
        return self.ended_reason is not None or self.scenario.states[self.state].terminal

    @property
    def outcome(self) -> str | None:
        if self.scenario.states[self.state].terminal:
            return self.scenario.states[self.state].outcome
        return _OUTCOME_WITHOUT_TERMINAL.get(self.ended_reason) if self.ended_reason else None

    @property
    def party(self) -> str:
        return self.scenario.states[self.state].party or self.scenario.answered_by

    @property
    def mood(self) -> int | None:
        return self.vars.get(self.scenario.mood.var) if self.scenario.mood else None

    @property
    def hostile(self) -> bool:
        mood = self.scenario.mood
        return bool(mood and self.vars.get(mood.var, 0) >= mood.hostile_at)

    @property
    def hint(self) -> str | None:
        return self.scenario.states[self.state].hint

    @property
    def recording(self) -> bool:
        """The line is a voicemail greeting: it records, it never answers back."""
        return self.party == "voicemail"

    def reply(
        self,
        text: str,
        latency_ms: int | None = None,
        capture: dict[str, Any] | None = None,
        *,
        calming: bool = True,
    ) -> Turn:
        """``calming``: False when the reply may not move the mood in the candidate's favour
        (a pasted reply in an assessment); what makes the debtor angrier still applies."""
        if self.ended:
            raise CallOver("the call has ended")
        text = text[:MAX_ANALYSED_CHARS]
        self._calming = calming
        state, line, party = self.state, self.line, self.party
        events: list[str] = list(self.scenario.states[state].events)
        mood, hostile = self.mood, self.hostile
        matches = self.matcher.match(text)
        self.context = sorted(hear(text))
        self._detected = {m.signal for m in matches} | set(self.context)
        recording = self.recording
        if not recording:  # whoever answers later did not hear the message
            self.heard |= self._detected
            for reaction in self.scenario.reactions:
                if self._holds(reaction.when):
                    self._apply(reaction)
        fired = self._advance()
        if not recording:
            fired = self._interrupt_after_effects() or fired
        new_state = self.scenario.states[self.state]
        self.line = self._choose(fired.say or new_state.say)
        turn = Turn(
            n=len(self.turns) + 1,
            state=state,
            party=party,
            events=events,
            debtor=line,
            agent=text,
            signals=[m.signal for m in matches],
            to=self.state,
            via=fired.via,
            mood=mood,
            hostile=hostile,
            vars=dict(self.vars),
            latency_ms=latency_ms,
            capture=capture or {},
        )
        self.turns.append(turn)
        self.matches.append(matches)
        if self.ended:
            self.ended_because = explain(
                self.scenario,
                fired.edge,
                self.turns,
                self._detected,
                self._initial,
                self.signal_words,
            )
        return turn

    def nudge(self) -> str:
        """The debtor's reaction to a silence."""
        return self._choose(self.scenario.silence.nudge, self._nudge_rng)

    def end(self, reason: EndReason | str) -> None:
        """End the call without a terminal state (agent_ended, silence)."""
        reason = EndReason(reason)
        target = self.scenario.silence.end_state if reason is EndReason.SILENCE else None
        if target:
            self.state = target
            self.line = self._choose(self.scenario.states[target].say)
        else:
            self.ended_reason = reason
        self.ended_because = without_terminal(reason, self.turns)

    def _advance(self) -> Fired:
        """Take the first exit of the current state whose condition holds (a fallback
        always does) and apply its effects."""
        for label, edge in self.scenario.exits(self.state):
            if isinstance(edge, Fallback):
                self._apply(edge)
                self.state = edge.goto or self.state
                return Fired(label, None if edge.goto else edge.say, edge)
            if self._holds(edge.when):
                self._apply(edge)
                self.state = edge.goto
                return Fired(label, edge.say, edge)
        raise AssertionError(f"state '{self.state}' has no fallback")  # the loader ensures one

    def _interrupt_after_effects(self) -> Fired | None:
        """A transition's effects can empty the debtor's patience: react at once."""
        if self.scenario.states[self.state].terminal:
            return None
        for i, t in enumerate(self.scenario.interrupts):
            if self._holds(t.when):
                self._apply(t)
                self.state = t.goto
                return Fired(interrupt_label(i), t.say, t)
        return None

    def _holds(self, when: When) -> bool:
        found, heard = self._detected, self.heard
        return (
            (not when.any or any(s in found for s in when.any))
            and all(s in found for s in when.all)
            and not any(s in found for s in when.none)
            and vars_hold(when.vars, self.vars)
            and all(s in heard for s in when.done)
            and not any(s in heard for s in when.not_done)
        )

    def _apply(self, effects: Effects) -> None:
        for name, delta in effects.add.items():
            self._set(name, self.vars.get(name, 0) + delta)
        for name, value in effects.set.items():
            self._set(name, value)

    def _set(self, name: str, value: int) -> None:
        spec = self.scenario.variables.get(name)
        value = max(spec.min, min(spec.max, value)) if spec else value
        mood = self.scenario.mood
        if not self._calming and mood and name == mood.var:
            value = max(value, self.vars.get(name, value))  # only ever towards hostile
        self.vars[name] = value

    def _choose(self, lines: list[Line], rng: random.Random | None = None) -> str:
        """A wording whose guard holds (any, if none does), never the line just said when
        there is another."""
        usable = [line for line in lines if self._holds(line.when)] or lines
        fresh = [line for line in usable if line.text != self.line] or usable
        return (rng or self._rng).choice(fresh).text
