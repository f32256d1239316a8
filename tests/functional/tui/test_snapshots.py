"""How each screen looks, at 80x24 and on a wide terminal (pytest-textual-snapshot)."""

import pytest

from tests.functional.tui.conftest import MODEL, type_reply

SIZES = {"80x24": (80, 24), "wide": (140, 40)}


@pytest.fixture(params=list(SIZES))
def size(request):
    return SIZES[request.param]


def test_picker(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size)


def test_briefing(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["down", "enter"])


def test_call_in_practice_mode(snap_compare, make_app, size):
    async def play(pilot):
        await pilot.press("enter", "enter")
        for reply in MODEL[:3]:
            await type_reply(pilot, reply)

    assert snap_compare(make_app(), terminal_size=size, run_before=play)


def test_result(snap_compare, make_app, size):
    async def play(pilot):
        await pilot.press("enter", "enter")
        for reply in MODEL:
            await type_reply(pilot, reply)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=play)


def test_help(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["f1"])
