"""The matcher's figures on labelled lines it was not tuned on.

python scripts/calibration.py [--rubric PATH] [--shared DIR] [--split test|train|all]
                              [--table] [--mistakes]

Prints, for the project corpus's test split (tests/corpus, split by a fixed rule on the
text) and for the shared development set (../shared/corpus, when present) separately:
violating statements caught, careful compliant lines flagged, positive-signal recall and
replies with a false signal, each next to its mark. The train split is what the rubric is
tuned on: its figures are printed last and labelled as such.
"""

import argparse
from pathlib import Path

from sim.rubric.calibration import (
    load_corpus,
    load_shared,
    measure,
    summary,
    table,
)
from sim.rubric.loader import load_rubric
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", default="default")
    parser.add_argument("--shared", type=Path, default=SHARED, help="a set in the shared format")
    parser.add_argument("--split", choices=["test", "train", "all"], default="test")
    parser.add_argument("--table", action="store_true", help="per-rule and per-signal tables")
    parser.add_argument("--mistakes", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args()
    loaded = load_rubric(args.rubric)
    facts = load_scenario(SCENARIOS / "angry-customer.yaml").facts()
    corpus = load_corpus(CORPUS)
    sets = []
    for split in ("test", "train") if args.split == "all" else (args.split,):
        chosen = [line for line in corpus if line.split == split]
        label = "TRAIN split (tuned on: not a measure)" if split == "train" else "test split"
        sets.append((f"project corpus, {label}", chosen))
    if args.shared.is_dir() and args.split != "train":
        sets.insert(1, (f"shared development set ({args.shared.name}/)", load_shared(args.shared)))
    for title, lines in sets:
        figures = measure(loaded, lines, facts)
        print(f"== {title}: {figures.lines} lines")
        print(summary(figures))
        if args.table:
            print("\n" + table(figures))
        if args.mistakes:
            print("\n" + "\n".join(figures.mistakes))
        print()


if __name__ == "__main__":
    main()
