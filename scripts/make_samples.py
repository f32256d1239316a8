"""Regenerate transcripts/samples/: a small cohort for trying replay and reports at once.

python scripts/make_samples.py            # rewrite transcripts/samples/
python scripts/make_samples.py --check    # exit 1 if the committed samples are stale

Run it whenever the engine, a shipped scenario or the default rubric changes: the samples
are calls played now, so `sim score transcripts/samples` shows no call whose score moved.
Everything that would vary is fixed (seeds, start times, the review's time and account,
no signing key), so the same code gives the same bytes.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml

from sim.call.session import Session
from sim.records.review import add_review, make_review, parse_overrides
from sim.rubric.loader import load_rubric
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "transcripts" / "samples"
ARCHETYPES = ROOT / "tests" / "data" / "archetypes.yaml"
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
REVIEWED = "dispute--c-102--robot.jsonl"
REVIEW_AT = "2026-11-08T09:00:00+00:00"


def write_samples(out: Path) -> list[Path]:
    """Play every sample call into ``out`` (emptied of transcripts first) and review one."""
    os.environ.pop("SIM_TRANSCRIPT_KEY", None)  # the samples are not signed
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.jsonl"):
        old.unlink()
    loaded = load_rubric("default")
    replies = yaml.safe_load(ARCHETYPES.read_text(encoding="utf-8"))["archetypes"]
    written = []
    for n, (candidate, sid, kind, day) in enumerate(CALLS):
        path = SCENARIOS / f"{sid}.yaml"
        transcript = out / f"{sid}--{candidate.split()[0]}--{kind}.jsonl"
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
        for reply in replies[sid][kind]:
            if session.ended:
                break
            session.reply(reply)
        session.finish()
        written.append(transcript)
    robot = out / REVIEWED
    review = make_review(
        "Sam Rivera (QA lead)",
        "The tone was courteous; the rubric under-counts polite, factual empathy.",
        parse_overrides(["empathy=45"], [], [], loaded.rubric, 3),
    )
    add_review(robot, replace(review, at=REVIEW_AT, account="srivera"))
    return [*written, Path(f"{robot}.review.jsonl")]


def stale(committed: Path) -> list[str]:
    """The sample files that differ from what the code plays now (missing ones included)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = write_samples(Path(tmp))
        names = {p.name for p in fresh} | {p.name for p in committed.glob("*.jsonl")}
        return sorted(
            name
            for name in names
            if not (committed / name).is_file()
            or not (Path(tmp) / name).is_file()
            or not filecmp.cmp(committed / name, Path(tmp) / name, shallow=False)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether they are stale")
    args = parser.parse_args()
    if args.check:
        differ = stale(OUT)
        for name in differ:
            print(f"stale: {OUT.relative_to(ROOT) / name}")
        if differ:
            print("run: python scripts/make_samples.py", file=sys.stderr)
        return 1 if differ else 0
    for path in write_samples(OUT):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
