"""The cohort map on a Dask cluster (the optional extra ``sim[dask]``).

The job (the rubric, the key, the filters) is sent to every worker once; each task maps
and folds one chunk of paths, which the workers must be able to read (a shared or synced
folder). The parts are gathered in chunk order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sim.errors import SimError

INSTALL = "pip install 'collections-sim[dask]'"


def on_dask(address: str, work: Any, chunks: list[Any], job: Any) -> Iterator[Any]:
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
        shared = client.scatter(job, broadcast=True)
        futures = client.map(work, chunks, job=shared)
        for future in futures:
            yield future.result()
            future.release()
