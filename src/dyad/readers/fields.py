"""Turn one raw record (a JSON object, a CSV row, a Parquet row) into an Article or a ReadError.

JSONL, CSV and Parquet share one schema: ``id, date, text`` and optional ``title, url, source,
language``. Validation is total: a wrong type, a lone surrogate, a NUL character, an oversized field
or a bad date makes that record a ReadError; nothing here raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

from dyad.model import Article, ReadError
from dyad.readers.dates import parse_date

__all__ = [
    "date_flags",
    "excerpt",
    "guarded",
    "parse_date",
    "printable",
    "record_to_article",
    "text_problem",
]

OPTIONAL_FIELDS = ("title", "url", "source", "language")
FIELD_LIMITS = {"id": 1_000, "title": 10_000, "url": 10_000, "source": 1_000, "language": 64}
"""The longest value, in characters, of each short field; a longer one is a field mix-up or poison."""
_EXCERPT = 80


def printable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udXXX`` escapes, so it can be stored and printed."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def excerpt(raw: str) -> str:
    """The first characters of a raw record, on one line and printable, to find it again."""
    flat = " ".join(raw[: _EXCERPT * 4].split())
    return printable(flat[:_EXCERPT]) + ("…" if len(flat) > _EXCERPT or len(raw) > _EXCERPT * 4 else "")


def text_problem(value: str) -> str | None:
    """Why ``value`` is not text Dyad can store (a NUL character, a lone surrogate), or None."""
    if "\x00" in value:
        return f"contains a NUL character at offset {value.index(chr(0))}: binary data, not text"
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return (
            f"contains the lone surrogate U+{ord(value[error.start]):04X} at offset {error.start}, which "
            "is not Unicode text (in JSON, an unpaired \\ud800-\\udfff escape); fix or remove it"
        )
    return None


def date_flags(published: date | None) -> tuple[str, ...]:
    """Quality flags for a publication date: missing, or later than today (a typo or a wrong field).

    Checking against today's date is input validation only; text is never interpreted against it.
    """
    if published is None:
        return ("date_missing",)
    if published > date.today() + timedelta(days=1):
        return ("date_in_future",)
    return ()


def _string_field(name: str, value: str, origin: str, record_id: str | None, raw: str) -> ReadError | None:
    """A ReadError when a string field holds poison (NUL, surrogate) or is longer than its limit."""
    problem = text_problem(value)
    if problem is not None:
        kind = "binary" if problem.startswith("contains a NUL") else "undecodable"
        return ReadError(origin, f"field {name!r} {problem}", kind, record_id, excerpt(raw))
    limit = FIELD_LIMITS.get(name)
    if limit is not None and len(value) > limit:
        return ReadError(
            origin,
            f"field {name!r} has {len(value):,} characters, more than the {limit:,} allowed; "
            "check that the columns are not mixed up",
            "too_long",
            record_id,
            excerpt(raw),
        )
    return None


def record_to_article(
    record: Mapping[str, object],
    origin: str,
    fallback_id: str,
    default_date: date | None,
    raw: str,
) -> Article | ReadError:
    """Validate one record. Wrong types, poison strings, missing text and bad dates become ReadErrors."""
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return ReadError(
            origin,
            f"field 'id' must be a string or integer, got {type(raw_id).__name__}",
            "wrong_type",
            None,
            excerpt(raw),
        )
    if raw_id is None or raw_id == "":
        record_id = fallback_id
    else:
        try:
            record_id = str(raw_id)
        except ValueError:  # an integer too long to print (more than 4,300 digits)
            return ReadError(
                origin, "field 'id' is an integer with too many digits", "too_long", None, excerpt(raw)
            )
    shown_id = printable(record_id[: FIELD_LIMITS["id"]])
    problem = _string_field("id", record_id, origin, shown_id, raw)
    if problem is not None:
        return problem
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
    problem = _string_field("text", text, origin, record_id, raw)
    if problem is not None:
        return problem
    if not text.strip():
        return ReadError(
            origin, "field 'text' is empty or whitespace only", "empty_text", record_id, excerpt(raw)
        )
    try:
        published = parse_date(record.get("date"))
    except ValueError as error:
        return ReadError(origin, printable(str(error)), "bad_date", record_id, excerpt(raw))
    if published is None:
        published = default_date
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
        if value:
            problem = _string_field(name, value, origin, record_id, raw)
            if problem is not None:
                return problem
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
        flags=date_flags(published),
    )


def guarded(convert: Callable[..., Article | ReadError], where: str, *args: object) -> Article | ReadError:
    """``convert(*args)`` for one record; an exception nobody foresaw becomes that record's ReadError.

    The readers validate every field they know of, so this is the last resort that keeps one
    record's surprise from stopping the batch; the property tests check it never fires.
    """
    try:
        return convert(*args)
    except Exception as error:
        return ReadError(
            where,
            f"Dyad could not read this record ({type(error).__name__}: {printable(str(error))[:200]}); "
            "this is a bug in Dyad, please report it with the record",
            "internal_error",
        )
