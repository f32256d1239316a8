"""Deterministic apps for Pilot and snapshot tests: fixed clock, no blink, no live timers."""

import pytest

from sim.scenario.catalog import scenario_summaries
from sim.tui.app import PlayApp, PlayConfig

MODEL = [
    "Hi, this is Alex from Summit Recovery Services. Am I speaking with Dana Whitfield?",
    "Thanks, Dana. For security, can you confirm your date of birth?",
    "Thank you. This is an attempt to collect a debt, and any information obtained will be "
    "used for that purpose.",
    "I understand how frustrating that is, and I'm sorry about all those calls.",
    "That sounds really stressful. Could we set up a payment plan that fits your budget?",
    "A hundred a month works. So to confirm, $100 on the 15th of each month?",
    "I'll send you a confirmation in writing today. Thank you, Dana.",
]


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def make_app(rubric, tmp_path):
    def make(mode="practice", candidate="c-1", preselected=None, clock=None, loaded=None):
        config = PlayConfig(
            rubric=loaded or rubric,
            catalog=scenario_summaries(rubric.terms()),
            mode=mode,
            candidate=candidate,
            seed=1,
            transcripts=tmp_path / "transcripts",
            preselected=preselected,
            clock=clock or FakeClock(),
            blink=False,
            live_timers=False,
        )
        return PlayApp(config)

    return make


async def type_reply(pilot, text):
    pilot.app.screen.query_one("#reply").value = text
    await pilot.press("enter")
    await pilot.pause()


async def call_with_one_reply(pilot, text):
    """From the picker: start the first scenario's call, say ``text``, end the call."""
    await pilot.press("enter", "enter")
    await type_reply(pilot, text)
    await pilot.press("ctrl+e")
    await pilot.pause()
