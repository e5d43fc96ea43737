"""The unit of work every engine runs: code one partition of records (model loaded once per process)."""

from __future__ import annotations

from collections.abc import Sequence

from dyad.model import Article, ArticleResult, ReadError


def code_partition(
    items: Sequence[Article | ReadError], batch_size: int = 32
) -> list[ArticleResult | ReadError]:
    """Code a partition; results come back in input order (ReadErrors pass through).

    The spaCy pipeline is built on first use in each process and reused for every later partition.
    """
    from dyad.nlp.pipeline import code_articles

    return list(code_articles(items, batch_size=batch_size))


def warm_up() -> bool:
    """Build the pipeline in this process ahead of the first partition (worker initializer)."""
    from dyad.nlp.pipeline import load_pipeline

    load_pipeline()
    return True
