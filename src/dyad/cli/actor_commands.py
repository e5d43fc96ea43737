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
        Path | None, typer.Option("--jsonl", help="Batch input: lines {id, text, date?, context?}.")
    ] = None,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    fmt: FormatOption = Format.json,
    out: OutOption = None,
) -> None:
    """Resolve actor phrases to codes: {"id","text","code","country","sector","name","kind"}.

    Example: dyad actors resolve "Defense Minister Andrey Belousov" --date 2024-06-01
    With your own dictionaries: dyad actors resolve "Smeagol" --date 1996-01-01 --actors my.actors.txt
    """
    from dyad.errors import KnowledgeError
    from dyad.knowledge.resolve import actor_pipeline, resolve_phrase

    try:
        nlp = actor_pipeline([str(p) for p in actors or []], [str(p) for p in agents or []])
    except KnowledgeError as error:
        print(f"dyad: {error}", file=sys.stderr)
        raise typer.Exit(2) from None

    if jsonl is None and text is None:
        raise typer.BadParameter("give a TEXT argument or --jsonl FILE")
    requests: list[dict[str, str | None]] = []
    if jsonl is not None:
        for number, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                requests.append(
                    {
                        "id": str(record.get("id", number)),
                        "text": str(record["text"]),
                        "date": record.get("date"),
                        "context": record.get("context"),
                    }
                )
            except (json.JSONDecodeError, KeyError, AttributeError) as error:
                print(
                    f"dyad: {jsonl}:{number}: skipped, not a JSON object with 'text' ({error})",
                    file=sys.stderr,
                )
    else:
        requests.append({"id": "1", "text": text, "date": on, "context": context})
    results = []
    for request in requests:
        when = date.fromisoformat(request["date"]) if request["date"] else None
        actor = resolve_phrase(str(request["text"]), when, request["context"], nlp=nlp)
        results.append(
            {
                "id": request["id"],
                "text": request["text"],
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
        handle = out.open("w", encoding="utf-8") if out else sys.stdout
        handle.write(json.dumps(results[0], ensure_ascii=False) + "\n")
        return
    emit(results, fmt, out, columns=ACTOR_COLUMNS)


@actors_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A person, organisation or country name.")],
    fmt: FormatOption = Format.json,
    out: OutOption = None,
) -> None:
    """Show knowledge-base entries for a name (people with their dated roles, organisations, countries).

    Example: dyad actors show Belousov
    """
    from dyad.knowledge.resolve import describe

    entries = describe(name)
    if not entries:
        print(f"dyad: no knowledge-base entry for {name!r}", file=sys.stderr)
        raise typer.Exit(1)
    emit(entries, fmt, out)
