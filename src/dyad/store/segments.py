"""The on-disk layout of a store: immutable Parquet segments made visible by batch manifests.

::

    STORE/
      SCHEMA_VERSION                 "1": the layout version (see migrate.py)
      write.lock                     advisory lock held by the single writer of a batch
      segments/articles/<batch>.parquet
      segments/events/<batch>.parquet
      segments/errors/<batch>.parquet
      manifests/<batch>.json         written last: a batch exists only once its manifest does
      tmp/                           files being written (removed by the next writer)

Commit protocol: every segment is written to ``tmp/``, fsynced and renamed into ``segments/``;
the manifest is written the same way, last, and the directory is fsynced. A crash before the
manifest rename leaves only unreferenced files, which the next writer deletes; a crash after it
leaves a complete batch. Readers list ``manifests/`` and only read files a manifest names.

Compaction writes a new batch whose manifest lists the batches it ``replaces``; a replaced manifest
is invisible from the moment the new one exists, so readers never see rows twice. The old files are
deleted afterwards (or by the next writer if the compactor died first).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.errors import StoreError

ROW_GROUP_SIZE = 122_880
"""Rows per Parquet row group: DuckDB's vector-aligned size, small enough for min/max pruning."""

# Dictionary-encode only columns with few distinct values (codes, names, statuses): trying it on
# ids and sentences costs write time for nothing. Statistics only where filters can use them.
DICTIONARY_COLUMNS = [
    f"{side}_{name}"
    for side in ("source", "target")
    for name in ("code", "country", "sector", "name", "kind")
] + [
    "dyad_key",
    "cameo",
    "root",
    "plover_type",
    "plover_mode",
    "acled",
    "date_granularity",
    "date_basis",
    "location_name",
    "location_country",
    "location_admin1",
    "location_feature",
    "location_basis",
    "status",
    "trigger",
    "rule",
    "extra",
    "article_source",
    "source",
    "language",
    "kind",
    "origin",
]
STATISTICS_COLUMNS = [
    "date_start",
    "date_end",
    "publication_date",
    "dyad_key",
    "source_code",
    "source_country",
    "target_code",
    "target_country",
    "cameo",
    "root",
    "quad_class",
    "status",
    "content_hash",
    "error_id",
    "event_id",
]


def part_row_group_size(parts: int) -> int:
    """Row-group size for the events segments of a batch split into ``parts``.

    Each part is sorted by date on its own, so each part's row groups span the whole batch's dates;
    dividing the row-group size by the parts keeps a date filter as selective as on an unsplit
    batch (measured at 10M events in 2 parts: full-size groups doubled the actor/date filter's time).
    """
    return max(2048, ROW_GROUP_SIZE // max(parts, 1) // 2048 * 2048)


@dataclass(frozen=True, slots=True)
class Manifest:
    """A committed batch: its segment files and the batches it replaces (for compaction)."""

    batch_id: str
    """``<sequence>-<random>``; the zero-padded sequence orders batches."""
    segments: dict[str, list[str]]
    """Table name -> segment paths relative to the store root."""
    rows: dict[str, int]
    """Table name -> rows in this batch."""
    replaces: tuple[str, ...] = ()
    """Batch ids made obsolete by this one (compaction)."""

    @property
    def sequence(self) -> int:
        """Position of the batch in commit order."""
        return int(self.batch_id.split("-", 1)[0])


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durable(final: Path, tmp_dir: Path, write: object) -> None:
    """Write a file under ``tmp_dir`` with ``write(path)``, fsync it, then rename it to ``final``."""
    tmp = tmp_dir / f"{uuid.uuid4().hex}.tmp"
    write(tmp)  # type: ignore[operator]
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)


class Layout:
    """Paths and low-level operations of one store directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifests = root / "manifests"
        self.segments = root / "segments"
        self.tmp = root / "tmp"
        self.version_file = root / "SCHEMA_VERSION"

    def create_dirs(self) -> None:
        """Create the directory tree (idempotent)."""
        for path in (
            self.manifests,
            self.tmp,
            *(self.segments / t for t in ("articles", "events", "errors")),
        ):
            path.mkdir(parents=True, exist_ok=True)

    # -- reading -----------------------------------------------------------------------------

    def manifest_names(self) -> list[str]:
        """Sorted file names in ``manifests/`` (cheap: used to detect new commits)."""
        try:
            return sorted(n for n in os.listdir(self.manifests) if n.endswith(".json"))
        except FileNotFoundError:
            return []

    def read_manifests(self) -> list[Manifest]:
        """All manifests on disk, in commit order (including replaced ones), as one consistent snapshot.

        If a listed manifest vanishes before it is read, a compaction committed in between and
        deleted it; the listing is then repeated so the snapshot includes the compacted batch.
        """
        while True:
            found = []
            for name in self.manifest_names():
                try:
                    raw = json.loads((self.manifests / name).read_text(encoding="utf-8"))
                except FileNotFoundError:
                    break
                except json.JSONDecodeError as error:
                    raise StoreError(
                        f"{self.manifests / name}: corrupt batch manifest ({error}). Move it aside and rerun "
                        "the ingest: the batch's documents will be ingested again."
                    ) from None
                try:
                    manifest = Manifest(
                        str(raw["batch_id"]), dict(raw["segments"]), dict(raw["rows"]),
                        tuple(raw.get("replaces", ())),
                    )  # fmt: skip
                    found.append(manifest)
                    manifest.sequence  # noqa: B018 - the id must carry its sequence number
                except (KeyError, TypeError, ValueError, AttributeError) as error:
                    raise StoreError(
                        f"{self.manifests / name}: damaged batch manifest (missing or invalid {error}). "
                        "Move it aside and rerun the ingest: the batch's documents will be ingested again."
                    ) from None
            else:
                return sorted(found, key=lambda m: m.sequence)

    def live_manifests(self) -> list[Manifest]:
        """Committed batches that no other committed batch replaces: what readers see."""
        return self.live(self.read_manifests())

    @staticmethod
    def live(manifests: list[Manifest]) -> list[Manifest]:
        """The manifests of a snapshot that no other manifest of it replaces."""
        replaced = {old for m in manifests for old in m.replaces}
        return [m for m in manifests if m.batch_id not in replaced]

    @staticmethod
    def files(root: Path, manifests: list[Manifest], table: str) -> list[str]:
        """Absolute paths of ``table``'s segments in ``manifests``."""
        return [str(root / p) for m in manifests for p in m.segments.get(table, [])]

    # -- writing (callers hold the write lock) -----------------------------------------------

    def new_batch_id(self) -> str:
        """The next sequence number plus a random suffix (so a redone batch never reuses a name)."""
        last = max((int(n.split("-", 1)[0]) for n in self.manifest_names()), default=0)
        return f"{last + 1:012d}-{uuid.uuid4().hex[:8]}"

    def write_segment(
        self, table: str, batch_id: str, data: pa.Table, part: int = 0, row_group_size: int = ROW_GROUP_SIZE
    ) -> str:
        """Write one immutable segment; returns its path relative to the root.

        A batch written by several processes has one segment per ``part`` (0 is the first), each
        with smaller row groups (see :func:`part_row_group_size`).
        """
        name = batch_id if part == 0 else f"{batch_id}.p{part}"
        relative = f"segments/{table}/{name}.parquet"

        def write(path: Path) -> None:
            names = set(data.column_names)
            pq.write_table(
                data,
                path,
                compression="zstd",
                row_group_size=row_group_size,
                use_dictionary=[c for c in DICTIONARY_COLUMNS if c in names],
                write_statistics=[c for c in STATISTICS_COLUMNS if c in names],
            )

        write_durable(self.root / relative, self.tmp, write)
        return relative

    def commit(self, manifest: Manifest) -> None:
        """Publish a batch by writing its manifest last, atomically."""
        body = {
            "batch_id": manifest.batch_id,
            "segments": manifest.segments,
            "rows": manifest.rows,
            "replaces": list(manifest.replaces),
            "committed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        text = json.dumps(body, indent=1)
        write_durable(
            self.manifests / f"{manifest.batch_id}.json",
            self.tmp,
            lambda path: path.write_text(text, encoding="utf-8"),
        )
        fsync_dir(self.manifests)

    def cleanup(self) -> None:
        """Remove what no live manifest references: temp files, replaced manifests, orphan segments.

        Only called under the write lock, so no batch is being written at the same time.
        """
        for path in self.tmp.glob("*"):
            path.unlink(missing_ok=True)
        manifests = self.read_manifests()
        replaced = {old for m in manifests for old in m.replaces}
        for manifest in manifests:
            if manifest.batch_id in replaced:
                (self.manifests / f"{manifest.batch_id}.json").unlink(missing_ok=True)
        referenced = {
            p for m in manifests if m.batch_id not in replaced for ps in m.segments.values() for p in ps
        }
        for table_dir in self.segments.glob("*"):
            for path in table_dir.glob("*.parquet"):
                if f"segments/{table_dir.name}/{path.name}" not in referenced:
                    path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def write_lock(self, timeout: float = 60.0) -> Iterator[None]:
        """Hold the store's advisory write lock (released by the OS if the process dies)."""
        handle = (self.root / "write.lock").open("a")
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"{self.root}: another process has been writing to this store for over "
                            f"{timeout:.0f} s. Wait for it to finish, or check that no stale "
                            "`dyad ingest` is running."
                        ) from None
                    time.sleep(0.05)
            yield
        finally:
            handle.close()
