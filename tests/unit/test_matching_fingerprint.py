"""The matching fingerprint changes with every input of matching, and with nothing else."""

import shutil
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from sim.rubric.fingerprint import matching_fingerprint
from sim.rubric.loader import load_rubric
from sim.sources.locations import RUBRICS

FACTS = {"debtor_name": "Dana Reyes", "agency": "Apex Recovery", "balance": 1240.5}
Edit = Callable[[dict[str, Any]], None]


def _first_signal(rubric: dict[str, Any], field: str) -> dict[str, Any]:
    return next(s for s in rubric["signals"].values() if s.get(field))


def _phrase(r: dict[str, Any]) -> None:
    _first_signal(r, "phrases")["phrases"][0] += " now"


def _pattern(r: dict[str, Any]) -> None:
    _first_signal(r, "patterns")["patterns"][0] += "|zebra crossing"


def _lexicon(r: dict[str, Any]) -> None:
    next(iter(r["lexicons"].values())).append("zebra")


def _threshold(r: dict[str, Any]) -> None:
    _first_signal(r, "phrases")["threshold"] = 91


def _pass_mark(r: dict[str, Any]) -> None:
    r["pass_mark"] += 5


def _weight(r: dict[str, Any]) -> None:
    next(iter(r["competencies"].values()))["weight"] += 1


def _severity(r: dict[str, Any]) -> None:
    rule = next(iter(r["rules"].values()))
    rule["severity"] = "minor" if rule["severity"] != "minor" else "major"


@pytest.fixture
def rubric_copy(tmp_path):
    """A copy of the shipped rubric (and its learned weights) to edit, and its fingerprint
    for these facts as loaded from the copy unedited."""
    shutil.copy(RUBRICS / "default.learned.json", tmp_path / "default.learned.json")
    source = yaml.safe_load((RUBRICS / "default.yaml").read_text(encoding="utf-8"))

    def fingerprint(edit: Edit | None = None, facts: dict[str, Any] = FACTS) -> str:
        data = yaml.safe_load(yaml.safe_dump(source))
        if edit:
            edit(data)
        path = tmp_path / "rubric.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return matching_fingerprint(load_rubric(path), facts)

    return tmp_path, fingerprint


@pytest.mark.parametrize("edit", [_phrase, _pattern, _lexicon, _threshold])
def test_a_change_to_what_matching_reads_changes_the_fingerprint(rubric_copy, edit):
    _, fingerprint = rubric_copy
    assert fingerprint(edit) != fingerprint()


@pytest.mark.parametrize("edit", [_pass_mark, _weight, _severity])
def test_a_change_that_alters_no_match_keeps_the_fingerprint(rubric_copy, edit):
    _, fingerprint = rubric_copy
    assert fingerprint(edit) == fingerprint()


def test_the_learned_weights_file_is_part_of_the_fingerprint(rubric_copy):
    folder, fingerprint = rubric_copy
    before = fingerprint()
    weights = folder / "default.learned.json"
    weights.write_text(weights.read_text().replace("0.", "0.0", 1))
    assert fingerprint() != before


def test_only_the_facts_the_matcher_reads_count(rubric_copy):
    _, fingerprint = rubric_copy
    before = fingerprint()
    assert fingerprint(facts={**FACTS, "agency": "Bolt Collections"}) != before
    assert fingerprint(facts={**FACTS, "balance": 99.0}) != before
    assert fingerprint(facts={**FACTS, "first_contact": True, "min_replies": 4}) == before
