"""The UI as a shell: screens post messages and the app reacts; modal results are typed."""

import dataclasses

import pytest
from textual.app import App

from sim.call.coaching import ComplianceWarning
from sim.records.transcript import load_transcript
from sim.scenario.catalog import scenario_summaries
from sim.scenario.loader import load_scenario
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.candidate import CandidateScreen
from sim.tui.screens.picker import PickerScreen
from sim.tui.screens.replay import ReplayScreen
from sim.tui.screens.result import ResultScreen
from tests.conftest import transcripts
from tests.functional.tui.conftest import MODEL, call_with_one_reply, type_reply


class Host(App[None]):
    """A bare app that shows one screen and records what it hears from it."""

    def __init__(self, screen, callback=None):
        super().__init__()
        self.first = screen
        self.callback = callback
        self.heard: list = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.callback)

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        self.heard.append(message)


async def test_the_picker_only_posts_chosen(rubric):
    screen = PickerScreen(scenario_summaries(rubric.terms()))
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert [m.scenario_id for m in app.heard] == [scenario_summaries(rubric.terms())[1].id]
        assert app.screen is screen  # where to go next is the app's business


async def test_the_app_answers_chosen_with_the_briefing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        app.screen.post_message(PickerScreen.Chosen("dispute"))
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.id == "dispute"
        await pilot.press("escape")  # BriefingScreen.Back: the app goes back to the picker
        assert isinstance(app.screen, PickerScreen)


async def test_back_from_a_briefing_given_on_the_command_line_stays(make_app, rubric):
    summary = next(s for s in scenario_summaries(rubric.terms()) if s.id == "hardship")
    app = make_app(preselected=(load_scenario(summary.path), summary.path))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BriefingScreen)


@pytest.mark.parametrize(
    ("keys", "expected"), [(["c", "-", "7", "enter"], "c-7"), (["escape"], None)]
)
async def test_the_candidate_modal_dismisses_with_a_typed_result(keys, expected):
    results: list[str | None] = []
    app = Host(CandidateScreen(blink=False), results.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert results == [expected]
        assert not isinstance(app.screen, CandidateScreen)


async def test_the_candidate_id_replaces_the_frozen_config(make_app):
    app = make_app(candidate=None)
    before = app.config
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.candidate = "someone"  # type: ignore[misc]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"c-9", "enter")
        assert isinstance(app.screen, BriefingScreen)
        assert app.config.candidate == "c-9" and before.candidate is None


async def test_review_and_back_from_the_result(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await call_with_one_reply(pilot, MODEL[0])
        result = app.screen
        assert isinstance(result, ResultScreen)
        await pilot.press("r")  # ResultScreen.Review
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("escape")  # ReplayScreen.Closed: back, not out
        assert app.screen is result and app.is_running


async def test_coaching_shows_each_warning_by_its_rule(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await type_reply(pilot, "You owe $1,240.50, pay it now or else.")
        coach = str(app.screen.query_one("#coach").render())
        assert "⚠ third_party_disclosure (critical)" in coach


def test_a_compliance_warning_reads_as_before():
    warning = ComplianceWarning("threat_arrest", "critical", "threatened arrest", "or else")
    assert warning.headline == "threat_arrest (critical)"
    assert str(warning) == 'threat_arrest (critical): threatened arrest - "or else"'
    assert str(dataclasses.replace(warning, evidence="")).endswith("threatened arrest")


async def test_hanging_up_after_the_line_went_quiet_records_silence(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # picker -> briefing -> call
        app.screen.silence_ends()
        await pilot.pause()
        await pilot.press("ctrl+e")  # not the result button: the silence still counts
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    record = load_transcript(transcripts(tmp_path / "transcripts")[0])
    assert record.end["reason"] == "silence"
