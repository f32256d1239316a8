"""The UI as a shell: screens post messages, the app reacts; modal results are typed."""

from sim.records.transcript import load_transcript
from sim.tui.screens.result import ResultScreen


def transcripts(tmp_path):
    return sorted((tmp_path / "transcripts").glob("*.jsonl"))


async def test_hanging_up_after_the_line_went_quiet_records_silence(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # picker -> briefing -> call
        app.screen.silence_ends()
        await pilot.pause()
        await pilot.press("ctrl+e")  # not the result button: the silence still counts
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    record = load_transcript(transcripts(tmp_path)[0])
    assert record.end["reason"] == "silence"
