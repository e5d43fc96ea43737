"""Library entry points for coding text: used by the CLI, the API and ``dyad.extract``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from dyad.model import Article, ArticleResult, ReadError, event_to_json
from dyad.readers import read_inputs
from dyad.readers.fields import parse_date


def code_articles(
    items: Iterable[Article | ReadError], batch_size: int = 32
) -> Iterator[ArticleResult | ReadError]:
    """Run the NLP pipeline over articles (ReadErrors pass through untouched)."""
    from dyad.nlp.pipeline import code_articles as run

    yield from run(items, batch_size=batch_size)


def code_paths(
    paths: Sequence[str | Path],
    default_date: date | None = None,
    strict: bool = False,
    batch_size: int = 32,
    format: str | None = None,
) -> Iterator[ArticleResult | ReadError]:
    """Read and code files, folders or stdin ("-"); ``format`` overrides the file suffixes."""
    yield from code_articles(read_inputs(paths, default_date, strict, format), batch_size=batch_size)


def extract_text(text: str, date: str | None = None, article_id: str = "text") -> list[dict[str, object]]:
    """Code one text; returns its events in the ``dyad extract`` JSON shape."""
    from dyad.readers.text import split_header

    header_date, body, _ = split_header(text)
    published = parse_date(date) if date else header_date
    article = Article(id=article_id, text=body, publication_date=published)
    results = list(code_articles([article]))
    result = results[0]
    if isinstance(result, ReadError):
        raise ValueError(result.reason)
    return [event_to_json(e) for e in result.events]
