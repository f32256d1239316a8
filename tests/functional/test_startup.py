"""Start-up: `sim --help` and `sim list` import only what they need (issue 19), and the
catalogue `sim list` reads from its cache follows every file it depends on."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.sources.locations import SCENARIOS

HEAVY = ("pydantic", "sim.rubric", "sim.scenario.model", "sim.authoring.gate", "yaml", "textual")
LOADED = """
import sys
from sim.commands.parser import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\n" + "\\n".join(sorted(sys.modules)))
"""


def modules_after(*argv: str, cwd: Path, script: str = LOADED) -> set[str]:
    """The modules a fresh process running ``script`` has imported once `sim ARGV` has run."""
    done = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
        timeout=120,
    )
    return set(done.stdout.splitlines())


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith(HEAVY))


def test_help_and_a_cached_list_import_no_models_no_matcher_no_ui(tmp_path):
    assert heavy(modules_after("--help", cwd=tmp_path)) == []
    first = modules_after("list", cwd=tmp_path)  # checks every scenario, fills the cache
    assert "sim.rubric.matching.matcher" in first or "pydantic" in first
    assert heavy(modules_after("list", cwd=tmp_path)) == []


def project(tmp_path: Path, title: str) -> Path:
    """A project folder whose own `angry-customer` has ``title``."""
    own = tmp_path / "scenarios"
    own.mkdir(parents=True, exist_ok=True)
    text = (SCENARIOS / "angry-customer.yaml").read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + 1
    end = text.index("\n", start)
    (own / "angry-customer.yaml").write_text(
        text[:start] + f"title: {title}" + text[end:], encoding="utf-8"
    )
    return tmp_path


def listed_title(cli, cwd: Path) -> str:
    result = cli("list", cwd=cwd)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("angry-customer"))
    return line.split(maxsplit=2)[2]


def test_a_changed_scenario_is_listed_as_it_now_is_even_at_the_same_size(cli, tmp_path):
    home = project(tmp_path, "Calls about fees AAA")
    assert listed_title(cli, home) == "Calls about fees AAA"
    project(tmp_path, "Calls about fees BBB")  # same size; written within the same tick
    assert listed_title(cli, home) == "Calls about fees BBB"


def test_a_scenario_broken_after_it_was_cached_is_left_out_and_said_so_every_time(cli, tmp_path):
    home = project(tmp_path, "Fine for now")
    assert listed_title(cli, home) == "Fine for now"
    path = home / "scenarios" / "angry-customer.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    for _ in range(2):
        result = cli("list", cwd=home)
        assert result.returncode == 0
        assert "Fine for now" not in result.stdout
        assert "left out" in result.stderr and "angry-customer.yaml" in result.stderr


def test_a_corrupt_cache_entry_is_rebuilt_not_trusted(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    home = project(tmp_path, "Trusted title")
    assert listed_title(cli, home) == "Trusted title"
    [entry] = (tmp_path / "cache" / "sim" / "catalog").glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**data, "summaries": [{"id": 1}]}), encoding="utf-8")
    assert listed_title(cli, home) == "Trusted title"
    entry.write_text("{not json", encoding="utf-8")
    assert listed_title(cli, home) == "Trusted title"
    assert json.loads(entry.read_text(encoding="utf-8"))["summaries"]  # written afresh


@pytest.mark.parametrize("blocked", ["file", "folder"])
def test_a_cache_that_cannot_be_written_only_costs_speed(cli, tmp_path, monkeypatch, blocked):
    cache = tmp_path / "cache"
    if blocked == "file":
        cache.write_text("not a folder", encoding="utf-8")
    else:
        (cache / "sim").mkdir(parents=True)
        (cache / "sim" / "catalog").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    home = project(tmp_path / "p", "Still listed")
    assert listed_title(cli, home) == "Still listed"


PLAY_STARTS = """
import sys
from sim.tui.app import PlayApp

def shown(app):
    print("\\n" + "\\n".join(sorted(sys.modules)))
    return 0

PlayApp.run = shown  # the first frame would be drawn here: what has been loaded by then?
from sim.commands.parser import main
main(["play", "angry-customer", "--candidate", "c-1", "--transcripts", sys.argv[1]])
"""


def modules_when_play_draws(tmp_path: Path) -> set[str]:
    return modules_after(str(tmp_path / "transcripts"), cwd=tmp_path, script=PLAY_STARTS)


def test_play_shows_a_checked_scenario_before_loading_the_rubric_or_the_matcher(tmp_path):
    first = modules_when_play_draws(tmp_path)  # nothing cached: the gate, as ever
    assert "sim.rubric.loader" in first
    warm = modules_when_play_draws(tmp_path)
    assert [m for m in warm if m.startswith(("sim.rubric", "sim.call", "numpy"))] == []


async def test_a_call_started_while_the_rubric_loads_waits_for_it_and_plays(rubric, tmp_path):
    from sim.scenario.loader import load_scenario
    from sim.tui.app import PlayApp, PlayConfig

    loads = []

    def load():
        loads.append(1)
        return rubric

    path = SCENARIOS / "angry-customer.yaml"
    config = PlayConfig(
        rubric=load,
        catalog=[],
        preselected=(load_scenario(path), path),
        candidate="c-1",
        transcripts=tmp_path,
        blink=False,
        live_timers=False,
    )
    app = PlayApp(config)
    async with app.run_test() as pilot:
        await pilot.press("enter")  # Start call, at once
        await pilot.pause()
        app.screen.query_one("#reply").value = "Hi, this is Alex from Summit Recovery Services."
        await pilot.press("enter")
        await pilot.pause()
        assert app.live is not None and len(app.live.session.record.turns) == 1
    assert loads == [1]  # loaded once, whichever of the background and the call came first
