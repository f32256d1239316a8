"""Every subcommand over a catalogue of hostile inputs (issue 17): each ends in exit 0, 1 or
2 with no traceback and no "internal error"; the specific failures the issue saw now give
a clear error, a flag or a readable file.

The commands run in-process through ``sim.commands.parser.main`` and write only to
``tmp_path``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import time

import pytest

from sim.commands.parser import main
from sim.records.transcript import TranscriptWriter
from tests.cli_sweep import (
    SAMPLE,
    SAMPLES,
    SCENARIO,
    scratch_folder,
    sim,
    stub_ui_and_server,
    subcommands,
    with_value,
)
from tests.conftest import ROOT

HIDDEN = ("\x1b", "\x9b", "\u202e", "\u2066", "\x85", "\u2028")


def header(**extra):
    return {
        "type": "header",
        "scenario": {"id": "hardship"},
        "candidate": "c",
        **extra,
    }


def lines(*objects):
    return "".join(json.dumps(o) + "\n" for o in objects)


BIG = "9" * 5000
TRANSCRIPTS = {
    "empty": "",
    "blank-lines": "\n\n\n",
    "json-list": "[1, 2]\n",
    "json-number": "3\n",
    "json-string": '"header"\n',
    "deep-list": "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-object": '{"a":' * 5_000 + "1" + "}" * 5_000 + "\n",
    "big-int": '{"type": "header", "seed": ' + BIG + "}\n",
    "lone-surrogate": lines(header(candidate="\ud800")),
    "wrong-scenario": lines(header(scenario="x")),
    "wrong-facts": lines(header(facts=[1])),
    "wrong-rubric": lines(header(rubric=7)),
    "wrong-type": lines({"type": ["header"]}),
    "no-type": lines({"candidate": "c"}),
    "turn-first": lines({"type": "turn", "n": 1}),
    "turn-n-text": lines(header(), {"type": "turn", "n": "1"}),
    "turn-events": lines(header(), {"type": "turn", "n": 1, "events": 5}),
    "turn-vars": lines(header(), {"type": "turn", "n": 1, "vars": {"a": "b"}}),
    "turn-signals": lines(header(), {"type": "turn", "n": 1, "signals": [1, {}]}),
    "turn-capture": lines(header(), {"type": "turn", "n": 1, "capture": {"pasted": "x"}}),
    "end-scores": lines(header(), {"type": "end", "assessment": {"scores": {"x": "y"}}}),
    "end-reason": lines(header(), {"type": "end", "reason": "because"}),
    "raw-separators": '{"type": "header", "scenario": {"id": "hardship"}, '
    '"candidate": "c\u2028x\u2029y\x85z"}\n',
    "control-chars": lines(header(candidate="c-8\x1b[8m\x9b31m\u202e")),
}


@pytest.fixture
def hostile_transcripts(tmp_path):
    folder = tmp_path / "cohort"
    folder.mkdir()
    for name, text in TRANSCRIPTS.items():
        (folder / f"{name}.jsonl").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "not-utf8.jsonl").write_bytes(b'{"type": "header", "candidate": "\xff\xfe"}\n')
    shutil.copy(SAMPLE, folder / "good.jsonl")
    return folder


def test_every_supervisor_command_survives_every_hostile_transcript(
    hostile_transcripts, capsys, monkeypatch
):
    for path in sorted(hostile_transcripts.iterdir()):
        sim(capsys, monkeypatch, "score", path)
        sim(capsys, monkeypatch, "score", path, "--json")
        sim(capsys, monkeypatch, "compare", path, SAMPLE)
        sim(capsys, monkeypatch, "compare", "c", "c-101 Avery", "--in", hostile_transcripts)
        sim(capsys, monkeypatch, "verify", path)
        sim(capsys, monkeypatch, "review", path, "--reviewer", "r", "--reason", "x", "--score",
            "empathy=50")  # fmt: skip
        sim(capsys, monkeypatch, "report", path)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "html", "xapi"])
def test_a_cohort_report_skips_and_flags_unreadable_files(
    hostile_transcripts, capsys, monkeypatch, fmt
):
    code, out, err = sim(capsys, monkeypatch, "report", hostile_transcripts, "--format", fmt)
    assert code == 1  # findings: some files could not be read
    assert "skipped" in err and "empty.jsonl: empty transcript" in err
    assert fmt in ("table", "html", "xapi") or "good.jsonl" in out  # the readable calls
    for ch in HIDDEN:
        assert ch not in out and ch not in err
    if fmt == "json":
        data = json.loads(out)
        assert any(s["path"].endswith("deep-list.jsonl") for s in data["skipped"])


def test_score_of_a_folder_skips_and_flags_unreadable_files(
    hostile_transcripts, capsys, monkeypatch
):
    code, out, err = sim(capsys, monkeypatch, "score", hostile_transcripts)
    assert code == 1 and "skipped" in out and "warning: skipped" in err
    code, out, _ = sim(capsys, monkeypatch, "score", hostile_transcripts, "--json")
    assert code == 1 and json.loads(out)


def test_verify_checks_every_file_it_is_given(hostile_transcripts, capsys, monkeypatch):
    paths = sorted(hostile_transcripts.iterdir())
    code, out, _ = sim(capsys, monkeypatch, "verify", *paths)
    assert code == 1
    assert len(out.splitlines()) == len(paths)
    assert f"{hostile_transcripts / 'good.jsonl'}: ok, complete" in out
    assert f"{hostile_transcripts / 'json-list.jsonl'}: FAILED" in out


def test_a_non_ascii_mac_fails_verification_when_the_key_is_set(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SIM_TRANSCRIPT_KEY", "k")
    path = tmp_path / "t.jsonl"
    writer = TranscriptWriter(path, {"scenario": {"id": "hardship"}})
    writer.close()
    event = json.loads(path.read_text())
    event["mac"] = "é" * 64
    path.write_text(json.dumps(event) + "\n")
    code, out, _ = sim(capsys, monkeypatch, "verify", path, SAMPLE)
    assert code == 1 and "signature does not match" in out


def test_old_transcripts_with_raw_line_separators_still_read(hostile_transcripts):
    from sim.records.transcript import load_transcript

    record = load_transcript(hostile_transcripts / "raw-separators.jsonl")
    assert record.header.candidate == "c\u2028x\u2029y\x85z"


def test_a_malformed_review_file_is_a_clear_error(tmp_path, capsys, monkeypatch):
    reviews = {
        "not-json": "{\n",
        "a-list": "[]\n",
        "no-overrides": '{"reviewer": "r", "reason": "x"}\n',
        "bad-override": '{"reviewer": "r", "reason": "x", "overrides": [{"kind": "score"}]}\n',
        "bad-kind": '{"reviewer": "r", "reason": "x", "overrides": [{"kind": 1}]}\n',
        "deep": "[" * 50_000 + "\n",
    }
    for name, text in reviews.items():
        path = tmp_path / f"{name}.jsonl"
        shutil.copy(SAMPLE, path)
        (tmp_path / f"{name}.jsonl.review.jsonl").write_text(text)
        code, _, err = sim(capsys, monkeypatch, "report", path)
        assert code == 1 and "review.jsonl" in err
    path = tmp_path / "bytes.jsonl"
    shutil.copy(SAMPLE, path)
    (tmp_path / "bytes.jsonl.review.jsonl").write_bytes(b"\xff\n")
    code, _, err = sim(capsys, monkeypatch, "report", path)
    assert code == 1 and "not valid UTF-8" in err


def test_terminal_and_spreadsheet_output_is_neutralised(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "calls"
    path = folder / "t.jsonl"
    writer = TranscriptWriter(
        path, {"scenario": {"id": "hardship"}, "candidate": "=HYPERLINK(\x1b[8m\u202e)"}
    )
    writer.write({"type": "turn", "n": 1, "state": "s", "debtor": "hi\x9b31m", "agent": "x\u2066y"})
    writer.close()
    assert "\u2028" not in path.read_text() and "\x1b" not in path.read_text()
    for argv in (
        ("score", path),
        ("report", folder),
        ("report", folder, "--format", "csv"),
        ("report", folder, "--format", "json"),
        ("compare", path, SAMPLE),
        ("verify", path),
    ):
        _, out, err = sim(capsys, monkeypatch, *argv)
        for ch in HIDDEN:
            assert ch not in out and ch not in err, (argv, ch)
    _, out, _ = sim(capsys, monkeypatch, "report", folder, "--format", "csv")
    assert "\n'=HYPERLINK" in out
    _, out, _ = sim(capsys, monkeypatch, "report", folder, "--format", "json")
    assert json.loads(out)["calls"][0]["candidate"] == "=HYPERLINK(\x1b[8m\u202e)"


# -- headless calls, ids and names ------------------------------------------------------


@pytest.fixture
def replies(tmp_path):
    path = tmp_path / "replies.txt"
    path.write_text("Hi, this is Alex. Am I speaking with Dana Whitfield?\n")
    return path


@pytest.mark.parametrize(
    "candidate",
    ["c\u2028x", "c\u2029x", "c\x85x", "c-8\x1b[8m", "x" * 300, "c\u202ex", "", "a|b", "c\ud800"],
)
def test_a_hostile_candidate_id_is_a_clear_error(tmp_path, replies, capsys, monkeypatch, candidate):
    code, _, err = sim(
        capsys, monkeypatch, "run", "angry-customer", "--replies", replies,
        "--candidate", candidate, "--transcript", tmp_path / "t.jsonl",
    )  # fmt: skip
    assert code == 2 and "candidate" in err
    assert not (tmp_path / "t.jsonl").exists()


def test_a_scenario_title_with_line_separators_writes_a_readable_transcript(
    tmp_path, replies, capsys, monkeypatch
):
    text = SCENARIO.read_text()
    scenario = tmp_path / "odd.yaml"
    scenario.write_text(
        text.replace(
            "title: Angry customer, fifth call this week", 'title: "a\\Lb\\Pc\\Nd\\e[8m"'
        ).replace("name: Dana Whitfield", 'name: "Dana\\LWhitfield"')
    )
    assert sim(capsys, monkeypatch, "validate", scenario)[0] == 0
    transcript = tmp_path / "calls" / "t.jsonl"
    code, _, _ = sim(
        capsys, monkeypatch, "run", scenario, "--replies", replies, "--candidate", "c-1",
        "--transcript", transcript,
    )  # fmt: skip
    assert code == 0
    assert "\u2028" not in transcript.read_text(encoding="utf-8")
    code, out, _ = sim(capsys, monkeypatch, "verify", transcript)
    assert code == 0 and ": ok, " in out
    assert sim(capsys, monkeypatch, "report", tmp_path / "calls")[0] == 0
    assert sim(capsys, monkeypatch, "score", tmp_path / "calls")[0] == 0


def test_transcript_names_never_collide(tmp_path, scenarios, rubric):
    from sim.call.interactive import LiveCall

    scenario, path = scenarios["angry-customer"]
    made = set()
    for candidate in ["c/1", "c 1", "c-1", "c-1", "Алексей", "Дмитрий", None, None]:
        live = LiveCall(
            scenario, path, rubric, mode="practice", candidate=candidate, seed=0,
            transcripts=tmp_path,
        )  # fmt: skip
        live.interrupt()
        assert live.transcript not in made
        made.add(live.transcript)
        assert live.transcript.read_text().startswith('{"candidate"') or candidate is None
    assert len(list(tmp_path.glob("*.jsonl"))) == 8


def test_an_invite_for_a_hostile_candidate_id_is_refused_at_once(tmp_path, capsys, monkeypatch):
    for candidate in ("c\u2028x", "c-8\x1b[8m", "x" * 300, " "):
        code, _, err = sim(
            capsys, monkeypatch, "invite", "--candidate", candidate, "--scenario",
            "angry-customer", "--dir", tmp_path,
        )  # fmt: skip
        assert code == 2 and "--candidate" in err
    assert not (tmp_path / "invites").exists() or not list((tmp_path / "invites").iterdir())


def test_serve_on_an_address_it_cannot_use_is_a_clear_error(tmp_path, capsys, monkeypatch):
    for address in (["--port", "99999"], ["--port", "-1"], ["--host", "c\u2028x"]):
        code, _, err = sim(capsys, monkeypatch, "serve", *address, "--dir", tmp_path)
        assert code == 2 and ("--port" in err or "cannot listen on" in err), address


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_a_transcript_or_output_that_cannot_be_written_is_a_clear_error(
    tmp_path, replies, capsys, monkeypatch, where
):
    (tmp_path / "file").write_text("x")
    target = tmp_path if where == "folder" else tmp_path / "file" / "t.jsonl"
    code, _, err = sim(
        capsys, monkeypatch, "run", "angry-customer", "--replies", replies,
        "--transcript", target,
    )  # fmt: skip
    assert code == 2 and str(target) in err
    code, _, err = sim(capsys, monkeypatch, "report", SAMPLES, "-o", target)
    assert code == 2 and str(target) in err


def test_play_refuses_what_it_could_not_save_before_the_ui_starts(tmp_path, capsys, monkeypatch):
    (tmp_path / "file").write_text("x")
    code, _, err = sim(
        capsys, monkeypatch, "play", "angry-customer", "--transcripts", tmp_path / "file"
    )
    assert code == 2 and "not a folder" in err
    code, _, err = sim(
        capsys, monkeypatch, "play", "angry-customer", "--candidate", "x" * 300,
        "--transcripts", tmp_path,
    )  # fmt: skip
    assert code == 2 and "at most 64" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_play_refuses_a_read_only_transcripts_folder(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    code, _, err = sim(capsys, monkeypatch, "play", "angry-customer", "--transcripts", folder)
    assert code == 2 and "cannot save transcripts" in err


@pytest.mark.parametrize("name", ["x" * 300, "-" * 10, "é" * 5, "a/../../b" * 40])
def test_new_with_a_hostile_name_is_a_clear_error(tmp_path, capsys, monkeypatch, name):
    code, _, _ = sim(capsys, monkeypatch, "new", "scenario", name, "--dir", tmp_path)
    assert code == 2
    assert not list(tmp_path.iterdir())


# -- YAML --------------------------------------------------------------------------------

YAML = {
    "deep-flow-100k": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-block-500": "a:\n" + "".join("  " * i + "- \n" for i in range(500)),
    "deep-map-500": "".join("  " * i + f"k{i}:\n" for i in range(500)),
    "big-int": f"id: x\nseed: {BIG}\n",
    "key-with-bracket": "id: x\ntitle: t\n'a[b': 1\nstates:\n  'c[d]': {}\n",
    "list-document": "- 1\n- 2\n",
    "scalar-document": "hello\n",
    "empty": "",
    "not-utf8": b"id: \xff\n",
    "alias-bomb": "a: &a [1,1,1,1,1,1,1,1,1]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9)
    ),
    "lone-surrogate": 'id: x\ntitle: "\\ud800"\n',
    "tabs-and-controls": 'id: x\ntitle: "\\e[8m\\x9b\\u202e"\n',
    "note-markup": SCENARIO.read_text().replace(
        "title: Angry customer, fifth call this week", 'title: "[/] [b]x[/b] [link=x]"'
    ),
}


@pytest.fixture
def hostile_yaml(tmp_path):
    folder = tmp_path / "yaml"
    folder.mkdir()
    for name, text in YAML.items():
        path = folder / f"{name}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def test_every_yaml_command_survives_every_hostile_yaml(
    hostile_yaml, replies, tmp_path, capsys, monkeypatch
):
    for path in sorted(hostile_yaml.iterdir()):
        sim(capsys, monkeypatch, "validate", path)
        sim(capsys, monkeypatch, "validate", path, "--format", "json")
        sim(capsys, monkeypatch, "graph", path)
        sim(capsys, monkeypatch, "explore", path, "--walks", "3")
        sim(capsys, monkeypatch, "signals", "hello", "--scenario", path)
        sim(capsys, monkeypatch, "signals", "hello", "--rubric", path)
        sim(capsys, monkeypatch, "score", SAMPLE, "--rubric", path)
        sim(capsys, monkeypatch, "test", path)
        sim(
            capsys, monkeypatch, "run", path, "--replies", replies,
            "--transcript", tmp_path / "out" / f"{path.stem}.jsonl",
        )  # fmt: skip
    code, _, err = sim(capsys, monkeypatch, "validate", hostile_yaml / "deep-flow-100k.yaml")
    assert (code == 1 and "SIM003" in (err + capsys.readouterr().out)) or code == 1


def test_deep_yaml_is_a_located_diagnostic(hostile_yaml, capsys, monkeypatch):
    for name in ("deep-flow-100k", "deep-block-500", "deep-map-500"):
        code, out, _ = sim(capsys, monkeypatch, "validate", hostile_yaml / f"{name}.yaml")
        assert code == 1 and "SIM003" in out and "nested more than" in out


def rubric_with(tmp_path, pattern):
    text = (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text()
    text = text.replace("learned: default.learned.json\n", "")
    first = text.index("    patterns:\n") + len("    patterns:\n")
    path = tmp_path / "r.yaml"
    path.write_text(text[:first] + f"      - {json.dumps(pattern)}\n" + text[first:])
    return path


@pytest.mark.parametrize(
    "pattern, code",
    [("(?i)please", "SIM011"), ("a" * 5000, "SIM005"), ("x{@nope}", "SIM029")],
)
def test_a_rubric_pattern_that_would_break_matching_is_a_diagnostic(
    tmp_path, capsys, monkeypatch, pattern, code
):
    path = rubric_with(tmp_path, pattern)
    found, out, _ = sim(capsys, monkeypatch, "validate", path)
    assert found == 1 and code in out
    found, _, err = sim(capsys, monkeypatch, "score", SAMPLE, "--rubric", path)
    assert found == 2 and code in err


def test_replies_files_with_hostile_content(tmp_path, capsys, monkeypatch):
    cases = {
        "c1": "\x9b31mHello\u202e there\x1b[8m\n",
        "nul": "a\x00b\n",
        "deep": "[" * 100_000 + "\n",
        "long": "x" * 100_000 + "\n",
        "separators": "one\u2028two\u2029three\x85four\n",
        "blank": "\n \n",
    }
    for name, text in cases.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text)
        transcript = tmp_path / f"{name}.jsonl"
        code, out, err = sim(
            capsys, monkeypatch, "run", "angry-customer", "--replies", path,
            "--transcript", transcript,
        )  # fmt: skip
        for ch in HIDDEN:
            assert ch not in out and ch not in err
        if code == 0:
            assert sim(capsys, monkeypatch, "verify", transcript)[0] == 0
        stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass") + b"\xff\n"))
        monkeypatch.setattr(sys, "stdin", stdin)  # the same lines, turn by turn
        code, out, err = sim(capsys, monkeypatch, "run", "angry-customer", "--interactive")
        assert code == 0 and all(json.loads(line) for line in out.splitlines())
        for ch in HIDDEN:
            assert ch not in out and ch not in err
    (tmp_path / "bytes.txt").write_bytes(b"\xff\xfe\n")
    code, _, err = sim(capsys, monkeypatch, "run", "angry-customer", "--replies",
                       tmp_path / "bytes.txt")  # fmt: skip
    assert code == 2 and "UTF-8" in err


# -- growth ------------------------------------------------------------------------------


def test_scoring_time_grows_linearly_with_the_number_of_turns():
    """Four times the turns cost about four times the CPU (it was eight at 1,000 -> 4,000
    turns, and grew as the square beyond): measured in this process, with a generous bound."""
    from benchmarks.long_calls import long_call
    from sim.reports.call_report import assess_record
    from sim.rubric.loader import load_rubric

    loaded = load_rubric("default")
    assess_record(long_call(50), loaded)  # warm up

    def cpu(turns):
        call = long_call(turns)
        start = time.process_time()
        report = assess_record(call, loaded)
        assert len(report.matches) == turns
        return time.process_time() - start

    small, large = cpu(1000), cpu(4000)
    assert large / small < 6, (small, large)


def test_a_ten_megabyte_reply_is_compared_and_scored_in_bounded_time(tmp_path, capsys, monkeypatch):
    """It took 64 s to compare: the whole reply was wrapped into a column and folded once
    per contribution. The matcher reads its first 2,000 characters; so do the views."""
    events = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    events[1]["agent"] = "I understand how hard this is. " * 330_000
    path = tmp_path / "huge.jsonl"
    path.write_text(lines(*events))
    for argv in (("compare", path, SAMPLE), ("score", path)):
        start = time.process_time()
        _, out, _ = sim(capsys, monkeypatch, *argv)
        assert time.process_time() - start < 15, argv
        assert "(10,228,000 more characters)" in out and len(out) < 50_000, argv


# -- a call killed at its end ------------------------------------------------------------


def test_a_call_that_reached_its_end_is_complete_on_disk_before_the_result_is_shown(
    tmp_path, scenarios, rubric
):
    """Killed between its last line and the result screen (4 of 30 kills), it was saved as
    incomplete: the end event waited for the result to be asked for."""
    from sim.call.interactive import LiveCall
    from sim.records.transcript import load_transcript

    scenario, path = scenarios["angry-customer"]
    for how in ("said", "silence"):
        live = LiveCall(
            scenario, path, rubric, mode="practice", candidate="c-1", seed=0,
            transcripts=tmp_path / how,
        )  # fmt: skip
        if how == "said":
            live.reply("Pay your damn bills.")
        else:
            live.end("silence")
        assert live.ended
        record = load_transcript(live.transcript)  # what a kill -9 now would leave
        assert record.complete and record.end is not None
        assert record.end.reason == ("terminal" if how == "said" else "silence")
        assert live.finish("agent_ended").complete  # the result screen: the same call
        assert load_transcript(live.transcript).end == record.end


def test_a_call_played_over_stdio_is_complete_on_disk_when_it_says_it_ended(
    tmp_path, capsys, monkeypatch
):
    """`sim run --interactive`: when the line saying "ended" is read, the end is saved."""
    import io
    import sys as system

    from sim.records.transcript import load_transcript

    transcript = tmp_path / "t.jsonl"
    seen = []

    class Watched(io.StringIO):
        def write(self, text):
            if '"ended": true' in text and '"turn"' in text:
                seen.append(load_transcript(transcript).complete)
            return super().write(text)

    monkeypatch.setattr(system, "stdin", io.TextIOWrapper(io.BytesIO(b"Pay your damn bills.\n")))
    monkeypatch.setattr(system, "stdout", Watched())
    code = main(["run", "angry-customer", "--interactive", "--transcript", str(transcript)])
    assert code == 0 and seen == [True]


# -- every subcommand, every option, every hostile value ---------------------------------

ARGUMENTS = [  # one of each kind: the empty, the long, the invisible, the undecodable...
    "",
    "x" * 300,
    "c\u2028x\x85y\x1b[8m\x9b31m\u202e",
    "\udcff",  # a byte that is not UTF-8, as Python hands it over in argv
    "a/../../b",
    "[/] [b]x",
    BIG,
    "-1",
    "é" * 5,
]


SUBCOMMANDS = sorted(subcommands(ROOT / "unused", "replies.txt"))


def test_the_sweep_covers_every_subcommand(capsys, monkeypatch):
    _, usage, _ = sim(capsys, monkeypatch, "--help")
    listed = re.findall(r"^    ([a-z]+) ", usage.split("commands:")[1], re.MULTILINE)
    assert sorted(listed) == SUBCOMMANDS  # a new subcommand joins the sweep


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_survives_every_hostile_argument(
    tmp_path, replies, capsys, monkeypatch, name
):
    stub_ui_and_server(monkeypatch)
    scratch_folder(tmp_path, monkeypatch)
    shutil.copy(SAMPLE, tmp_path / "call.jsonl")
    argv, slots = subcommands(tmp_path, replies)[name]
    assert sim(capsys, monkeypatch, *argv)[0] == 0, argv
    failed = []
    for slot in slots:
        for value in ARGUMENTS:
            try:
                sim(capsys, monkeypatch, *with_value(argv, slot, value))
            except AssertionError as exc:  # every failure listed, not just the first
                failed.append(f"{slot} {ascii(value)[:30]}: {str(exc)[-300:]}")
    assert not failed, "\n".join(failed)
    if name == "review":  # review 1 exists now: amending and revoking it still work
        code, out, err = sim(capsys, monkeypatch, *with_value(argv, "--amend", "1"))
        assert code == 0, err
        made = re.search(r"recorded review (\d+)", out).group(1)
        revoke = [*argv[: argv.index("--score")], "--revoke", made]  # it sets nothing
        code, _, err = sim(capsys, monkeypatch, *revoke)
        assert code == 0, err


def test_copies_of_one_signed_transcript_count_once(tmp_path, capsys, monkeypatch):
    for n in range(3):
        shutil.copy(SAMPLE, tmp_path / f"copy-{n}.jsonl")
    code, out, err = sim(capsys, monkeypatch, "report", tmp_path, "--format", "json")
    assert code == 0 and len(json.loads(out)["calls"]) == 1
    assert err.count("counted once") == 2


def test_a_rubric_of_too_many_patterns_is_refused_quickly(tmp_path, capsys, monkeypatch):
    """60,000 small patterns took over 180 s to load; the count is checked first."""
    path = rubric_with(tmp_path, "w0x")
    text = path.read_text().replace(
        '      - "w0x"\n', "".join(f'      - "w{i}x"\n' for i in range(60_000))
    )
    path.write_text(text)
    start = time.process_time()
    code, out, _ = sim(capsys, monkeypatch, "validate", path)
    assert code == 1 and "SIM005" in out and "at most 2000" in out
    assert time.process_time() - start < 30
