"""Where the map runs: in this process, on a pool of local processes, or on Dask.

The paths are cut into numbered chunks in the order given; each chunk is mapped and folded
where it runs, and the parts come back in chunk order whatever finished first, so the
merge (and the report) never depends on scheduling.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Generic, TypeVar

from sim.errors import SimError

Part = TypeVar("Part")
Chunk = list[tuple[int, str]]  # (place in the order given, path)

MAX_JOBS = 256  # processes; more only thrash (docs/limits.md)
CHUNKS_PER_WORKER = 8  # enough to even out slow chunks, few enough to keep overhead low
MAX_CHUNK = 256


def all_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Where:
    """``jobs``: local processes (1: this process, no pool); ``dask``: a scheduler's address,
    which wins over ``jobs``."""

    jobs: int = 1
    dask: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.jobs <= MAX_JOBS:
            raise SimError(f"--jobs {self.jobs}: give 1 to {MAX_JOBS} processes")
        if self.dask is not None and not self.dask.strip():
            raise SimError("--dask: give the scheduler's address, e.g. tcp://10.0.0.5:8786")


def chunked(paths: Sequence[str], workers: int) -> Iterator[Chunk]:
    """The numbered paths in chunks, made as they are taken (a pool or Dask takes a few
    ahead, not all)."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(paths) / (workers * CHUNKS_PER_WORKER))))
    return (list(enumerate(paths[i : i + size], start=i)) for i in range(0, len(paths), size))


@dataclass(frozen=True)
class Run(Generic[Part]):
    """``work`` maps and folds one chunk with ``job`` (what every chunk needs), anywhere:
    both must pickle, and ``work`` must be a module's function."""

    work: Callable[[Chunk, Any], Part]
    job: Any

    def parts(self, paths: Sequence[str], where: Where) -> Iterator[Part]:
        """Each chunk's part, in chunk order."""
        if where.dask:
            from sim.reports.cohort_dask import on_dask

            yield from on_dask(where.dask, self.work, paths, self.job, chunked)
            return
        chunks = chunked(paths, where.jobs)
        if where.jobs == 1 or len(paths) < 2:
            for chunk in chunks:
                yield self.work(chunk, self.job)
            return
        workers = min(where.jobs, len(paths))
        pool = get_context().Pool(workers, initializer=_hold, initargs=(self.job,))
        with pool:
            yield from pool.imap(_Call(self.work), chunks)


_held: Any = None  # the job, in a pool's worker: sent once, not with every chunk


def _hold(job: Any) -> None:
    global _held
    _held = job


@dataclass(frozen=True)
class _Call(Generic[Part]):
    work: Callable[[Chunk, Any], Part]

    def __call__(self, chunk: Chunk) -> Part:
        return self.work(chunk, _held)
