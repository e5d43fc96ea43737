"""JSONL: one JSON object per line, read line by line; every bad line is that line's ReadError."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from dyad.model import Article, ReadError
from dyad.readers.fields import excerpt, guarded, record_to_article
from dyad.readers.stream import MAX_RECORD_BYTES, lines

_BOM = b"\xef\xbb\xbf"


def read_jsonl(
    stream: BinaryIO, origin: str, stem: str, default_date: date | None
) -> Iterator[Article | ReadError]:
    """Articles and ReadErrors from a JSONL stream, one line in memory at a time; blank lines skipped."""
    for number, line_bytes in lines(stream):
        where = f"{origin}:{number}"
        if line_bytes is None:
            yield ReadError(
                where,
                f"line is longer than {MAX_RECORD_BYTES // 2**20} MiB, far more than one article; "
                "split it into articles, one per line",
                "too_long",
            )
            continue
        if number == 1 and line_bytes.startswith(_BOM):
            line_bytes = line_bytes[len(_BOM) :]
        if not line_bytes.strip():
            continue
        yield guarded(line_to_article, where, line_bytes, where, f"{stem}:{number}", default_date)


def line_to_article(
    line_bytes: bytes, where: str, fallback_id: str, default_date: date | None
) -> Article | ReadError:
    """One JSONL line: undecodable bytes, bad JSON, too deep nesting and non-objects are ReadErrors."""
    try:
        line = line_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        return ReadError(
            where,
            f"bytes at offset {error.start} are not valid UTF-8; re-encode the file as UTF-8",
            "undecodable",
            None,
            excerpt(line_bytes[:200].decode("utf-8", "replace")),
        )
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return ReadError(
            where,
            f"invalid JSON ({error.msg} at column {error.colno}); each line must be one JSON object",
            "invalid_json",
            None,
            excerpt(line),
        )
    except RecursionError:
        return ReadError(
            where,
            "JSON nested too deeply (about 1,000 levels or more); a record is one flat object "
            "with string fields",
            "too_deep",
            None,
            excerpt(line),
        )
    except ValueError as error:  # an integer of more than 4,300 digits: "Exceeds the limit ...: ..."
        reason = str(error).split(":", 1)[0]
        return ReadError(
            where,
            f"invalid JSON ({reason}); each line must be one JSON object",
            "invalid_json",
            None,
            excerpt(line),
        )
    if not isinstance(record, dict):
        return ReadError(
            where,
            f"expected a JSON object per line, got {type(record).__name__}",
            "wrong_type",
            None,
            excerpt(line),
        )
    return record_to_article(record, where, fallback_id, default_date, line)
