"""Coding pasted articles and ingesting them: request records -> Articles -> events or a stored batch.

Records are validated by :func:`dyad.readers.fields.record_to_article`, exactly like lines of a
JSONL input, so the API accepts and rejects what ``dyad extract news.jsonl`` does. A request with
any rejected record is refused as a whole (422, one problem per record) and nothing is coded or
stored. The spaCy pipeline is shared by all requests and used under a lock; the store's readers
never wait for it (they have no lock in common with coding).
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import HTTPException

from dyad.model import Article, ArticleResult, ReadError, event_to_json
from dyad.readers.fields import record_to_article

_CODING = threading.Lock()


class Problems(Exception):
    """Input records that were rejected, one ``(where, message)`` per record."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{w}: {m}" for w, m in problems))
        self.problems = problems


def to_articles(records: Sequence[dict[str, Any]], prefix: str = "api") -> list[Article]:
    """Validate request records like JSONL lines; raises :class:`Problems` naming each bad one."""
    articles: list[Article] = []
    problems: list[tuple[str, str]] = []
    for index, record in enumerate(records):
        raw = json.dumps(record, ensure_ascii=False)[:200]
        result = record_to_article(record, f"body[{index}]", f"{prefix}-{index}", None, raw)
        if isinstance(result, ReadError):
            problems.append((f"body[{index}]", result.reason))
        else:
            articles.append(result)
    if problems:
        raise Problems(problems)
    return articles


def code(articles: Sequence[Article]) -> list[ArticleResult]:
    """Run the NLP pipeline over validated articles (one request at a time)."""
    from dyad.extract import code_articles

    with _CODING:
        results = list(code_articles(articles))
    failed = [r for r in results if isinstance(r, ReadError)]
    if failed:
        raise Problems([(f.origin, f.reason) for f in failed])
    return [r for r in results if isinstance(r, ArticleResult)]


def extract(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Code records without storing them: per article its events, and all events flat."""
    return extract_articles(to_articles(records))


def extract_articles(validated: Sequence[Article]) -> dict[str, Any]:
    """Code validated articles without storing them (the ``POST /api/extract`` payload)."""
    coded = code(validated)
    articles: list[dict[str, Any]] = [
        {
            "article_id": r.article.id,
            "publication_date": r.article.publication_date.isoformat()
            if r.article.publication_date
            else None,
            "text": r.article.text,
            "events": [event_to_json(e) for e in r.events],
        }
        for r in coded
    ]
    flat = [event for article in articles for event in article["events"]]
    return {"articles": articles, "events": flat}


def ingest(records: Sequence[dict[str, Any]], store: Any) -> dict[str, Any]:
    """Code records and store them (articles already stored are skipped); returns the ingest summary."""
    from dyad.store.ingest import ingest as run_ingest

    articles = to_articles(records)

    def read(_paths: Sequence[str], **_options: Any) -> Iterator[Article | ReadError]:
        yield from articles

    def coder(items: Any, batch_size: int = 32) -> Iterator[ArticleResult | ReadError]:
        from dyad.extract import code_articles

        with _CODING:
            yield from list(code_articles(items, batch_size=batch_size))

    summary = run_ingest(["api"], store, progress=False, read=read, code=coder, background_compaction=True)
    return {name: getattr(summary, name) for name in summary.__dataclass_fields__}


def has_token(configured: str | None, authorization: str | None) -> bool:
    """True for a request with the server's token; False without one; 403 for a wrong one."""
    if not configured or not authorization:
        return False
    check_token(configured, authorization)
    return True


def check_token(configured: str | None, authorization: str | None) -> None:
    """Refuse a write unless ``Authorization: Bearer <token>`` matches the server's token.

    No token configured: writes are disabled (403). Missing header: 401. Wrong token: 403.
    """
    if not configured:
        raise HTTPException(
            403,
            "writes are disabled on this server: start it with a token (`DYAD_TOKEN=T dyad serve` "
            "or `dyad serve --token-file FILE`) and send `Authorization: Bearer T`.",
        )
    if not authorization:
        raise HTTPException(
            401,
            "this endpoint writes to the store: send `Authorization: Bearer <token>`.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), configured.encode()):
        raise HTTPException(
            403, "the bearer token does not match the server's token; check DYAD_TOKEN / --token-file."
        )
