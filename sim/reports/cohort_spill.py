"""A list kept in key order with a bounded part in memory: the rest is written out in
sorted runs to a temporary folder and read back merged, each time it is iterated.

So a cohort of any size holds only ``KEEP`` of its rows at a time; the folder is removed
when the store is closed or dropped.
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
KEEP = 2048  # rows held before a run is written (a few MB)
BATCH = 256  # rows a pickle holds: one call each way instead of one a row


class SortedSpill(Generic[T]):
    def __init__(self, key: Callable[[T], Any], keep: int = KEEP) -> None:
        self.key, self.keep = key, keep
        self.buffer: list[T] = []
        self.runs: list[Path] = []
        self.count = 0
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def append(self, item: T) -> None:
        self.buffer.append(item)
        self.count += 1
        if len(self.buffer) >= self.keep:
            self._write_run()

    def _write_run(self) -> None:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="sim-cohort-")
        run = Path(self._folder.name) / f"{len(self.runs)}.run"
        ordered = sorted(self.buffer, key=self.key)
        with run.open("wb") as f:
            for start in range(0, len(ordered), BATCH):
                pickle.dump(ordered[start : start + BATCH], f, protocol=pickle.HIGHEST_PROTOCOL)
        self.runs.append(run)
        self.buffer = []

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        """Every item in key order (a stable sort: equal keys keep their order of adding)."""
        if not self.runs:
            return iter(sorted(self.buffer, key=self.key))
        return heapq.merge(
            *(_read(run) for run in self.runs), sorted(self.buffer, key=self.key), key=self.key
        )

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder, self.runs = None, []


def _read(run: Path) -> Iterator[Any]:
    """A run's items in order, a batch at a time (our own file, written by this process)."""
    with run.open("rb") as f:
        while True:
            try:
                batch = pickle.load(f)
            except EOFError:
                return
            yield from batch
