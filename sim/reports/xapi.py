"""The cohort as xAPI 1.0.3 statements, for a Learning Record Store (``--format xapi``).

One statement per ranked call (a verified, finished call of the ranked modes): the
candidate is the actor (an account on ``HOME_PAGE``), the verb is ``passed`` or
``failed`` (the headline verdict: the human one when the call was reviewed), the object the
scenario, the result the scaled overall score, and the context the rubric, its hash and the
mode. The statement id is derived from the transcript's hash, so re-exporting the same call
gives the same id and a Learning Record Store does not count it twice.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

from sim.errors import json_safe
from sim.reports.cohort import Cohort, Row

HOME_PAGE = "https://collections-sim.invalid"  # no network name: ids only
VERBS = "http://adlnet.gov/expapi/verbs/"
EXTENSION = f"{HOME_PAGE}/xapi/extensions/"
VERSION = "1.0.3"


def statement(row: Row, cohort: Cohort) -> dict[str, Any]:
    verb = "passed" if row.passed else "failed"
    p = cohort.provenance
    extensions: dict[str, Any] = {
        f"{EXTENSION}mode": row.mode,
        # a competency the call could not show is left out (xAPI takes no nulls) and named
        f"{EXTENSION}scores": {c: v for c, v in row.scores.items() if v is not None},
        f"{EXTENSION}verdict-by": row.verdict_by,
        f"{EXTENSION}rubric-sha256": p["rubric_sha256"],
        f"{EXTENSION}program": p["program"],
        f"{EXTENSION}transcript-sha256": row.digest,
    }
    if row.seed is not None:
        extensions[f"{EXTENSION}seed"] = row.seed
    if row.not_applicable:
        extensions[f"{EXTENSION}not-applicable"] = list(row.not_applicable)
    out: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{HOME_PAGE}/calls/{row.digest}")),
        "version": VERSION,
        "actor": {
            "objectType": "Agent",
            "name": row.candidate,
            "account": {"homePage": f"{HOME_PAGE}/candidates", "name": row.candidate},
        },
        "verb": {"id": VERBS + verb, "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": f"{HOME_PAGE}/scenarios/{_segment(row.scenario)}",
            "definition": {
                "name": {"en-US": row.scenario},
                "type": "http://adlnet.gov/expapi/activities/simulation",
            },
        },
        "result": {
            "score": {
                "scaled": round(row.overall / 100, 2),
                "raw": row.overall,
                "min": 0,
                "max": 100,
            },
            "success": row.passed,
            "completion": row.complete,
        },
        "context": {
            "platform": p["program"],
            "language": "en-US",
            "contextActivities": {
                "category": [
                    {
                        "objectType": "Activity",
                        "id": f"{HOME_PAGE}/rubrics/{_segment(p['rubric'])}",
                        "definition": {"name": {"en-US": f"rubric {p['rubric']}"}},
                    }
                ]
            },
            "extensions": extensions,
        },
    }
    if row.started_at:
        out["timestamp"] = row.started_at
    return out


def _segment(text: str) -> str:
    """``text`` as one path segment of an IRI."""
    return quote(text, safe="-._~")


def statements(cohort: Cohort) -> str:
    data = [statement(r, cohort) for r in cohort.ranked]
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
