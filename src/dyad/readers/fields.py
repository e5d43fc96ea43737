"""Turn one raw record (a JSON object, a CSV row) into an Article or a ReadError.

JSONL and CSV share one schema: ``id, date, text`` and optional ``title, url, source, language``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from dyad.model import Article, ReadError

OPTIONAL_FIELDS = ("title", "url", "source", "language")
_EXCERPT = 80


def excerpt(raw: str) -> str:
    """The first characters of a raw record, on one line, to find it again."""
    flat = " ".join(raw.split())
    return flat[:_EXCERPT] + ("…" if len(flat) > _EXCERPT else "")


def parse_date(value: object) -> date | None:
    """Parse an ISO date or datetime ("2024-05-17", "2024-05-17T09:30:00Z").

    Raises:
        ValueError: with a message naming the bad value and the expected form.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be a string like 2024-05-17, got {type(value).__name__} {value!r}")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"unparseable date {value!r}: use ISO form YYYY-MM-DD") from None


def date_flags(published: date | None) -> tuple[str, ...]:
    """Quality flags for a publication date: missing, or later than today (a typo or a wrong field).

    Checking against today's date is input validation only; text is never interpreted against it.
    """
    if published is None:
        return ("date_missing",)
    if published > date.today() + timedelta(days=1):
        return ("date_in_future",)
    return ()


def record_to_article(
    record: Mapping[str, object],
    origin: str,
    fallback_id: str,
    default_date: date | None,
    raw: str,
) -> Article | ReadError:
    """Validate one record. Wrong types, missing text and bad dates become ReadErrors."""
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        return ReadError(
            origin,
            f"field 'id' must be a string or integer, got {type(raw_id).__name__}",
            "wrong_type",
            None,
            excerpt(raw),
        )
    record_id = str(raw_id) if raw_id not in (None, "") else fallback_id
    text = record.get("text")
    if text is None:
        return ReadError(
            origin,
            "record has no 'text' field; every record needs the article body in 'text'",
            "missing_text",
            record_id,
            excerpt(raw),
        )
    if not isinstance(text, str):
        return ReadError(
            origin,
            f"field 'text' must be a string, got {type(text).__name__}",
            "wrong_type",
            record_id,
            excerpt(raw),
        )
    if not text.strip():
        return ReadError(
            origin, "field 'text' is empty or whitespace only", "empty_text", record_id, excerpt(raw)
        )
    try:
        published = parse_date(record.get("date"))
    except ValueError as error:
        return ReadError(origin, str(error), "bad_date", record_id, excerpt(raw))
    if published is None:
        published = default_date
    flags = date_flags(published)
    extras: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return ReadError(
                origin,
                f"field {name!r} must be a string, got {type(value).__name__}",
                "wrong_type",
                record_id,
                excerpt(raw),
            )
        extras[name] = value or None
    return Article(
        id=record_id,
        text=text,
        publication_date=published,
        title=extras["title"],
        url=extras["url"],
        source=extras["source"],
        language=extras["language"],
        origin=origin,
        flags=flags,
    )
