"""Typed model of a rubric: the signal vocabulary, competencies, rules, roles, questions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sim.scenario.conditions import Comparison
from sim.scenario.model import Competency as Competency  # re-exported: the rubric's word
from sim.scenario.model import Event, Party

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Severity = Literal["critical", "major", "minor"]
COMPETENCIES: tuple[Competency, ...] = ("empathy", "firmness", "self_control", "compliance")
# Markers computed from the form of a reply or from the call, rather than from its words:
# tone (shouting ... calm_under_hostility), a commitment with an amount and a date in one
# reply, and the call ending in an outcome its scenario names as a firm result.
Marker = Literal[
    "shouting",
    "exclaiming",
    "retaliation",
    "echoed_insult",
    "calm_under_hostility",
    "concrete_commitment",
    "firm_outcome",
]


# Size limits (docs/diagnostics.md, SIM005): the matcher's work grows with them, so a rubric
# within them is loaded and matched in bounded time.
MAX_PATTERN_CHARS = 1_000
MAX_PHRASE_CHARS = 500
MAX_PATTERNS = 2_000  # in the whole rubric
MAX_PHRASES = 5_000
MAX_LEXICON_WORDS = 1_000  # in one lexicon
MAX_LEXICON_WORD_CHARS = 100
MAX_EXPANDED_PATTERN_CHARS = 20_000  # a pattern with its {@lexicons} written out


def too_large(message: str) -> PydanticCustomError:
    return PydanticCustomError("too_long", message)


def _within(texts: list[str], limit: int, what: str) -> None:
    for text in texts:
        if len(text) > limit:
            raise too_large(f"a {what} is at most {limit} characters (this one has {len(text)})")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignalDef(Strict):
    description: str
    phrases: list[str] = Field(default=[], description="Example wordings, matched fuzzily.")
    patterns: list[str] = Field(
        default=[], description="Regular expressions over normalised text, at word edges."
    )
    threshold: float = Field(default=86, ge=50, le=100)
    negatable: bool = Field(default=True, description="A negated mention does not count.")
    learned: bool = Field(
        default=True,
        description="false: only phrases and patterns decide this signal, never the learned "
        "layer (for a meaning that rests on word order or facts, not on which words are said)",
    )
    polarity: Literal["positive", "negative"] = Field(
        default="positive", description="negative: something a candidate should not do."
    )
    subsumed_by: list[Identifier] = Field(
        default=[],
        description="More specific signals that, said in the same reply, stand for this one "
        "(a stated balance is the debt disclosure): kept as evidence, not counted twice.",
    )
    suppressed_by: list[Identifier] = Field(
        default=[],
        description="Signals that, detected in the same sentence, mean this one was not meant "
        '("pay first, then you can dispute it" overshadows rather than explains).',
    )
    said_by_denying: list[Identifier] = Field(
        default=[],
        description='Signals whose negated mention says this one: "we won\'t sue you" (a '
        "negated threaten_lawsuit) is a reassurance. The negated match is the evidence.",
    )

    @field_validator("patterns", mode="after")
    @classmethod
    def _short_patterns(cls, patterns: list[str]) -> list[str]:
        # whether each can be used is checked with its lexicons written out (the loader's
        # SIM028), so that every bad pattern is reported at its own item in one run
        _within(patterns, MAX_PATTERN_CHARS, "pattern")
        return patterns

    @field_validator("phrases")
    @classmethod
    def _short(cls, phrases: list[str]) -> list[str]:
        _within(phrases, MAX_PHRASE_CHARS, "phrase")
        return phrases

    @model_validator(mode="after")
    def _something(self) -> SignalDef:
        if not self.phrases and not self.patterns:
            raise ValueError("a signal needs phrases or patterns")
        return self


class Context(Strict):
    """When a contribution counts: all given parts must hold for the turn."""

    debtor_hostile: bool | None = None
    after_event: Event | None = Field(default=None, description="At or after this event.")
    within: int | None = Field(default=None, ge=1, description="...and within this many turns.")
    parties: list[Party] = []


class Contribution(Strict):
    signal: Identifier | None = None
    marker: Marker | None = None
    points: int
    max_count: int = Field(default=1, ge=1)
    when: Context = Field(default_factory=Context)
    label: str = Field(description="Plain words for what the candidate did.")

    @model_validator(mode="after")
    def _one_source(self) -> Contribution:
        if (self.signal is None) == (self.marker is None):
            raise ValueError("a contribution names exactly one of signal or marker")
        return self


class CompetencyDef(Strict):
    description: str
    base: int = Field(ge=0, le=100)
    weight: float = Field(gt=0)
    contributions: list[Contribution] = []
    violation_points: dict[Severity, int] = Field(
        default={}, description="Points taken per violation of each severity."
    )
    shown_to: list[Party] = Field(
        default=[],
        description="A call can show this competency only in turns with one of these parties "
        "(empathy: the debtor); a call with none is 'not applicable' for it, which counts "
        "toward neither the floor nor the overall score. Empty: every call.",
    )


class Check(Strict):
    kind: Literal["forbid", "require_before", "require_early", "require", "respond", "amount"]
    signals: list[Identifier] = []
    later_contact_signals: list[Identifier] = []
    before: list[Identifier] = []
    requires: list[list[Identifier]] = []
    within: int | None = Field(
        default=None, ge=1, description="Turns counted from the event (or the start)."
    )
    parties: list[Party] = []
    when_facts: dict[str, bool] = {}
    unless_facts: dict[str, bool] = {}
    after_event: Event | None = None
    until_event: Event | None = None
    severity: Severity | None = None
    hedged_severity: Severity | None = None
    unless_signals: list[Identifier] = Field(
        default=[], description="forbid: a turn that also says one of these is not a violation."
    )
    message: str


class RuleDef(Strict):
    title: str
    cite: str
    severity: Severity
    once: bool = Field(
        default=False,
        description="At most one violation of this rule in a call: a single duty (one "
        "disclosure) missed is one violation, however many checks notice it.",
    )
    checks: list[Check] = Field(min_length=1)


class QuestionDef(Strict):
    ask: str
    because: str
    when: dict[Competency, str] = Field(default={}, description="Score comparisons, e.g. '< 60'.")
    rule: Identifier | None = Field(default=None, description="Asked when this rule is broken.")

    @field_validator("when")
    @classmethod
    def _comparisons(cls, when: dict[str, str]) -> dict[str, str]:
        for comparison in when.values():
            Comparison.parse(comparison)  # a ValueError that says how to write one
        return when


class ProgramIds(Strict):
    """The ids the program's own code relies on, named here rather than in Python, so that
    renaming a signal in the rubric cannot silently change scoring: `sim validate` (and
    loading the rubric) reports every one that the rubric does not define."""

    loss_of_control: list[Identifier] = Field(
        min_length=1,
        description="Signals that show lost composure: retaliation, calm under hostility.",
    )
    provocations: list[Event] = Field(
        min_length=1, description="Debtor events that provoke the candidate, as hostility does."
    )
    debt_talk: list[Identifier] = Field(
        min_length=1,
        description="Signals that discuss the debt: not before an identity check (SIM060).",
    )
    payment_outcomes: list[Identifier] = Field(
        min_length=1,
        description="Scenario outcomes where the debt was discussed: not before an "
        "identity check (SIM060).",
    )
    commitments: list[Identifier] = Field(
        default=[],
        description="Signals that confirm a commitment: said with an amount and a date in "
        "the same reply, they are the concrete_commitment marker.",
    )


class Rubric(Strict):
    id: Identifier
    title: str
    pass_mark: int = Field(ge=0, le=100)
    competency_floor: int = Field(
        default=0, ge=0, le=100, description="Every competency must reach this to pass."
    )
    critical_role_fit_cap: int = Field(default=40, ge=0, le=100)
    learned: str | None = Field(
        default=None,
        description="Weights of the learned layer, a file beside the rubric "
        "(made by scripts/train_matcher.py).",
    )
    lexicons: dict[Identifier, list[str]] = Field(
        default={},
        description="Named word lists: {@name} in a pattern stands for any of them.",
    )
    signals: dict[Identifier, SignalDef]
    competencies: dict[Competency, CompetencyDef]
    rules: dict[Identifier, RuleDef]
    roles: dict[Identifier, dict[Competency, float]]
    questions: list[QuestionDef] = []
    strengths: dict[Competency, str] = Field(
        default={}, description="Said of a competency the call shows well; {firm_goal} allowed."
    )
    gaps: dict[Competency, str] = Field(
        default={}, description="Said of a competency the call shows poorly; {firm_goal} allowed."
    )
    firm_goal: str = Field(
        default="a concrete payment or next step",
        description="What {firm_goal} says in strengths and gaps, unless the scenario names "
        "its own (assessed.firm_goal).",
    )
    program: ProgramIds = Field(description="Ids the program's code relies on.")

    def weights(self) -> dict[Competency, float]:
        """Each competency's weight in the overall score, in the order of COMPETENCIES."""
        return {c: self.competencies[c].weight for c in COMPETENCIES}

    def positive_signals(self) -> list[str]:
        return [sid for sid, sig in self.signals.items() if sig.polarity == "positive"]

    @field_validator("lexicons")
    @classmethod
    def _small_lexicons(cls, lexicons: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in lexicons.items():
            if len(words) > MAX_LEXICON_WORDS:
                raise too_large(
                    f"lexicon '{name}' has {len(words)} entries; at most {MAX_LEXICON_WORDS}"
                )
            if any(len(w) > MAX_LEXICON_WORD_CHARS for w in words):
                raise too_large(
                    f"lexicon '{name}': an entry is at most {MAX_LEXICON_WORD_CHARS} characters"
                )
        return lexicons

    @model_validator(mode="after")
    def _bounded(self) -> Rubric:
        patterns = sum(len(s.patterns) for s in self.signals.values())
        phrases = sum(len(s.phrases) for s in self.signals.values())
        if patterns > MAX_PATTERNS:
            raise too_large(f"the rubric has {patterns} patterns; at most {MAX_PATTERNS}")
        if phrases > MAX_PHRASES:
            raise too_large(f"the rubric has {phrases} phrases; at most {MAX_PHRASES}")
        return self

    @model_validator(mode="after")
    def _complete(self) -> Rubric:
        missing = [c for c in COMPETENCIES if c not in self.competencies]
        if missing:
            raise ValueError(f"competencies missing: {', '.join(missing)}")
        return self
