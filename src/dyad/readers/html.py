"""HTML pages: main text and publication date through trafilatura (boilerplate removed)."""

from __future__ import annotations

from datetime import date

from dyad.model import Article, ReadError
from dyad.readers.fields import date_flags, excerpt, parse_date

# Fewer words than this after boilerplate removal means the page had no article (menus, cookie walls).
_MIN_WORDS = 8


def html_to_article(
    html: str, origin: str, article_id: str, default_date: date | None
) -> Article | ReadError:
    """Extract the main text, title and date of an HTML page; pages with no main text are errors."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as error:  # a hostile page must not stop the batch: trafilatura and lxml
        # raise many unrelated types (ValueError, lxml errors, RecursionError) on broken markup
        return ReadError(
            origin,
            f"the HTML could not be parsed ({type(error).__name__}); pass the article body as .txt or JSONL",
            "unparseable_html",
            article_id,
            excerpt(html),
        )
    text = getattr(document, "text", None) if document is not None else None
    if not text or sum(any(c.isalpha() for c in w) for w in text.split()) < _MIN_WORDS:
        return ReadError(
            origin,
            "no main text found in the HTML (boilerplate only?); pass the article body "
            "as .txt or JSONL instead",
            "no_main_text",
            article_id,
            excerpt(html),
        )
    published: date | None
    try:
        published = parse_date(getattr(document, "date", None))
    except ValueError:
        published = None
    if published is None:
        published = default_date
    flags = date_flags(published)
    return Article(
        id=article_id,
        text=text,
        publication_date=published,
        title=getattr(document, "title", None) or None,
        url=getattr(document, "url", None) or None,
        source=getattr(document, "sitename", None) or None,
        language=getattr(document, "language", None) or None,
        origin=origin,
        flags=flags,
    )
