"""Commands that code text without a store: extract, classify, timex, places."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from dyad.cli.app import app
from dyad.cli.output import Format, FormatOption, InputFormat, InputFormatOption, OutOption, emit
from dyad.model import Article, ArticleResult, ReadError, event_to_json, place_mention_to_json, timex_to_json

PathsArgument = Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="Publication date for inputs that carry none (2024-05-17 or 17 May 2024)."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Stop at the first bad record (exit status 2).")]
# Bring-your-own dictionaries (issue 3), layered over the shipped actor knowledge for this run.
ActorsOption = Annotated[
    list[str] | None,
    typer.Option("--actors", help="Your actor dictionary (PETRARCH/TABARI or YAML overrides); repeatable."),
]
AgentsOption = Annotated[
    list[str] | None,
    typer.Option("--agents", help="Your agent dictionary (PETRARCH format, or YAML overrides); repeatable."),
]

Accepted = TypeVar("Accepted", Article, ArticleResult)

EVENT_COLUMNS = [
    "article_id",
    "date.value",
    "source.code",
    "cameo",
    "target.code",
    "status",
    "evidence.trigger",
    "location.name",
    "confidence",
]


def _date(value: str | None) -> date | None:
    from dyad.readers.dates import parse_date

    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--date") from None


def _format(value: InputFormat | None) -> str | None:
    return value.value if value is not None else None


def _accepted(
    items: Iterable[Accepted | ReadError], errors: list[ReadError], stop: bool = False
) -> Iterator[Accepted]:
    """Yield what was read (articles or coding results); report and collect each rejected record.

    ``stop`` exits with status 2 at the first rejected record, for readers run without ``strict``;
    a reader run with ``strict=True`` raises InputError instead, which ends the run the same way.
    """
    from dyad.errors import InputError

    try:
        for item in items:
            if isinstance(item, ReadError):
                errors.append(item)
                print(f"dyad: rejected {item.origin}: {item.reason}", file=sys.stderr)
                if stop:
                    raise typer.Exit(2)
            else:
                yield item
    except InputError as error:
        print(f"dyad: rejected {error.origin}: {error.reason} (stopping: --strict)", file=sys.stderr)
        raise typer.Exit(2) from None


def _results(
    paths: list[str],
    date_text: str | None,
    strict: bool,
    actors: list[str] | None = None,
    agents: list[str] | None = None,
    input_format: InputFormat | None = None,
) -> tuple[list[ArticleResult], list[ReadError]]:
    from dyad.errors import KnowledgeError
    from dyad.extract import code_paths

    errors: list[ReadError] = []
    items = code_paths(paths, _date(date_text), strict, format=_format(input_format))
    if actors or agents:  # user dictionaries: a pipeline of their own (the default one stays untouched)
        from dyad.nlp.pipeline import code_articles, load_pipeline
        from dyad.readers import read_inputs

        try:
            nlp = load_pipeline(tuple(actors or ()), tuple(agents or ()))
        except KnowledgeError as error:
            print(f"dyad: {error}", file=sys.stderr)
            raise typer.Exit(2) from None
        items = code_articles(read_inputs(paths, _date(date_text), strict, _format(input_format)), nlp=nlp)
    results = list(_accepted(items, errors))
    return results, errors


def _finish(errors: list[ReadError]) -> None:
    if errors:
        print(f"dyad: {len(errors)} record(s) rejected", file=sys.stderr)
        raise typer.Exit(2)


@app.command()
def extract(
    paths: PathsArgument,
    fmt: FormatOption = Format.jsonl,
    out: OutOption = None,
    date_text: DateOption = None,
    strict: StrictOption = False,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    input_format: InputFormatOption = None,
) -> None:
    """Code articles into events, one per line (who did what to whom, when, where, with evidence).

    Example: dyad extract article.txt --format jsonl --out events.jsonl
    With your own dictionaries: dyad extract news.jsonl --actors my.actors.txt --agents my.agents.txt
    """
    results, errors = _results(paths, date_text, strict, actors, agents, input_format)
    records = (event_to_json(e) for r in results for e in r.events)
    emit(records, fmt, out, columns=EVENT_COLUMNS)
    _finish(errors)


class Scheme(StrEnum):
    """Label sets for classify."""

    acled = "acled"
    cameo = "cameo"
    plover = "plover"


@app.command()
def classify(
    paths: PathsArgument,
    scheme: Annotated[Scheme, typer.Option("--scheme", help="Label set: acled, cameo (root) or plover.")] = (
        Scheme.cameo
    ),
    fmt: FormatOption = Format.jsonl,
    out: OutOption = None,
    date_text: DateOption = None,
    strict: StrictOption = False,
    input_format: InputFormatOption = None,
) -> None:
    """Label each article with its dominant event type: {"id", "label", "scores"}.

    Example: dyad classify news.jsonl --scheme acled --format jsonl
    """
    from dyad.analysis.classify import classify_results

    if scheme is Scheme.acled:  # reads the text itself: no event coding needed
        from dyad.readers import read_inputs

        errors: list[ReadError] = []
        articles = _accepted(read_inputs(paths, _date(date_text), strict, _format(input_format)), errors)
        results: Iterable[ArticleResult] = (ArticleResult(a, events=()) for a in articles)
    else:
        results, errors = _results(paths, date_text, strict, input_format=input_format)
    emit(classify_results(results, scheme.value), fmt, out, columns=["id", "label"])
    _finish(errors)


@app.command()
def timex(
    paths: PathsArgument,
    fmt: FormatOption = Format.jsonl,
    out: OutOption = None,
    date_text: DateOption = None,
    strict: StrictOption = False,
    input_format: InputFormatOption = None,
) -> None:
    """List temporal expressions with TIMEX3 type and value, resolved against the publication date.

    Example: dyad timex article.txt --format table
    """
    from dyad.nlp.timex import tag
    from dyad.readers import read_inputs

    errors: list[ReadError] = []
    records: list[dict[str, object]] = []
    # read without --strict so that a bad record is reported like any other before stopping
    items = read_inputs(paths, _date(date_text), strict=False, format=_format(input_format))
    for article in _accepted(items, errors, stop=strict):
        records.extend(timex_to_json(article.id, t) for t in tag(article.text, article.publication_date))
    emit(records, fmt, out, columns=["article_id", "start", "end", "text", "type", "value"])
    _finish(errors)


@app.command()
def places(
    paths: PathsArgument,
    fmt: FormatOption = Format.jsonl,
    out: OutOption = None,
    date_text: DateOption = None,
    strict: StrictOption = False,
    input_format: InputFormatOption = None,
) -> None:
    """List toponyms, geocoded: name, country, admin1, coordinates and GeoNames id.

    Example: dyad places article.txt --format table
    """
    results, errors = _results(paths, date_text, strict, input_format=input_format)
    records = (place_mention_to_json(r.article.id, p) for r in results for p in r.places)
    emit(records, fmt, out, columns=["article_id", "text", "name", "country", "admin1", "lat", "lon"])
    _finish(errors)
