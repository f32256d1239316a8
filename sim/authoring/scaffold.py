"""`sim new scenario NAME`: a small, complete scenario and its test plan, ready to edit."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sim.errors import SimError, one_line

# the editor schemas published in the source tree (scripts/write_schemas.py); a modeline
# is only a hint to an editor, so an installed copy without them still scaffolds
SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"

SCENARIO = """\
# yaml-language-server: $schema={schemas}/scenario.schema.json
# A new scenario. Edit the debtor, the account and the states; then run:
#   sim validate {path}
#   sim test {plan}
#   sim play {path}
id: {id}
title: {title}
summary: One line that tells a candidate what this call is about.
difficulty: easy

debtor:
  name: Sam Carter
  date_of_birth: "1990-01-01"
  profile: Who the debtor is and why they are behind.

account:
  creditor: Example Bank
  agency: Summit Recovery Services
  balance: 500.00
  days_past_due: 45
  notes: [What the agent sees on screen before dialling.]

briefing:
  goal: Verify Sam, give the disclosure, and agree a payment.

answered_by: unknown
variables:
  anger: {{initial: 4, min: 0, max: 10}}
  patience: {{initial: 3, min: 0, max: 5}}
mood: {{var: anger, hostile_at: 6}}

reactions:
  - when: {{any: [acknowledge_feelings, express_sympathy]}}
    add: {{anger: -1}}
  - when: {{any: [insult, sarcasm, blame]}}
    add: {{anger: 3}}

interrupts:
  - when: {{vars: {{anger: ">= 10"}}}}
    goto: hung_up
  - when: {{vars: {{patience: "<= 0"}}}}
    goto: hung_up

fallback:
  say: ["Sorry, what do you mean?", "I don't follow."]
  add: {{patience: -1}}

outcomes:
  promise_to_pay: Sam promised a payment.
  hung_up: Sam hung up.

start: opening
states:
  opening:
    say: ["Hello?", "Hello, who is this?"]
    on:
      - when: {{any: [verify_identity]}}
        goto: verified
  verified:
    party: debtor
    events: [right_party_verified]
    say: ["Yes, this is Sam. What's it about?", "Speaking. What is this?"]
    on:
      - when: {{any: [mini_miranda, ask_for_payment, state_balance]}}
        goto: asks_plan
  asks_plan:
    party: debtor
    say: ["I can pay something on Friday.", "Friday is payday. I could pay then."]
    on:
      - when: {{any: [secure_commitment, set_next_steps]}}
        goto: promised
  promised:
    terminal: true
    outcome: promise_to_pay
    say: ["Friday it is.", "Okay, Friday."]
  hung_up:
    terminal: true
    outcome: hung_up
    say: ["I'm done. *click*", "Bye. *click*"]
"""

PLAN = """\
# yaml-language-server: $schema={schemas}/testplan.schema.json
# Test plans for {id}: run with `sim test {plan}`.
scenario: {id}
seed: 1
tests:
  - name: promise on Friday
    steps:
      - say: Hi, this is Alex from Summit Recovery Services. Am I speaking with Sam Carter?
        expect: {{state: verified, signals: [introduce_self, verify_identity]}}
      - say: >-
          This is an attempt to collect a debt and any information obtained
          will be used for that purpose.
        expect: {{state: asks_plan, violations: []}}
      - say: So to confirm, a payment this Friday. I'll send you a confirmation.
        expect: {{state: promised}}
    end: {{outcome: promise_to_pay}}
  - name: silence loses the debtor
    steps:
      - say: Hmm.
      - say: Okay.
      - say: Right.
        expect: {{state: hung_up}}
    end: {{outcome: hung_up}}
"""


MAX_ID_CHARS = 64


def new_scenario(name: str, folder: Path) -> tuple[Path, Path]:
    scenario_id = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    shown = one_line(name if len(name) <= 80 else name[:77] + "...")
    if not scenario_id or not scenario_id[0].isalpha():
        raise SimError(f"'{shown}' cannot be a scenario id: use letters, digits and dashes")
    if len(scenario_id) > MAX_ID_CHARS:
        raise SimError(
            f"'{shown}' cannot be a scenario id: at most {MAX_ID_CHARS} characters "
            f"(this one has {len(scenario_id)})"
        )
    path = folder / f"{scenario_id}.yaml"
    plan = folder / f"{scenario_id}.test.yaml"
    for target in (path, plan):
        if target.exists():
            raise SimError(f"{target} already exists")
    title = scenario_id.replace("-", " ").capitalize()
    # the modeline points at the schemas from where the files are, wherever that is
    schemas = Path(os.path.relpath(SCHEMAS, folder.resolve())).as_posix()
    files = (
        (path, SCENARIO.format(id=scenario_id, title=title, path=path, plan=plan, schemas=schemas)),
        (plan, PLAN.format(id=scenario_id, plan=plan, schemas=schemas)),
    )
    try:
        for _, text in files:
            text.encode("utf-8")
    except UnicodeEncodeError:  # a folder named in bytes that are not UTF-8
        raise SimError(f"{one_line(str(folder))}: a folder name that is not UTF-8") from None
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, text in files:
            with open(target, "x", encoding="utf-8") as f:
                written.append(target)
                f.write(text)
    except OSError as exc:
        for done in written:
            done.unlink(missing_ok=True)
        why = exc.strerror or type(exc).__name__
        raise SimError(f"{exc.filename or folder}: cannot write ({why})") from None
    return path, plan
