"""A real `sim serve` on a free loopback port, its folder in tmp_path, and a browser."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    folder: Path
    supervisor_token: str
    process: subprocess.Popen

    def invite(self, candidate="c-web", scenario="angry-customer", *more) -> str:
        args = ["--candidate", candidate, "--scenario", scenario, "--dir", str(self.folder)]
        out = subprocess.run(
            [sys.executable, "-m", "sim", "invite", *args, "--url", self.url, *more],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    def log(self) -> str:
        path = self.folder / "access.log"
        return path.read_text() if path.exists() else ""


@pytest.fixture
def server(tmp_path):
    port = free_port()
    folder = tmp_path / "server"
    env = {k: v for k, v in os.environ.items() if k != "SIM_TRANSCRIPT_KEY"}
    stderr = (tmp_path / "serve.log").open("w")
    args = ["--host", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", "serve", *args, "--supervisor-token", "sup-secret"],
        cwd=tmp_path,
        env=env,
        stdout=stderr,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("sim serve did not start:\n" + (tmp_path / "serve.log").read_text())
            time.sleep(0.2)
    yield Server(url, folder, "sup-secret", process)
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    stderr.close()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
