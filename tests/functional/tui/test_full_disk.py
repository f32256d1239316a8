"""A disk that fills in the middle of a call: a clear message, and nothing that was written
is lost or spoilt (issue 17).

The disk is made full by failing the operating system's writes into the transcripts folder
the way a full file system does: part of the line goes in, then ENOSPC.
"""

import errno
import os
import sys

import pytest

from sim.errors import SimError
from sim.records.transcript import TranscriptWriter, load_transcript, verify
from sim.tui.screens.call import CallScreen
from tests.functional.tui.conftest import MODEL, type_reply

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds a file's folder through /proc"
)


class FullDisk:
    """While ``full``, a write into ``folder`` puts in half its bytes, then fails."""

    def __init__(self, monkeypatch, folder):
        self.folder = str(folder)
        self.full = False
        real = os.write

        def write(fd, data):
            if self.full and os.readlink(f"/proc/self/fd/{fd}").startswith(self.folder):
                if len(data) > 1:
                    return real(fd, bytes(data[: len(data) // 2]))
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, data)

        monkeypatch.setattr(os, "write", write)


def test_a_line_the_disk_had_no_room_for_leaves_the_transcript_as_it_was(tmp_path, monkeypatch):
    disk = FullDisk(monkeypatch, tmp_path)
    path = tmp_path / "t.jsonl"
    writer = TranscriptWriter(path, {"scenario": {"id": "hardship"}})
    writer.write({"type": "turn", "n": 1, "state": "s", "debtor": "hi", "agent": "hello"})
    before = path.read_bytes()
    disk.full = True
    with pytest.raises(SimError, match="No space left on device") as caught:
        writer.write({"type": "turn", "n": 2, "state": "s", "debtor": "hi", "agent": "again"})
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before  # the half-written line was taken back out
    disk.full = False  # space freed: the next line joins the chain where it stopped
    writer.write({"type": "turn", "n": 2, "state": "s", "debtor": "hi", "agent": "again"})
    writer.close()
    assert verify(path).ok and [t.n for t in load_transcript(path).turns] == [1, 2]


async def test_a_full_disk_stops_the_call_with_a_message_and_keeps_what_was_said(
    make_app, tmp_path, monkeypatch
):
    disk = FullDisk(monkeypatch, tmp_path / "transcripts")
    app = make_app(mode="assessment")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "enter")
        await type_reply(pilot, MODEL[0])
        disk.full = True
        await type_reply(pilot, MODEL[1])
        screen = app.screen
        assert isinstance(screen, CallScreen)
        said = str(screen.query_one("#conversation").children[-1].render())
        assert "The call stops here" in said and "No space left on device" in said
        assert screen.query_one("#reply").disabled
        assert not screen.query_one("#result").display
        await pilot.press("ctrl+e")  # no result for a call that could not be saved
        assert app.screen is screen
        await pilot.press("ctrl+q")  # the end cannot be written either: it quits cleanly
    assert app.return_code == 0
    [path] = (tmp_path / "transcripts").glob("*.jsonl")
    record = load_transcript(path)
    assert [t.agent for t in record.turns] == [MODEL[0]] and not record.complete
    assert verify(path).ok
