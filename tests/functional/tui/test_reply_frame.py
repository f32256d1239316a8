"""What a candidate waits for after Enter: the debtor's answer comes in the first frame,
the rest (coaching, the end of the call) after it, and nothing slow is built on the way."""

import errno
import os
from dataclasses import replace

import pytest
import yaml

from sim.records.transcript import load_transcript
from sim.rubric.loader import LoadedRubric, MatcherCache
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS
from sim.tui.widgets.conversation import Conversation
from tests.functional.tui.conftest import type_reply

SCENARIO = "time-barred"  # at 80x24 its conversation outgrows the screen by the 4th reply


def model_plan(scenario: str = SCENARIO) -> tuple[tuple, list[str]]:
    path = SCENARIOS / f"{scenario}.yaml"
    plan = yaml.safe_load((SCENARIOS / f"{scenario}.test.yaml").read_text(encoding="utf-8"))
    replies = [str(step["say"]) for step in plan["tests"][0]["steps"] if "say" in step]
    return (load_scenario(path), path), replies


def newest_answer(screen) -> tuple[str, bool]:
    """The newest debtor line, and whether all of it is in view."""
    conversation = screen.query_one(Conversation)
    newest = conversation.query(".line.debtor").last()
    return str(newest.render()), conversation.region.contains_region(newest.region)


def coaching(screen) -> str:
    return str(screen.query_one("#coach").render())


@pytest.mark.parametrize("scenario", [SCENARIO, "hangs-up"])
async def test_the_answer_is_in_view_in_the_first_frame_and_the_coaching_after_it(
    make_app, scenario
):
    """Before, the scroll to a new line waited for the frame after it; the reply that first
    overflowed the conversation left the answer out of sight for good (that scroll used the
    height from before the scrollbar re-wrapped the lines); and the coaching was worked out
    and laid out before the debtor's line, in the same frame."""
    preselected, replies = model_plan(scenario)
    app = make_app(preselected=preselected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Start call
        await pilot.pause()
        frames: list[tuple[tuple[str, bool], str]] = []
        app.screen.screen_layout_refresh_signal.subscribe(
            app.screen,
            lambda screen: frames.append((newest_answer(screen), coaching(screen))),
            immediate=True,
        )
        coached = 0
        for reply in replies[:-1]:  # the last one ends the call
            app.screen.query_one("#reply").value = reply
            await pilot.pause()
            coach_before = coaching(app.screen)
            frames.clear()
            await pilot.press("enter")
            await pilot.pause()
            answer, coach = frames[0]
            assert answer == (f"Debtor: {app.live.line}", True), reply
            assert coach == coach_before
            coached += coaching(app.screen) != coach_before
        assert coached, "the coaching never changed: the order above was not tested"


async def test_every_answer_stays_in_view_as_the_conversation_outgrows_the_screen(make_app):
    """The reply that first overflowed the conversation left the answer out of sight until
    the next one: the scroll to it used the height from before the scrollbar's arrival
    re-wrapped the lines."""
    preselected, replies = model_plan()
    app = make_app(preselected=preselected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for reply in replies:
            await type_reply(pilot, reply)
            await pilot.pause()
            assert newest_answer(app.screen) == (f"Debtor: {app.live.line}", True), reply


async def test_the_closing_line_shows_before_the_call_is_wound_up(make_app):
    """The end of the call (a system line, the reply box disabled, the result button and
    the footer rebuilt for it) used to come before the debtor's closing line, by 2-3 frames."""
    preselected, replies = model_plan()
    app = make_app(preselected=preselected, mode="assessment")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for reply in replies[:-1]:
            await type_reply(pilot, reply)
        frames: list[tuple[str, bool, bool]] = []

        def frame(screen) -> None:
            frames.append((*newest_answer(screen), screen.query_one("#result").display))

        app.screen.query_one("#reply").value = replies[-1]
        await pilot.pause()
        app.screen.screen_layout_refresh_signal.subscribe(app.screen, frame, immediate=True)
        await pilot.press("enter")
        await pilot.pause()
        assert app.live.ended
        assert frames[0][:2] == (f"Debtor: {app.live.line}", True)
        assert not frames[0][2] and frames[-1][2]  # the result button comes after


async def test_the_calls_matcher_is_built_while_the_briefing_is_read(make_app, rubric, monkeypatch):
    """Building it took 50-250 ms on Start call, before the debtor's first line."""
    built = []
    build = LoadedRubric.build_matcher
    monkeypatch.setattr(
        LoadedRubric,
        "build_matcher",
        lambda self, facts, **kw: built.append(dict(facts or {})) or build(self, facts, **kw),
    )
    preselected, replies = model_plan()
    app = make_app(preselected=preselected, loaded=replace(rubric, matchers=MatcherCache()))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):  # the briefing is on screen; reading it takes a while
            if built:
                break
            await pilot.pause(0.05)
        assert built == [preselected[0].facts()]
        await pilot.press("enter")
        await type_reply(pilot, replies[0])
        assert app.live.call.turns and len(built) == 1


async def test_a_turn_is_in_the_transcript_when_its_answer_shows_and_on_the_disk_after(
    make_app, tmp_path, monkeypatch
):
    """Its fsync (0.3-2.5 ms here, more on a busy disk) came before the answer's frame."""
    synced = []
    fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or fsync(fd))
    preselected, replies = model_plan()
    app = make_app(preselected=preselected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        frames: list[tuple[int, int]] = []
        app.screen.screen_layout_refresh_signal.subscribe(
            app.screen,
            lambda _: frames.append((len(load_transcript(app.live.transcript).turns), len(synced))),
            immediate=True,
        )
        for n, reply in enumerate(replies[:3], start=1):
            app.screen.query_one("#reply").value = reply
            await pilot.pause()
            frames.clear()
            before = len(synced)
            await pilot.press("enter")
            await pilot.pause()
            assert frames[0] == (n, before)  # written (a kill keeps it), not yet fsynced
            assert len(synced) > before


async def test_a_disk_that_fails_the_fsync_after_the_answer_stops_the_call(make_app, monkeypatch):
    preselected, replies = model_plan()
    app = make_app(preselected=preselected)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_reply(pilot, replies[0])

        def failing(fd: int) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(os, "fsync", failing)
        await type_reply(pilot, replies[1])
        lines = [str(line.render()) for line in app.screen.query(".line")]
        assert lines[-2] == f"Debtor: {app.live.line}"  # the answer was shown, then
        assert "The call stops here" in lines[-1] and "Input/output error" in lines[-1]
        assert app.screen.query_one("#reply").disabled
