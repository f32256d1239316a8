"""A scenario's state graph as Mermaid (stateDiagram-v2) or Graphviz DOT.

Interrupts apply to every state, so they are drawn once, from an "any state" node.
"""

from __future__ import annotations

from sim.scenario.model import Scenario, When


def edge_label(when: When) -> str:
    parts = []
    if when.any:
        parts.append(" or ".join(when.any))
    if when.all:
        parts.append(" and ".join(when.all))
    if when.none:
        parts.append("not " + "/".join(when.none))
    parts += [f"{name} {cmp}" for name, cmp in when.vars.items()]
    return "; ".join(parts) or "always"


def _edges(scenario: Scenario) -> list[tuple[str, str, str]]:
    out = []
    for sid, state in scenario.states.items():
        for t in state.on:
            out.append((sid, t.goto, edge_label(t.when)))
        fallback = scenario.fallback_for(sid)
        if fallback and not state.terminal:
            out.append((sid, fallback.goto or sid, "no match"))
    return out


# Words Mermaid's state diagrams read as syntax: a state with one of these ids is drawn
# under another id and labelled with its own.
MERMAID_RESERVED = {"state", "note", "class", "classdef", "default", "direction", "end", "as"}


def _mermaid_id(sid: str) -> str:
    return f"state_{sid}" if sid.lower() in MERMAID_RESERVED or sid == "any_state" else sid


def _silence_label(scenario: Scenario) -> str:
    return f"silence {scenario.silence.end_after:g}s"


def to_mermaid(scenario: Scenario) -> str:
    m = _mermaid_id
    lines = ["stateDiagram-v2"]
    for sid in scenario.states:
        if m(sid) != sid:
            lines.append(f'    state "{sid}" as {m(sid)}')
    lines.append(f"    [*] --> {m(scenario.start)}")
    for sid, state in scenario.states.items():
        if state.terminal:
            lines.append(f"    {m(sid)} : outcome {state.outcome}")
            lines.append(f"    {m(sid)} --> [*]")
    for source, target, label in _edges(scenario):
        lines.append(f"    {m(source)} --> {m(target)} : {_mermaid_text(label)}")
    end = scenario.silence.end_state
    if scenario.interrupts or end:
        lines.append('    state "any state" as any_state')
        for t in scenario.interrupts:
            lines.append(f"    any_state --> {m(t.goto)} : {_mermaid_text(edge_label(t.when))}")
        if end:
            lines.append(f"    any_state --> {m(end)} : {_silence_label(scenario)}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace(":", " ").replace(";", ",").replace("\n", " ")


def to_dot(scenario: Scenario) -> str:
    q = _dot_quote
    lines = [
        f"digraph {q(scenario.id)} {{",
        "    rankdir=LR;",
        "    node [shape=box, style=rounded];",
        '    "__start" [shape=point, label=""];',
        f'    "__start" -> {q(scenario.start)};',
    ]
    for sid, state in scenario.states.items():
        if state.terminal:
            label = q(sid + "\n" + f"outcome: {state.outcome}")
            lines.append(f"    {q(sid)} [shape=doubleoctagon, label={label}];")
    for source, target, label in _edges(scenario):
        style = ", style=dashed" if label == "no match" else ""
        lines.append(f"    {q(source)} -> {q(target)} [label={q(label)}{style}];")
    end = scenario.silence.end_state
    if scenario.interrupts or end:
        lines.append('    "__any" [shape=note, label="any state"];')
        for t in scenario.interrupts:
            lines.append(f'    "__any" -> {q(t.goto)} [label={q(edge_label(t.when))}, color=red];')
        if end:
            label = q(_silence_label(scenario))
            lines.append(f'    "__any" -> {q(end)} [label={label}, style=dotted];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
