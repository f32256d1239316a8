"""Files loaded and checked before, kept on disk so that the next process skips the work:
how an entry is named, what it is keyed on, and how it is written and read back.

An entry is a pickle of the program's own objects, written and read by the cache modules
only (:mod:`sim.rubric.rubric_cache`, :mod:`sim.scenario.scenario_cache`), under the cache
home, one a source file. It carries the hash of its own bytes: one that is cut, edited or
unreadable, or that this program cannot read back, is ignored (and written again by its
caller), never trusted. A cache that cannot be written (read-only home, full disk) only
costs speed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path

from sim import __version__
from sim.sources.locations import cache_home, program_stamp

_HASH = hashlib.sha256().digest_size


@functools.cache
def _program() -> bytes:
    """The program's version, the Python it runs on and its files' stamp."""
    return hashlib.sha256(f"{__version__}\0{sys.version}\0".encode() + program_stamp()).digest()


def context(layout: str, *places: str) -> str:
    """What an entry depends on besides its source's bytes: its layout, the program, and
    where the source is (``places``: its resolved path, and any other form it was named by)."""
    digest = hashlib.sha256(f"{layout}\0".encode())
    digest.update(_program())
    for place in places:
        digest.update(place.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def entry_path(layout: str, source: Path) -> Path:
    """Where the entry for the file at ``source`` is kept (``$XDG_CACHE_HOME/sim/LAYOUT``)."""
    name = hashlib.sha256(str(source.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_home() / layout / f"{name[:20]}.pickle"


def read(target: Path) -> object | None:
    """The object kept at ``target``, if its bytes are whole and this program reads them."""
    try:
        data = target.read_bytes()
    except OSError:
        return None
    own, body = data[:_HASH], data[_HASH:]
    if hashlib.sha256(body).digest() != own:
        return None
    try:
        entry: object = pickle.loads(body)
    except Exception:  # intact bytes this program cannot read back (a changed library)
        return None
    return entry


def write(target: Path, entry: object) -> bool:
    """Keep ``entry`` at ``target`` whole or not at all (a temporary file renamed); False
    when the cache cannot be written."""
    body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(hashlib.sha256(body).digest() + body)
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return False
    return True
