"""`sim replay` and the report table, as a supervisor sees them."""

import pytest

from sim.reports.audited import audit
from sim.tui.replay import ReplayApp
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts" / "samples"
ABUSIVE = SAMPLES / "angry-customer--c-102--abusive.jsonl"
REVIEWED = SAMPLES / "dispute--c-102--robot.jsonl"


@pytest.fixture
def replay(rubric):
    def make(path):
        return ReplayApp(audit(path, rubric), title=path.name)

    return make


def text(app):
    return str(app.screen.query_one("#turn").render())


async def test_stepping_and_jumping_to_violations(replay):
    app = replay(ABUSIVE)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Turn 1 of" in text(app)
        await pilot.press("left")
        assert "Turn 1 of" in text(app)
        await pilot.press("v")
        assert "Turn 2 of" in text(app) and "caller_identity" in text(app)
        await pilot.press("v")
        assert "abusive_language" in text(app) and "threat_arrest" in text(app)
        path = str(app.screen.query_one("#path").render())
        assert path.startswith("path: opening > name_confirmed > verified")
        await pilot.press("e")
        assert "Final scores" in text(app) and "not passed" in text(app)
        await pilot.press("escape")
    assert app.return_code in (0, None)


async def test_reviews_show_in_the_summary(replay):
    app = replay(REVIEWED)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        assert "Reviewed by Sam Rivera (QA lead): empathy = 45" in text(app)


async def test_the_human_verdict_is_the_headline_with_the_machines_beside(rubric, tmp_path):
    call = audit(REVIEWED, rubric)
    app = ReplayApp(call, title=REVIEWED.name)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        lines = text(app).splitlines()
        human = next(i for i, line in enumerate(lines) if "(human review)" in line)
        assert lines[human].startswith("Overall 84") and "passed" in lines[human]
        assert lines[human + 1].startswith("Machine: overall 79   not passed")
        empathy = next(line for line in lines if line.startswith("Empathy"))
        assert empathy.endswith(" 45")  # the reviewer's score, not the machine's 20


async def test_a_call_cut_short_says_so_in_replay(rubric, tmp_path):
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(ABUSIVE.read_text().splitlines(keepends=True)[:-1]))
    call = audit(cut, rubric)
    app = ReplayApp(call, title=cut.name)
    async with app.run_test(size=(100, 30)):
        assert "NOT RELIABLE: incomplete" in str(app.screen.query_one("#path").render())


@pytest.mark.parametrize("keys", [[], ["v", "v"], ["e"]], ids=["first-turn", "violation", "end"])
def test_replay_snapshots(snap_compare, replay, keys):
    assert snap_compare(replay(ABUSIVE), terminal_size=(100, 30), press=keys)


def test_report_table_snapshot(snapshot, cli, rubric):
    result = cli("report", SAMPLES, "--role", "early_stage")
    assert result.returncode == 0, result.stderr
    # the rubric's hash changes with every edit of the rubric; the rest is the snapshot
    assert result.stdout.replace(rubric.sha256[:12], "<sha256>") == snapshot


async def test_the_replay_says_why_the_call_ended(replay, cli, tmp_path):
    """A call that ran out of patience: the last turn and the summary say so in words."""
    transcript = tmp_path / "call.jsonl"
    replies = tmp_path / "replies.txt"
    replies.write_text("Hello, is this Kevin Osei?\nhmm\nwell\nso\n")
    assert cli("run", "dispute", "--replies", replies, "--transcript", transcript).returncode == 0
    app = replay(transcript)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("right", "right", "right")
        assert "Why it ended: Kevin hung up. The debtor's patience ran out after 3" in text(app)
        await pilot.press("e")
        assert "Why it ended: Kevin hung up." in text(app)


async def test_the_replay_says_what_the_score_left_out(rubric, tmp_path):
    """A pasted reply in an assessment earns nothing: the scores screen says so."""
    from sim.call.session import Session
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import SCENARIOS
    from tests.conftest import plan_replies

    path, transcript = SCENARIOS / "dispute.yaml", tmp_path / "pasted.jsonl"
    session = Session(load_scenario(path), path, rubric, mode="assessment", transcript=transcript)
    for n, reply in enumerate(plan_replies("dispute", "dispute logged")):
        if not session.ended:
            session.reply(reply, capture={"pasted": len(reply)} if n == 1 else None)
    session.finish()
    call = audit(transcript, rubric)
    app = ReplayApp(call, title="pasted")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        assert "Note: Turn 2 was pasted" in text(app)
