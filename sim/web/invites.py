"""Invites for `sim serve`: random single-use tokens, stored only as their SHA-256.

The server's folder (``sim serve --dir``, shared with ``sim invite``) holds::

    key               the HMAC key transcripts are signed with (0600; never sent out)
    invites/<sha256>.json   one invite: candidate, scenario, mode, expiry, attempts
    transcripts/      the calls, written by the server
    access.log        one JSON line per refused or accepted token attempt

A token is shown once, in the link ``sim invite`` prints; the folder never holds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.records.atomic_write import write_atomic

TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
DURATION = re.compile(r"^(\d+)([smhd])$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """'48h', '30m', '7d', '90s' -> seconds."""
    m = DURATION.match(text.strip())
    if not m or int(m.group(1)) == 0:
        raise SimError(f"bad duration '{text}' (use e.g. 30m, 48h, 7d)")
    return int(m.group(1)) * UNITS[m.group(2)]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Invite:
    candidate: str
    scenario: str
    mode: str
    created: float
    expires: float
    attempts: int
    used: int = 0

    def refusal(self, now: float) -> str | None:
        """Why this invite cannot start a call now, or None."""
        if now >= self.expires:
            return "expired"
        if self.used >= self.attempts:
            return "used"
        return None


class ServerFolder:
    """The server's own folder: invites, key, transcripts and log."""

    def __init__(self, root: Path):
        self.root = root
        self.invites = root / "invites"
        self.transcripts = root / "transcripts"
        self.log_path = root / "access.log"

    def ensure(self) -> None:
        for folder in (self.root, self.invites, self.transcripts):
            folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)

    def key(self) -> str:
        """The transcript signing key: SIM_TRANSCRIPT_KEY if set, else the folder's own."""
        given = os.environ.get("SIM_TRANSCRIPT_KEY")
        if given:
            return given
        path = self.root / "key"
        if not path.exists():
            self.ensure()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
        return path.read_text().strip()

    def create(
        self, candidate: str, scenario: str, mode: str, expires_in: int, attempts: int
    ) -> str:
        """A new invite; returns the token (the only time it exists in clear)."""
        if attempts < 1:
            raise SimError("--attempts must be at least 1")
        self.ensure()
        token = secrets.token_urlsafe(24)
        now = time.time()
        invite = Invite(candidate, scenario, mode, now, now + expires_in, attempts)
        write_atomic(self._path(token_hash(token)), json.dumps(asdict(invite), indent=2) + "\n")
        return token

    def _path(self, digest: str) -> Path:
        return self.invites / f"{digest}.json"

    def find(self, token: str | None) -> tuple[str, Invite | None]:
        """(digest, invite) for a token; invite None when missing or wrong."""
        if not token or not TOKEN_SHAPE.match(token):
            return "", None
        digest = token_hash(token)
        return digest, self.find_by_digest(digest)

    def find_by_digest(self, digest: str) -> Invite | None:
        try:
            data: dict[str, Any] = json.loads(self._path(digest).read_text())
            return Invite(**data)
        except (OSError, ValueError, TypeError):
            return None

    def consume(self, digest: str, invite: Invite) -> None:
        """Count one attempt (a call started) and save it at once."""
        invite.used += 1
        write_atomic(self._path(digest), json.dumps(asdict(invite), indent=2) + "\n")

    def log(self, **event: Any) -> None:
        self.ensure()
        line = json.dumps({"at": round(time.time(), 3), **event}, sort_keys=True)
        with self.log_path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
