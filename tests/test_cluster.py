"""kg build on a Dask cluster: the same bytes as one process, and no document lost when a worker dies.

Every scheduler and worker here listens on 127.0.0.1 and is closed when its test ends.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from kg.build import CHUNK, run_build, write_outputs
from kg.cluster import ClusterError, connect

PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Vladimir Putin", "Xi Jinping", "Joe Biden"]
PLACES = ["Berlin", "Paris", "Moscow", "Beijing", "Washington", "Brussels"]


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a, b, p = PEOPLE[i % 6], PEOPLE[(i * 5 + 1) % 6], PLACES[(i * 7) % 6]
        (folder / f"doc{i:04d}.txt").write_text(
            f"{a} met {b} in {p} on day {i}. {b}, a close ally of {a}, later travelled to {PLACES[i % 6]}.\n",
            encoding="utf-8")


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (".kg-lock", "cache.sqlite")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cluster_corpus")
    _corpus(folder, 2 * CHUNK + 10)  # several tasks
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("reference")
    built, report = run_build([corpus], nlp=nlp, jobs=1)
    write_outputs(built, out)
    return _files(out)


def test_local_cluster_gives_the_same_bytes_as_one_process(corpus, reference, tmp_path):
    built, report = run_build([corpus], scheduler="local:2")
    assert report.documents == 2 * CHUNK + 10 and report.parsed == report.documents
    write_outputs(built, tmp_path / "out")
    assert _files(tmp_path / "out") == reference


def test_a_worker_killed_mid_build_loses_no_document(corpus, reference, tmp_path):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=50) as cluster, Client(cluster) as client:
        killed: list[int] = []

        def kill_a_busy_worker():
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    time.sleep(0.5)  # inside the task: loading the model or parsing
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                time.sleep(0.05)

        killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
        killer.start()
        built, report = run_build([corpus], scheduler=cluster.scheduler_address)
        killer.join(timeout=5)
    assert killed, "no worker was killed"
    assert report.documents == 2 * CHUNK + 10 and not report.skipped
    write_outputs(built, tmp_path / "out")
    assert _files(tmp_path / "out") == reference


def test_an_unreachable_scheduler_is_one_clear_error():
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        connect("tcp://127.0.0.1:9", timeout=2)
    with pytest.raises(ClusterError, match="local:1 and local:256"):
        connect("local:0")
