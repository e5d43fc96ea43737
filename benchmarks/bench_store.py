"""Event-store benchmark: bulk write rate, compaction, dyad series and filter latency at scale.

Usage::

    .venv/bin/python benchmarks/bench_store.py            # 10 million events
    .venv/bin/python benchmarks/bench_store.py --quick    # 1 million events

Synthetic results (no NLP) are generated outside the timed region; ``write_batch`` time is
measured alone, with its CPU time (all threads) and the machine's load average, so that a run on
a busy machine can be recognised. Queries run on a fresh ``Store`` handle (cold: first query
includes opening the Parquet files) and then five more times (warm: median). Targets at 10M
events: dyad series < 0.5 s, actor/date filter < 1 s, bulk write >= 200k events/s. Writes
bench-results/store.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dyad.analysis.queries import EventFilter
from dyad.store.store import Store
from dyad.store.synthetic import make_result

TARGETS = {"write_events_per_s": 200_000, "dyad_series_s": 0.5, "actor_date_filter_s": 1.0}


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children (forked store writers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(function: Callable[[], object], repeats: int = 5) -> dict[str, float]:
    """Cold (first call) and warm (median of ``repeats``) seconds."""
    start = time.perf_counter()
    function()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        warm.append(time.perf_counter() - start)
    return {"cold_s": round(cold, 4), "warm_s": round(statistics.median(warm), 4)}


def queries(path: Path) -> dict[str, dict[str, float]]:
    store = Store(path)
    spec = EventFilter(actor="CHNGOV", start=date(2020, 1, 1), end=date(2020, 3, 31))
    result = {
        "dyad_series_week": timed(lambda: store.dyad_series("CHN", "RUS", "week")),
        "dyad_series_month_directed": timed(lambda: store.dyad_series("CHN", "RUS", "month", directed=True)),
        "actor_date_filter": timed(lambda: store.events(spec)),
        "count_all": timed(lambda: store.counts()),
    }
    result["actor_date_filter"]["rows"] = len(store.events(spec))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="Total events (default 10M).")
    parser.add_argument("--quick", action="store_true", help="1 million events.")
    parser.add_argument("--batch-events", type=int, default=250_000, help="Events per write_batch.")
    parser.add_argument("--per-article", type=int, default=10, help="Events per synthetic article.")
    parser.add_argument("--store", type=Path, default=None, help="Store directory (default: a temp dir).")
    parser.add_argument("--keep", action="store_true", help="Keep the store afterwards.")
    parser.add_argument("--out", type=Path, default=Path("bench-results/store.json"))
    args = parser.parse_args()
    total = 1_000_000 if args.quick else args.events
    path = args.store or Path(tempfile.mkdtemp(prefix="dyad-bench-")) / "store"
    if path.exists():
        shutil.rmtree(path)
    store = Store(path)
    articles_per_batch = max(args.batch_events // args.per_article, 1)
    write_seconds = 0.0
    write_cpu_seconds = 0.0  # all threads and forked writers: the honest cost when the machine is shared
    load_before = os.getloadavg()[0]
    written = 0
    number = 0
    while written < total:
        batch = [make_result(number + i, events=args.per_article) for i in range(articles_per_batch)]
        number += articles_per_batch
        start, cpu_start = time.perf_counter(), cpu_seconds()
        summary = store.write_batch(batch)
        write_seconds += time.perf_counter() - start
        write_cpu_seconds += cpu_seconds() - cpu_start
        written += summary.events
        print(f"\r  written {written:,} events", end="", flush=True)
    print()
    before = queries(path)
    start = time.perf_counter()
    merged = store.compact(small_rows=args.batch_events * 2)
    compact_seconds = time.perf_counter() - start
    after = queries(path)
    size = sum(p.stat().st_size for p in path.rglob("*.parquet"))
    report = {
        "events": written,
        "batches_written": -(-written // (articles_per_batch * args.per_article)),
        "write_events_per_s": round(written / write_seconds),
        "write_seconds": round(write_seconds, 2),
        "write_cpu_seconds": round(write_cpu_seconds, 2),
        "machine": {"cpus": os.cpu_count(), "load_1min_before_writes": round(load_before, 2)},
        "compaction": {"batches_merged": merged, "seconds": round(compact_seconds, 2)},
        "store_bytes": size,
        "queries_before_compaction": before,
        "queries_after_compaction": after,
        "targets": TARGETS,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nDyad store benchmark: {written:,} events, {size / 1e6:.0f} MB on disk")
    print(f"{'measure':38} {'value':>14} {'target':>12}")
    print(f"{'bulk write (events/s)':38} {report['write_events_per_s']:>14,} {'>= 200,000':>12}")
    print(f"{'  write CPU s (all processes) / load':38} {write_cpu_seconds:>8.1f} / {load_before:<4.1f}")
    print(f"{'compaction (s)':38} {compact_seconds:>14.2f} {'':>12}")
    for label, block in (("before compaction", before), ("after compaction", after)):
        for name, target in (
            ("dyad_series_week", "< 0.5 s"),
            ("dyad_series_month_directed", "< 0.5 s"),
            ("actor_date_filter", "< 1 s"),
            ("count_all", ""),
        ):
            timing = block[name]
            print(f"{name + ' ' + label:38} {timing['cold_s']:>6.3f}/{timing['warm_s']:<7.3f} {target:>12}")
    print(f"(query columns are cold/warm seconds) -> {args.out}")
    if not args.keep and args.store is None:
        shutil.rmtree(path.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
