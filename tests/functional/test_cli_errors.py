"""Bad input: a one-line message, exit 2, no traceback, and no partial file left behind."""

from tests.conftest import ROOT


def assert_clean_error(result, *needles):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() and len(result.stderr.strip().splitlines()) <= 3
    for needle in needles:
        assert needle in result.stderr


def good_replies(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Hi, this is Alex. Am I speaking with Dana Whitfield?\n")
    return path


def test_unknown_scenario_id(tmp_path, cli):
    result = cli("run", "no-such-scenario", "--replies", good_replies(tmp_path))
    assert_clean_error(result, "unknown scenario 'no-such-scenario'", "angry-customer")


def test_malformed_scenario_yaml(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nstates: {a: [unclosed\n")
    result = cli("run", bad, "--replies", good_replies(tmp_path))
    assert_clean_error(result, f"{bad}:", "SIM002")


def test_scenario_with_undefined_state(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    text = (ROOT / "sim" / "data" / "scenarios" / "dispute.yaml").read_text()
    bad.write_text(text.replace("goto: identifier", "goto: identifer", 1))
    result = cli("run", bad, "--replies", good_replies(tmp_path))
    assert_clean_error(result, "SIM020", "'identifer' is not a state")


def test_missing_replies_file(tmp_path, cli):
    result = cli("run", "hardship", "--replies", tmp_path / "nope.txt")
    assert_clean_error(result, "no such replies file")


def test_empty_replies_file(tmp_path, cli):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n   \n\n")
    assert_clean_error(cli("run", "hardship", "--replies", empty), "no replies")


def test_invalid_utf8_replies_leave_no_transcript(tmp_path, cli):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"hello\n\xff\xfe broken\n")
    transcript = tmp_path / "t.jsonl"
    result = cli("run", "hardship", "--replies", bad, "--transcript", transcript)
    assert_clean_error(result, f"{bad}:2: not valid UTF-8")
    assert not transcript.exists()


def test_huge_reply_is_truncated_and_flagged(tmp_path, cli):
    big = tmp_path / "big.txt"
    big.write_text("I understand how frustrating this is. " * 3000 + "\n")
    report = cli.json("run", "angry-customer", "--replies", big)
    assert len(report["turns"][0]["agent"]) == 2000
    assert {
        "turn": 1,
        "flag": "truncated",
        "detail": "reply was longer than allowed and was cut",
    } in report["integrity"]


def test_control_characters_are_removed(tmp_path, cli):
    path = tmp_path / "ctl.txt"
    path.write_text("Hi\x07 this is \x1b[31mAlex\x1b[0m.\x00 Am I speaking with Dana Whitfield?\n")
    report = cli.json("run", "angry-customer", "--replies", path)
    agent = report["turns"][0]["agent"]
    assert agent == "Hi this is Alex . Am I speaking with Dana Whitfield?"
    assert report["turns"][0]["state"] == "opening" and report["ended_in"] == "name_confirmed"


def test_existing_transcript_is_not_overwritten(tmp_path, cli):
    transcript = tmp_path / "t.jsonl"
    transcript.write_text("precious\n")
    result = cli("run", "hardship", "--replies", good_replies(tmp_path), "--transcript", transcript)
    assert_clean_error(result, "a transcript already exists")
    assert transcript.read_text() == "precious\n"


def test_missing_and_corrupt_transcripts(tmp_path, cli):
    assert_clean_error(cli("score", tmp_path / "gone.jsonl"), "no such transcript")
    corrupt = tmp_path / "c.jsonl"
    corrupt.write_text('{"type": "header", "scenario": {"id": "x"}}\n{not json\n{"type":"end"}\n')
    assert_clean_error(cli("score", corrupt), f"{corrupt}:2: not a JSON line")


def test_unknown_rubric(tmp_path, cli):
    result = cli("run", "hardship", "--replies", good_replies(tmp_path), "--rubric", "nope")
    assert_clean_error(result, "unknown rubric 'nope'")


def test_bad_usage_exits_2(cli):
    result = cli("run")
    assert result.returncode == 2 and "Traceback" not in result.stderr
