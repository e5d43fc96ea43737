"""Schema versions of the store and the migrations between them.

``STORE/SCHEMA_VERSION`` holds the layout version. Opening a store with an older version runs the
migrations in :data:`MIGRATIONS` in order, under the write lock; a newer version than this Dyad
knows is an error (upgrade Dyad). Each migration must be safe to rerun after a crash: it rebuilds
the new layout from the old files and writes the version file only when done.

Version 0 is the pre-manifest prototype layout: bare ``events/``, ``articles/`` and ``errors/``
folders of Parquet files, no manifests, actor sectors as ``"GOV|MIL"`` strings and no ``dyad_key``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dyad.errors import StoreError
from dyad.store.schema import SCHEMA_VERSION, SCHEMAS, TABLES
from dyad.store.segments import Layout, Manifest, fsync_dir, write_durable


def read_version(layout: Layout) -> int | None:
    """The store's version; 0 for a v0 layout, None for an empty or new directory."""
    if layout.version_file.exists():
        text = layout.version_file.read_text(encoding="utf-8").strip()
        if not text.isdigit():
            raise StoreError(f"{layout.version_file}: expected a version number, found {text!r}.")
        return int(text)
    if any((layout.root / table).is_dir() for table in TABLES):
        return 0
    return None


def write_version(layout: Layout, version: int) -> None:
    """Atomically record the layout version."""
    layout.tmp.mkdir(parents=True, exist_ok=True)
    write_durable(layout.version_file, layout.tmp, lambda p: p.write_text(f"{version}\n", encoding="utf-8"))
    fsync_dir(layout.root)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Reorder/cast ``table`` to ``schema``; absent columns become nulls, sector strings become lists."""
    columns = []
    for field in schema:
        if field.name == "dyad_key" and field.name not in table.column_names:
            columns.append(_dyad_key(table))
            continue
        if field.name not in table.column_names:
            columns.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table[field.name]
        if pa.types.is_list(field.type) and pa.types.is_string(column.type):
            filled = pc.fill_null(column, "")
            empty = pa.nulls(table.num_rows, field.type)
            column = pc.if_else(pc.equal(filled, ""), empty, pc.split_pattern(filled, "|"))
        columns.append(column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _dyad_key(table: pa.Table) -> pa.Array:
    def key(prefix: str) -> pa.Array:
        country = table[f"{prefix}_country"] if f"{prefix}_country" in table.column_names else None
        code = table[f"{prefix}_code"]
        chosen = code if country is None else pc.coalesce(country, code)
        return pc.fill_null(chosen, "")

    a, b = key("source"), key("target")
    low = pc.if_else(pc.less_equal(a, b), a, b)
    high = pc.if_else(pc.less_equal(a, b), b, a)
    return pc.binary_join_element_wise(low, high, "|")


def _migrate_0_to_1(layout: Layout) -> None:
    # A half-finished earlier attempt may have left manifests: v0 had none, so they are ours.
    for path in (layout.manifests, layout.segments):
        if path.exists():
            shutil.rmtree(path)
    layout.create_dirs()
    batch_id = layout.new_batch_id()
    segments: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    for table in TABLES:
        files = sorted((layout.root / table).glob("*.parquet")) if (layout.root / table).is_dir() else []
        parts = [conform(pq.read_table(f), SCHEMAS[table]) for f in files]
        data = pa.concat_tables(parts) if parts else SCHEMAS[table].empty_table()
        segments[table] = [layout.write_segment(table, batch_id, data)]
        rows[table] = data.num_rows
    layout.commit(Manifest(batch_id, segments, rows))
    write_version(layout, 1)
    for table in TABLES:
        shutil.rmtree(layout.root / table, ignore_errors=True)


MIGRATIONS: dict[int, Callable[[Layout], None]] = {0: _migrate_0_to_1}
"""``from_version -> step``; each step brings the store to ``from_version + 1``."""


def ensure_current(layout: Layout) -> None:
    """Create a new store, or migrate an old one to :data:`SCHEMA_VERSION` (caller holds the lock)."""
    version = read_version(layout)
    if version is None:
        layout.create_dirs()
        write_version(layout, SCHEMA_VERSION)
        return
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{layout.root}: store schema version {version} is newer than this Dyad supports "
            f"({SCHEMA_VERSION}). Upgrade Dyad to read it."
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StoreError(f"{layout.root}: no migration from store schema version {version}.")
        step(layout)
        version += 1
        write_version(layout, version)
    layout.create_dirs()


def needs_work(root: Path) -> bool:
    """True when opening ``root`` must create or migrate it (so it needs the write lock)."""
    layout = Layout(root)
    return read_version(layout) != SCHEMA_VERSION or not layout.manifests.is_dir()
