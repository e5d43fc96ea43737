"""Commands over the actor knowledge base: ``dyad actors resolve`` and ``dyad actors show``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.app import actors_app
from dyad.cli.output import Format, FormatOption, OutOption, emit
from dyad.readers.dates import parse_date

ACTOR_COLUMNS = ["id", "text", "code", "country", "sector", "name", "kind"]

ActorsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors", help="Your actor dictionary (PETRARCH/TABARI format, or YAML overrides); repeatable."
    ),
]
AgentsOption = Annotated[
    list[Path] | None,
    typer.Option("--agents", help="Your agent dictionary (PETRARCH format, or YAML overrides); repeatable."),
]


@actors_app.command("resolve")
def resolve(
    text: Annotated[
        str | None, typer.Argument(help="Actor phrase, e.g. 'the Russian defense minister'.")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="Date the phrase is from (YYYY-MM-DD).")] = None,
    context: Annotated[str | None, typer.Option("--context", help="Sentence the phrase appears in.")] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help="Batch input: lines {id, text, date?, context?}; bad lines are reported, skipped, exit 2.",
        ),
    ] = None,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    fmt: FormatOption = Format.json,
    out: OutOption = None,
) -> None:
    """Resolve actor phrases to codes: {"id","text","code","country","sector","name","kind"}.

    Dates may be ISO (2024-06-01) or written out (1 June 2024, June 1, 2024).

    Example: dyad actors resolve "Defense Minister Andrey Belousov" --date 2024-06-01
    With your own dictionaries: dyad actors resolve "Smeagol" --date 1996-01-01 --actors my.actors.txt
    """
    from dyad.errors import KnowledgeError
    from dyad.nlp.resolve import actor_pipeline, resolve_phrase

    try:
        nlp = actor_pipeline([str(p) for p in actors or []], [str(p) for p in agents or []])
    except KnowledgeError as error:
        print(f"dyad: {error}", file=sys.stderr)
        raise typer.Exit(2) from None

    if jsonl is None and text is None:
        raise typer.BadParameter("give a TEXT argument or --jsonl FILE")
    requests: list[tuple[str, str, date | None, str | None]] = []
    rejected = 0
    if jsonl is not None:
        if not jsonl.is_file():
            raise typer.BadParameter(f"{jsonl} is not a file", param_hint="--jsonl")
        with jsonl.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                request = _request(raw, number)
                if isinstance(request, str):
                    rejected += 1
                    print(f"dyad: {jsonl}:{number}: skipped: {request}", file=sys.stderr)
                else:
                    requests.append(request)
    else:
        try:
            when = parse_date(on)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--date") from None
        requests.append(("1", str(text), when, context))
    results = []
    for request_id, phrase, when, sentence in requests:
        actor = resolve_phrase(phrase, when, sentence, nlp=nlp)
        results.append(
            {
                "id": request_id,
                "text": phrase,
                "code": actor.code if actor else "",
                "country": (actor.country or "") if actor else "",
                "sector": list(actor.sector) if actor else [],
                "name": actor.name if actor else None,
                "kind": actor.kind if actor else "unknown",
            }
        )
    if jsonl is not None and fmt is Format.json:
        fmt = Format.jsonl
    if fmt is Format.json and len(results) == 1:
        sink = out.open("w", encoding="utf-8") if out else sys.stdout
        sink.write(json.dumps(results[0], ensure_ascii=False) + "\n")
        return
    emit(results, fmt, out, columns=ACTOR_COLUMNS)
    if rejected:
        print(f"dyad: {rejected} line(s) of {jsonl} skipped (each reported above)", file=sys.stderr)
        raise typer.Exit(2)


def _request(raw: bytes, number: int) -> tuple[str, str, date | None, str | None] | str:
    """One batch line as (id, text, date, context), or the reason it is skipped."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8 (byte {error.start}); save the file as UTF-8"
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        return f"not a JSON object ({error.__class__.__name__}: {str(error)[:80]})"
    if not isinstance(record, dict):
        return f"expected a JSON object with 'text', got {type(record).__name__}"
    phrase = record.get("text")
    if not isinstance(phrase, str) or not phrase.strip():
        return "'text' must be a non-empty string (the actor phrase)"
    context = record.get("context")
    if context is not None and not isinstance(context, str):
        return f"'context' must be a string (the sentence), got {type(context).__name__}"
    raw_id = record.get("id", number)
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        return f"'id' must be a string or an integer, got {type(raw_id).__name__}"
    try:
        when = parse_date(record.get("date"))
    except ValueError as error:
        return str(error)
    for value in (phrase, context or "", str(raw_id)):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a lone surrogate (an invalid \\ud8xx escape); fix the text"
    return str(raw_id), phrase, when, context


@actors_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A person, organisation or country name.")],
    fmt: FormatOption = Format.json,
    out: OutOption = None,
) -> None:
    """Show knowledge-base entries for a name (people with their dated roles, organisations, countries).

    Example: dyad actors show Belousov
    """
    from dyad.nlp.resolve import describe

    entries = describe(name)
    if not entries:
        print(f"dyad: no knowledge-base entry for {name!r}", file=sys.stderr)
        raise typer.Exit(1)
    emit(entries, fmt, out)
