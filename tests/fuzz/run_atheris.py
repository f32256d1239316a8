"""Coverage-guided fuzzing with atheris, by hand (not in CI): the same targets as the
Hypothesis tests, seeded with the regression corpus.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python tests/fuzz/run_atheris.py transcript -max_total_time=600

TARGET is yaml, transcript or replies; the other arguments are libFuzzer's. A finding is
written as crash-<hash> in the current folder: copy it into tests/fuzz/corpus/TARGET/ so
that test_corpus.py keeps it as a regression case, then fix it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports():
    from tests.fuzz.targets import CORPUS, TARGETS


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: run_atheris.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = sys.argv[1]
    grown = tempfile.mkdtemp(prefix=f"sim-fuzz-{target}-")  # where libFuzzer adds its finds
    print(f"new inputs go to {grown}; the corpus in the repo is only read", file=sys.stderr)
    atheris.Setup([sys.argv[0], *sys.argv[2:], grown, str(CORPUS / target)], TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
