"""Typed model of a scenario file. The JSON Schema in ``schemas/`` is generated from it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

from sim.scenario.conditions import Comparison

Party = Literal["debtor", "third_party", "voicemail", "unknown"]

# Events a debtor's line conveys; compliance rules key on them.
Event = Literal[
    "right_party_verified",
    "attorney_represented",
    "dispute_raised",
    "cease_requested",
    "cant_talk_now",
    "vulnerability_disclosed",
    "debtor_insult",
    "company_asked",
    "callback_consented",
]
EVENTS: tuple[str, ...] = Event.__args__  # type: ignore[attr-defined]

# What a call is assessed on (the rubric scores each; a scenario may say one cannot apply).
Competency = Literal["empathy", "firmness", "self_control", "compliance"]

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
Identifier = Annotated[str, Field(pattern=IDENTIFIER)]

_COMPARE_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*(>=|<=|==|!=|>|<)?\s*-?\d+(\.\d+)?\s*$"},
    ],
    "description": "A comparison such as '>= 7', '< 3', '== 0', or a number (equals).",
}
CompareValue = Annotated[
    Comparison,
    BeforeValidator(lambda v: v if isinstance(v, Comparison) else Comparison.parse(v)),
    PlainSerializer(str),
    WithJsonSchema(_COMPARE_SCHEMA),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContextSignal(StrEnum):
    """Signals the call itself hears, besides the rubric's: a bare short answer (read by
    what the debtor just asked) and which identifier a question asks for."""

    AFFIRM = "affirm"  # "yes", "yep", "sure", "right"
    DENY = "deny"  # "no", "nope"
    ACKNOWLEDGE = "acknowledge"  # "ok", "got it", "understood"
    ASKS_DATE_OF_BIRTH = "asks_date_of_birth"
    ASKS_ADDRESS = "asks_address"
    ASKS_LAST_FOUR = "asks_last_four"  # of the account or the social security number


class When(Strict):
    """A guard: every part given must hold. ``any``/``all``/``none`` read the reply just
    given; ``done``/``not_done`` read the call's memory (every signal heard so far)."""

    any: list[Identifier] = Field(default=[], description="At least one of these signals.")
    all: list[Identifier] = Field(default=[], description="Every one of these signals.")
    none: list[Identifier] = Field(default=[], description="None of these signals.")
    vars: dict[Identifier, CompareValue] = Field(
        default={}, description="Comparisons on debtor variables, all must hold."
    )
    done: list[Identifier] = Field(
        default=[], description="Each of these signals was heard in a reply so far."
    )
    not_done: list[Identifier] = Field(
        default=[], description="None of these signals was heard in any reply so far."
    )

    def signals(self) -> set[str]:
        return {*self.any, *self.all, *self.none, *self.done, *self.not_done}


_WHEN_FIELDS = frozenset(When.model_fields)


def _line_when(value: object) -> object:
    """A line's ``when`` is a guard; the older form, variable comparisons only
    (``{anger: '>= 8'}``), still reads as ``{vars: {anger: '>= 8'}}``."""
    if isinstance(value, dict) and not (
        value.keys() <= _WHEN_FIELDS and all(isinstance(v, list | dict) for v in value.values())
    ):
        return {"vars": value}
    return value


class Line(Strict):
    text: str = Field(min_length=1)
    when: Annotated[When, BeforeValidator(_line_when)] = Field(
        default_factory=When,
        description="Only say this wording when this guard holds (signals of the reply just "
        "given, the call's memory, variables); a mapping of variable comparisons also works.",
    )


def _as_lines(value: object) -> object:
    if isinstance(value, str):
        return [{"text": value}]
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


_LINE_SCHEMA = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "when": {
            "description": "A guard, as a transition's (any, all, none, vars, done, not_done), "
            "or variable comparisons such as anger: '>= 7'",
            "anyOf": [
                When.model_json_schema(),
                {
                    "type": "object",
                    "propertyNames": {"pattern": IDENTIFIER},
                    "additionalProperties": _COMPARE_SCHEMA,
                },
            ],
        },
    },
    "required": ["text"],
    "additionalProperties": False,
}
Lines = Annotated[
    list[Line],
    BeforeValidator(_as_lines),
    Field(min_length=1),
    WithJsonSchema(
        {
            "description": "What the debtor says: one wording, or several (picked by the seed).",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "array",
                    "minItems": 1,
                    "items": {"anyOf": [{"type": "string", "minLength": 1}, _LINE_SCHEMA]},
                },
            ],
        }
    ),
]


class Effects(Strict):
    add: dict[Identifier, int] = Field(default={}, description="Add to variables (may be < 0).")
    set: dict[Identifier, int] = Field(default={}, description="Set variables.")


class Transition(Effects):
    when: When = Field(default_factory=When)
    goto: Identifier
    say: Lines | None = Field(default=None, description="Override the target state's line.")


class Fallback(Effects):
    """What happens when a reply matches no transition: by default the debtor repeats."""

    say: Lines
    goto: Identifier | None = None


class Reaction(Effects):
    """Applied to every reply before transitions are chosen (moves the mood)."""

    when: When


class State(Strict):
    say: Lines
    party: Party | None = Field(default=None, description="Who speaks; inherits the call's.")
    events: list[Event] = []
    on: list[Transition] = []
    fallback: Fallback | None = None
    terminal: bool = False
    outcome: Identifier | None = None
    hint: str | None = Field(default=None, description="Coaching tip shown in practice mode.")
    awaits: str | None = Field(
        default=None,
        description="What the debtor is waiting to hear here, in plain words ('whether "
        "collection stops while you check'); says why patience ran out.",
    )


class Variable(Strict):
    initial: int = 0
    min: int = 0
    max: int = 10

    @model_validator(mode="after")
    def _range(self) -> Variable:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if not self.min <= self.initial <= self.max:
            raise ValueError(
                f"initial {self.initial} is not between min {self.min} and max {self.max}"
            )
        return self


class Mood(Strict):
    var: Identifier = Field(description="The variable shown as the debtor's mood.")
    hostile_at: int = Field(description="At or above this value the debtor counts as hostile.")
    label: str = "anger"


class Silence(Strict):
    nudge_after: float = Field(default=20, gt=0, description="Seconds before the debtor nudges.")
    end_after: float = Field(default=60, gt=0, description="Seconds of silence that end the call.")
    nudge: Lines = Field(default_factory=lambda: [Line(text="Hello? Are you still there?")])
    end_state: Identifier | None = None


class Debtor(Strict):
    name: str
    phone: str | None = None
    date_of_birth: str | None = None
    address: str | None = None
    profile: str | None = Field(default=None, description="Who the debtor is, for the trainer.")


class Account(Strict):
    """Account facts; the rubric's compliance rules read them (every key: docs/authoring.md)."""

    creditor: str
    agency: str = Field(description="The collection agency the candidate works for.")
    agency_name_neutral: bool = Field(
        default=False, description="The agency's name does not reveal debt collection."
    )
    agency_alias: str | None = Field(
        default=None,
        description="A neutral business name for voicemails and third parties ('SRS'): "
        "heard as name_agency_alias, not as naming the agency.",
    )
    account_number: str | None = None
    balance: float = Field(ge=0)
    days_past_due: int = Field(ge=0)
    judgment_exists: bool = False
    suit_authorized: bool = False
    reports_to_bureaus: bool = False
    time_barred: bool = False
    authorized_fees: list[str] = []
    written_dispute_on_file: bool = False
    cease_letter_on_file: bool = False
    attorney_on_file: bool = False
    first_contact: bool = True
    notes: list[str] = []


class Briefing(Strict):
    goal: str
    notes: list[str] = []


class Assessed(Strict):
    """What this scenario's calls can show, and what a firm, good result is here."""

    not_applicable: list[Competency] = Field(
        default=[],
        description="Competencies no call of this scenario can show: reported as not "
        "applicable, counted toward neither the floor nor the overall score.",
    )
    firm_outcomes: list[Identifier] = Field(
        default=[], description="Outcomes that are a firm, good result of this call."
    )
    firm_goal: str | None = Field(
        default=None,
        description="What moving the call firmly means here, in plain words (a dispute: "
        "log it and explain the process), for the feedback.",
    )
    trains: list[Competency] = Field(
        default=[],
        description="Competencies this scenario is good practice for: after a practice call "
        "the result suggests a scenario that trains the candidate's weakest competency.",
    )


FALLBACK_LABEL = "fallback"


def interrupt_label(index: int) -> str:
    """How transcripts and test plans name the interrupt at ``index`` (``interrupt[0]``)."""
    return f"interrupt[{index}]"


class Exit(NamedTuple):
    """One way out of a state: its label (``interrupt[i]``, ``on[i]``, ``fallback``)."""

    label: str
    edge: Transition | Fallback

    def target(self, source: str) -> str:
        """Where it leads; a fallback without ``goto`` stays in ``source``."""
        return self.edge.goto or source


class Scenario(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: str
    summary: str
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    tags: list[str] = []
    rubric: str | None = Field(
        default=None,
        description="The rubric this scenario is assessed with: an id in rubrics/ or a path "
        "relative to this file (default: the default rubric).",
    )
    debtor: Debtor
    account: Account
    briefing: Briefing
    answered_by: Party = "debtor"
    assessed: Assessed = Field(default_factory=Assessed)
    variables: dict[Identifier, Variable] = {}
    mood: Mood | None = None
    reactions: list[Reaction] = []
    interrupts: list[Transition] = Field(
        default=[], description="Checked on every reply before the state's own transitions."
    )
    fallback: Fallback | None = Field(
        default=None, description="Used by states without a fallback of their own."
    )
    silence: Silence = Field(default_factory=Silence)
    outcomes: dict[Identifier, str] = Field(
        default={}, description="Outcome labels with a plain description."
    )
    start: Identifier
    states: dict[Identifier, State] = Field(min_length=1)

    def fallback_for(self, state_id: str) -> Fallback | None:
        return self.states[state_id].fallback or self.fallback

    def exits(self, state_id: str) -> list[Exit]:
        """Every way out of a state, labelled, in the order the engine tries them:
        the interrupts (none in a voicemail greeting), the state's own transitions, then
        its fallback."""
        state = self.states[state_id]
        if state.terminal:
            return []
        # a recording never answers back: no interrupt (a hang-up, a supervisor) fires there
        recording = (state.party or self.answered_by) == "voicemail"
        found = (
            []
            if recording
            else [Exit(interrupt_label(i), t) for i, t in enumerate(self.interrupts)]
        )
        found += [Exit(f"on[{i}]", t) for i, t in enumerate(state.on)]
        fallback = self.fallback_for(state_id)
        if fallback:
            found.append(Exit(FALLBACK_LABEL, fallback))
        return found

    def facts(self) -> dict[str, Any]:
        """Account facts and debtor identity, as rules and signal placeholders see them."""
        account = self.account.model_dump()
        return {
            **account,
            "fees_authorized": bool(account["authorized_fees"]),
            "debtor_name": self.debtor.name,
            **self.assessed.model_dump(),
            "min_replies": self.min_replies(),
        }

    def min_replies(self) -> int:
        """The fewest replies that reach an outcome by the states' own ways out (an
        interrupt such as hanging up on a threat aside): a call that stops sooner is too
        short to assess."""
        depth = {self.start: 0}
        queue = [self.start]
        for sid in queue:
            state = self.states[sid]
            if state.terminal:
                return depth[sid]
            edges = [t.goto for t in state.on]
            fallback = self.fallback_for(sid)
            edges += [fallback.goto or sid] if fallback else []
            for target in edges:
                if target in self.states and target not in depth:
                    depth[target] = depth[sid] + 1
                    queue.append(target)
        return 0
