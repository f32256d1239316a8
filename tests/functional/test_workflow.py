"""The broken-promise workflow, as a trainer runs it, in a folder outside scenarios/:
new -> validate -> test -> graph -> explore -> play (headless, then in the candidate UI
through Textual Pilot); and the rubric is swappable."""

import re
import shutil

from sim.authoring.gate import catalog, open_scenario
from sim.records.transcript import verify
from sim.tui.app import PlayApp, PlayConfig
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.call import CallScreen
from sim.tui.screens.result import ResultScreen
from tests.conftest import ROOT
from tests.functional.tui.conftest import FakeClock, type_reply

GUIDE = (ROOT / "docs" / "authoring.md").read_text()
EXAMPLE = GUIDE.split("# example: complete scenario\n", 1)[1].split("```", 1)[0]
REPLIES = GUIDE.split("# example: replies\n", 1)[1].split("```", 1)[0]
PLAN = """\
scenario: broken-promise
seed: 1
tests:
  - name: a new date is agreed
    steps:
      - say: Hi, this is Alex from Summit Recovery Services. Am I speaking with Lee Park?
        expect: {state: name_confirmed, signals: [verify_identity]}
    end: {outcome: null}
"""


async def test_the_broken_promise_workflow_runs_clean(tmp_path, cli):
    work = tmp_path / "mine"
    made = cli("new", "scenario", "Broken Promise", "--dir", work)
    assert made.returncode == 0, made.stderr
    path, plan = work / "broken-promise.yaml", work / "broken-promise.test.yaml"
    for file, schema in ((path, "scenario"), (plan, "testplan")):
        modeline = file.read_text().splitlines()[0]
        target = modeline.split("$schema=", 1)[1]
        assert (work / target).resolve() == (ROOT / "schemas" / f"{schema}.schema.json")
    path.write_text(EXAMPLE)  # the trainer writes the scenario from the guide
    plan.write_text(PLAN)
    validated = cli("validate", path, plan)
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    tested = cli("test", plan)
    assert tested.returncode == 0 and "1 passed, 0 failed" in tested.stdout, tested.stdout
    assert tested.stderr == ""
    graph = cli("graph", path)
    assert graph.returncode == 0 and "agreed : outcome payment_plan" in graph.stdout
    explored = cli("explore", path, "--walks", "20")
    assert explored.returncode == 0, explored.stdout + explored.stderr
    assert re.search(r"stuck walks\s+0", explored.stdout)
    replies = tmp_path / "replies.txt"
    replies.write_text(REPLIES)
    played = cli("run", path, "--replies", replies, "--json")
    assert played.returncode == 0 and played.stderr == ""
    assert '"outcome": "payment_plan"' in played.stdout
    await _play_in_the_candidate_ui(path, tmp_path / "transcripts")


async def _play_in_the_candidate_ui(path, transcripts):
    """`sim play PATH --candidate c-1`: the same gate, then the call taken on screen."""
    gated = open_scenario(str(path), None)
    assert gated.warnings == []
    app = PlayApp(
        PlayConfig(
            rubric=gated.rubric,
            catalog=catalog(None).summaries,
            preselected=(gated.scenario, gated.path),
            candidate="c-1",
            seed=1,
            transcripts=transcripts,
            clock=FakeClock(),
            blink=False,
            live_timers=False,
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, CallScreen)
        for reply in REPLIES.strip().splitlines():
            await type_reply(pilot, reply)
        assert app.live.ended
        await pilot.press("enter")  # see the result
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.screen.report.outcome == "payment_plan"
    [saved] = transcripts.glob("broken-promise--c-1--*.jsonl")
    assert verify(saved).ok


def test_a_scenario_names_its_rubric_and_commands_take_rubric(tmp_path, cli):
    rubric = tmp_path / "rubrics" / "mine.yaml"
    rubric.parent.mkdir()
    # a copy with one more signal, which the scenario listens for
    text = (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text()
    extra = (
        "signals:\n  recall_promise:\n    description: Recalls the promise.\n"
        "    phrases: [you promised a payment on the first]\n"
    )
    rubric.write_text(text.replace("signals:\n", extra, 1))
    shutil.copy(ROOT / "sim" / "data" / "rubrics" / "default.learned.json", rubric.parent)
    scenario = tmp_path / "broken-promise.yaml"
    scenario.write_text(
        EXAMPLE.replace("answered_by:", "rubric: rubrics/mine.yaml\nanswered_by:").replace(
            "[collector_disclosure, mini_miranda]",
            "[collector_disclosure, mini_miranda, recall_promise]",
        )
    )
    for args in (
        ["validate", scenario],
        ["graph", scenario],
        ["explore", scenario, "--walks", "5"],
    ):
        result = cli(*args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert "SIM043" not in result.stderr
    # --rubric overrides what the file names, and the message names the rubric used
    for args in (["validate", scenario], ["graph", scenario], ["explore", scenario]):
        result = cli(*args, "--rubric", "default")
        assert result.returncode in (1, 2), args
        out = result.stdout + result.stderr
        assert "unknown signal 'recall_promise' (not in rubric 'default')" in out, args
    tested = tmp_path / "broken-promise.test.yaml"
    tested.write_text(
        PLAN.replace(
            "expect: {state: name_confirmed, signals: [verify_identity]}",
            "expect: {state: name_confirmed, not_signals: [recall_promise]}",
        )
    )
    assert cli("test", tested).returncode == 0
    refused = cli("test", tested, "--rubric", "default")
    assert refused.returncode == 2 and "not in rubric 'default'" in refused.stderr
