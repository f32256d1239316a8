"""The JSON Schemas published for editors (yaml-language-server), generated from the models."""

from __future__ import annotations

import json

from pydantic import BaseModel

from sim.authoring.plans import TestPlan
from sim.rubric.model import Rubric
from sim.scenario.model import Scenario

SCHEMAS = {
    "scenario.schema.json": Scenario,
    "testplan.schema.json": TestPlan,
    "rubric.schema.json": Rubric,
}


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
