"""Regenerate transcripts/samples/: a small cohort for trying replay and reports at once.

python scripts/make_samples.py
"""

from pathlib import Path

import yaml

from sim.call.session import Session
from sim.records.review import add_review, make_review, parse_overrides
from sim.rubric.loader import load_rubric
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "transcripts" / "samples"
ARCHETYPES = yaml.safe_load((ROOT / "tests" / "data" / "archetypes.yaml").read_text())
# (candidate, scenario, archetype, day)
CALLS = [
    ("c-101 Avery", "angry-customer", "model", 3),
    ("c-101 Avery", "hardship", "model", 4),
    ("c-102 Blake", "angry-customer", "abusive", 3),
    ("c-102 Blake", "dispute", "robot", 5),
    ("c-103 Casey", "hardship", "pushover", 4),
    ("c-103 Casey", "unreachable", "model", 6),
    ("c-104 Drew", "dispute", "model", 5),
    ("c-104 Drew", "angry-customer", "robot", 6),
    ("c-105 Emery", "unreachable", "abusive", 7),
    ("c-105 Emery", "hardship", "robot", 7),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.jsonl"):
        old.unlink()
    loaded = load_rubric("default")
    for n, (candidate, sid, kind, day) in enumerate(CALLS):
        path = SCENARIOS / f"{sid}.yaml"
        slug = candidate.split()[0]
        transcript = OUT / f"{sid}--{slug}--{kind}.jsonl"
        session = Session(
            load_scenario(path),
            path,
            loaded,
            seed=n,
            candidate=candidate,
            mode="assessment",
            transcript=transcript,
            started_at=f"2026-11-{day:02d}T10:{n:02d}:00+00:00",
        )
        for reply in ARCHETYPES["archetypes"][sid][kind]:
            if session.ended:
                break
            session.reply(reply)
        session.finish()
        print(f"wrote {transcript.relative_to(ROOT)}")
    robot = OUT / "dispute--c-102--robot.jsonl"
    overrides = parse_overrides(["empathy=45"], [], [], loaded.rubric, 3)
    add_review(
        robot,
        make_review(
            "Sam Rivera (QA lead)",
            "The tone was courteous; the rubric under-counts polite, factual empathy.",
            overrides,
        ),
    )
    print(f"wrote {robot.name}.review.jsonl")


if __name__ == "__main__":
    main()
