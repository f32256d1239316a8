"""Bad input, swept: whatever comes in, the answer is a result or a clear error."""

import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import SimError, SourceError
from sim.records.transcript import TranscriptWriter, load_transcript, verify
from sim.rubric.matching.matcher import SignalMatcher
from sim.rubric.matching.text import MAX_ANALYSED_CHARS
from sim.scenario.loader import load_scenario
from sim.scenario.model import Scenario
from sim.sources.located_yaml import load_yaml
from sim.sources.locations import SCENARIOS

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# read as the loader reads it: with yaml.safe_load, YAML 1.1 would turn every `on:` key
# into True, and no mutation of BASE could ever load
BASE = load_yaml(SCENARIOS / "dispute.yaml").data

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def load_or_diagnose(tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load_scenario(path)
    except SourceError as exc:
        for d in exc.diagnostics:
            assert d.path == str(path) and d.line >= 1 and d.col >= 1 and d.code.startswith("SIM")
            assert "\n" not in str(d)
        return None


def assert_playable(scenario):
    """What a loaded scenario promises the engine: every state it names exists."""
    assert isinstance(scenario, Scenario) and scenario.start in scenario.states
    for sid, state in scenario.states.items():
        targets = [t.goto for t in state.on] + [scenario.silence.end_state]
        if not state.terminal:
            assert scenario.fallback_for(sid) is not None, sid
            targets.append(scenario.fallback_for(sid).goto)
        assert all(t is None or t in scenario.states for t in targets), (sid, targets)
    assert all(t.goto in scenario.states for t in scenario.interrupts)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_is_a_scenario_or_a_diagnostic(tmp_path, text):
    result = load_or_diagnose(tmp_path, text)
    if result is not None:
        assert_playable(result)


def test_the_unmutated_base_loads(tmp_path):
    assert_playable(load_or_diagnose(tmp_path, yaml.safe_dump(BASE)))


@SETTINGS
@given(st.lists(st.sampled_from(sorted(BASE)), min_size=1, max_size=3, unique=True), yaml_values)
def test_any_mutated_scenario_is_a_model_or_a_diagnostic(tmp_path, keys, value):
    mutated = dict(BASE)
    for key in keys:
        mutated[key] = value
    result = load_or_diagnose(tmp_path, yaml.safe_dump(mutated))
    if result is not None:
        assert_playable(result)


@SETTINGS
@given(st.text(max_size=3000))
def test_matcher_answers_any_text(rubric, text):
    matcher = SignalMatcher(rubric.rubric.signals, {"agency": "Summit", "creditor": "Bank"})
    start = time.perf_counter()
    found = matcher.probe(text)
    assert time.perf_counter() - start < 5  # bounded; the benchmark has the real figures
    for m in found:
        assert 0 <= m.start < m.end <= min(len(text), MAX_ANALYSED_CHARS)
        assert m.evidence == text[m.start : m.end]


def test_huge_input_is_bounded(rubric):
    """1.4 MB of text: analysed up to the limit only, quickly, and still understood."""
    matcher = SignalMatcher(rubric.rubric.signals, {"agency": "Summit", "creditor": "Bank"})
    text = "I understand. " * 100_000
    start = time.perf_counter()
    found = matcher.match(text)
    assert time.perf_counter() - start < 5
    assert "acknowledge_feelings" in {m.signal for m in found}
    assert all(m.end <= MAX_ANALYSED_CHARS for m in found)


def make_transcript(path):
    writer = TranscriptWriter(path, {"scenario": {"id": "x"}, "seed": 1, "facts": {}})
    for n in (1, 2, 3):
        writer.write(
            {"type": "turn", "n": n, "agent": "hi", "debtor": "yo", "state": "s", "to": "s"}
        )
    writer.write({"type": "end", "complete": True})
    writer.close()
    return path.read_bytes()


@SETTINGS
@given(st.data())
def test_transcript_loader_survives_corruption(tmp_path, data):
    path = tmp_path / "t.jsonl"
    path.unlink(missing_ok=True)
    original = make_transcript(path)
    cut = data.draw(st.integers(0, len(original)))
    junk = data.draw(st.binary(max_size=40))
    where = data.draw(st.integers(0, cut))
    damaged = original[:where] + junk + original[where:cut]
    path.write_bytes(damaged)
    try:
        record = load_transcript(path)
        assert len(record.turns) <= 3
    except SimError as exc:
        assert str(exc).startswith(str(path))
    result = verify(path)  # never raises
    if result.ok and result.complete:
        # passing verification means the content is what was written (whitespace aside)
        pristine = tmp_path / "pristine.jsonl"
        pristine.write_bytes(original)
        assert load_transcript(path).turns == load_transcript(pristine).turns
    elif original.startswith(damaged) and b"\n" in damaged:
        assert result.ok  # a cut-off transcript (its header whole) is incomplete, not forged
    elif original.startswith(damaged):
        assert not result.ok  # empty, or not one whole line: not a transcript
