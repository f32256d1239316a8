"""The regression corpus: every input a fuzzer (or a person trying) ever found, one file
each under corpus/TARGET/, replayed through its target. A new finding is added as a file
here (atheris writes its crashes as files: copy them in)."""

from __future__ import annotations

import pytest

from tests.fuzz.targets import CORPUS, TARGETS

CASES = sorted((t, p) for t in TARGETS for p in (CORPUS / t).iterdir())


def test_every_target_has_a_corpus():
    assert {t for t, _ in CASES} == set(TARGETS)


@pytest.mark.parametrize("target, path", CASES, ids=[f"{t}/{p.name}" for t, p in CASES])
def test_a_corpus_input_still_only_raises_sim_errors(target, path):
    TARGETS[target](path.read_bytes())
