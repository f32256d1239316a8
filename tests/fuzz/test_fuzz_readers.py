"""Fuzzing the readers of untrusted files: the YAML loader, the transcript reader and
verifier, and the replies reader. Each either returns or raises SimError (exit 2), never
anything else.

Short in CI (a few dozen examples each). The long mode, by hand:

    SIM_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/fuzz -q

Anything it finds goes into tests/functional/test_hostile_inputs.py as a regression case.
"""

from __future__ import annotations

import contextlib
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.call.replies import read_replies
from sim.errors import SimError
from sim.records.transcript import load_transcript, verify
from sim.sources.located_yaml import load_yaml

FUZZ = settings(
    max_examples=int(os.environ.get("SIM_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
events = st.dictionaries(
    st.sampled_from(["type", "n", "scenario", "candidate", "events", "vars", "agent", "to"])
    | st.text(max_size=8),
    json_values,
    max_size=8,
).map(lambda d: {"type": "header", **d} if not d or "type" not in d else d)
yaml_text = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n  \t,?%@`\\\u2028\x85\ud800")), max_size=200
)


@FUZZ
@given(yaml_text)
def test_the_yaml_loader_only_raises_sim_errors(tmp_path, text):
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: bad UTF-8
    with contextlib.suppress(SimError):
        load_yaml(path)


@FUZZ
@given(st.lists(events, max_size=5), st.binary(max_size=20))
def test_the_transcript_reader_and_verifier_only_raise_sim_errors(tmp_path, lines, junk):
    path = tmp_path / "t.jsonl"
    data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines)
    path.write_bytes(data.encode("utf-8", "surrogatepass") + junk)
    with contextlib.suppress(SimError):
        load_transcript(path)
    verify(path)  # never raises


@FUZZ
@given(st.binary(max_size=300))
def test_the_replies_reader_only_raises_sim_errors(tmp_path, data):
    path = tmp_path / "replies.txt"
    path.write_bytes(data)
    try:
        for text, _ in read_replies(str(path)):
            assert "\n" not in text and "\x1b" not in text
    except SimError:
        pass
