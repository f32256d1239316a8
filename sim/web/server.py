"""`sim serve`: an aiohttp server that runs one candidate app per invited call.

The browser side is textual-serve's terminal (its static ``textual.js`` and ``xterm.css``)
speaking textual-serve's websocket protocol; each call is textual-serve's ``AppService``
running ``python -m sim.web.candidate`` with Textual's web driver. What this module adds:

- ``GET /call/{token}``: checks the invite (missing, wrong, expired or used tokens get a
  plain refusal page, and every attempt is logged), the per-IP rate limit and the cap on
  concurrent calls, then serves the page with a one-time websocket ticket;
- ``GET /ws/{ticket}``: counts one attempt on the invite and runs the call; the app writes
  its transcript into the server's folder, signed with the server's key, which reaches
  only the app process's environment;
- ``GET /report``: the cohort report of the server's transcripts, for the supervisor token.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
import secrets
import shlex
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from sim.web.invites import Invite, ServerFolder

log = logging.getLogger("sim.serve")

TICKET_SECONDS = 120  # a page's ticket must open its websocket within this


@dataclass
class ServeConfig:
    folder: ServerFolder
    host: str = "127.0.0.1"
    port: int = 8000
    supervisor_token: str | None = None
    max_calls: int = 8
    rate_limit: int = 20  # token attempts per IP ...
    rate_window: float = 60.0  # ... in this many seconds
    max_call_seconds: float = 3600.0  # a browser left open is closed after this
    rubric: str = "default"


@dataclass
class Ticket:
    digest: str
    created: float
    ip: str


@dataclass
class ServerState:
    tickets: dict[str, Ticket] = field(default_factory=dict)
    attempts: dict[str, deque[float]] = field(default_factory=dict)
    active: int = 0


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;
color:#222}}h1{{font-size:1.4em}}</style></head>
<body><h1>{title}</h1><p>{message}</p></body></html>
"""

REFUSALS = {
    "missing": (403, "Invite needed", "This page opens only from an invite link."),
    "wrong": (
        403,
        "Link not valid",
        "This invite link is not valid. Check the link you "
        "were sent, or ask the person who invited you for a new one.",
    ),
    "expired": (
        410,
        "Link expired",
        "This invite link has expired. Ask the person who invited you for a new one.",
    ),
    "used": (
        410,
        "Link already used",
        "This invite link has already been used. Each link "
        "is good for the number of calls it was made for.",
    ),
    "rate": (
        429,
        "Too many attempts",
        "Too many attempts from your address. Please wait a few minutes before trying again.",
    ),
    "busy": (
        503,
        "Please try again in a minute",
        "All call lines are busy just now. Please try again in a minute: your link is still good.",
    ),
    "ticket": (403, "Page expired", "This page has expired. Open your invite link again."),
}

CALL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/css/xterm.css">
<script src="/static/js/textual.js"></script>
<style>
html,body{{margin:0;height:100%;background:#0c181f}}
#terminal{{position:absolute;inset:0}}
.closed-dialog{{display:none}}
body.-closed .closed-dialog{{display:flex;position:absolute;inset:0;z-index:10;
align-items:center;justify-content:center;background:#0c181f;color:#eee;
font-family:system-ui,sans-serif;font-size:1.2em}}
</style></head>
<body>
<div class="closed-dialog"><p>The call has ended and was recorded. You can close this tab.</p></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{ws_url}"
 data-font-size="16"></div>
</body></html>
"""


def page(kind: str) -> web.Response:
    status, title, message = REFUSALS[kind]
    headers = {"Retry-After": "60"} if kind in {"busy", "rate"} else {}
    return web.Response(
        status=status,
        text=PAGE.format(title=html.escape(title), message=html.escape(message)),
        content_type="text/html",
        headers=headers,
    )


class CallService(AppService):
    """textual-serve's AppService with the call's environment: the invite and the key."""

    def __init__(self, *args: Any, extra_env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        env.update(self.extra_env)
        return env


class SimServer:
    def __init__(self, config: ServeConfig):
        self.config = config
        self.folder = config.folder
        self.state = ServerState()
        self.downloads = DownloadManager()
        self.key = self.folder.key()

    # -- the app --------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application()
        static = Path(str(resources.files("textual_serve") / "static"))
        app.add_routes(
            [
                web.get("/", self.handle_root),
                web.get("/call/{token}", self.handle_call),
                web.get("/ws/{ticket}", self.handle_websocket),
                web.get("/report", self.handle_report),
                web.get("/healthz", self.handle_health),
                web.static("/static", static),
            ]
        )
        return app

    @staticmethod
    def ip(request: web.Request) -> str:
        return request.remote or "?"

    def _rate_limited(self, ip: str, now: float) -> bool:
        window = self.state.attempts.setdefault(ip, deque())
        while window and window[0] <= now - self.config.rate_window:
            window.popleft()
        window.append(now)
        return len(window) > self.config.rate_limit

    def _busy(self, now: float) -> bool:
        for key, t in list(self.state.tickets.items()):
            if t.created < now - TICKET_SECONDS:
                del self.state.tickets[key]
        return self.state.active + len(self.state.tickets) >= self.config.max_calls

    def _refuse(self, kind: str, ip: str, digest: str = "", **more: Any) -> web.Response:
        self.folder.log(event="refused", reason=kind, ip=ip, invite=digest[:12], **more)
        log.warning("refused %s from %s%s", kind, ip, f" (invite {digest[:12]})" if digest else "")
        return page(kind)

    def _check(self, token: str | None, ip: str, now: float) -> tuple[str, Invite | None, str]:
        """(digest, invite, refusal kind or '')."""
        if not token:
            return "", None, "missing"
        digest, invite = self.folder.find(token)
        if invite is None:
            return digest, None, "wrong"
        refusal = invite.refusal(now)
        return digest, invite, refusal or ""

    # -- handlers -------------------------------------------------------------------------
    async def handle_root(self, request: web.Request) -> web.Response:
        return self._refuse("missing", self.ip(request))

    async def handle_health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "active": self.state.active})

    async def handle_call(self, request: web.Request) -> web.Response:
        ip, now = self.ip(request), time.time()
        if self._rate_limited(ip, time.monotonic()):
            return self._refuse("rate", ip)
        digest, invite, refusal = self._check(request.match_info.get("token"), ip, now)
        if refusal:
            return self._refuse(refusal, ip, digest)
        if self._busy(time.monotonic()):
            return self._refuse("busy", ip, digest)
        ticket = secrets.token_urlsafe(24)
        self.state.tickets[ticket] = Ticket(digest, time.monotonic(), ip)
        assert invite is not None
        self.folder.log(event="page", ip=ip, invite=digest[:12], candidate=invite.candidate)
        scheme = "wss" if request.scheme == "https" else "ws"
        ws_url = f"{scheme}://{request.host}/ws/{ticket}"
        return web.Response(
            text=CALL_PAGE.format(title="Call", ws_url=html.escape(ws_url, quote=True)),
            content_type="text/html",
            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
        )

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        ip, now = self.ip(request), time.time()
        ticket = self.state.tickets.pop(request.match_info["ticket"], None)
        if ticket is None or ticket.created < time.monotonic() - TICKET_SECONDS:
            return self._refuse("ticket", ip)
        digest, invite = ticket.digest, self.folder.find_by_digest(ticket.digest)
        refusal = "wrong" if invite is None else invite.refusal(now)
        if refusal:
            return self._refuse(refusal, ip, digest)
        if self.state.active >= self.config.max_calls:
            return self._refuse("busy", ip, digest)
        assert invite is not None
        self.folder.consume(digest, invite)
        self.state.active += 1
        self.folder.log(
            event="call",
            ip=ip,
            invite=digest[:12],
            candidate=invite.candidate,
            scenario=invite.scenario,
            attempt=invite.used,
        )
        try:
            return await self._run_call(request, invite)
        finally:
            self.state.active -= 1
            self.folder.log(event="call_end", ip=ip, invite=digest[:12])

    async def _run_call(self, request: web.Request, invite: Invite) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        width = _int(request.query.get("width"), 100)
        height = _int(request.query.get("height"), 30)
        call = {
            "scenario": invite.scenario,
            "candidate": invite.candidate,
            "mode": invite.mode,
            "transcripts": str(self.folder.transcripts),
            "rubric": self.config.rubric,
        }
        service = CallService(
            f"{shlex.quote(sys.executable)} -m sim.web.candidate",
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.downloads,
            extra_env={"SIM_WEB_CALL": json.dumps(call), "SIM_TRANSCRIPT_KEY": self.key},
        )
        try:
            await service.start(width, height)
            try:
                await asyncio.wait_for(
                    self._relay(websocket, service), timeout=self.config.max_call_seconds
                )
            except TimeoutError:
                log.info(
                    "call for %s closed after %ss", invite.candidate, self.config.max_call_seconds
                )
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # pragma: no cover - logged, the call ends
            log.exception(error)
        finally:
            await service.stop()
        return websocket

    @staticmethod
    async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
        """textual-serve's browser protocol: stdin, resize, ping, blur, focus."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, IndexError, TypeError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _int(data.get("width"), 80), _int(data.get("height"), 24)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def handle_report(self, request: web.Request) -> web.Response:
        expected = self.config.supervisor_token
        given = request.query.get("token") or ""
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            given = auth[len("Bearer ") :]
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            self.folder.log(event="refused", reason="report", ip=self.ip(request))
            return web.Response(status=403, text="Forbidden\n")
        text = await asyncio.get_running_loop().run_in_executor(None, self._report_html)
        return web.Response(
            text=text, content_type="text/html", headers={"Cache-Control": "no-store"}
        )

    def _report_html(self) -> str:
        from sim.reports.cohort import build_cohort
        from sim.reports.cohort_html import html as render
        from sim.rubric.loader import load_rubric

        loaded = load_rubric(self.config.rubric)
        role = next(iter(loaded.rubric.roles))
        # checked with the key the server's calls are signed with, set in the environment or not
        secret = self.key.encode("utf-8")
        return render(build_cohort([str(self.folder.transcripts)], loaded, role, secret=secret))


def _int(value: object, default: int) -> int:
    try:
        return max(10, min(500, int(str(value))))
    except (TypeError, ValueError):
        return default


def serve(config: ServeConfig) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config.folder.ensure()
    server = SimServer(config)
    print(
        f"sim serve: http://{config.host}:{config.port}/  (folder {config.folder.root}, "
        f"at most {config.max_calls} calls)",
        flush=True,
    )
    # no aiohttp access log: its lines would hold the invite tokens in clear
    web.run_app(server.make_app(), host=config.host, port=config.port, print=None, access_log=None)
