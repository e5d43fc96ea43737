"""Plain-text articles: an optional ``date ...`` header line, then the body.

The header is ``date`` (or ``date:``) followed by a date in any form :mod:`dyad.readers.dates`
accepts, then the first sentence on the same line or the next: ``date 2024-05-17 Chinese leader
...`` or ``Date: 3 March 2019``. A header whose date cannot be read is an error naming its line,
never an undated article that keeps the header in its text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import BinaryIO

from dyad.model import Article, ReadError
from dyad.readers.dates import ACCEPTED_FORMS, read_date, starts_like_a_date
from dyad.readers.fields import date_flags, excerpt
from dyad.readers.stream import MAX_RECORD_BYTES, read_bounded

# "date" then spaces or a colon. Without a colon, "Date palms grow ..." is text, not a header: only
# a word that starts like a date (a digit, a month or weekday name) makes it one.
_HEADER = re.compile(r"\A\s*date(?:[ \t]*:[ \t]*|[ \t]+)", re.IGNORECASE)
# After the date: an optional closing mark ("date 3 March 2019. Police ...") and the whitespace
# before the body, cut off so spaCy does not merge the header into the first sentence.
_AFTER_DATE = re.compile(r"[ \t]*[.,;]?\s*")


def split_header(text: str) -> tuple[date | None, str, str | None]:
    """Strip a leading ``date ...`` header.

    Returns:
        (date or None, the text after the header, error or None). The article's text is what
        follows the header, so every offset Dyad reports points into that body.
    """
    match = _HEADER.match(text)
    if not match or (":" not in match.group(0) and not starts_like_a_date(text, match.end())):
        return None, text, None
    try:
        published, end = read_date(text, match.end())
    except ValueError as error:
        return None, text, f"in the header, {error}"
    after = _AFTER_DATE.match(text, end)
    return published, text[after.end() if after else end :], None


def header_line(text: str) -> int:
    """The 1-based line of the first non-blank character (where a header would be)."""
    return text[: len(text) - len(text.lstrip())].count("\n") + 1


def text_to_article(
    text: str, origin: str, article_id: str, default_date: date | None
) -> Article | ReadError:
    """Build an Article from a whole text document (header optional)."""
    published, body, error = split_header(text)
    if error:
        return ReadError(
            f"{origin}:{header_line(text)}",
            f"{error}; write the header as 'date 2019-03-03' (accepted forms: {ACCEPTED_FORMS}) or remove it",
            "bad_date",
            article_id,
            excerpt(text),
        )
    if not body.strip():
        return ReadError(
            origin, "document is empty or whitespace only", "empty_text", article_id, excerpt(text)
        )
    if published is None:
        published = default_date
    flags = date_flags(published)
    return Article(id=article_id, text=body, publication_date=published, origin=origin, flags=flags)


def read_document(stream: BinaryIO, origin: str) -> str | ReadError:
    """A whole one-article file (text or HTML) as text: at most MAX_RECORD_BYTES, UTF-8, no NULs.

    Reading stops at the limit, so a 20 GB file costs 8 MiB, not 20 GB.
    """
    raw = read_bounded(stream)
    if raw is None:
        return ReadError(
            origin,
            f"file is larger than {MAX_RECORD_BYTES // 2**20} MiB, far more than one article; "
            "split it into articles (one file each, or one JSONL line each)",
            "too_long",
        )
    if b"\x00" in raw:
        return ReadError(
            origin, "binary file (contains NUL bytes); Dyad reads UTF-8 text, JSONL, CSV or HTML", "binary"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ReadError(
            origin,
            f"bytes at offset {error.start} are not valid UTF-8; re-encode the file as UTF-8",
            "undecodable",
            None,
            excerpt(raw[:200].decode("utf-8", "replace")),
        )
    return text
