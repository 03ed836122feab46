"""Stage 6 — put a complete output set in place: one generation, switched in at one commit point, under a lock.

``write_outputs`` writes every file of a build into ``OUT/.kg-staging/``. Nothing in ``OUT`` changes
until the whole set is there, flushed to disk. Then one small journal, ``OUT/.kg-switch``, is renamed into
place: that rename is the commit point. The staged files are then renamed over the old ones, old outputs
the new set lacks are removed, and the journal is deleted.

- A failure or kill before the commit point (full disk, read-only folder, Ctrl-C, SIGTERM, SIGKILL) leaves
  ``OUT`` holding the complete previous set; the staging folder is removed then or by the next build.
- After the commit point the new set wins: Ctrl-C and SIGTERM wait for the renames (milliseconds); after a
  SIGKILL between two renames, the next kg command that touches the folder (every reader and every build
  calls :func:`finish_switch`) completes them before it reads anything, so kg never reads a mixed set.

A lock (``OUT/.kg-lock``, an OS file lock released when its process dies, so a stale lock is simply taken
over) keeps two builds from writing one folder at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import KGError

__all__ = ["JOURNAL", "LOCK", "STAGING", "SWITCHED", "OutputBusy", "OutputError", "finish_switch", "lock", "staged",
           "switch"]

STAGING = ".kg-staging"
JOURNAL = ".kg-switch"
LOCK = ".kg-lock"
_MANIFEST = ".kg-manifest"  # the names of the outputs switched in last


_HELD: set[str] = set()  # lock files this process holds
#: Output folders this process switched to a new set (so an interrupt message can say so).
SWITCHED: set[str] = set()


class OutputError(KGError):
    """The outputs cannot be written (full disk, no permission, a file where a folder must be)."""


class OutputBusy(OutputError):
    """Another kg build is writing the same output folder."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def lock(out: str | os.PathLike) -> Iterator[None]:
    """Hold ``OUT/.kg-lock`` for the block.

    Raises
    ------
    OutputBusy
        If another process holds it (the message names the process).
    """
    path = Path(out) / LOCK
    key = os.path.realpath(path)
    if key in _HELD:  # this process holds it already (a build around write_outputs)
        yield
        return
    try:
        fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the whole block
    except OSError as exc:
        raise OutputError(f"{out}: cannot write in the output folder ({exc.strerror or exc})") from None
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - Windows
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise OutputBusy(f"{out}: another kg build is writing this folder ({holder}); wait for it to finish "
                         "or stop it") from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"kg build, pid {os.getpid()} on {socket.gethostname()}, since "
                 f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        _HELD.add(key)
        yield
    finally:
        _HELD.discard(key)
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
        fh.close()


def staged(out: str | os.PathLike) -> Path:
    """A fresh, empty staging folder inside ``out`` (a stale one from a killed build is removed first)."""
    out = Path(out)
    finish_switch(out)
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for stale in out.glob(".*.tmp"):  # temporaries of single-file writes killed mid-way
        with contextlib.suppress(OSError):
            stale.unlink()
    return staging


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, then act."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in caught:
            signal.raise_signal(signum)


def switch(out: str | os.PathLike, names: list[str]) -> None:
    """Commit the staged files ``names`` (paths relative to ``out``, all written under the staging folder)
    and put them in place; kg outputs of the previous set that are not in ``names`` are removed.

    ``names`` of the previous set are listed in the journal too, so a folder switched by another kg
    version is cleaned the same way.
    """
    out = Path(out)
    staging = out / STAGING
    for name in names:
        if not (staging / name).is_file():
            raise OutputError(f"{staging / name}: missing from the staged outputs")
        target = out / name
        for parent in reversed(target.relative_to(out).parents[:-1]):
            if (out / parent).exists() and not (out / parent).is_dir():
                raise OutputError(f"{out / parent}: a file is in the way of the output folder {parent}/; move it "
                                  "away (the previous outputs are untouched)")
        if target.is_dir() and not target.is_symlink():
            raise OutputError(f"{target}: a folder is in the way of an output file; move it away (the previous "
                              "outputs are untouched)")
    _fsync_dir(staging)
    previous = _previous_set(out)
    journal = {"write": sorted(names), "remove": sorted(set(previous) - set(names))}
    tmp = out / (JOURNAL + ".tmp")
    with _signals_deferred():
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(journal, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out / JOURNAL)  # the commit point
        _fsync_dir(out)
        finish_switch(out)
        SWITCHED.add(str(out))


def _previous_set(out: Path) -> list[str]:
    try:
        return json.loads((out / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def _replace(source: Path, target: Path) -> None:
    """One rename (a seam for tests that kill the process between two renames)."""
    os.replace(source, target)


def finish_switch(out: str | os.PathLike) -> bool:
    """Complete a switch that was committed but not finished (its process was killed). Idempotent; returns
    whether there was one.

    Raises
    ------
    OutputError
        If the folder cannot be changed (read-only): it then holds part of the new set.
    """
    out = Path(out)
    journal_path = out / JOURNAL
    if not journal_path.is_file():
        return False
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        staging = out / STAGING
        for name in journal["write"]:
            source, target = staging / name, out / name
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir() and not target.is_symlink():
                    raise OutputError(f"{target}: a folder is in the way of an output file; move it away")
                _replace(source, target)
        for name in journal["remove"]:
            with contextlib.suppress(FileNotFoundError):
                if (out / name).is_file():
                    (out / name).unlink()
        manifest_tmp = out / (_MANIFEST + ".tmp")
        manifest_tmp.write_text(json.dumps(journal["write"]), encoding="utf-8")
        os.replace(manifest_tmp, out / _MANIFEST)
        _fsync_dir(out)
        journal_path.unlink()
        shutil.rmtree(staging, ignore_errors=True)
    except (OSError, ValueError, KeyError) as exc:
        raise OutputError(f"{out}: an interrupted build left its new outputs half switched in and they cannot "
                          f"be finished ({exc.__class__.__name__}: {exc}); run kg build again") from None
    return True
