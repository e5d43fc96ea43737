"""Ingest with a fake reader and coder: skipping before NLP, batching, errors, reruns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dyad.errors import DyadError
from dyad.model import Article, ArticleResult, ReadError
from dyad.store.ingest import ingest, sample_paths
from dyad.store.store import Store
from dyad.store.synthetic import make_article, make_error, make_result


class FakePipeline:
    """Reads a fixed list of records; codes each article into two synthetic events; counts work."""

    def __init__(self, items: list[Article | ReadError]) -> None:
        self.items = items
        self.coded: list[str] = []

    def read(self, paths: list[str], date=None, strict=False) -> Iterator[Article | ReadError]:
        yield from self.items

    def code(
        self, items: Iterable[Article | ReadError], batch_size: int = 32
    ) -> Iterator[ArticleResult | ReadError]:
        for item in items:
            if isinstance(item, ReadError):
                yield item
                continue
            self.coded.append(item.id)
            number = int(item.id.rsplit("-", 1)[1])
            yield ArticleResult(item, make_result(number, events=2).events)


def run(store: Store, pipeline: FakePipeline, **options):
    return ingest(["in"], store, progress=False, read=pipeline.read, code=pipeline.code, **options)


def test_ingest_then_rerun_is_a_no_op(tmp_path):
    items = [make_article(n) for n in range(50)] + [make_error(1)]
    store = Store(tmp_path / "s")
    first = FakePipeline(items)
    summary = run(store, first, commit_every=8)
    assert (summary.documents, summary.articles_new, summary.events, summary.errors) == (51, 50, 100, 1)
    assert summary.batches == 7 and not summary.ok
    again = FakePipeline(items)
    second = run(store, again)
    assert again.coded == []  # skipped before NLP
    assert (second.articles_new, second.articles_skipped, second.events, second.errors) == (0, 50, 0, 1)
    assert store.counts() == {"articles": 50, "events": 100, "errors": 1}


def test_duplicate_articles_in_one_input_are_coded_once(tmp_path):
    article = make_article(3)
    pipeline = FakePipeline([article, article, make_article(4)])
    summary = run(Store(tmp_path / "s"), pipeline)
    assert pipeline.coded == [article.id, "syn-0-4"]
    assert (summary.articles_new, summary.articles_skipped) == (2, 1)
    assert summary.ok


def test_many_small_batches_are_compacted(tmp_path):
    store = Store(tmp_path / "s")
    run(store, FakePipeline([make_article(n) for n in range(40)]), commit_every=2)
    assert len(store.batches()) == 1
    assert store.counts()["events"] == 80


def test_sample_paths_point_into_the_package():
    try:
        paths = sample_paths()
    except DyadError as error:  # the sample corpus is added by the lead; until then it is missing
        assert "sample corpus" in str(error)
        return
    assert all(p.endswith(".txt") for p in paths)
