"""Fuzzing the CLI's argument surface: any subcommand, any of its options, any text (and
bytes that are not UTF-8, as Python hands them over) ends in exit 0, 1 or 2 with no
traceback and no "internal error". Short in CI; long by hand (settings.py)."""

from __future__ import annotations

import shutil

from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_sweep import (
    SAMPLE,
    scratch_folder,
    sim,
    stub_ui_and_server,
    subcommands,
    with_value,
)
from tests.fuzz.settings import FUZZ

COMMANDS = subcommands  # (tmp_path, replies) -> {name: (argv, slots)}
NAMES = sorted(COMMANDS(SAMPLE.parent, "replies.txt"))

values = (
    st.text(max_size=40)
    | st.sampled_from(["", "-", "--", "-1", "0", "9" * 5000, "x" * 300, "[/]", "a/../../b"])
    | st.binary(max_size=12).map(lambda b: b.decode("utf-8", "surrogateescape"))
).map(lambda text: text.replace("\x00", ""))  # no argument of a real command line holds NUL


@FUZZ
@given(
    name=st.sampled_from(NAMES),
    picks=st.lists(st.tuples(st.integers(0, 20), values), max_size=3),
    extra=st.lists(values, max_size=2),
)
@example(name="serve", picks=[(1, "-1")], extra=[])  # found: a port out of range (exit 70)
@example(name="new", picks=[(1, "\udcff")], extra=[])  # found: a folder not UTF-8 (exit 70)
@example(name="score", picks=[(0, "x" * 300)], extra=[])  # found: a name too long (exit 70)
@example(name="compare", picks=[], extra=["\udc80"])  # found: a usage error quoting it raw
def test_any_arguments_end_in_0_1_or_2(tmp_path_factory, capsys, monkeypatch, name, picks, extra):
    with monkeypatch.context() as mp:
        tmp_path = tmp_path_factory.mktemp("fuzz")
        stub_ui_and_server(mp)
        scratch_folder(tmp_path, mp)
        shutil.copy(SAMPLE, tmp_path / "call.jsonl")
        replies = tmp_path / "replies.txt"
        replies.write_text("Hi, this is Alex.\n")
        argv, slots = COMMANDS(tmp_path, replies)[name]
        for at, value in picks:
            if slots:
                argv = with_value(argv, slots[at % len(slots)], value)
        sim(capsys, mp, *argv, *extra)
