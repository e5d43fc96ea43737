"""Ingest: read inputs, skip what the store holds, code the rest, commit in batches.

Articles whose content hash is already stored (or seen earlier in this run) are dropped *before*
NLP, so re-running an ingest over the same files costs only reading and hashing. Results are
committed every ``commit_every`` records; a crash loses at most the uncommitted batch, and the
rerun redoes exactly that. After the run, a full tier of small batches is merged (tiered
compaction, see ``dyad.store.compact``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from importlib import resources
from pathlib import Path
from typing import Any

from dyad.errors import DyadError
from dyad.model import Article, ArticleResult, ReadError
from dyad.store.store import Store

Reader = Callable[..., Iterator[Article | ReadError]]
Coder = Callable[..., Iterator[ArticleResult | ReadError]]


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """The outcome of one ingest run."""

    documents: int
    """Records read (articles and rejected records)."""
    articles_new: int
    """Articles coded and stored."""
    articles_skipped: int
    """Articles already in the store (or repeated in the input): not coded again."""
    events: int
    """Events stored."""
    errors: int
    """Records rejected in this run (stored once in ``errors``, even across reruns)."""
    batches: int
    """Batches committed."""
    seconds: float
    """Wall-clock time."""

    @property
    def ok(self) -> bool:
        """True when no record was rejected."""
        return self.errors == 0


def sample_paths() -> list[str]:
    """The sample corpus shipped in the package (``dyad/samples/*.txt``)."""
    folder = resources.files("dyad") / "samples"
    names = (
        sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".txt"))
        if folder.is_dir()
        else []
    )
    if not names:
        raise DyadError(
            "the sample corpus (dyad/samples/*.txt) is missing from this installation; reinstall Dyad."
        )
    return [str(folder / name) for name in names]


class _Progress:
    """A rich progress display on standard error, or nothing."""

    def __init__(self, enabled: bool) -> None:
        self.started = time.monotonic()
        self.bar: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingest"),
                BarColumn(),
                TextColumn("{task.completed} docs"),
                TextColumn("{task.fields[rate]:.1f} docs/s"),
                TextColumn("{task.fields[events]} events"),
                TextColumn("{task.fields[errors]} errors"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=None, rate=0.0, events=0, errors=0)

    def update(self, documents: int, events: int, errors: int) -> None:
        if self.bar is not None:
            rate = documents / max(time.monotonic() - self.started, 1e-6)
            self.bar.update(self.task, completed=documents, rate=rate, events=events, errors=errors)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def ingest(
    paths: Sequence[str],
    store: Store,
    date: Date | None = None,
    strict: bool = False,
    progress: bool = True,
    batch_size: int = 32,
    commit_every: int = 256,
    read: Reader | None = None,
    code: Coder | None = None,
    background_compaction: bool = False,
    on_rejected: Callable[[ReadError], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    format: str | None = None,
) -> IngestSummary:
    """Read ``paths``, code new articles and store them; returns what was done.

    Args:
        paths: files or directories for :func:`dyad.readers.read_inputs`.
        store: the event store to write to.
        date: publication date for inputs that carry none.
        strict: stop at the first bad record instead of recording it (passed to the reader).
        progress: show a progress bar on standard error.
        batch_size: articles per NLP batch.
        commit_every: records per committed store batch.
        read, code: replacements for the reader and the coder (tests use fakes).
        background_compaction: merge full tiers of small batches in a background thread after
            the run (the API's writes) instead of before returning (the command line).
        on_rejected: called with every rejected record as it is met (the CLI prints them).
        on_note: called with notices that are not rejections (the store itself was skipped).
        format: read every input as this format (see :data:`dyad.readers.FORMATS`), not by suffix.
    """
    if read is None:
        from dyad.readers import read_inputs

        read = read_inputs
    if code is None:
        from dyad.extract import code_articles

        code = code_articles
    started = time.monotonic()
    known = set(store.known_hashes())
    counts = {
        "documents": 0,
        "skipped": 0,
        "new": 0,
        "events": 0,
        "stored_events": 0,
        "errors": 0,
        "batches": 0,
    }

    own_store = store.path.resolve()

    def unseen(items: Iterable[Article | ReadError]) -> Iterator[Article | ReadError]:
        for item in items:
            if (
                isinstance(item, ReadError)
                and item.kind == "dyad_store"
                and Path(item.origin).resolve() == own_store
            ):
                # "dyad ingest . --store dyad-data": the store being written is no input of its own
                if on_note is not None:
                    on_note(f"skipped {item.origin}: the store being written to is never read as input")
                continue
            counts["documents"] += 1
            if isinstance(item, Article):
                digest = item.content_hash
                if digest in known:
                    counts["skipped"] += 1
                    continue
                known.add(digest)
            yield item

    display = _Progress(progress)
    pending: list[ArticleResult | ReadError] = []

    def flush() -> None:
        if pending:
            summary = store.write_batch(pending)
            counts["new"] += summary.articles_new
            counts["skipped"] += summary.articles_skipped
            counts["stored_events"] += summary.events
            counts["batches"] += 1 if (summary.articles_new or summary.errors) else 0
            pending.clear()

    try:
        options: dict[str, Any] = {"format": format} if format else {}
        items = read(list(paths), date=date, strict=strict, **options)
        for result in code(unseen(items), batch_size=batch_size):
            pending.append(result)
            if isinstance(result, ReadError):
                counts["errors"] += 1
                if on_rejected is not None:
                    on_rejected(result)
            else:
                counts["events"] += len(result.events)
            display.update(counts["documents"], counts["events"], counts["errors"])
            if len(pending) >= commit_every:
                flush()
        flush()
    finally:
        display.close()
    store.maybe_compact(background=background_compaction)
    return IngestSummary(
        documents=counts["documents"],
        articles_new=counts["new"],
        articles_skipped=counts["skipped"],
        events=counts["stored_events"],
        errors=counts["errors"],
        batches=counts["batches"],
        seconds=round(time.monotonic() - started, 3),
    )
