"""``dyad explain``: why a sentence was coded as it was (actors, candidates, every pass, final events)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dyad.cli.app import app
from dyad.cli.output import Format, FormatOption, OutOption, emit


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="The sentence (or short paragraph) to explain.")],
    date_text: Annotated[
        str | None,
        typer.Option("--date", help="Publication date to code it against (2025-03-14 or 14 March 2025)."),
    ] = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """Explain a coding: the actors as resolved, each candidate trigger with the rules its lemma has and
    the one chosen, what every event pass added, changed or dropped and why, and the final events.

    Example: dyad explain "Lula met Xi in Beijing on Monday." --date 2025-03-14
    """
    from dyad.cli.text_commands import _date
    from dyad.nlp.explain import explain as run

    try:
        explanation = run(text, _date(date_text))
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="TEXT") from None
    if fmt is Format.json:
        body = json.dumps(explanation.to_json(), ensure_ascii=False, indent=1) + "\n"
        if out:
            out.write_text(body, encoding="utf-8")
        else:
            typer.echo(body, nl=False)
        return
    payload = explanation.to_json()
    if fmt is not Format.table:
        emit(payload["events"], fmt, out)
        return
    emit(payload["actors"], Format.table, None, columns=["text", "code", "country", "via"], title="actors")
    emit(
        ({**c, "rules": " ".join(c["rules"])} for c in payload["candidates"]),
        Format.table,
        None,
        columns=["trigger", "chosen", "cameo", "rules"],
        title="candidates (the rule chosen among the rules of the trigger's lemma)",
    )
    emit(
        payload["passes"],
        Format.table,
        None,
        columns=["component", "step", "action", "event", "before", "why"],
        title="what each pass changed",
    )
    emit(
        payload["events"],
        Format.table,
        out,
        columns=["source.code", "cameo", "target.code", "status", "evidence.trigger", "evidence.rule"],
        title="events",
    )
