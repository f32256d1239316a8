"""The result screen says in plain words why the call ended (issue 13)."""

from sim.tui.screens.call import CallScreen
from sim.tui.screens.result import ResultScreen
from tests.functional.tui.conftest import type_reply


async def test_the_result_screen_names_the_threat_that_ended_the_call(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # picker -> briefing -> call (angry-customer)
        await type_reply(pilot, "Pay today or you will be arrested.")
        assert isinstance(app.screen, CallScreen) and app.live.ended
        await pilot.press("enter")  # "See your result"
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        shown = str(app.screen.query_one("#ended-because").render())
        assert shown.startswith("Why it ended:") and "arrest" in shown, shown
        assert "turn 1" in shown.lower(), shown
