"""A candidate takes a call in headless Chromium through `sim serve`, as a person would.

The browser draws the TUI on a canvas, so the test follows the call where it is kept:
the transcript the server writes into its own folder, one line per completed turn.
Screenshots of the page go to tmp_path.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from sim.records.transcript import load_transcript
from tests.conftest import ROOT, plan_replies, transcripts

pytestmark = pytest.mark.slow


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def turns(path):
    return sum(1 for line in path.read_text().splitlines() if '"type":"turn"' in line)


def open_call(browser, link, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.goto(link)
    page.wait_for_selector(".xterm-screen", timeout=20_000)
    page.wait_for_timeout(2500)  # the app draws its first screen
    page.click(".xterm-screen")
    return page


def test_a_candidate_takes_a_call_in_the_browser(server, browser, tmp_path):
    link = server.invite("c-web Robin", "angry-customer", "--mode", "assessment")
    page = open_call(browser, link, tmp_path)
    page.screenshot(path=str(tmp_path / "1-briefing.png"))

    page.keyboard.press("Enter")  # "Start call"
    path = wait_for(
        lambda: next(iter(transcripts(server.folder / "transcripts")), None), what="a transcript"
    )
    page.wait_for_timeout(800)
    page.screenshot(path=str(tmp_path / "2-call.png"))

    replies = plan_replies("angry-customer", "model plan")
    for n, reply in enumerate(replies, 1):
        page.keyboard.type(reply, delay=2)
        page.keyboard.press("Enter")
        wait_for(lambda n=n: turns(path) >= n, what=f"turn {n} on the server")
    page.wait_for_timeout(1000)
    page.screenshot(path=str(tmp_path / "3-call-over.png"))
    page.keyboard.press("Enter")  # the focused "see your result" button
    record = wait_for(
        lambda: (r := load_transcript(path)).end is not None and r, what="the end of the call"
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(tmp_path / "4-result.png"))

    # the server's record: this candidate, this scenario, what was typed, complete
    assert record.header.candidate == "c-web Robin"
    assert record.header.scenario["id"] == "angry-customer"
    assert record.header.mode == "assessment"
    assert [t.agent for t in record.turns] == replies[: len(record.turns)]
    assert record.complete and record.end.outcome

    # signed with the server's key, which stays in the server's folder
    key = (server.folder / "key").read_text().strip()
    env = {**os.environ, "SIM_TRANSCRIPT_KEY": key}
    ok = subprocess.run([sys.executable, "-m", "sim", "verify", path], env=env, cwd=ROOT)
    assert ok.returncode == 0
    bad = subprocess.run(
        [sys.executable, "-m", "sim", "verify", path],
        env={**env, "SIM_TRANSCRIPT_KEY": "not-the-key"},
        cwd=ROOT,
        capture_output=True,
    )
    assert bad.returncode == 1
    assert key not in page.content()

    page.keyboard.press("q")  # leave: the app exits and the page says so
    page.wait_for_selector("body.-closed", timeout=20_000)
    page.screenshot(path=str(tmp_path / "5-ended.png"))

    # the supervisor sees the call in /report, only with the token
    html = urllib.request.urlopen(f"{server.url}/report?token={server.supervisor_token}").read()
    assert b"c-web Robin" in html
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.url}/report?token=guess")
    assert refused.value.code == 403
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "1-briefing.png",
        "2-call.png",
        "3-call-over.png",
        "4-result.png",
        "5-ended.png",
    ]


def test_a_used_and_a_wrong_token_are_refused(server, browser, tmp_path):
    link = server.invite("c-web Sam", "dispute")
    page = open_call(browser, link, tmp_path)  # the call's app starts: the one attempt is used
    page.keyboard.press("Enter")
    path = wait_for(
        lambda: next(iter(transcripts(server.folder / "transcripts")), None), what="a transcript"
    )
    page.keyboard.type("Hello, is this Sam?", delay=2)
    page.keyboard.press("Enter")
    wait_for(lambda: turns(path) >= 1, what="the first turn")
    page.close()  # the candidate closes the tab mid-call

    record = wait_for(
        lambda: (r := load_transcript(path)).end is not None and r, what="the call to be closed"
    )
    assert not record.complete and len(record.turns) == 1
    env = {**os.environ, "SIM_TRANSCRIPT_KEY": (server.folder / "key").read_text().strip()}
    assert subprocess.run([sys.executable, "-m", "sim", "verify", path], env=env).returncode == 0

    again = browser.new_page()
    response = again.goto(link)
    assert response.status == 410
    assert "already been used" in again.inner_text("body")
    again.screenshot(path=str(tmp_path / "used.png"))

    wrong = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    response = again.goto(wrong)
    assert response.status == 403
    assert "not valid" in again.inner_text("body")
    again.screenshot(path=str(tmp_path / "wrong.png"))

    response = again.goto(server.url + "/")
    assert response.status == 403 and "invite link" in again.inner_text("body")

    events = [json.loads(line) for line in server.log().splitlines()]
    refused = [e["reason"] for e in events if e["event"] == "refused"]
    assert refused == ["used", "wrong", "missing"]
    assert all(link.rsplit("/", 1)[1] not in line for line in server.log().splitlines())
    assert not any(link.rsplit("/", 1)[1] in p.read_text() for p in server.folder.rglob("*.json"))
