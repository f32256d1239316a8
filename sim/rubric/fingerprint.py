"""The matching fingerprint: the hash of everything what a reply matches depends on.

A reply's matches depend on its text, the rubric's signals (phrases, patterns, thresholds,
negation, suppressors, subsumers, denials; not their descriptions), its lexicons, the
learned weights file's bytes and the placeholders filled from the call's facts (the
matcher reads the facts only through :func:`placeholder_values`). Pass marks, weights,
rules and roles are not in it: changing them changes no match, so matches cached under
this fingerprint stay good (the program's version, which fixes the matcher's settings,
is the cache's business).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.rubric.loader import LoadedRubric, weights_path
from sim.rubric.matching.templates import placeholder_values


@dataclass(frozen=True)
class MatchingInputs:
    """The rubric's part of the fingerprint, worked out once per rubric."""

    rubric_part: str

    @classmethod
    def of(cls, loaded: LoadedRubric) -> MatchingInputs:
        rubric = loaded.rubric
        signals = {
            sid: sig.model_dump(mode="json", exclude={"description"})
            for sid, sig in rubric.signals.items()
        }
        weights = weights_path(loaded.path, rubric)
        learned = weights.read_bytes() if weights is not None and weights.exists() else b""
        digest = hashlib.sha256()
        digest.update(json.dumps([signals, rubric.lexicons], sort_keys=True).encode())
        digest.update(hashlib.sha256(learned).digest())
        return cls(digest.hexdigest())

    def fingerprint(self, facts: Mapping[str, Any] | None) -> str:
        """The fingerprint of matching a call with these facts against this rubric."""
        values = sorted(placeholder_values(facts).items())
        text = json.dumps([self.rubric_part, values])
        return hashlib.sha256(text.encode()).hexdigest()


def matching_fingerprint(loaded: LoadedRubric, facts: Mapping[str, Any] | None) -> str:
    """The one fingerprint of what matching depends on (see the module's docstring)."""
    return MatchingInputs.of(loaded).fingerprint(facts)
