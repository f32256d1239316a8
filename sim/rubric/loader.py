"""Load a rubric file and check that every signal it names is defined."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import Diagnostic, SimError, SourceError
from sim.rubric.matching.learned import LearnedModel
from sim.rubric.matching.matcher import SignalMatcher, placeholder_values
from sim.rubric.model import Rubric
from sim.sources.located_yaml import Loc, YamlSource, load_yaml
from sim.sources.locations import RUBRICS, resolve, rubric_dirs
from sim.sources.validation import validate

LEXICON_REFERENCE = re.compile(r"\{@(\w+)\}")
MATCHERS_KEPT = 16  # one a scenario; each remembers up to SENTENCES_REMEMBERED sentences


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    path: Path
    sha256: str
    learned: LearnedModel | None = None
    _matchers: dict[tuple[tuple[str, str], ...], SignalMatcher] = field(
        default_factory=dict, compare=False, repr=False
    )

    def matcher(self, facts: Mapping[str, Any] | None) -> SignalMatcher:
        """The matcher for calls with these facts, built once: re-scoring a folder of calls
        of a few scenarios builds a few matchers, and each keeps what it has learnt."""
        key = tuple(sorted(placeholder_values(facts).items()))
        found = self._matchers.get(key)
        if found is None:
            if len(self._matchers) >= MATCHERS_KEPT:
                self._matchers.clear()
            found = self._matchers[key] = SignalMatcher(
                self.rubric.signals,
                facts,
                lexicons=self.rubric.lexicons,
                learned=self.learned,
            )
        return found


def load_rubric(ref: str | Path = "default") -> LoadedRubric:
    path = resolve(str(ref), rubric_dirs(), "rubric")
    source = load_yaml(path)
    rubric = validate(source, Rubric)
    errors = [d for d in reference_errors(rubric, source) if d.severity == "error"]
    if errors:
        raise SourceError(errors)
    digest = hashlib.sha256(path.read_bytes())
    learned = None
    if rubric.learned:
        # beside the rubric, or the shipped weights for a copy of a shipped rubric
        weights = path.parent / rubric.learned
        if not weights.exists() and (RUBRICS / rubric.learned).exists():
            weights = RUBRICS / rubric.learned
        try:
            learned = LearnedModel.load(weights)
        except (OSError, ValueError, KeyError) as exc:
            raise SimError(f"{weights}: cannot read the learned weights ({exc})") from None
        digest.update(weights.read_bytes())
    return LoadedRubric(rubric, path, digest.hexdigest(), learned)


def reference_errors(rubric: Rubric, source: YamlSource) -> list[Diagnostic]:
    known = set(rubric.signals)
    found = []

    def need(signal: str | None, loc: Loc) -> None:
        if signal is not None and signal not in known:
            found.append(source.diagnostic(loc, "SIM021", f"unknown signal '{signal}'"))

    for sid, definition in rubric.signals.items():
        for key in ("suppressed_by", "subsumed_by"):
            for k, other in enumerate(getattr(definition, key)):
                need(other, ("signals", sid, key, k))
        for k, pattern in enumerate(definition.patterns):
            for name in LEXICON_REFERENCE.findall(pattern):
                if name not in rubric.lexicons:
                    found.append(
                        source.diagnostic(
                            ("signals", sid, "patterns", k), "SIM029", f"unknown lexicon '{name}'"
                        )
                    )
    for cid, comp in rubric.competencies.items():
        for i, contribution in enumerate(comp.contributions):
            need(contribution.signal, ("competencies", cid, "contributions", i, "signal"))
    for rid, rule in rubric.rules.items():
        for i, check in enumerate(rule.checks):
            loc = ("rules", rid, "checks", i)
            for name in ("signals", "later_contact_signals", "before", "unless_signals"):
                for k, sig in enumerate(getattr(check, name)):
                    need(sig, (*loc, name, k))
            for g, group in enumerate(check.requires):
                for k, sig in enumerate(group):
                    need(sig, (*loc, "requires", g, k))
    for name in ("loss_of_control", "debt_talk"):
        for k, sig in enumerate(getattr(rubric.program, name)):
            need(sig, ("program", name, k))
    return found
