"""The call and result screens at 80x24: pop-ups never cover the reply box or the latest
line, and the result says what the call could not show."""

from dataclasses import replace

import pytest
from textual import events
from textual.widgets._toast import Toast

from tests.functional.tui.conftest import type_reply


def overlaps(a, b):
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


async def test_warnings_and_notices_leave_the_input_and_the_latest_line_clear(make_app):
    app = make_app()  # practice: coaching on
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter", "enter")
        app.screen.query_one("#reply").post_message(events.Paste("x" * 2500))  # cut: a notice
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await type_reply(pilot, "You owe $1,240.50. Pay it now or else, this is your own fault.")
        coach = str(app.screen.query_one("#coach").render())
        assert coach.count("⚠") >= 2  # the warnings are all there, in the coaching panel
        toasts = list(app.screen.query(Toast))
        assert toasts  # the notice is shown
        reply = app.screen.query_one("#reply").region
        latest = list(app.screen.query(".line"))[-1].region
        for toast in toasts:
            assert not overlaps(toast.region, reply)
            assert not overlaps(toast.region, latest)


async def test_the_result_of_a_location_call_says_empathy_does_not_apply(make_app, scenarios):
    from sim.tui.screens.result import ResultScreen
    from tests.functional.test_verdicts import LOCATION_CALL

    app = make_app(mode="assessment", preselected=scenarios["unreachable"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # briefing -> call
        for reply in LOCATION_CALL:
            await type_reply(pilot, reply)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        scores = str(app.screen.query_one("#scores").render())
        feedback = str(app.screen.query_one("#feedback").render())
        verdict = str(app.screen.query_one("#verdict").render())
        assert "n/a" in scores and "PASSED" in verdict and "NOT PASSED" not in verdict
        assert "acknowledge the debtor" not in feedback
        assert "(turn" in feedback  # each strength points at its turns


async def paste_reply(pilot, text):
    box = pilot.app.screen.query_one("#reply")
    box.value = ""
    box.post_message(events.Paste(text))  # as a terminal delivers a paste
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def anger_after(make_app, mode, pasted_reply):
    """angry-customer: three typed replies, then the fourth (and a fifth) pasted; the anger
    after each turn."""
    from tests.functional.tui.conftest import MODEL

    app = make_app(mode=mode)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        for reply in MODEL[:3]:
            await type_reply(pilot, reply)
        await paste_reply(pilot, pasted_reply)
        await paste_reply(pilot, "Honestly, that's a stupid excuse, just pay it.")
        return [t["vars"]["anger"] for t in app.live.session.record.turns]


async def test_a_pasted_reply_does_not_calm_the_debtor_in_an_assessment(make_app):
    empathic = "I understand how frustrating that is, and I'm sorry about all those calls."
    practice = await anger_after(make_app, "practice", empathic)
    assessment = await anger_after(make_app, "assessment", empathic)
    assert practice[3] < practice[2]  # in practice the pasted apology calms Dana
    assert assessment[3] == assessment[2]  # in an assessment it earns nothing, calm included
    assert assessment[4] > assessment[3]  # a pasted insult still angers her


async def report_of(make_app, scenarios, sid, mode, replies, *, pauses=False):
    """A whole call through the app; ``pauses``: the candidate stops to read the coaching
    after each reply long enough for the debtor to nudge."""
    app = make_app(mode=mode, preselected=scenarios[sid])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # briefing -> call
        for reply in replies:
            if app.live.ended:
                break
            await type_reply(pilot, reply)
            if pauses and not app.live.ended:
                app.screen.nudge()  # "Hello? Are you still there?"
                await pilot.pause()
        await pilot.press("enter" if app.live.ended else "ctrl+e")
        await pilot.pause()
        return app.screen.report


@pytest.mark.parametrize(("sid", "kind"), [("hardship", "model"), ("angry-customer", "abusive")])
async def test_practice_and_assessment_agree_through_the_app(make_app, scenarios, sid, kind):
    from tests.functional.test_verdicts import ARCHETYPES

    replies = ARCHETYPES[sid][kind]
    practice = await report_of(make_app, scenarios, sid, "practice", replies, pauses=True)
    assessment = await report_of(make_app, scenarios, sid, "assessment", replies)
    assert practice.mode == "practice" and assessment.mode == "assessment"
    assert replace(practice, mode=None) == replace(assessment, mode=None)
