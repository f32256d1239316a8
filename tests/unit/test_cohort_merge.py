"""The cohort merge is associative: states of consecutive runs of transcripts, merged in
order however they were grouped, equal the state of reading them one by one."""

import shutil
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.reports.cohort_filters import Filters, transcript_paths
from sim.reports.cohort_map import MapJob, call_facts
from sim.reports.cohort_merge import CohortState
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts" / "samples"


@pytest.fixture(scope="module")
def facts(rubric, tmp_path_factory):
    """Each transcript's facts, in order: the samples, copies of two (one a call met again
    at the end, after others), junk and a cut call."""
    folder = tmp_path_factory.mktemp("calls")
    for path in SAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    shutil.copy(SAMPLES / "hardship--c-101--model.jsonl", folder / "zz-again.jsonl")
    shutil.copy(SAMPLES / "angry-customer--c-101--model.jsonl", folder / "b-again.jsonl")
    (folder / "junk.jsonl").write_text("junk\n")
    text = (SAMPLES / "dispute--c-104--model.jsonl").read_text()
    (folder / "cut.jsonl").write_text(text[: len(text) // 2])
    job = MapJob(rubric, None, Filters(), None)
    return [call_facts(p, job) for p in transcript_paths([str(folder)])]


def fold(facts, start, stop):
    state = CohortState(Filters())
    for index in range(start, stop):
        state.add(index, facts[index])
    return state


def seen(state):
    return (
        [(c.index, c.row.path, c.row.ranked) for c in state.calls],
        state.skipped,
        sorted((d.index, d.path, state.first(d)) for d in state.duplicates),
        state.seen,
        state.candidates,
        state.scenarios,
        state.newest,
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_merging_runs_in_any_grouping_is_reading_one_by_one(facts, data):
    n = len(facts)
    cuts = sorted(data.draw(st.sets(st.integers(1, n - 1), max_size=n - 1)))
    bounds = [0, *cuts, n]
    parts = [fold(facts, a, b) for a, b in pairwise(bounds)]
    # merged left to right, and right to left: (a + (b + c)) as well as ((a + b) + c)
    left = CohortState(Filters())
    for part in parts:
        left.merge(part)
    right = parts[-1]
    for part in reversed(parts[:-1]):
        right = part.merge(right)
    whole = fold(facts, 0, n)
    assert seen(left) == seen(whole) == seen(right)
    assert whole.duplicates and whole.skipped  # the cohort has both to get right
