"""Running `sim` in-process as a hostile user would, for the CLI sweep
(tests/functional/test_hostile_inputs.py) and the CLI fuzzer (tests/fuzz)."""

from __future__ import annotations

from sim.commands.parser import main
from tests.conftest import ROOT

SAMPLES = ROOT / "transcripts" / "samples"
SAMPLE = SAMPLES / "hardship--c-101--model.jsonl"
SCENARIO = ROOT / "sim" / "data" / "scenarios" / "angry-customer.yaml"


def sim(capsys, monkeypatch, *argv):
    """Run `sim ARGV` in-process; assert it ended well; return (code, out, err)."""
    monkeypatch.delenv("SIM_DEBUG", raising=False)
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: a usage error
        code = exc.code
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    if code == 2:  # one line: "sim: error: ..." or one located diagnostic a line
        assert err.strip(), argv
    return code, out, err


def subcommands(tmp_path, replies):
    """Each subcommand with valid arguments, and the positions a hostile value goes in."""
    transcript = tmp_path / "call.jsonl"  # a copy of SAMPLE, made by the test
    plan = ROOT / "sim" / "data" / "scenarios" / "angry-customer.test.yaml"
    served = ["--dir", tmp_path / "server"]
    return {
        "play": (["play", "angry-customer", "--transcripts", tmp_path / "t"],
                 ["scenario", "--candidate", "--transcripts", "--seed", "--rubric", "--mode"]),
        "run": (["run", "angry-customer", "--replies", replies,
                 "--transcript", tmp_path / "r.jsonl"],
                ["scenario", "--replies", "--seed", "--rubric", "--transcript", "--candidate"]),
        "score": (["score", transcript], ["transcripts", "--rubric", "--jobs", "--cache-dir"]),
        "report": (["report", transcript], ["paths", "--role", "--format", "--output", "--rubric",
                   "--scenario", "--candidate", "--since", "--until", "--mode", "--jobs",
                   "--cache-dir"]),
        "compare": (["compare", transcript, SAMPLE, "--in", SAMPLES],
                    ["a", "b", "--in", "--scenario", "--rubric"]),
        "review": (["review", transcript, "--reviewer", "r", "--reason", "x",
                    "--score", "empathy=5"],
                   ["transcript", "--reviewer", "--reason", "--score", "--dismiss", "--add",
                    "--amend", "--revoke", "--rubric"]),
        "replay": (["replay", transcript], ["transcript", "--rubric"]),
        "signals": (["signals", "hello"], ["text", "--scenario", "--rubric", "--expect"]),
        "verify": (["verify", transcript], ["transcripts"]),
        "serve": (["serve", "--port", "0", *served],
                  ["--host", "--port", "--supervisor-token", "--dir", "--max-calls",
                   "--rate-limit", "--rubric"]),
        "invite": (["invite", "--candidate", "c-1", "--scenario", "angry-customer", *served],
                   ["--candidate", "--scenario", "--mode", "--expires", "--attempts", "--dir",
                    "--url"]),
        "list": (["list"], []),
        "validate": (["validate", SCENARIO], ["paths", "--format", "--rubric"]),
        "graph": (["graph", "angry-customer"], ["scenario", "--format", "--rubric"]),
        "test": (["test", plan], ["plans", "--rubric"]),
        "explore": (["explore", "angry-customer", "--walks", "2"],
                    ["scenario", "--walks", "--seed", "--plans", "--rubric"]),
        "new": (["new", "scenario", "fine", "--dir", tmp_path / "new"], ["name", "--dir"]),
    }  # fmt: skip


def with_value(argv, slot, value):
    """``argv`` with ``value`` in ``slot``: an option's value (added or replaced), or the
    first positional argument (the one after the subcommand, or after `new scenario`)."""
    argv = list(argv)
    if slot.startswith("--"):
        if slot in argv:
            argv[argv.index(slot) + 1] = value
        else:
            argv += [slot, value]
    else:
        argv[2 if argv[0] == "new" else 1] = value
    return argv


def stub_ui_and_server(monkeypatch):
    """`play` and `replay` stop where the UI would start, `serve` once it has bound its
    address (so an address it could not use is still an error to report)."""
    import socket

    from aiohttp import web
    from textual.app import App

    def bind_only(app, *, host, port, **_):
        for family, kind, proto, _, address in socket.getaddrinfo(host, port, 0, 1):
            with socket.socket(family, kind, proto) as s:
                s.bind(address)

    monkeypatch.setattr(App, "run", lambda self, *a, **k: None)
    monkeypatch.setattr(web, "run_app", bind_only)


def scratch_folder(tmp_path, monkeypatch):
    """Work from a folder two levels inside ``tmp_path`` (so that a relative 'a/../../b'
    stays in it), with the project's home there and no folder settings of the developer's."""
    here = tmp_path / "cwd" / "deeper"
    here.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(here)
    monkeypatch.setenv("SIM_HOME", str(here))
    for var in ("SIM_TRANSCRIPTS", "SIM_SERVE_DIR", "SIM_SERVE_URL"):
        monkeypatch.delenv(var, raising=False)
    return here
