"""A line's `when:` has a transition's grammar (or the older variable comparisons), and the
published schema accepts exactly what the loader accepts."""

import json

import jsonschema
import pytest
from pydantic import ValidationError

from sim.scenario.model import Line
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "scenario.schema.json").read_text())
SAY = jsonschema.Draft202012Validator(
    {"$defs": SCHEMA["$defs"], **SCHEMA["$defs"]["State"]["properties"]["say"]}
)

FORMS = [
    {},
    {"any": ["reassure"]},
    {"all": ["reassure", "acknowledge_feelings"], "none": ["insult"]},
    {"done": ["verify_identity"], "not_done": ["mini_miranda"]},
    {"vars": {"anger": ">= 8"}},
    {"vars": {"anger": ">= 8"}, "any": ["reassure"]},
    {"anger": ">= 8"},  # the older form: variable comparisons only
    {"anger": 8, "patience": "< 2"},
    {"all": 3},  # a variable called 'all'
    {"anger": "lots"},
    {"anger": True},
    {"vars": {"anger": True}},
    {"any": "reassure"},
    {"anger": ">= 8", "any": ["reassure"]},
    {"done": {}},
    {"any": ["Reassure"]},
    {"Anger": ">= 8"},
    {"vars": {"anger": ">= 8"}, "anger": ">= 8"},
    "anger >= 8",
    [],
]


def _loader_accepts(form):
    try:
        Line.model_validate({"text": "Hi.", "when": form})
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("form", FORMS, ids=[json.dumps(f) for f in FORMS])
def test_the_schema_accepts_exactly_what_the_loader_accepts(form):
    accepted = _loader_accepts(form)
    assert SAY.is_valid([{"text": "Hi.", "when": form}]) == accepted
    assert SAY.is_valid(["Hello.", {"text": "Hi.", "when": form}]) == accepted


def test_a_line_reads_the_reply_and_the_memory_as_a_transition_does():
    line = Line.model_validate(
        {"text": "Hi.", "when": {"any": ["reassure"], "not_done": ["insult"], "vars": {"a": 1}}}
    )
    assert line.when.any == ["reassure"] and line.when.not_done == ["insult"]
    assert str(line.when.vars["a"]) == "== 1"
