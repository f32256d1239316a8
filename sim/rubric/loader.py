"""Load a rubric file and check that every signal it names is defined."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import Diagnostic, SimError, SourceError, one_line
from sim.rubric import rubric_cache
from sim.rubric.matching.learned import LearnedModel
from sim.rubric.matching.matcher import SENTENCES_REMEMBERED, SignalMatcher
from sim.rubric.matching.patterns import analysed, compile_alternatives
from sim.rubric.matching.templates import (
    DERIVED_PLACEHOLDERS,
    LEXICON_REFERENCE,
    PLACEHOLDER,
    expand_pattern,
    placeholder_values,
)
from sim.rubric.model import MAX_EXPANDED_PATTERN_CHARS, Rubric
from sim.scenario.model import Account
from sim.scenario.terms import DebtTalk, Terms
from sim.sources.locations import RUBRICS, resolve, rubric_dirs
from sim.sources.suggest import did_you_mean

if TYPE_CHECKING:
    from sim.sources.located_yaml import Loc, YamlSource

MATCHERS_KEPT = 16  # one a scenario; each remembers up to SENTENCES_REMEMBERED sentences

FactsKey = tuple[tuple[str, str], ...]


# What a placeholder may name: a fact of every scenario's account, the debtor's name, or
# one made from them. A name outside these matches nothing in any call, so the pattern or
# phrase would be dropped without a word.
PLACEHOLDERS = frozenset(Account.model_fields) | {"debtor_name"} | DERIVED_PLACEHOLDERS


def _unknown_placeholders(text: str, source: YamlSource, loc: Loc) -> list[Diagnostic]:
    return [
        source.diagnostic(
            loc, "SIM029", f"unknown placeholder '{{{name}}}'" + did_you_mean(name, PLACEHOLDERS)
        )
        for name in PLACEHOLDER.findall(text)
        if name not in PLACEHOLDERS
    ]


class MatcherCache:
    """A rubric's matchers, one for each set of facts its phrases are filled from (a
    scenario's account), the least recently used dropped past ``size``. Re-scoring a folder
    of calls of a few scenarios builds a few matchers, and each keeps the sentences it has
    matched: building one costs about 3 ms, and its memory makes a repeated sentence cheap."""

    def __init__(self, size: int = MATCHERS_KEPT):
        self.size = size
        self._kept: OrderedDict[FactsKey, SignalMatcher] = OrderedDict()

    def get(
        self, facts: Mapping[str, Any] | None, build: Callable[[], SignalMatcher]
    ) -> SignalMatcher:
        """The matcher for these facts, built with ``build`` when none is kept."""
        key = tuple(sorted(placeholder_values(facts).items()))
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            return found
        found = self._kept[key] = build()
        if len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return found


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    path: Path
    sha256: str
    learned: LearnedModel | None = None
    findings: tuple[Diagnostic, ...] = ()  # its own lint, its signals all counted as used
    matchers: MatcherCache = field(default_factory=MatcherCache, compare=False, repr=False)

    @property
    def name(self) -> str:
        """How messages name the rubric: its id, or its path when it is not a shipped one."""
        shipped = self.path.resolve().parent == RUBRICS.resolve()
        return self.rubric.id if shipped else str(self.path)

    def keep(self) -> None:
        """Keep in the cache what this process worked out of the rubric's patterns since it
        was loaded (the regexes of a scenario's filled placeholders), so that the next run
        of the same scenario works none of it out."""
        if rubric_cache.stale(self.path):
            rubric_cache.write(self.path, self.sha256, self.rubric, self.learned, self.findings)

    def terms(self) -> Terms:
        """What scenario checks need from this rubric."""
        return terms_of([self.rubric], self.name)

    def matcher(self, facts: Mapping[str, Any] | None) -> SignalMatcher:
        """The matcher for calls with these facts, kept in :attr:`matchers`."""
        return self.matchers.get(facts, lambda: self.build_matcher(facts))

    def build_matcher(
        self, facts: Mapping[str, Any] | None, *, remember: int = SENTENCES_REMEMBERED
    ) -> SignalMatcher:
        """A new matcher with everything the rubric declares (lexicons, learned weights)."""
        return SignalMatcher(
            self.rubric.signals,
            facts,
            lexicons=self.rubric.lexicons,
            learned=self.learned,
            remember=remember,
        )


def terms_of(rubrics: list[Rubric], name: str) -> Terms:
    programs = [r.program for r in rubrics]
    return Terms(
        name,
        frozenset(sid for r in rubrics for sid in r.signals),
        DebtTalk(
            frozenset(s for p in programs for s in p.debt_talk),
            frozenset(o for p in programs for o in p.payment_outcomes),
        ),
    )


def rubric_ref(named: str | None, beside: Path | None = None) -> str:
    """The rubric a scenario or plan names (``rubric:``): an id in rubrics/, or a path,
    relative to the file that names it when there is one there; none named: the default."""
    if not named:
        return "default"
    if beside is not None and not Path(named).is_absolute():
        candidate = beside.parent / named
        if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
            return str(candidate)
    return named


def load_rubric(ref: str | Path = "default") -> LoadedRubric:
    """The rubric, checked (errors refuse: SourceError); from the cache when these bytes
    passed before (see :mod:`sim.rubric.rubric_cache`)."""
    path = resolve(str(ref), rubric_dirs(), "rubric")
    data = path.read_bytes()
    entry = rubric_cache.read(path)
    if entry is not None:
        try:
            sha256 = _sha256(data, weights_path(path, entry.rubric))
        except OSError:
            sha256 = None  # the weights are gone: loaded afresh, they are reported
        if sha256 == entry.sha256:
            rubric_cache.use(path, entry)
            return LoadedRubric(entry.rubric, path, sha256, entry.learned, entry.findings)
    # what a fresh load needs, imported only then (a cached run does without YAML)
    from sim.rubric import lint as rubric_lint
    from sim.sources.located_yaml import load_yaml
    from sim.sources.validation import validate

    source = load_yaml(path)
    rubric = validate(source, Rubric)
    errors = [d for d in reference_errors(rubric, source) if d.severity == "error"]
    if errors:
        raise SourceError(errors)
    weights = weights_path(path, rubric)
    learned = None
    if weights is not None:
        try:
            learned = LearnedModel.load(weights)
        except (OSError, ValueError, KeyError) as exc:
            raise SimError(f"{weights}: cannot read the learned weights ({exc})") from None
    sha256 = _sha256(data, weights)
    findings = tuple(rubric_lint.lint(rubric, source, set(rubric.signals)))
    _compile(rubric)
    rubric_cache.write(path, sha256, rubric, learned, findings)
    return LoadedRubric(rubric, path, sha256, learned, findings)


def weights_path(path: Path, rubric: Rubric) -> Path | None:
    """The learned weights the rubric names: beside it, or the shipped ones for a copy of a
    shipped rubric."""
    if not rubric.learned:
        return None
    weights = path.parent / rubric.learned
    if not weights.exists() and (RUBRICS / rubric.learned).exists():
        weights = RUBRICS / rubric.learned
    return weights


def _sha256(data: bytes, weights: Path | None) -> str:
    digest = hashlib.sha256(data)
    if weights is not None:
        digest.update(weights.read_bytes())
    return digest.hexdigest()


def _compile(rubric: Rubric) -> None:
    """Work out now, to keep in the cache, what the matcher will want of the patterns that
    name no placeholder (it runs those as they are, whatever the scenario): each one's
    analysis, and each signal's regex when none of its patterns names one."""
    for sig in rubric.signals.values():
        sources = tuple(expand_pattern(p, rubric.lexicons) for p in sig.patterns)
        plain = tuple(p for p in sources if not PLACEHOLDER.search(p))
        if sources and plain == sources:
            compile_alternatives(sources)
        for pattern in plain:
            analysed(pattern)


def _usable(pattern: str, rubric: Rubric, source: YamlSource, loc: Loc) -> list[Diagnostic]:
    """A pattern that passed the model's checks, with its lexicons written out, as the
    matcher will compile it: bounded in size, and valid inside the matcher's alternation
    (where an inline flag such as ``(?i)`` or a bad lexicon entry would fail)."""
    from sim.rubric.pattern_safety import unusable

    expanded = expand_pattern(pattern, rubric.lexicons)
    if len(expanded) > MAX_EXPANDED_PATTERN_CHARS:
        return [
            source.diagnostic(
                loc,
                "SIM005",
                f"with its lexicons written out this pattern has {len(expanded)} characters; "
                f"at most {MAX_EXPANDED_PATTERN_CHARS}",
            )
        ]
    if why := unusable(expanded):
        if expanded != pattern:
            why = why.replace(f"'{expanded}'", f"'{pattern}' with its lexicons written out", 1)
        return [source.diagnostic(loc, "SIM028", why)]
    try:
        re.compile(rf"(?<![a-z0-9$])(?:(?P<p0>{expanded}))(?![a-z0-9])", re.MULTILINE)
    except (re.error, RecursionError, OverflowError) as exc:
        why = getattr(exc, "msg", None) or str(exc)
        return [source.diagnostic(loc, "SIM011", f"pattern cannot be used: {one_line(why)}")]
    return []


def reference_errors(rubric: Rubric, source: YamlSource) -> list[Diagnostic]:
    known = set(rubric.signals)
    found = []

    def need(signal: str | None, loc: Loc) -> None:
        if signal is not None and signal not in known:
            found.append(
                source.diagnostic(
                    loc, "SIM021", f"unknown signal '{signal}'" + did_you_mean(signal, known)
                )
            )

    for sid, definition in rubric.signals.items():
        for key in ("suppressed_by", "subsumed_by"):
            for k, other in enumerate(getattr(definition, key)):
                need(other, ("signals", sid, key, k))
        for k, pattern in enumerate(definition.patterns):
            loc = ("signals", sid, "patterns", k)
            unknown = [n for n in LEXICON_REFERENCE.findall(pattern) if n not in rubric.lexicons]
            for name in unknown:
                message = f"unknown lexicon '{name}'" + did_you_mean(name, rubric.lexicons)
                found.append(source.diagnostic(loc, "SIM029", message))
            found += _unknown_placeholders(pattern, source, loc)
            if not unknown:
                found += _usable(pattern, rubric, source, loc)
        for k, phrase in enumerate(definition.phrases):
            found += _unknown_placeholders(phrase, source, ("signals", sid, "phrases", k))
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
    for name in ("loss_of_control", "debt_talk", "commitments"):
        for k, sig in enumerate(getattr(rubric.program, name)):
            need(sig, ("program", name, k))
    return found
