"""Load on `sim serve`: N simulated browsers take calls at once over the real websocket.

    python benchmarks/serve_load.py --clients 8 [--think 1.0] [--timeout 180]

Starts `sim serve` on a free 127.0.0.1 port with a throwaway folder, makes N invites,
and runs N clients concurrently. Each speaks textual-serve's browser protocol (the JSON
envelopes textual.js sends: resize, stdin, ping) to open the page, start the call and
type the `angry-customer` model plan, one reply every --think seconds. For each reply
it measures the time from sending Enter to the debtor's next line appearing in the
terminal output the server streams back (the line is known in advance: the engine is
deterministic). Printed, never asserted: p50/p95/max reply->debtor-line latency, calls
completed, and the resident memory of the call processes (per call) and of the server.

Loopback only, and bounded: every wait has a deadline and the whole run stops after
--timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.call.session import Session  # noqa: E402
from sim.rubric.loader import load_rubric  # noqa: E402
from sim.scenario.loader import find_scenario  # noqa: E402
from sim.web.invites import ServerFolder  # noqa: E402

ANSI = re.compile(
    r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Z0-9]|[=>NOM78c])"
)
SCENARIO = "angry-customer"


def plan() -> tuple[list[str], list[str], str]:
    """The model plan's replies, the debtor line each should bring (seed 0, as served), and
    the debtor's opening line."""
    import yaml

    from sim.sources.locations import SCENARIOS

    cases = yaml.safe_load((SCENARIOS / f"{SCENARIO}.test.yaml").read_text())["tests"]
    replies = [s["say"] for s in next(c for c in cases if c["name"] == "model plan")["steps"]]
    scenario, path = find_scenario(SCENARIO)
    session = Session(scenario, path, load_rubric("default"), seed=0)
    opening = session.call.line
    lines = []
    for text in replies:
        session.reply(text)
        lines.append(session.call.line)
    return replies, lines, opening


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Client:
    def __init__(self, n: int, link: str, plan: tuple[list[str], list[str], str], think: float):
        self.n, self.link, self.think = n, link, think
        self.replies, self.lines, self.opening = plan
        self.latencies: list[float] = []
        self.start_seconds = 0.0
        self.screen = ""
        self.changed = asyncio.Event()
        self.done = False
        self.error = ""

    async def _wait_for(self, needle: str, deadline: float) -> bool:
        while needle not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                return False
        return True

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                text = ANSI.sub("", message.data.decode("utf-8", "replace"))
                self.screen = (self.screen + text)[-200_000:]
                self.changed.set()

    async def run(self, session: aiohttp.ClientSession) -> None:
        try:
            async with session.get(self.link) as page:
                body = await page.text()
                if page.status != 200:
                    self.error = f"page {page.status}"
                    return
            ws_url = re.search(r'data-session-websocket-url="([^"]+)"', body).group(1)
            async with session.ws_connect(f"{ws_url}?width=110&height=40") as ws:
                reader = asyncio.create_task(self._read(ws))
                await ws.send_str(json.dumps(["resize", {"width": 110, "height": 40}]))
                if not await self._wait_for("Start call", time.monotonic() + 30):
                    self.error = "no briefing"
                    return
                self.screen = ""
                began = time.monotonic()
                await ws.send_str(json.dumps(["stdin", "\r"]))
                # type only once the call screen is up: keys sent earlier would be lost
                if not await self._wait_for(self.opening[:14], began + 60):
                    self.error = "the call did not start"
                    return
                self.start_seconds = time.monotonic() - began
                for reply, line in zip(self.replies, self.lines, strict=True):
                    await asyncio.sleep(self.think)
                    self.screen = ""
                    await ws.send_str(json.dumps(["stdin", reply]))
                    start = time.monotonic()
                    await ws.send_str(json.dumps(["stdin", "\r"]))
                    if not await self._wait_for(line[:14], start + 30):
                        self.error = f"no debtor line after {reply[:30]!r}"
                        return
                    self.latencies.append(time.monotonic() - start)
                self.done = True
                await asyncio.sleep(1.0)  # the memory sample is taken now, all calls alive
                await ws.send_str(json.dumps(["stdin", "\r"]))  # see the result
                await asyncio.sleep(0.5)
                reader.cancel()
        except Exception as exc:  # a client's failure is a figure, not a crash
            self.error = f"{type(exc).__name__}: {exc}"


async def main_async(args: argparse.Namespace) -> int:
    script = plan()
    replies = script[0]
    with tempfile.TemporaryDirectory(prefix="sim-serve-load-") as tmp:
        folder = ServerFolder(Path(tmp) / "server")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        links = [
            f"{base}/call/{folder.create(f'load-{i}', SCENARIO, 'assessment', 3600, 1)}"
            for i in range(args.clients)
        ]
        env = {k: v for k, v in os.environ.items() if k != "SIM_TRANSCRIPT_KEY"}
        limits = ["--max-calls", str(args.clients), "--rate-limit", str(args.clients * 2)]
        where = ["--host", "127.0.0.1", "--port", str(port), "--dir", str(folder.root)]
        server = subprocess.Popen(
            [sys.executable, "-m", "sim", "serve", *where, *limits],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(150):
                    try:
                        async with http.get(f"{base}/healthz") as r:
                            if r.status == 200:
                                break
                    except aiohttp.ClientError:
                        await asyncio.sleep(0.2)
                idle_server = rss_kb(server.pid)
                clients = [Client(i, link, script, args.think) for i, link in enumerate(links)]
                began = time.monotonic()
                tasks = [asyncio.create_task(c.run(http)) for c in clients]
                peak_calls, peak_server = 0, 0
                while not all(t.done() for t in tasks):
                    if time.monotonic() - began > args.timeout:
                        for t in tasks:
                            t.cancel()
                        break
                    kids = descendants(server.pid)
                    calls = sum(rss_kb(p) for p in kids)
                    peak_calls = max(peak_calls, calls)
                    peak_server = max(peak_server, rss_kb(server.pid))
                    await asyncio.sleep(0.5)
                await asyncio.gather(*tasks, return_exceptions=True)
                elapsed = time.monotonic() - began
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        transcripts = list((folder.root / "transcripts").glob("*.jsonl"))

    latencies = sorted(x for c in clients for x in c.latencies)
    done = sum(c.done for c in clients)
    print(
        f"sim serve load: {args.clients} concurrent calls, think {args.think}s, "
        f"{len(replies)} replies each, {elapsed:.1f}s, cores {os.cpu_count()}"
    )
    print(
        f"  calls completed: {done}/{args.clients}   transcripts on the server: {len(transcripts)}"
    )
    if latencies:
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        print(
            f"  reply -> debtor line (ms): p50 {statistics.median(latencies) * 1000:.0f}  "
            f"p95 {p95 * 1000:.0f}  max {latencies[-1] * 1000:.0f}  (n={len(latencies)})"
        )
    starts = sorted(c.start_seconds for c in clients if c.start_seconds)
    if starts:
        print(
            f"  Enter on the briefing -> call screen (s): median {statistics.median(starts):.1f}"
            f"  max {starts[-1]:.1f}"
        )
    print(
        f"  memory: call processes {peak_calls / 1024:.0f} MiB at peak = "
        f"{peak_calls / 1024 / max(1, args.clients):.0f} MiB per call; server "
        f"{idle_server / 1024:.0f} MiB idle, {peak_server / 1024:.0f} MiB at peak"
    )
    for c in clients:
        if c.error:
            print(f"  client {c.n}: {c.error}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between replies")
    parser.add_argument("--timeout", type=float, default=180.0, help="stop the run after this")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be 1..64")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
