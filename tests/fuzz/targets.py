"""What the fuzzers feed: each target takes raw bytes (what a hostile file could hold) and
either returns or raises SimError. Anything else escaping is a finding.

Shared by the Hypothesis tests (short in CI, long by hand) and the atheris runner
(tests/fuzz/run_atheris.py); the inputs anything ever found are kept in tests/fuzz/corpus/,
one folder per target, and replayed by test_corpus.py.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sim.call.replies import read_replies
from sim.errors import SimError
from sim.records.transcript import KEY_ENV, load_transcript, verify
from sim.sources.located_yaml import load_yaml

CORPUS = Path(__file__).parent / "corpus"


def _in_a_file(data: bytes, suffix: str, read: Callable[[Path], object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(SimError):
            read(path)


@contextlib.contextmanager
def _key(value: str | None):
    before = os.environ.pop(KEY_ENV, None)
    if value is not None:
        os.environ[KEY_ENV] = value
    try:
        yield
    finally:
        os.environ.pop(KEY_ENV, None)
        if before is not None:
            os.environ[KEY_ENV] = before


def yaml(data: bytes) -> None:
    """The YAML loader every scenario, rubric and test plan goes through."""
    _in_a_file(data, ".yaml", load_yaml)


def transcript(data: bytes) -> None:
    """The transcript reader; the verifier never raises at all."""

    def read(path: Path) -> None:
        for key in (None, "k"):  # verified without a key, and with one (MACs checked)
            with _key(key):
                assert verify(path).state()  # a verdict on every file, never an exception
        load_transcript(path)

    _in_a_file(data, ".jsonl", read)


def replies(data: bytes) -> None:
    """The replies file of `sim run --replies`: what comes out is one clean line each."""

    def read(path: Path) -> None:
        for text, _ in read_replies(str(path)):
            assert text and "\n" not in text and "\x1b" not in text

    _in_a_file(data, ".txt", read)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "yaml": yaml,
    "transcript": transcript,
    "replies": replies,
}
