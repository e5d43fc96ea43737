"""CSV and TSV: a header row naming the fields, then one record per row, read row by row.

Rows are parsed strictly, so a broken quote is found instead of swallowing the rows after it:

* a quote that closes in the middle of a field (``"He said "hi" ..."``) is an error on its row;
* a quoted field that never closes, that runs on into a line that looks like a new row (a date
  where the header has its date column, else an id with a digit where it has its id), or that
  spans lines and leaves more fields than the header, is an error on the line where it opened;
* a row longer than MAX_RECORD_BYTES is an error on the line where it started.

After such an error, reading restarts on the line after the one that opened the bad row, so the rows
it would have swallowed still come out.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from dyad.model import Article, ReadError
from dyad.readers.fields import excerpt, guarded, parse_date, printable, record_to_article
from dyad.readers.stream import MAX_RECORD_BYTES, lines

# The csv module's limit (131,072 characters) is lower than an article may be; our own row limit,
# MAX_RECORD_BYTES, bounds memory instead. The setting is process-wide, and only ever raised here.
csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES + 1))

_BOM = "\ufeff"
# Bytes that are not UTF-8 decode (with "surrogateescape") to these code points, and only to these.
_UNDECODED = re.compile("[\udc80-\udcff]")
_ID_LIKE = re.compile(r"(?=\S*\d)\S{1,64}")

Line = tuple[int, str | None]
"""A physical line: its 1-based number and text with its line end (None when over the size limit)."""


class _Abandon(Exception):
    """Raised from the line feed to stop the csv parser in the middle of a bad row."""

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Row:
    """One parsed row, or the reason it could not be parsed."""

    first: int
    """Physical line where the row starts."""
    last: int
    """Physical line where it ends."""
    raw: str
    """The row's text as read (for excerpts)."""
    fields: list[str] | None
    """The values; None when the row is malformed."""
    reason: str = ""
    """Why it is malformed."""
    kind: str = "malformed_csv"
    """ReadError kind for a malformed row."""


def physical_lines(stream: BinaryIO) -> Iterator[Line]:
    """Decoded physical lines, split at ``\\n``, ``\\r\\n`` and ``\\r`` (as ``newline=''`` would).

    Undecodable bytes become lone surrogates (``surrogateescape``) so that each row, not the whole
    file, is rejected for them.
    """
    number = 0
    for _, raw in lines(stream):
        if raw is None:
            number += 1
            yield number, None
            continue
        for piece in raw.splitlines(keepends=True):
            number += 1
            text = piece.decode("utf-8", "surrogateescape")
            yield number, text[1:] if number == 1 and text.startswith(_BOM) else text


class RowReader:
    """Rows of a delimited stream, with the put-back needed to restart after a broken row."""

    def __init__(self, source: Iterator[Line], delimiter: str) -> None:
        self.source = source
        self.delimiter = delimiter
        self.pending: deque[Line] = deque()
        self.header: list[str] | None = None
        self._date_column: int | None = None
        self._id_column: int | None = None

    def set_header(self, header: list[str]) -> None:
        """Name the fields; from now on a line that looks like a new row ends a runaway quote."""
        self.header = header
        self._date_column = header.index("date") if "date" in header else None
        self._id_column = header.index("id") if "id" in header else None

    def looks_like_row(self, text: str) -> bool:
        """Whether a line inside a quoted field looks like the start of a new record instead.

        The line's leading fields (up to any quote; without a quote, exactly the header's number
        of fields) must reach the date column and hold a date there ("7,2024-05-17,..."), or, when
        that is empty or there is no date column, hold an id with a digit ("a7,,..."). Lines of
        running text rarely do either.
        """
        if self.header is None or len(self.header) < 2:
            return False
        line = text.rstrip("\r\n")
        quote = line.find('"')
        if quote == -1:
            values = line.split(self.delimiter)
            if len(values) != len(self.header):
                return False
        else:  # the fields complete before the quote
            values = line[:quote].split(self.delimiter)[:-1]
        column = self._date_column
        if column is not None and column < len(values) and values[column].strip():
            try:
                return parse_date(values[column]) is not None
            except ValueError:
                return False
        column = self._id_column
        return column is not None and column < len(values) and _ID_LIKE.fullmatch(values[column]) is not None

    def _next_line(self) -> Line | None:
        return self.pending.popleft() if self.pending else next(self.source, None)

    def next_row(self) -> Row | None:
        """The next row (blank lines give an empty field list), or None at the end of the stream."""
        consumed: list[Line] = []
        size = 0

        def feed() -> Iterator[str]:
            nonlocal size
            while (line := self._next_line()) is not None:
                consumed.append(line)
                number, text = line
                if text is None or size + len(text) > MAX_RECORD_BYTES:
                    raise _Abandon(
                        f"row is longer than {MAX_RECORD_BYTES // 2**20} MiB (an unclosed quote?); "
                        "split it or close the quote",
                        "too_long",
                    )
                size += len(text)
                if len(consumed) > 1 and self.looks_like_row(text):
                    raise _Abandon(
                        f"unterminated quote: the quoted field that opens on line {consumed[0][0]} runs "
                        f"on into line {number}, which looks like a new row; close the quote, and "
                        'double any quote inside a quoted field ("")',
                        "malformed_csv",
                    )
                yield text

        parser = csv.reader(feed(), delimiter=self.delimiter, strict=True)
        try:
            fields = next(parser)
        except StopIteration:
            return None
        except _Abandon as stop:
            return self._broken(consumed, stop.reason, stop.kind)
        except csv.Error as error:
            if str(error) == "unexpected end of data":
                reason = (
                    f"unterminated quote: the quoted field that opens on line {consumed[0][0]} never "
                    'closes; close the quote, and double any quote inside a quoted field ("")'
                )
            else:
                reason = f'malformed CSV ({error}); double any quote inside a quoted field ("")'
            return self._broken(consumed, reason, "malformed_csv")
        if len(consumed) > 1 and self.header is not None and len(fields) > len(self.header):
            return self._broken(
                consumed,
                f"a quoted field that opens on line {consumed[0][0]} runs on to line {consumed[-1][0]} "
                "and leaves more fields than the header: an unclosed or stray quote? Close the quote, "
                'and double any quote inside a quoted field ("")',
                "malformed_csv",
            )
        raw = "".join(text or "" for _, text in consumed)
        return Row(consumed[0][0], consumed[-1][0], raw, fields)

    def _broken(self, consumed: list[Line], reason: str, kind: str) -> Row:
        """A malformed row on its first line; the lines after that one are read again as rows."""
        first, text = consumed[0]
        self.pending.extendleft(reversed(consumed[1:]))
        return Row(first, first, text or "", None, reason, kind)

    def __iter__(self) -> Iterator[Row]:
        while (row := self.next_row()) is not None:
            yield row


def read_delimited(
    stream: BinaryIO, origin: str, stem: str, default_date: date | None, delimiter: str
) -> Iterator[Article | ReadError]:
    """Articles and ReadErrors from a CSV (``,``) or TSV (``\\t``) stream, one row in memory at a time."""
    rows = RowReader(physical_lines(stream), delimiter)
    header = next((row for row in rows if row.fields != []), None)
    if header is None or header.fields is None or "text" not in header.fields:
        found = printable(str(header.fields))[:200] if header is not None else "an empty file"
        detail = f" ({header.reason})" if header is not None and header.fields is None else ""
        yield ReadError(
            origin,
            f"CSV header must include 'text' (and usually 'id', 'date'); found {found}{detail}",
            "missing_text",
        )
        return
    names = header.fields
    rows.set_header(names)
    for row in rows:
        where = f"{origin}:{row.first}"
        if row.fields is None:
            yield ReadError(where, row.reason, row.kind, None, excerpt(row.raw))
        elif row.fields:
            yield guarded(_row_to_article, where, row, names, where, stem, default_date)


def _row_to_article(
    row: Row, names: list[str], where: str, stem: str, default_date: date | None
) -> Article | ReadError:
    fields = row.fields or []
    record_id = fields[names.index("id")] if "id" in names and names.index("id") < len(fields) else None
    undecoded = _UNDECODED.search(row.raw)
    if undecoded is not None:
        return ReadError(
            where,
            f"the row holds bytes that are not valid UTF-8 (character {undecoded.start()} of the row); "
            "re-encode the file as UTF-8",
            "undecodable",
            None,
            excerpt(row.raw),
        )
    if len(fields) > len(names):
        return ReadError(
            where,
            "row has more fields than the header; quote fields that contain the delimiter",
            "malformed_csv",
            printable(record_id[:100]) if record_id else None,
            excerpt(row.raw),
        )
    record = {
        name: value for name, value in zip(names, fields, strict=False) if value != "" or name == "text"
    }
    return record_to_article(record, where, f"{stem}:{row.last}", default_date, row.raw)
