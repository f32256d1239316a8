"""Cohort work that scales: `sim report` and `sim score` give the same bytes however the
per-call work runs (here, on a pool of processes, from the result cache, on Dask)."""

import shutil
import sys

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts" / "samples"
REPORT_FORMATS = ["table", "csv", "json", "html", "xapi"]


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """The samples (one reviewed) with what a real folder holds besides: a copy of a call in
    a subfolder and another beside it (counted once), an empty file, junk, and a call
    edited after it was written."""
    folder = tmp_path_factory.mktemp("messy")
    for path in SAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "sub").mkdir()
    shutil.copy(SAMPLES / "angry-customer--c-101--model.jsonl", folder / "sub" / "copy.jsonl")
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", folder / "zz-again.jsonl")
    (folder / "empty.jsonl").write_text("")
    (folder / "junk.jsonl").write_text("junk\n")
    text = (SAMPLES / "dispute--c-104--model.jsonl").read_text()
    (folder / "tampered.jsonl").write_text(text.replace("Kevin speaking", "Kevin speakin", 1))
    return folder


def runs(cli, command, *args, **options):
    """The command's code, stdout and stderr with --jobs 1 and no cache, and then the same
    for each way of running given (name -> extra arguments)."""
    base = cli(command, *args, "--jobs", "1", "--no-cache")
    assert "Traceback" not in base.stderr
    return base, {name: cli(command, *args, *extra) for name, extra in options.items()}


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_report_is_the_same_on_a_pool_and_from_the_cache(cli, messy, tmp_path, fmt):
    cache = tmp_path / "cache"
    base, others = runs(
        cli,
        "report",
        messy,
        "--format",
        fmt,
        pool=("--jobs", "2", "--no-cache"),
        cold=("--jobs", "2", "--cache-dir", cache),
        warm=("--jobs", "2", "--cache-dir", cache),
        warm_here=("--jobs", "1", "--cache-dir", cache),
    )
    assert base.returncode == 1  # the messy folder has unreadable and unverified calls
    assert "skipped" in base.stderr and "counted once" in base.stderr
    for name, result in others.items():
        assert (result.returncode, result.stdout, result.stderr) == (
            base.returncode,
            base.stdout,
            base.stderr,
        ), name
    assert any(cache.rglob("*.json"))


def test_report_options_are_the_same_on_a_pool_and_from_the_cache(cli, messy, tmp_path):
    cache = tmp_path / "cache"
    for options in (
        ["--role", "charged_off", "--mode", "all", "--include-unverified"],
        ["--candidate", "c-102", "--since", "2026-11-04", "--format", "csv"],
        ["--scenario", "dispute", "--format", "json"],
    ):
        base, others = runs(
            cli,
            "report",
            messy,
            *options,
            pool=("--jobs", "2", "--cache-dir", cache),
            warm=("--jobs", "2", "--cache-dir", cache),
        )
        for name, result in others.items():
            assert (result.stdout, result.stderr) == (base.stdout, base.stderr), (name, options)


@pytest.mark.parametrize("json_output", [False, True])
def test_score_is_the_same_on_a_pool_and_from_the_cache(cli, messy, tmp_path, json_output):
    cache = tmp_path / "cache"
    extra = ["--json"] if json_output else []
    base, others = runs(
        cli,
        "score",
        messy,
        *extra,
        pool=("--jobs", "2", "--no-cache", *extra),
        cold=("--jobs", "2", "--cache-dir", cache, *extra),
        warm=("--jobs", "1", "--cache-dir", cache, *extra),
    )
    assert base.returncode == 1 and "skipped" in base.stderr
    for name, result in others.items():
        assert (result.returncode, result.stdout, result.stderr) == (
            base.returncode,
            base.stdout,
            base.stderr,
        ), name


def test_a_corrupt_cache_entry_is_ignored_and_written_again(cli, messy, tmp_path):
    cache = tmp_path / "cache"
    first = cli("report", messy, "--format", "json", "--cache-dir", cache)
    entries = sorted(cache.rglob("*.json"))
    assert entries
    good = {p: p.read_bytes() for p in entries}
    for n, path in enumerate(entries):  # each spoilt a different way
        text = path.read_text()
        spoilt = [
            text.replace('"overall":', '"overall":1', 1),  # still JSON: a different score
            text[: len(text) // 2],  # cut short
            "not json\n{}",
            "",
        ][n % 4]
        path.write_text(spoilt)
    again = cli("report", messy, "--format", "json", "--cache-dir", cache)
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    assert {p: p.read_bytes() for p in entries} == good  # rewritten as they were


def test_the_cache_tells_what_the_answer_depends_on(cli, messy, tmp_path, monkeypatch):
    """A review added, the signing key set, another role: each is a new answer."""
    folder = tmp_path / "calls"
    shutil.copytree(messy, folder)
    cache = tmp_path / "cache"
    call = folder / "hardship--c-101--model.jsonl"

    def same_as_uncached(*args):
        cached = cli("report", folder, "--format", "json", "--cache-dir", cache, *args)
        fresh = cli("report", folder, "--format", "json", "--no-cache", *args)
        assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
        return cached.stdout

    before = same_as_uncached()
    reviewed = cli("review", call, "--reviewer", "QA", "--reason", "fair", "--score", "empathy=5")
    assert reviewed.returncode == 0, reviewed.stderr
    assert same_as_uncached() != before
    assert same_as_uncached("--role", "charged_off") != before
    monkeypatch.setenv("SIM_TRANSCRIPT_KEY", "a key the calls were not signed with")
    assert same_as_uncached() != before


def test_the_cache_goes_where_it_is_told_and_nowhere_else(cli, messy, tmp_path, monkeypatch):
    monkeypatch.setenv("SIM_CACHE_DIR", str(tmp_path / "from-env"))
    assert cli("report", SAMPLES, "--jobs", "1").returncode == 0
    assert any((tmp_path / "from-env").rglob("*.json"))
    assert cli("report", SAMPLES, "--cache-dir", tmp_path / "given").returncode == 0
    assert any((tmp_path / "given").rglob("*.json"))
    monkeypatch.setenv("SIM_CACHE_DIR", str(tmp_path / "unused"))
    assert cli("report", SAMPLES, "--no-cache").returncode == 0
    assert not (tmp_path / "unused").exists()
    assert not any(cli.cwd.iterdir())


@pytest.mark.parametrize("command", ["report", "score"])
@pytest.mark.parametrize(
    ("option", "said"),
    [(["--jobs", "0"], "--jobs 0"), (["--jobs", "257"], "1 to 256"), (["--dask", " "], "address")],
)
def test_bad_jobs_or_dask_is_a_one_line_error(cli, command, option, said):
    result = cli(command, SAMPLES, *option)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and said in result.stderr


@pytest.mark.parametrize("args", [["report", "-o", "cohort.html"], ["score"]])
def test_dask_without_the_extra_is_a_one_line_error(cli, args, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    result = cli(*args, SAMPLES, "--dask", "tcp://127.0.0.1:8786")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "collections-sim[dask]" in result.stderr
    assert result.stdout == "" and not any(cli.cwd.iterdir())  # no partial report


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip(
        "distributed", reason="Dask is not installed: pip install 'collections-sim[dask]'"
    )
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_report_on_dask_is_the_same(cli, messy, dask_scheduler, fmt):
    base, others = runs(
        cli, "report", messy, "--format", fmt, dask=("--dask", dask_scheduler, "--no-cache")
    )
    result = others["dask"]
    assert (result.returncode, result.stdout, result.stderr) == (
        base.returncode,
        base.stdout,
        base.stderr,
    )


def test_score_on_dask_is_the_same(cli, messy, dask_scheduler):
    base, others = runs(cli, "score", messy, dask=("--dask", dask_scheduler, "--no-cache"))
    assert (others["dask"].stdout, others["dask"].stderr) == (base.stdout, base.stderr)


@pytest.fixture
def moved_pass_mark(tmp_path):
    """A copy of the shipped rubric with its pass mark moved: no match changes."""
    from sim.sources.locations import RUBRICS

    folder = tmp_path / "rubric"
    folder.mkdir()
    shutil.copy(RUBRICS / "default.learned.json", folder / "default.learned.json")
    text = (RUBRICS / "default.yaml").read_text(encoding="utf-8")
    assert "\npass_mark: 65\n" in text
    moved = folder / "moved.yaml"
    moved.write_text(text.replace("\npass_mark: 65\n", "\npass_mark: 90\n"), encoding="utf-8")
    return moved


@pytest.mark.parametrize("command", ["report", "score"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_moved_pass_mark_reads_the_cached_matches_and_gives_the_same_bytes(
    cli, messy, tmp_path, moved_pass_mark, command, jobs
):
    cache = tmp_path / "cache"
    warmed = cli(command, messy, "--jobs", jobs, "--cache-dir", cache)
    assert "Traceback" not in warmed.stderr
    matches = {p: p.stat().st_mtime_ns for p in (cache / "matches-v1").rglob("*.json")}
    assert matches
    extra = ("--format", "csv") if command == "report" else ("--json",)
    base, results = runs(
        cli,
        command,
        messy,
        "--rubric",
        moved_pass_mark,
        *extra,
        rescored=("--jobs", jobs, "--cache-dir", cache, "--rubric", moved_pass_mark, *extra),
    )
    rescored = results["rescored"]
    assert (rescored.returncode, rescored.stdout, rescored.stderr) == (
        base.returncode,
        base.stdout,
        base.stderr,
    )
    assert base.stdout != cli(command, messy, "--no-cache", *extra).stdout  # the verdicts moved
    # every call's matches were read, none found again
    assert {p: p.stat().st_mtime_ns for p in (cache / "matches-v1").rglob("*.json")} == matches


def test_a_corrupt_match_entry_is_ignored_and_written_again(cli, messy, tmp_path, moved_pass_mark):
    cache = tmp_path / "cache"
    cli("report", messy, "--format", "json", "--cache-dir", cache)
    entries = sorted((cache / "matches-v1").rglob("*.json"))
    good = {p: p.read_bytes() for p in entries}
    for n, path in enumerate(entries):
        text = path.read_text()
        path.write_text(
            [text.replace('"detected"', '"quoted"', 1), text[: len(text) // 2], "[[1]]", ""][n % 4]
        )
    fresh = cli("report", messy, "--format", "json", "--no-cache", "--rubric", moved_pass_mark)
    again = cli(
        "report", messy, "--format", "json", "--cache-dir", cache, "--rubric", moved_pass_mark
    )
    assert (again.stdout, again.stderr) == (fresh.stdout, fresh.stderr)
    assert {p: p.read_bytes() for p in entries} == good
