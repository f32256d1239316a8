"""The cohort map on a Dask cluster (the optional extra ``sim[dask]``).

The job (the rubric, the key, the filters) is sent to every worker once; each task maps
and folds one chunk of paths, which the workers must be able to read (a shared or synced
folder). At most ``AHEAD`` chunks a worker are in flight, and the parts are taken in chunk
order, so neither the cluster nor this process holds more than a window of them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sim.errors import SimError

INSTALL = "pip install 'collections-sim[dask]'"
AHEAD = 4  # chunks in flight per worker


def on_dask(
    address: str,
    work: Callable[..., Any],
    paths: Sequence[str],
    job: Any,
    chunked: Callable[[Sequence[str], int], Iterator[Any]],
) -> Iterator[Any]:
    try:
        import distributed
    except ImportError:
        raise SimError(f"--dask needs Dask, which is not installed ({INSTALL})") from None
    connect: Any = distributed.Client  # untyped: held as Any, not checked call by call
    try:
        client = connect(address, timeout="10s")
    except Exception as exc:  # Dask raises many kinds for an address it cannot use
        raise SimError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    with client:
        workers = max(1, len(client.scheduler_info()["workers"]))
        chunks = chunked(paths, workers)
        shared = client.scatter(job, broadcast=True)
        flying: deque[Any] = deque()
        for chunk in chunks:
            flying.append(client.submit(work, chunk, shared, pure=False))
            if len(flying) >= AHEAD * workers:
                yield _take(flying)
        while flying:
            yield _take(flying)


def _take(flying: deque[Any]) -> Any:
    future = flying.popleft()
    part = future.result()
    future.release()
    return part
