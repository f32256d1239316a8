"""A cache of per-call results, so a repeat report or re-score reads instead of assessing.

An entry is keyed on everything its answer depends on: the transcript's bytes and its
review's, the path as given (rows carry it), and a context naming the rubric's content hash,
the program version, the signing key (hashed, never stored) and the command's options. The
folder is ``--cache-dir``, else ``$SIM_CACHE_DIR``, else ``$XDG_CACHE_HOME/sim``, else
``~/.cache/sim``. Entries are written atomically and carry the hash of their own text: one
that is cut, edited or unreadable is ignored and written again, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sim import __version__
from sim.errors import SimError
from sim.records.atomic_write import write_atomic
from sim.records.review import review_path

CACHE_ENV = "SIM_CACHE_DIR"
T = TypeVar("T")
LAYOUT = "results-v1"  # a new layout gets a new folder instead of misreading old entries


def default_folder() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "sim"


def sha256_of(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:  # each part's length first, so no two lists of parts hash alike
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class ResultCache:
    folder: Path
    context: str  # the hash of what every entry of this run depends on besides the call

    @classmethod
    def open(
        cls,
        folder: Path,
        kind: str,
        rubric_sha256: str,
        secret: bytes | None,
        options: tuple[str, ...] = (),
    ) -> ResultCache:
        """``kind`` names the command's result; ``options`` what else changes it."""
        parts = [LAYOUT, kind, __version__, rubric_sha256, *options]
        parts.append(hashlib.sha256(secret).hexdigest() if secret else "")
        context = sha256_of(*(p.encode("utf-8") for p in parts))
        return cls(folder / LAYOUT, context)

    def key(self, path: Path) -> str | None:
        """The key of ``path``'s result now; None when the file cannot be read (the map
        then reports it as it would uncached)."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            review = review_path(path).read_bytes()
        except FileNotFoundError:
            review = b"\0none"  # no review: not the same as an empty review file
        except OSError:
            return None
        return sha256_of(self.context.encode(), os.fsencode(str(path)), data, review)

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The stored result, or None when there is none or it fails its own hash."""
        try:
            text = self._entry(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        stamp, _, body = text.partition("\n")
        if stamp != sha256_of(key.encode(), body.encode("utf-8")):
            return None
        try:
            return json.loads(body)
        except ValueError:
            return None

    def put(self, key: str, result: Any) -> None:
        """Store ``result`` (JSON-ready); a cache that cannot be written is only slower."""
        body = json.dumps(result, separators=(",", ":"))  # ASCII: any string survives
        stamp = sha256_of(key.encode(), body.encode("utf-8"))
        with contextlib.suppress(SimError):
            write_atomic(self._entry(key), f"{stamp}\n{body}")


def cached(
    cache: ResultCache | None,
    path: Path,
    compute: Callable[[], T],
    read: Callable[[Any], T],
    write: Callable[[T], Any],
) -> T:
    """``path``'s result: read from ``cache`` when an entry for these exact inputs is there,
    else computed and stored. ``read`` raises ``TypeError``/``KeyError``/``ValueError``/
    ``IndexError`` for an entry this program did not write (then it is computed again);
    ``write`` gives None for a result not to keep."""
    key = cache.key(path) if cache else None
    if cache is None or key is None:
        return compute()
    stored = cache.get(key)
    if stored is not None:
        try:
            return read(stored)
        except (TypeError, KeyError, ValueError, IndexError):
            pass
    result = compute()
    fields = write(result)
    if fields is not None:
        cache.put(key, fields)
    return result
