"""A supervisor's record you can audit (issue 15): overrides that change the score, reviews
on the record, integrity checked by every supervisor's command, filters that say what
they did."""

import json
import re
import shutil

import pytest
import yaml

from sim.call.session import Session
from sim.records.transcript import KEY_ENV, TranscriptWriter
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS
from tests.conftest import DATA, ROOT, record_call, review

SAMPLES = ROOT / "transcripts" / "samples"
ARCHETYPES = yaml.safe_load((DATA / "archetypes.yaml").read_text())["archetypes"]


def play(rubric, path, sid, kind, **how):
    """An archetype's call (``kind``: model, abusive, pushover, robot) into a transcript."""
    return record_call(rubric, path, sid, ARCHETYPES[sid][kind], **how)


def rows(cli, *args):
    result = cli("report", *args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["calls"]


# -- overrides change the score, through the machine's own rules ---------------------------


def test_dismissing_every_violation_restores_the_score(tmp_path, cli):
    call = tmp_path / "hardship.jsonl"
    shutil.copy(SAMPLES / "hardship--c-103--pushover.jsonl", call)
    # "we'll just write it off" (critical) and pressing on after the hardship (major)
    dismissed = ("--dismiss", "misstated_amount@5", "--dismiss", "vulnerability_ignored@7")
    assert review(cli, call, *dismissed).returncode == 0
    [row] = rows(cli, call)
    assert row["machine"]["scores"]["compliance"] == 100 - 45 - 20
    assert row["human"]["scores"]["compliance"] == 100  # dismissed: they cost nothing
    assert row["human"]["overall"] > row["machine"]["overall"]
    assert row["violations"] == {"critical": 0, "major": 0, "minor": 0}
    # the call ran out of replies: whatever a review says, it does not pass
    assert not row["complete"] and row["passed"] is False and not row["ranked"]


def test_dismissing_criticals_and_adding_a_violation_move_the_verdict(tmp_path, cli):
    abusive = tmp_path / "abusive.jsonl"
    shutil.copy(SAMPLES / "angry-customer--c-102--abusive.jsonl", abusive)
    result = review(cli, abusive, "--dismiss", "abusive_language@3", "--dismiss", "threat_arrest@3")
    assert result.returncode == 0 and "human verdict" in result.stdout
    [row] = rows(cli, abusive)
    assert row["critical"] == [] and row["verdict_by"] == "human"
    assert row["scores"]["compliance"] > row["machine"]["scores"]["compliance"]
    assert row["overall"] > row["machine"]["overall"]

    model = tmp_path / "model.jsonl"
    shutil.copy(SAMPLES / "angry-customer--c-101--model.jsonl", model)
    assert review(cli, model, "--add", "location_call@4:major").returncode == 0
    [row] = rows(cli, model)
    assert row["machine"]["scores"]["compliance"] == 100
    assert row["scores"]["compliance"] < 100 and row["violations"]["major"] == 1
    assert row["overall"] < row["machine"]["overall"]
    assert review(cli, model, "--add", "threat_arrest@2").returncode == 0
    [row] = rows(cli, model)
    assert row["passed"] is False and row["critical"] == ["threat_arrest"]


def test_a_dismissal_must_name_a_violation_of_the_call(tmp_path, cli):
    call = tmp_path / "abusive.jsonl"
    shutil.copy(SAMPLES / "angry-customer--c-102--abusive.jsonl", call)
    result = review(cli, call, "--dismiss", "threat_arrest@2")  # it is at turn 3
    assert result.returncode == 2
    assert "no such violation" in result.stderr and "threat_arrest@3" in result.stderr
    assert not call.with_name(call.name + ".review.jsonl").exists()
    assert review(cli, call, "--add", "threat_arrest@9").returncode == 2  # 3 turns played


# -- reviews on the record -----------------------------------------------------------------


def test_reviews_can_be_amended_and_revoked_on_the_record(tmp_path, cli):
    call = tmp_path / "robot.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", call)
    assert review(cli, call, "--score", "empathy=70").returncode == 0
    assert rows(cli, call)[0]["scores"]["empathy"] == 70
    assert review(cli, call, "--amend", "1", "--score", "empathy=50").returncode == 0
    [row] = rows(cli, call)
    assert row["scores"]["empathy"] == 50 and len(row["human"]["reviews"]) == 1
    assert review(cli, call, "--revoke", "1").returncode == 2  # amended: no longer in force
    assert review(cli, call, "--revoke", "2", why="second opinion").returncode == 0
    [row] = rows(cli, call)
    assert row["human"] is None and row["verdict_by"] == "machine"
    verified = cli("verify", call)
    assert verified.returncode == 0 and "ok, 3 review line(s)" in verified.stdout
    lines = call.with_name(call.name + ".review.jsonl").read_text().splitlines()
    assert [json.loads(x)["action"] for x in lines] == ["review", "amend", "revoke"]


def test_a_review_edited_or_written_by_hand_counts_for_nothing(tmp_path, cli):
    call = tmp_path / "robot.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", call)
    assert review(cli, call, "--score", "empathy=70").returncode == 0
    sidecar = call.with_name(call.name + ".review.jsonl")
    sidecar.write_text(sidecar.read_text().replace("Sam Rivera", "Supervisor Jane"))
    verified = cli("verify", call)
    assert verified.returncode == 1 and "content was edited" in verified.stdout
    result = cli("report", call, "--format", "json")
    assert result.returncode == 1 and "review not counted" in result.stderr
    [row] = json.loads(result.stdout)["calls"]
    assert row["human"] is None and not row["verified"] and not row["ranked"]

    # a review written by hand, without the chain, as the old format was
    sidecar.write_text(
        '{"reviewer": "Supervisor Jane", "reason": "x", "overrides": '
        '[{"kind": "score", "competency": "empathy", "value": 96}]}\n'
    )
    [row] = rows(cli, call)
    assert row["human"] is None and row["scores"]["empathy"] != 96


def test_a_review_belongs_to_its_own_call(tmp_path, cli):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", a)
    shutil.copy(SAMPLES / "dispute--c-104--model.jsonl", b)
    assert review(cli, a, "--score", "empathy=99").returncode == 0
    shutil.copy(a.with_name("a.jsonl.review.jsonl"), b.with_name("b.jsonl.review.jsonl"))
    [row] = rows(cli, b)
    assert row["human"] is None and "review not counted" in row["problems"][0]


def test_with_a_key_a_review_written_without_it_fails(tmp_path, cli, monkeypatch, rubric):
    monkeypatch.setenv(KEY_ENV, "secret")
    call = play(rubric, tmp_path / "c.jsonl", "dispute", "robot")
    monkeypatch.delenv(KEY_ENV)  # someone without the key writes a review
    assert review(cli, call, "--score", "empathy=96", who="Supervisor Jane").returncode == 0
    monkeypatch.setenv(KEY_ENV, "secret")
    verified = cli("verify", call)
    assert verified.returncode == 1 and "line 1: not signed" in verified.stdout
    [row] = rows(cli, call)
    assert row["human"] is None and row["scores"]["empathy"] != 96
    assert review(cli, call, "--score", "empathy=60").returncode == 2  # not on a bad record


def test_a_signed_review_verifies_and_a_forged_signature_fails(tmp_path, cli, monkeypatch, rubric):
    monkeypatch.setenv(KEY_ENV, "secret")
    call = play(rubric, tmp_path / "c.jsonl", "dispute", "robot")
    assert review(cli, call, "--score", "empathy=60").returncode == 0
    assert cli("verify", call).stdout.splitlines()[1].endswith("ok, 1 review line(s), signed")
    sidecar = call.with_name("c.jsonl.review.jsonl")
    sidecar.write_text(sidecar.read_text().replace('"mac":"', '"mac":"0', 1))
    verified = cli("verify", call)
    assert verified.returncode == 1 and "signature does not match" in verified.stdout


def test_reviews_are_never_followed_through_a_link(tmp_path, cli):
    mine, other = tmp_path / "mine.jsonl", tmp_path / "other.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", mine)
    shutil.copy(SAMPLES / "dispute--c-104--model.jsonl", other)
    before = other.read_bytes()
    mine.with_name("mine.jsonl.review.jsonl").symlink_to(other)
    result = review(cli, mine, "--score", "empathy=70")
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert other.read_bytes() == before
    [row] = rows(cli, mine)
    assert row["human"] is None and "symbolic link" in row["problems"][0]


# -- integrity, everywhere ------------------------------------------------------------------


@pytest.fixture
def signed(tmp_path, monkeypatch, rubric):
    """A call that failed (abusive), recorded and checked with a key."""
    monkeypatch.setenv(KEY_ENV, "secret")
    return play(rubric, tmp_path / "late.jsonl", "hardship", "model")


def cut(path, lines):
    text = path.read_text().splitlines(keepends=True)
    out = path.with_name(f"cut-{path.name}")
    out.write_text("".join(lines(text)))
    return out


@pytest.mark.parametrize(
    "edit, problem",
    [
        (lambda t: t[:-2], "no end line"),  # the last turn and the end cut off
        (lambda t: t[:-1], "no end line"),  # only the end dropped
        (lambda t: [*t[:-1], t[-1][:40]], "cut short"),  # the end cut mid-line
        (lambda t: [*t, t[-1][:40]], "appended after the end"),
        (lambda t: [], "empty file"),
        (lambda t: ["just some text"], "no complete line"),
    ],
    ids=["turn-cut", "end-dropped", "end-cut", "after-end", "empty", "text"],
)
def test_with_a_key_a_call_cut_short_fails(signed, cli, edit, problem):
    bad = cut(signed, edit)
    result = cli("verify", bad)
    assert result.returncode == 1 and "FAILED" in result.stdout and problem in result.stdout


def test_a_cut_call_never_passes_in_a_report(signed, cli):
    bad = cut(signed, lambda t: t[:-2])
    result = cli("report", bad, "--format", "json")
    assert result.returncode == 1 and "integrity check failed" in result.stderr
    [row] = json.loads(result.stdout)["calls"]
    assert row["passed"] is False and not row["ranked"] and not row["verified"]
    assert rows(cli, bad, "--include-unverified")[0]["ranked"]


def test_signed_is_said_only_when_a_signature_was_checked(signed, cli, monkeypatch):
    assert cli("verify", signed).stdout.endswith("ok, complete, signed\n")
    monkeypatch.delenv(KEY_ENV)
    out = cli("verify", signed).stdout
    assert "signatures not checked" in out and ", signed" not in out
    unsigned = cut(signed, lambda t: t)
    monkeypatch.setenv(KEY_ENV, "secret")
    plain = unsigned.with_name("plain.jsonl")
    plain.write_text(
        "".join(
            json.dumps({k: v for k, v in json.loads(x).items() if k != "mac"}) + "\n"
            for x in unsigned.read_text().splitlines()
        )
    )
    out = cli("verify", plain).stdout
    assert "not signed" in out and "signature does not match" not in out


def test_an_interrupted_call_is_incomplete(tmp_path, cli, rubric):
    scenario = SCENARIOS / "hardship.yaml"
    path = tmp_path / "stopped.jsonl"
    session = Session(load_scenario(scenario), scenario, rubric, transcript=path)
    session.reply(ARCHETYPES["hardship"]["model"][0])
    session.finish("interrupted")
    out = cli("verify", path).stdout
    assert "ok, incomplete (ended: interrupted)" in out


def test_a_tampered_transcript_is_flagged_by_every_command(tmp_path, cli):
    call = tmp_path / "call.jsonl"
    shutil.copy(SAMPLES / "angry-customer--c-102--abusive.jsonl", call)
    text = call.read_text().replace("c-102 Blake", "c-101 Avery")
    call.write_text(text)
    [row] = rows(cli, call)
    assert not row["verified"] and not row["passed"] and not row["ranked"]
    assert "content was edited" in row["problems"][0]
    scored = cli("score", call)
    assert scored.returncode == 1 and "integrity check failed" in scored.stdout
    compared = cli("compare", call, SAMPLES / "angry-customer--c-101--model.jsonl")
    assert "integrity check failed" in compared.stdout


# -- modes, copies, filters -------------------------------------------------------------------


def test_only_assessments_are_ranked_and_copies_count_once(tmp_path, cli, rubric):
    folder = tmp_path / "calls"
    play(rubric, folder / "a.jsonl", "hardship", "model", candidate="c-1 Avery")
    play(rubric, folder / "p.jsonl", "hardship", "model", candidate="c-2 Blake", mode="practice")
    shutil.copy(folder / "a.jsonl", folder / "copy-of-a.jsonl")
    result = cli("report", folder, folder, "--format", "json")
    assert "the same transcript as" in result.stderr
    data = json.loads(result.stdout)
    assert len(data["calls"]) == 2
    assert [(c["mode"], c["ranked"]) for c in data["calls"]] == [
        ("assessment", True),
        ("practice", False),
    ]
    assert list(data["candidates"]) == ["c-1 Avery"]
    practice = rows(cli, folder, "--mode", "practice")
    assert [(c["mode"], c["ranked"]) for c in practice] == [("practice", True)]


def test_filters_say_what_they_did(tmp_path, cli):
    for bad in ("11/05/2026", "yesterday", "2026-13-45"):
        result = cli("report", SAMPLES, "--since", bad)
        assert result.returncode == 2 and f"--since {bad}: write the date as YYYY-MM-DD" in (
            result.stderr
        )
    dated = rows(cli, SAMPLES, "--since", "2026-11-06")
    assert dated and all(c["date"] >= "2026-11-06" for c in dated)
    avery = rows(cli, SAMPLES, "--candidate", "c-101")
    assert {c["candidate"] for c in avery} == {"c-101 Avery"}
    result = cli("report", SAMPLES, "--scenario", "nope")
    assert "--scenario nope: no call of that scenario" in result.stderr
    result = cli("report", SAMPLES, "--candidate", "nobody")
    assert "--candidate nobody: no call of that candidate" in result.stderr


def test_junk_files_are_skipped_with_a_warning(tmp_path, cli):
    folder = tmp_path / "calls"
    folder.mkdir()
    shutil.copy(SAMPLES / "angry-customer--c-101--model.jsonl", folder / "good.jsonl")
    (folder / "junk.jsonl").write_text("hello\n")
    result = cli("report", folder, "--format", "json")
    assert result.returncode == 1 and "skipped" in result.stderr and "junk.jsonl" in result.stderr
    assert len(json.loads(result.stdout)["calls"]) == 1


def test_reports_are_byte_identical_for_the_same_calls(cli):
    for fmt in ("table", "csv", "json", "html", "xapi"):
        first = cli("report", SAMPLES, "--format", fmt).stdout
        assert first == cli("report", SAMPLES, SAMPLES, "--format", fmt).stdout


def test_csv_neutralises_formulas_in_every_text_cell(tmp_path, cli):
    path = tmp_path / "t.jsonl"
    header = {"scenario": {"id": "@SUM(A1)"}, "candidate": "=HYPERLINK(x)", "mode": "-1+1"}
    writer = TranscriptWriter(path, header)
    writer.write({"type": "turn", "n": 1, "state": "s", "debtor": "hi", "agent": "hello"})
    writer.close()
    out = cli("report", path, "--format", "csv").stdout
    for formula in ("=HYPERLINK(x)", "@SUM(A1)", "-1+1"):
        assert f"'{formula}" in out and f",{formula}" not in out and f"\n{formula}" not in out


# -- compare by candidate, the re-score summary ----------------------------------------------


def test_compare_takes_candidates_and_shows_the_debtor(cli):
    result = cli("compare", "c-101", "c-102", "--in", SAMPLES, "--scenario", "angry-customer")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "c-101 Avery" in out and "c-102 Blake" in out
    assert "debtor: Hello?" in out and "agent: Hi, this is Alex" in out
    assert "Outcome       payment_plan" in out and "None" not in out
    assert "Verdict       passed (machine)" in out
    missing = cli("compare", "c-999", "c-101", "--in", SAMPLES)
    assert missing.returncode == 2 and "c-999: not a transcript, nor a candidate" in missing.stderr


def test_compare_puts_the_human_verdict_first(tmp_path, cli):
    call = tmp_path / "robot.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", call)
    assert review(cli, call, "--score", "empathy=60").returncode == 0
    out = cli("compare", call, SAMPLES / "dispute--c-104--model.jsonl").stdout
    assert "Empathy       60 " in out and "(human)" in out and "Machine       79, not passed" in out


def test_score_of_a_folder_lists_flips_first_with_paths(tmp_path, cli, rubric):
    folder = tmp_path / "calls"
    for n, kind in enumerate(["model", "robot", "pushover"]):
        play(rubric, folder / f"{kind}.jsonl", "dispute", kind, day=n + 1)
    strict = tmp_path / "strict.yaml"
    text = (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text()
    strict.write_text(
        re.sub(r"pass_mark: \d+", "pass_mark: 99", text.replace("id: default", "id: strict"))
    )
    out = cli("score", folder, "--rubric", strict).stdout
    flips = out.index("Verdicts that flipped")
    assert "passed -> not passed" in out[flips:] and str(folder / "model.jsonl") in out[flips:]
    assert "(unchanged)" not in out
    data = json.loads(cli("score", folder, "--rubric", strict, "--json").stdout)
    model = next(c for c in data if c["path"].endswith("model.jsonl"))
    assert model["before"]["passed"] is True and model["passed"] is False
    same = cli("score", folder).stdout
    assert "Verdicts that flipped" not in same and "3 unchanged" in same


def test_score_shows_the_human_verdict_first(tmp_path, cli):
    call = tmp_path / "robot.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", call)
    assert review(cli, call, "--score", "empathy=60").returncode == 0
    out = cli("score", call).stdout
    assert out.startswith("Human verdict: overall ")
    data = cli.json("score", call)
    assert data["human"]["scores"]["empathy"] == 60 and data["scores"]["empathy"] != 60


# -- xAPI -------------------------------------------------------------------------------------

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s]+$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def xapi_problems(s):
    """The xAPI 1.0.3 statement rules a Learning Record Store checks (section 2.2-2.4)."""
    out = []

    def walk(value, where):
        if value is None:
            out.append(f"{where}: null")
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    walk(s, "statement")
    allowed = {"id", "actor", "verb", "object", "result", "context", "timestamp", "version"}
    out += [f"unknown property {k}" for k in set(s) - allowed - {"stored", "authority"}]
    if not UUID.match(s.get("id", "")):
        out.append("id is not a UUID")
    if s.get("version", "1.0.3")[:4] != "1.0.":
        out.append("version")
    actor = s["actor"]
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    if actor.get("objectType", "Agent") != "Agent" or len(ifis) != 1:
        out.append("the actor is an Agent with exactly one identifier")
    if "account" in actor and not (
        IRI.match(actor["account"].get("homePage", "")) and actor["account"].get("name")
    ):
        out.append("an account has a homePage IRL and a name")
    verb = s["verb"]
    if not IRI.match(verb["id"]) or not all(isinstance(v, str) for v in verb["display"].values()):
        out.append("the verb has an IRI and a language map")
    obj = s["object"]
    if obj.get("objectType", "Activity") != "Activity" or not IRI.match(obj["id"]):
        out.append("the object is an Activity with an IRI id")
    score = s["result"]["score"]
    if not -1 <= score["scaled"] <= 1 or not score["min"] <= score["raw"] <= score["max"]:
        out.append("score: scaled in -1..1 and min <= raw <= max")
    if not isinstance(s["result"]["success"], bool):
        out.append("success is a boolean")
    for key in s["context"].get("extensions", {}):
        if not IRI.match(key):
            out.append(f"extension key {key} is not an IRI")
    for group in s["context"].get("contextActivities", {}).values():
        out += [f"context activity {a['id']}" for a in group if not IRI.match(a["id"])]
    if "timestamp" in s and not TIMESTAMP.match(s["timestamp"]):
        out.append("timestamp is not ISO 8601")
    return out


def test_xapi_statements_are_valid_and_one_per_ranked_call(tmp_path, cli):
    result = cli("report", SAMPLES, "--format", "xapi")
    statements = json.loads(result.stdout)
    calls = [c for c in json.loads(cli("report", SAMPLES, "--format", "json").stdout)["calls"]]
    ranked = [c for c in calls if c["ranked"]]
    assert len(statements) == len(ranked) == 8  # two samples end incomplete: not ranked
    for s in statements:
        assert xapi_problems(s) == [], s
    assert len({s["id"] for s in statements}) == len(statements)
    by_id = {s["actor"]["account"]["name"] + s["timestamp"]: s for s in statements}
    for call in ranked:
        s = by_id[call["candidate"] + call["started_at"]]
        assert s["verb"]["display"]["en-US"] == ("passed" if call["passed"] else "failed")
        assert s["result"]["score"]["raw"] == call["overall"]
        assert s["result"]["success"] is call["passed"]
        assert s["object"]["id"].endswith("/scenarios/" + call["scenario"])
        assert s["context"]["extensions"]
    reviewed = next(c for c in ranked if c["verdict_by"] == "human")  # the human verdict
    assert by_id[reviewed["candidate"] + reviewed["started_at"]]["result"]["success"] is True


def test_agreement_is_shown_with_its_n_from_five_reviewed_calls(tmp_path, cli):
    folder = tmp_path / "calls"
    shutil.copytree(SAMPLES, folder)
    for old in folder.glob("*.review.jsonl"):
        old.unlink()
    ranked = [c for c in rows(cli, folder) if c["ranked"]]
    for n, call in enumerate(ranked[:4]):
        assert review(cli, call["path"], "--score", f"empathy={50 + n}").returncode == 0
    assert cli("report", folder, "--format", "json").stdout.count('"kappa_pass_fail": null') == 1
    assert review(cli, ranked[4]["path"], "--score", "empathy=50").returncode == 0
    agreement = json.loads(cli("report", folder, "--format", "json").stdout)["agreement"]
    assert agreement["reviewed_calls"] == 5 and agreement["kappa_pass_fail"] is not None
    table = cli("report", folder).stdout
    assert "kappa on pass/fail (n=5)" in table and "mean |difference| (n=5)" in table


def test_a_reviewer_is_named_on_one_line(tmp_path, cli):
    call = tmp_path / "robot.jsonl"
    shutil.copy(SAMPLES / "dispute--c-102--robot.jsonl", call)
    for who in ("", "   ", "Sam\nRivera", "x" * 81):
        result = review(cli, call, "--score", "empathy=60", who=who)
        assert result.returncode == 2 and "--reviewer" in result.stderr
    assert review(cli, call, "--score", "empathy=60").returncode == 0
    line = json.loads(call.with_name("robot.jsonl.review.jsonl").read_text())
    assert line["reviewer"] == "Sam Rivera" and line["account"]


def test_each_unreliable_call_is_told_in_the_report_order(signed, cli, tmp_path):
    folder = tmp_path / "cohort"
    folder.mkdir()
    text = signed.read_text().splitlines(keepends=True)
    for name in ("b.jsonl", "a.jsonl"):
        (folder / name).write_text("".join(text[:-2]))  # both cut short
    result = cli("report", folder, "--format", "csv")
    told = [line for line in result.stderr.splitlines() if "integrity check failed" in line]
    assert result.returncode == 1
    assert [line.split(": ")[2].rsplit("/", 1)[-1] for line in told] == ["a.jsonl", "b.jsonl"]
