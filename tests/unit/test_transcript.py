"""Transcripts: crash-tolerant loading and a hash chain that exposes any edit."""

import json

import pytest

from sim.errors import SimError
from sim.records.transcript import KEY_ENV, TranscriptWriter, load_transcript, verify


def write_call(path, turns=3, end=True):
    writer = TranscriptWriter(path, {"scenario": {"id": "x"}, "seed": 1})
    for n in range(1, turns + 1):
        writer.write(
            {
                "type": "turn",
                "n": n,
                "agent": f"reply {n}",
                "debtor": "line",
                "state": "s",
                "to": "s",
            }
        )
    if end:
        writer.write({"type": "end", "complete": True, "outcome": "done", "ended_in": "s"})
    writer.close()
    return path


def lines(path):
    return path.read_text().splitlines(keepends=True)


def test_round_trip(tmp_path):
    record = load_transcript(write_call(tmp_path / "t.jsonl"))
    assert [t["n"] for t in record.turns] == [1, 2, 3]
    assert record.complete and record.header["seed"] == 1
    assert "hash" not in record.turns[0] and "prev" not in record.turns[0]


def test_untouched_transcript_verifies(tmp_path):
    result = verify(write_call(tmp_path / "t.jsonl"))
    assert result.ok and result.complete


def test_edited_line_is_detected(tmp_path):
    path = write_call(tmp_path / "t.jsonl")
    content = lines(path)
    content[2] = content[2].replace("reply 2", "reply 2 (nicer)")
    path.write_text("".join(content))
    result = verify(path)
    assert not result.ok and "line 3: content was edited" in result.problems[0]


def test_removed_line_is_detected(tmp_path):
    path = write_call(tmp_path / "t.jsonl")
    content = lines(path)
    del content[2]
    path.write_text("".join(content))
    assert "line 3: does not follow line 2" in verify(path).problems[0]


def test_reordered_lines_are_detected(tmp_path):
    path = write_call(tmp_path / "t.jsonl")
    content = lines(path)
    content[1], content[2] = content[2], content[1]
    path.write_text("".join(content))
    assert not verify(path).ok


def test_appended_line_is_detected(tmp_path):
    path = write_call(tmp_path / "t.jsonl")
    last = json.loads(lines(path)[-1])
    extra = {**last, "type": "turn", "prev": last["hash"], "n": 9}
    with path.open("a") as f:
        f.write(json.dumps(extra) + "\n")
    assert not verify(path).ok


def test_recomputed_chain_is_caught_by_the_signature(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "secret")
    path = write_call(tmp_path / "signed.jsonl")
    assert verify(path).ok and verify(path).signed
    forged = tmp_path / "forged.jsonl"
    monkeypatch.setenv(KEY_ENV, "attacker-guess")
    write_call(forged)
    monkeypatch.setenv(KEY_ENV, "secret")
    assert "signature does not match" in verify(forged).problems[0]


def test_truncated_transcript_is_incomplete_not_forged(tmp_path):
    path = write_call(tmp_path / "t.jsonl", end=False)
    data = path.read_bytes()
    path.write_bytes(data + b'{"type":"turn","n":4,"age')  # killed mid-write
    result = verify(path)
    assert result.ok and not result.complete
    record = load_transcript(path)
    assert len(record.turns) == 3 and not record.complete


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty transcript"),
        (b'{"type": "turn"}\n', "first line must be the header"),
        (b'{"type": "header"}\n\xff\n', "not valid UTF-8"),
        (b'{"type": "header"}\n[1, 2]\n{"type": "end"}\n', "not a transcript event"),
    ],
)
def test_corrupt_transcripts_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(SimError, match=message):
        load_transcript(path)
