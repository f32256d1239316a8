"""Whole calls through the candidate UI, in both modes, checked on screen and on disk."""

import json

from textual import events

from sim.records.transcript import load_transcript, verify
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.call import CallScreen
from sim.tui.screens.candidate import CandidateScreen
from sim.tui.screens.help import HelpScreen
from sim.tui.screens.replay import ReplayScreen
from sim.tui.screens.result import ResultScreen
from tests.conftest import transcripts
from tests.functional.tui.conftest import MODEL, FakeClock, call_with_one_reply, type_reply


def text_of(app, selector):
    return str(app.screen.query_one(selector).render())


async def test_practice_call_from_picker_to_review(make_app, tmp_path):
    clock = FakeClock()
    app = make_app(candidate=None, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the first scenario: angry-customer
        assert isinstance(app.screen, CandidateScreen)
        await pilot.press("enter")  # empty id is refused
        assert isinstance(app.screen, CandidateScreen)
        await pilot.press(*"c-42", "enter")
        assert isinstance(app.screen, BriefingScreen)
        facts = " ".join(str(w.render()) for w in app.screen.query("#facts Static"))
        assert "$1,240.50" in facts and "Northwind Bank" in facts and "67 days" in facts
        await pilot.press("enter")
        assert isinstance(app.screen, CallScreen)
        for reply in MODEL:
            clock.now += 12.5
            await type_reply(pilot, reply)
        assert isinstance(app.screen, CallScreen) and app.live.ended
        await pilot.press("enter")  # "See your result"
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        report = app.screen.report
        assert report.passed and report.outcome == "payment_plan"
        assert "PASSED" in text_of(app, "#verdict")
        await pilot.press("r")
        assert isinstance(app.screen, ReplayScreen)
        assert "Turn 1 of 7" in text_of(app, "#turn")
        await pilot.press("right")
        assert "Turn 2 of 7" in text_of(app, "#turn")
    [path] = transcripts(tmp_path / "transcripts")
    assert "angry-customer--c-42--" in path.name
    record = load_transcript(path)
    assert record.complete and record.header["candidate"] == "c-42"
    assert [t["latency_ms"] for t in record.turns] == [12500] * 7
    assert verify(path).ok


async def test_practice_mode_coaches_and_shows_mood(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # picker -> briefing -> call
        assert isinstance(app.screen, CallScreen)
        assert "Anger" in text_of(app, "#mood")
        await type_reply(pilot, "You owe $1,240.50, pay it now or else.")
        coach = text_of(app, "#coach")
        assert "third_party_disclosure" in coach
        assert "Tip:" in coach  # the debtor got angrier


async def test_assessment_mode_hides_mood_and_hints(make_app, tmp_path):
    app = make_app(mode="assessment")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert not app.screen.query("#mood") and not app.screen.query("#coach")
        await type_reply(pilot, "You owe $1,240.50, pay it now or else.")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert not app.screen.check_action("retry", ())  # one attempt only
        report = app.screen.report
        assert report.mode == "assessment" and not report.passed
        assert report.outcome == "agent_ended"
    record = load_transcript(transcripts(tmp_path / "transcripts")[0])
    assert record.end["reason"] == "agent_ended"


def notices(app, monkeypatch):
    """The messages the app shows as notifications (App.notify), as they are posted."""
    shown = []
    notify = app.notify

    def record(message, *args, **kwargs):
        shown.append(str(message))
        return notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", record)
    return shown


async def test_empty_reply_is_ignored_with_a_hint(make_app, monkeypatch):
    app = make_app()
    shown = notices(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await type_reply(pilot, "   ")
        assert app.live.session.record.turns == []
        assert any("empty reply" in message for message in shown), shown


async def test_paste_and_huge_paste_are_captured(make_app, tmp_path, monkeypatch):
    app = make_app()
    shown = notices(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.press(*"Hi ")
        app.screen.query_one("#reply").post_message(events.Paste("x" * 5000))  # as a terminal
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        turn = app.live.session.record.turns[0]
        assert len(turn["agent"]) == 2000
        assert turn["capture"]["truncated"] and turn["capture"]["pasted"] == 2001
        assert turn["capture"]["keystrokes"] == 3
        assert any("cut to 2000" in message for message in shown), shown
    report = json.loads(json.dumps(app.live.session.report()))
    assert {f["flag"] for f in report["integrity"]} >= {"pasted", "truncated"}


async def test_silence_nudges_then_ends_the_call(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        screen = app.screen
        screen.nudge()
        await pilot.pause()
        assert app.live.session.record.nudges
        screen.silence_ends()
        await pilot.pause()
        assert app.live.call.outcome == "hung_up"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    record = load_transcript(transcripts(tmp_path / "transcripts")[0])
    assert record.end["reason"] == "silence" and record.complete


async def test_quitting_mid_call_saves_an_incomplete_transcript(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await type_reply(pilot, MODEL[0])
        await pilot.press("ctrl+q")
    record = load_transcript(transcripts(tmp_path / "transcripts")[0])
    assert len(record.turns) == 1 and not record.complete
    assert record.end["reason"] == "interrupted"


async def test_help_opens_with_f1_and_closes_with_escape(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_retry_and_next_scenario_from_the_result(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await call_with_one_reply(pilot, MODEL[0])
        next_id = app.screen.next_id
        assert next_id and next_id != "angry-customer"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) and not app.live.session.record.turns
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.id == next_id
