"""The server's gate without a browser: invites, expiry, rate limit, busy page, /report."""

import json
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer

from sim.errors import SimError
from sim.web.invites import ServerFolder, parse_duration, token_hash
from sim.web.server import ServeConfig, SimServer


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SIM_TRANSCRIPT_KEY", raising=False)
    return ServerFolder(tmp_path / "server")


async def client_for(folder, **config):
    server = SimServer(ServeConfig(folder=folder, **config))
    client = TestClient(TestServer(server.make_app()))
    await client.start_server()
    return client


def test_durations():
    assert parse_duration("48h") == 48 * 3600
    assert parse_duration("30m") == 1800
    assert parse_duration("7d") == 7 * 86400
    for bad in ("", "48", "0h", "2w"):
        with pytest.raises(SimError):
            parse_duration(bad)


def test_invites_are_stored_hashed_and_the_key_stays_private(folder):
    token = folder.create("c-1", "dispute", "assessment", 3600, 1)
    stored = list(folder.invites.glob("*.json"))
    assert [p.stem for p in stored] == [token_hash(token)]
    assert token not in stored[0].read_text()
    assert json.loads(stored[0].read_text())["candidate"] == "c-1"
    key = folder.key()
    assert len(key) == 64 and folder.key() == key
    assert (folder.root / "key").stat().st_mode & 0o777 == 0o600


async def test_expired_wrong_and_missing_tokens_get_a_plain_page(folder):
    expired = folder.create("c-1", "dispute", "assessment", 1, 1)
    digest, invite = folder.find(expired)
    invite.expires = time.time() - 1
    folder._path(digest).write_text(json.dumps(invite.__dict__))
    client = await client_for(folder)
    try:
        r = await client.get(f"/call/{expired}")
        assert r.status == 410 and "expired" in await r.text()
        r = await client.get("/call/" + "x" * 32)
        assert r.status == 403 and "not valid" in await r.text()
        r = await client.get("/call/short")
        assert r.status == 403
        r = await client.get("/")
        assert r.status == 403 and "invite link" in await r.text()
        r = await client.get("/ws/not-a-ticket")
        assert r.status == 403
    finally:
        await client.close()
    reasons = [json.loads(x)["reason"] for x in folder.log_path.read_text().splitlines()]
    assert reasons == ["expired", "wrong", "wrong", "missing", "ticket"]
    assert expired not in folder.log_path.read_text()


async def test_token_attempts_are_rate_limited_per_address(folder):
    client = await client_for(folder, rate_limit=3)
    try:
        codes = [(await client.get("/call/" + "y" * 32)).status for _ in range(5)]
    finally:
        await client.close()
    assert codes == [403, 403, 403, 429, 429]


async def test_beyond_the_cap_a_polite_page_and_the_link_stays_good(folder):
    first = folder.create("c-1", "dispute", "assessment", 3600, 1)
    second = folder.create("c-2", "dispute", "assessment", 3600, 1)
    client = await client_for(folder, max_calls=1)
    try:
        r = await client.get(f"/call/{first}")
        assert r.status == 200 and "/ws/" in await r.text()
        r = await client.get(f"/call/{second}")
        assert r.status == 503 and "try again in a minute" in (await r.text()).lower()
        assert r.headers["Retry-After"] == "60"
    finally:
        await client.close()
    assert folder.find(second)[1].used == 0


async def test_the_report_needs_the_supervisor_token(folder):
    client = await client_for(folder, supervisor_token="s3cret")
    try:
        assert (await client.get("/report")).status == 403
        assert (await client.get("/report?token=nope")).status == 403
        r = await client.get("/report", headers={"Authorization": "Bearer s3cret"})
        assert r.status == 200 and "<html" in (await r.text()).lower()
    finally:
        await client.close()
    no_token = await client_for(folder)
    try:
        assert (await no_token.get("/report?token=")).status == 403
    finally:
        await no_token.close()


def _signed_call(folder, name, monkeypatch, secret):
    """A finished call written into the server's transcripts, signed with ``secret``."""
    from sim.call.session import Session
    from sim.rubric.loader import load_rubric
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import SCENARIOS
    from tests.conftest import plan_replies

    path = SCENARIOS / "dispute.yaml"
    with monkeypatch.context() as mp:
        if secret:
            mp.setenv("SIM_TRANSCRIPT_KEY", secret)
        session = Session(
            load_scenario(path),
            path,
            load_rubric("default"),
            candidate=f"c-{name}",
            transcript=folder.transcripts / f"{name}.jsonl",
            started_at="2026-11-05T09:00:00+00:00",
        )
        for reply in plan_replies("dispute", "dispute logged"):
            if not session.ended:
                session.reply(reply)
        session.finish()
    return folder.transcripts / f"{name}.jsonl"


async def test_the_report_checks_signatures_with_the_servers_own_key(folder, monkeypatch):
    """No SIM_TRANSCRIPT_KEY: the server signs with its folder's key, and its report page
    checks with that key, so an unsigned or re-signed call is flagged, never ranked."""
    folder.ensure()
    own = folder.key()
    _signed_call(folder, "signed", monkeypatch, own)
    _signed_call(folder, "unsigned", monkeypatch, None)
    _signed_call(folder, "forged", monkeypatch, "a key the candidate made up")
    cut = _signed_call(folder, "cut", monkeypatch, own)
    cut.write_text("".join(cut.read_text().splitlines(keepends=True)[:-1]))
    client = await client_for(folder, supervisor_token="s3cret")
    try:
        page = await (await client.get("/report?token=s3cret")).text()
    finally:
        await client.close()
    ranked, _, unranked = page.partition("id='not-ranked'")
    assert "c-signed" in ranked and "integrity check failed" not in ranked
    assert "c-unsigned" in unranked and "not signed, but SIM_TRANSCRIPT_KEY is set" in unranked
    assert "c-forged" in unranked and "signature does not match the key" in unranked
    assert "c-cut" in unranked and "no end line: the call was cut short" in unranked
