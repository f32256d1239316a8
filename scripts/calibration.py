"""Print the default rubric's confusion figures on the labelled calibration set.

python scripts/calibration.py [--rubric PATH] [--mistakes]
"""

import argparse
from pathlib import Path

import yaml

from sim.rubric.calibration import calibrate, table
from sim.rubric.loader import load_rubric
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "calibration.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", default="default")
    parser.add_argument("--mistakes", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args()
    loaded = load_rubric(args.rubric)
    rubric = loaded.rubric
    items = yaml.safe_load(DATA.read_text())["items"]
    facts = load_scenario(SCENARIOS / "angry-customer.yaml").facts()
    result = calibrate(loaded, items, facts)
    print(f"{len(items)} labelled utterances\n")
    print(table(result, rubric))
    if args.mistakes:
        print("\n" + "\n".join(result.mistakes))


if __name__ == "__main__":
    main()
