"""Trainer text that looks like markup or holds terminal codes is shown as written, on every
screen of a call (issue 17: a scenario note with `[/]` passed validation and crashed
`sim play`)."""

from sim.scenario.loader import load_scenario
from sim.tui.screens.call import CallScreen
from sim.tui.screens.replay import ReplayScreen
from sim.tui.screens.result import ResultScreen
from tests.conftest import ROOT
from tests.functional.tui.conftest import type_reply


def hostile_scenario(tmp_path):
    """The shipped angry customer with markup and escape codes in its title, the debtor's
    name, an account note, a briefing note and the fallback line."""
    text = (ROOT / "sim" / "data" / "scenarios" / "angry-customer.yaml").read_text()
    codes = "[/] [b]x[/b] [link=x] \\e[8m \\u202e"  # as YAML escapes
    for plain in (
        "Angry customer, fifth call this week",
        "Dana Whitfield",
        "Five automated dialler attempts this week; none answered.",
        "Dana has not spoken to a person yet; this is the first live contact.",
        "What? I don't follow. Get to the point.",
    ):
        assert plain in text
        text = text.replace(plain, f'"{plain} {codes}"', 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    return load_scenario(path), path


async def test_markup_in_a_scenario_is_shown_as_written_on_every_screen(make_app, tmp_path):
    app = make_app(preselected=hostile_scenario(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "[/] [b]x[/b]" in shown and "Five automated dialler" in shown
        await pilot.press("enter")  # the briefing: title, notes
        assert isinstance(app.screen, CallScreen)
        await type_reply(pilot, "Blah blah [/] \x1b[8m")  # the fallback line: markup too
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("r")
        assert isinstance(app.screen, ReplayScreen)
    assert app.return_code in (None, 0)
