"""Pop-ups at 80x24: they never cover the reply box or the latest line of the call."""

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
