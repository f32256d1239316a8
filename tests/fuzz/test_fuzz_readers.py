"""Fuzzing the readers of untrusted files: the YAML loader, the transcript reader and
verifier, and the replies reader (see targets.py). Each either returns or raises SimError
(exit 2), never anything else. Short in CI; long by hand (settings.py)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import targets
from tests.fuzz.settings import FUZZ

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
events = st.dictionaries(
    st.sampled_from(["type", "n", "scenario", "candidate", "events", "vars", "agent", "to"])
    | st.sampled_from(["hash", "prev", "mac", "facts", "assessment", "capture", "signals"])
    | st.text(max_size=8),
    json_values,
    max_size=8,
).map(lambda d: {"type": "header", **d} if not d or "type" not in d else d)
yaml_text = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n  \t,?%@`\\\u2028\x85\ud800")), max_size=200
)


@FUZZ
@given(yaml_text)
def test_the_yaml_loader_only_raises_sim_errors(text):
    targets.yaml(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: bad UTF-8


@FUZZ
@given(st.lists(events, max_size=5), st.binary(max_size=20))
def test_the_transcript_reader_and_verifier_only_raise_sim_errors(lines, junk):
    data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines)
    targets.transcript(data.encode("utf-8", "surrogatepass") + junk)


@FUZZ
@given(st.binary(max_size=300))
def test_the_replies_reader_only_raises_sim_errors(data):
    targets.replies(data)
