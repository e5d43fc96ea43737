"""Plain-text articles: the ``date YYYY-MM-DD`` header format of the seed, and bare ``.txt`` files."""

from __future__ import annotations

import re
from datetime import date

from dyad.model import Article, ReadError
from dyad.readers.fields import date_flags, excerpt

# "date 2024-05-17 Chinese leader ..." — the header may follow leading whitespace and is followed,
# on the same line, by the first sentence. We cut it off so spaCy does not
# merge it into that sentence.
_HEADER = re.compile(r"\A(\s*)date[ \t:]+(\d{4}-\d{2}-\d{2})(?![\d-])\s*", re.IGNORECASE)


def split_header(text: str) -> tuple[date | None, str, str | None]:
    """Strip a leading ``date YYYY-MM-DD`` header.

    Returns:
        (date or None, the text after the header, error or None). The article's text is what
        follows the header, so every offset Dyad reports points into that body.
    """
    match = _HEADER.match(text)
    if not match:
        return None, text, None
    try:
        published = date.fromisoformat(match.group(2))
    except ValueError:
        return None, text, f"header date {match.group(2)!r} is not a real calendar date"
    return published, text[match.end() :], None


def text_to_article(
    text: str, origin: str, article_id: str, default_date: date | None
) -> Article | ReadError:
    """Build an Article from a whole text document (header optional)."""
    published, body, error = split_header(text)
    if error:
        return ReadError(
            origin, error + "; fix the header (date YYYY-MM-DD)", "bad_date", article_id, excerpt(text)
        )
    if not body.strip():
        return ReadError(
            origin, "document is empty or whitespace only", "empty_text", article_id, excerpt(text)
        )
    if published is None:
        published = default_date
    flags = date_flags(published)
    return Article(id=article_id, text=body, publication_date=published, origin=origin, flags=flags)
