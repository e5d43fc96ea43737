"""Large batches are flattened on every core: forked writers, one per part of the batch.

Turning a batch's event records into Arrow columns is Python work (the GIL serialises it), and at
bulk-write sizes it is most of a batch's cost. A forked child sees the parent's records without
copying or pickling them, so :meth:`dyad.store.store.Store.write_batch` splits a large batch into
contiguous runs of articles and forks one child per extra run: each child flattens its run, writes
and fsyncs its own events segment, reports the segment's path and row count through a pipe and
exits. The parent does the first run itself and commits the manifest only once every child has
reported, so the commit protocol is unchanged: a segment nobody committed is an orphan that the
next writer deletes.

Forking is only done where it is safe and pays off: on Linux, before the writer starts any thread
of its own, for parts of at least :data:`MIN_PART_EVENTS` events. A child runs only Arrow and
Parquet code (no I/O to the terminal, no locks shared with the parent's threads) and leaves with
``os._exit``, so nothing of the parent (atexit handlers, DuckDB connections, progress bars) runs
twice. A child dies with its parent (``PR_SET_PDEATHSIG``), so a killed ingest leaves no writer
behind. ``DYAD_STORE_WRITERS=1`` turns the whole mechanism off.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
import traceback
import warnings
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate, pairwise
from types import TracebackType
from typing import Any

from dyad.errors import StoreError

MIN_PART_EVENTS = 20_000
"""Fewer events than this per part and a fork costs more than it saves (a fork of a process
holding the spaCy model takes ~20 ms; flattening 20k events ~70 ms)."""

ENV_WRITERS = "DYAD_STORE_WRITERS"
"""Most processes that write one batch (default: the cores this process may use; 1: no fork)."""
ENV_PART_EVENTS = "DYAD_STORE_PART_EVENTS"
"""Least events per forked part (default :data:`MIN_PART_EVENTS`; tests lower it)."""

_PR_SET_PDEATHSIG = 1


def available() -> bool:
    """True where forked writers are used: Linux (``fork`` elsewhere is unsafe or missing)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _env_int(name: str, default: int, least: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = least - 1
    if value < least:
        raise StoreError(
            f"{name}={raw!r} is not a whole number of at least {least}. Fix it, or unset it to use the "
            f"default ({default})."
        )
    return value


def writer_count(events: int) -> int:
    """How many processes should write a batch of ``events`` events (1: the caller alone)."""
    if not available():
        return 1
    cap = _env_int(ENV_WRITERS, len(os.sched_getaffinity(0)), 1)
    return max(1, min(cap, events // _env_int(ENV_PART_EVENTS, MIN_PART_EVENTS, 1)))


def split(sizes: Sequence[int], parts: int, first: float = 1.0) -> list[range]:
    """Contiguous index ranges over items of ``sizes`` (events per article), balanced in total size.

    The first range gets ``first`` times the share of each other range (the parent, which runs
    it, has the batch's other tables to write as well). Never splits an item; never returns an
    empty range; returns fewer ranges than ``parts`` when there are fewer items.
    """
    if parts <= 1 or len(sizes) <= 1:
        return [range(len(sizes))]
    totals = list(accumulate(sizes))
    share = totals[-1] / (first + parts - 1)
    bounds = [0]
    for part in range(1, parts):
        goal = round(share * (first + part - 1), 6)  # 9 / 1.8 * 0.8 must be 4, not 4.000000000000001
        index = bisect_left(totals, goal) + 1  # the range ends with the item that reaches the goal
        index = min(max(index, bounds[-1] + 1), len(sizes) - (parts - part))
        if index > bounds[-1]:
            bounds.append(index)
    bounds.append(len(sizes))
    return [range(a, b) for a, b in pairwise(bounds) if b > a]


_libc: Any = None


def _die_with_parent(parent: int) -> None:
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the child just finishes its part
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class ForkedWriters:
    """Runs tasks in forked children; use as a context manager and call :meth:`results` inside it.

    Each task returns a JSON-ready value (a segment path and its row count). Leaving the block
    without having collected the results (an error in the parent) kills and reaps the children.
    """

    def __init__(self) -> None:
        self._children: list[tuple[int, int]] = []  # (pid, read end of its pipe)

    def __enter__(self) -> ForkedWriters:
        return self

    def start(self, task: Callable[[], object]) -> None:
        """Fork a child that runs ``task`` (call before the parent starts any thread)."""
        read, write = os.pipe()
        parent = os.getpid()
        with warnings.catch_warnings():
            # Python 3.12+ warns on fork when native threads exist (Arrow's, DuckDB's idle pools).
            # The child touches none of their state and only calls fork-safe Arrow code.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child; its effects are tested
            code = 1
            try:
                os.close(read)
                _die_with_parent(parent)
                reply = {"ok": task()}
                code = 0
            except BaseException as error:  # everything is reported to the parent
                reply = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}
            try:
                with os.fdopen(write, "w", encoding="utf-8") as pipe:
                    json.dump(reply, pipe)
            finally:
                os._exit(code)
        os.close(write)
        self._children.append((pid, read))

    def results(self) -> list[Any]:
        """Every child's task result, in start order; raises StoreError if any child failed."""
        replies, failures = [], []
        children, self._children = self._children, []
        for pid, read in children:
            with os.fdopen(read, "r", encoding="utf-8") as pipe:
                text = pipe.read()
            _, status = os.waitpid(pid, 0)
            try:
                reply = json.loads(text)
            except json.JSONDecodeError:
                reply = {"error": f"the writer process ended without a reply ({_describe(status)})"}
            if "error" in reply:
                failures.append(reply["error"])
            replies.append(reply.get("ok"))
        if failures:
            raise StoreError(
                "a forked store writer failed, so this batch was not committed (the store is unchanged): "
                + "; ".join(failures)
                + f". Rerun to retry; set {ENV_WRITERS}=1 to write in this process only."
            )
        return replies

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for pid, read in self._children:  # not collected: the parent failed; stop the children
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
        self._children = []


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
