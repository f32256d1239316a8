"""Generated scenarios of any size, for measuring the authoring tools (not shipped)."""

from __future__ import annotations

STEPS = ["acknowledge_feelings", "ask_open_question", "reassure", "express_sympathy"]


def tree_scenario(states: int) -> str:
    """A valid scenario of ``states`` states (and two more that end it early): a binary
    tree whose state i moves to 2i+1 or 2i+2 by what the candidate says (the last state's
    parent to it either way), whose leaves agree, and where a threat or patience running
    out ends the call on the way."""
    lines = [
        "id: generated",
        "title: A generated call",
        "summary: Many states in a tree, for timing the authoring tools.",
        "debtor: {name: Sam Carter}",
        "account: {creditor: Bank, agency: Agency, balance: 100, days_past_due: 40}",
        "briefing: {goal: Reach a leaf.}",
        "variables:",
        "  patience: {initial: 6, min: 0, max: 6}",
        "interrupts:",
        "  - when: {any: [threaten_arrest, insult]}",
        "    goto: escalated",
        "  - when: {vars: {patience: '<= 0'}}",
        "    goto: hung_up",
        "fallback:",
        '  say: ["Sorry?", "What was that?"]',
        "  add: {patience: -1}",
        "outcomes: {agreed: Agreed., escalated: Escalated., hung_up: Hung up.}",
        "start: s0",
        "states:",
    ]
    for i in range(states):
        lines += [f"  s{i}:", f'    say: ["Step {i}?", "Still at step {i}."]']
        if 2 * i + 1 >= states:
            lines += ["    terminal: true", "    outcome: agreed"]
            continue
        lines.append("    on:")
        for n in (1, 2):
            lines.append(f"      - when: {{any: [{STEPS[(i + n) % len(STEPS)]}]}}")
            lines.append(f"        goto: s{min(2 * i + n, states - 1)}")
    for sid in ("escalated", "hung_up"):
        lines += [f"  {sid}:", '    say: ["Bye.", "Goodbye."]', "    terminal: true"]
        lines.append(f"    outcome: {sid}")
    return "\n".join(lines) + "\n"
