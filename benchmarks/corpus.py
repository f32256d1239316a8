"""A realistic corpus of calls for the benchmark, played through the real engine.

Each call is a :class:`sim.call.session.Session` on a shipped scenario, written as a signed
transcript as `sim play` writes it. The agent is adaptive: at every turn it looks at the
debtor's state and picks, from every reply the scenario's test plans said in that state, one
wording; then rewrites it in its own register (formal, casual, texting), name, openers and
asides, with typos at its own rate, and now and then says something off the script (the
mistakes real trainees make). Seeded: the same seed and count give the same files.
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import yaml

from sim.call.session import Session
from sim.rubric.loader import LoadedRubric, load_rubric
from sim.scenario.loader import load_scenario
from sim.scenario.model import Scenario
from sim.sources.locations import scenario_files

MAX_TURNS = 14
NAMES = ["Alex", "Sam", "Jordan", "Priya", "Tom", "Lucia", "Kwame", "Mei", "Olu", "Ines"]
# A phrase and what an agent in another register says instead (same meaning).
REGISTER = {
    "casual": [
        ("Hello", ["Hi", "Hey", "Hiya", "Hi there"]),
        ("Thank you", ["Thanks", "Thanks a lot", "Cheers", "Great, thanks"]),
        ("could you", ["can you", "would you"]),
        ("I understand.", ["I get it.", "I hear you.", "Makes sense.", "Got it."]),
        ("I understand,", ["I get it,", "I hear you,", "Fair enough,"]),
        ("please", ["please", "if that's okay", "for me"]),
        ("Is this", ["Am I speaking to", "Is that", "Am I talking with"]),
        ("I am ", ["I'm "]),
        ("do not", ["don't"]),
        ("we can", ["we could", "we can totally"]),
        ("Would you like", ["Do you want", "Want"]),
    ],
    "formal": [
        ("Hi,", ["Good morning,", "Good afternoon,", "Hello,"]),
        ("Thanks", ["Thank you", "Thank you very much", "Many thanks"]),
        ("can you", ["could you", "would you be able to", "would you mind to"]),
        ("I'm ", ["I am "]),
        ("don't", ["do not"]),
        ("OK", ["Very well", "Certainly", "Understood"]),
    ],
}
OPENERS = {
    "formal": ["", "", "Certainly. ", "Understood. ", "Of course. ", "I see. "],
    "casual": ["", "", "Okay, ", "Right, so ", "Sure. ", "Yeah, ", "Alright. ", "Mm, "],
    "texting": ["", "ok ", "right ", "yeah ", "ok so "],
}
ASIDES = [
    "Bear with me a second.",
    "Just pulling up the account now.",
    "Take your time.",
    "Does that make sense?",
    "Let me just note that.",
    "Sorry, the line was a bit quiet there.",
    "I've got the file open in front of me.",
    "One moment while I check the notes.",
    "Is now still an okay time to talk?",
    "I want to make sure I get this right.",
]
# Off the script: what a trainee under pressure says (some of it costs them the call).
SLIPS = [
    "Look, we really need to get this sorted today.",
    "I'm just doing my job here.",
    "Can you give me a straight answer please?",
    "Everyone says that, to be honest.",
    "Let's not go round in circles.",
    "So what can you pay right now?",
    "I don't make the rules, I just follow them.",
    "Hmm, okay. What else?",
    "Could you hold on one second?",
    "Sorry, what was that again?",
]
FILLERS = ["just", "actually", "really", "basically", "honestly", "so", "um", "like"]
KEYS = "qwertyuiopasdfghjklzxcvbnm"


@dataclass(frozen=True)
class Persona:
    """How one agent speaks: register, name, typo and slip rates, how much they pad."""

    register: str
    name: str
    typos: float  # chance per word
    slips: float  # chance per turn of a reply off the script
    asides: float  # chance per turn of an aside

    @classmethod
    def draw(cls, rng: random.Random) -> Persona:
        return cls(
            register=rng.choice(["formal", "casual", "casual", "texting"]),
            name=rng.choice(NAMES),
            typos=rng.choice([0.0, 0.01, 0.03, 0.06]),
            slips=rng.choice([0.0, 0.05, 0.1, 0.25]),
            asides=rng.choice([0.1, 0.3, 0.5]),
        )


# scenario id -> state -> every reply a test plan says in that state
Playbook = dict[str, dict[str, list[str]]]


def playbook(scenarios: dict[str, tuple[Scenario, Path]], loaded: LoadedRubric) -> Playbook:
    """What the shipped test plans say in each state, found by playing them."""
    book: Playbook = {}
    for sid, (scenario, path) in scenarios.items():
        plan_path = path.with_name(f"{sid}.test.yaml")
        if not plan_path.is_file():
            continue
        plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
        states = book.setdefault(sid, {})
        for case in plan.get("tests") or []:
            session = Session(scenario, path, loaded, seed=int(plan.get("seed", 0)))
            for step in case.get("steps") or []:
                if session.ended or "say" not in step:
                    break
                states.setdefault(session.call.state, []).append(str(step["say"]))
                session.reply(str(step["say"]))
    return book


def reword(text: str, persona: Persona, rng: random.Random) -> str:
    """The same meaning in this agent's words."""
    text = text.replace("Alex", persona.name)
    for phrase, others in REGISTER.get(persona.register, REGISTER["casual"]):
        if phrase in text and rng.random() < 0.7:
            text = text.replace(phrase, rng.choice(others), 1)
    words = text.split(" ")
    if len(words) > 4 and rng.random() < 0.3:  # a filler word somewhere
        at = rng.randrange(1, len(words))
        words.insert(at, rng.choice(FILLERS))
        text = " ".join(words)
    opener = rng.choice(OPENERS[persona.register])
    if opener.endswith(", "):  # "Okay, thanks", not "Okay, Thanks"
        text = text[:1].lower() + text[1:]
    text = opener + text
    if persona.register == "texting":
        text = text.lower().replace("'", "").rstrip(".")
    return typos(text, persona.typos, rng)


def typos(text: str, rate: float, rng: random.Random) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < rate:
            at = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(4)
            if kind == 0:  # dropped
                word = word[:at] + word[at + 1 :]
            elif kind == 1:  # swapped
                word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
            elif kind == 2:  # doubled
                word = word[:at] + word[at] + word[at:]
            else:  # a neighbouring key
                word = word[:at] + rng.choice(KEYS) + word[at + 1 :]
            words[i] = word
    return " ".join(words)


def play_call(
    scenario: Scenario,
    path: Path,
    loaded: LoadedRubric,
    book: dict[str, list[str]],
    seed: int,
    out: Path,
) -> None:
    """One call by one agent, written to ``out``."""
    rng = random.Random(seed)
    persona = Persona.draw(rng)
    day = 1 + seed % 28
    session = Session(
        scenario,
        path,
        loaded,
        seed=seed,
        candidate=f"cand-{seed % 97:03d}",
        mode="assessment",
        transcript=out,
        started_at=f"2026-10-{day:02d}T{9 + seed % 8:02d}:{seed % 60:02d}:00+00:00",
    )
    everything = [line for lines in book.values() for line in lines]
    for _ in range(MAX_TURNS):
        if session.ended:
            break
        said = book.get(session.call.state) or everything  # lost: something from the plans
        if rng.random() < persona.slips:
            text = rng.choice(SLIPS)
        else:
            text = reword(rng.choice(said), persona, rng)
        if rng.random() < persona.asides:
            aside = rng.choice(ASIDES)
            text = f"{aside} {text}" if rng.random() < 0.5 else f"{text} {aside}"
        session.reply(text)
    session.finish()


def _play_range(job: tuple[Path, int, int, int]) -> None:
    """Calls ``first`` to ``first + count - 1``. The corpus is scratch: transcripts are
    written as `sim play` writes them, except that no line waits for the disk (fsync)."""
    folder, first, count, seed = job
    os.fsync = lambda fd: None  # in this worker process only
    loaded = load_rubric("default")
    scenarios = {p.stem: (load_scenario(p), p) for p in scenario_files()}
    book = playbook(scenarios, loaded)
    ids = sorted(book)
    for n in range(first, first + count):
        sid = ids[(n * 7 + seed) % len(ids)]
        scenario, path = scenarios[sid]
        play_call(
            scenario, path, loaded, book[sid], seed * 1_000_003 + n, folder / f"{n:06d}.jsonl"
        )


def generate(folder: Path, count: int, seed: int = 1, processes: int = 2) -> list[Path]:
    """``count`` calls in ``folder`` (one file each), played on ``processes`` cores."""
    folder.mkdir(parents=True, exist_ok=True)
    have = {p.name for p in folder.glob("*.jsonl")}
    todo = [n for n in range(count) if f"{n:06d}.jsonl" not in have]
    if todo:
        first, size = todo[0], len(todo)
        step = -(-size // processes)
        jobs = [(folder, first + i, min(step, size - i), seed) for i in range(0, size, step)]
        if processes > 1 and len(jobs) > 1:
            with get_context("fork").Pool(processes) as pool:
                pool.map(_play_range, jobs)
        else:
            for job in jobs:
                _play_range(job)
    return sorted(folder.glob("*.jsonl"))[:count]


SENTENCE = re.compile(r"(?<=[.?!])\s+")


def agent_lines(files: list[Path]) -> Iterator[str]:
    import json

    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if event.get("type") == "turn":
                yield str(event["agent"])


def repeated_share(replies: list[str]) -> tuple[int, float, float]:
    """Sentences, and the share that repeat one said before: as written, and once
    lower-cased without punctuation (what a matcher's memo would see at best)."""
    exact: Counter[str] = Counter()
    loose: Counter[str] = Counter()
    for reply in replies:
        for sentence in SENTENCE.split(reply.strip()):
            exact[sentence] += 1
            loose[re.sub(r"[^a-z0-9 ]", "", sentence.lower()).strip()] += 1
    total = sum(exact.values())
    return total, 1 - len(exact) / total, 1 - len(loose) / total


if __name__ == "__main__":  # pragma: no cover - a manual look at the corpus
    import sys
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="sim-corpus-"))
    files = generate(target, int(sys.argv[1]) if len(sys.argv) > 1 else 50)
    lines = list(agent_lines(files))
    print(target, len(files), "calls", len(lines), "replies", repeated_share(lines))
    for line in lines[:40]:
        print(" ", line)
