"""Extraction on a Dask cluster (``kg build --scheduler ADDRESS`` or ``--scheduler local:N``).

The build's client reads the documents and writes the outputs, as without a cluster; the workers only
parse. Documents travel to the workers as batches of text (one task per :data:`kg.build.WORKER_CHUNK` documents,
never one per sentence), so the workers need no shared folder, only kg and the same spaCy pipeline
installed. Each worker process loads the pipeline and the relation model once (a per-process cache) and
sends back kg's small :class:`~kg.records.Extraction` records. The build keeps at most two tasks per worker
in flight, so the client never holds the whole corpus; a task whose worker dies is rescheduled by Dask,
one that fails is retried twice, and a chunk that still fails is parsed again one document at a time in
the client, so that only the document at fault is skipped.

Dask (``dask``, ``distributed``) is an optional dependency: ``pip install 'kg[cluster]'``.
"""

from __future__ import annotations

import contextlib
import re

from .errors import KGError

__all__ = ["ClusterError", "DaskPool", "connect", "map_blocks"]

#: Names per resolution task: blocks are grouped, in order, into tasks of about this many names.
BLOCK_BATCH = 20_000

#: A task is retried this many times (on another worker when its worker died) before the client takes over.
RETRIES = 2


class ClusterError(KGError):
    """The scheduler cannot be reached, or Dask is not installed."""


class DaskPool:
    """The part of ``concurrent.futures.Executor`` the build uses, on a Dask client."""

    def __init__(self, client, cluster=None):
        self.client, self.cluster = client, cluster

    @property
    def workers(self) -> int:
        """Worker threads the scheduler knows of now (at least 1)."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False, retries=RETRIES)

    def shutdown(self, cancel_futures: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()


def connect(scheduler: str, *, timeout: float = 30) -> DaskPool:
    """A :class:`DaskPool` on the scheduler at ``scheduler`` (``tcp://host:8786``), or on a new
    ``LocalCluster`` of N worker processes for ``local:N`` (listening on 127.0.0.1 only).

    Raises
    ------
    ClusterError
        If Dask is not installed or the scheduler does not answer within ``timeout`` seconds.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'dask[distributed]' (or kg[cluster])") from None
    local = re.fullmatch(r"local(?::(\d+))?", scheduler.strip())
    try:
        if local:
            import dask

            workers = int(local.group(1) or 2)
            if not 1 <= workers <= 256:
                raise ClusterError(f"--scheduler {scheduler}: between local:1 and local:256 workers")
            # Dask's nanny makes glibc return freed memory at once (MALLOC_TRIM_THRESHOLD_=64 KiB): for spaCy,
            # which allocates and frees many small arrays, that costs about a quarter of the parse in system
            # time. kg's workers use the C library's default.
            environ = {**dask.config.get("distributed.nanny.pre-spawn-environ", {})}
            environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            # The worker's statistical profiler samples every thread's stack each 10 ms, holding the GIL the
            # parse needs; kg's tasks are not profiled.
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,  # for kg's workers only
                                  "distributed.worker.profile.enabled": False}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=50)
            return DaskPool(Client(cluster, timeout=timeout), cluster)
        return DaskPool(Client(scheduler, timeout=timeout))
    except ClusterError:
        raise
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None


def _resolve_many(fn, tasks: list) -> list:
    return [fn(task) for task in tasks]


def map_blocks(pool: DaskPool, fn, tasks: list) -> list:
    """``map(fn, tasks)`` with the tasks (blocks of names to resolve) grouped in order into batches of about
    :data:`BLOCK_BATCH` names and run on the cluster; the results come back in the order of ``tasks``."""
    batches, current, size = [], [], 0
    for task in tasks:
        current.append(task)
        size += len(task.locals_)
        if size >= BLOCK_BATCH:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    futures = [pool.submit(_resolve_many, fn, batch) for batch in batches]
    return [result for future in futures for result in future.result()]
