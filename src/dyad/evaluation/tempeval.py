"""TempEval-3-style evaluation of :mod:`dyad.nlp.timex` on TimeML (.tml) corpora.

The TBAQ-cleaned corpus (TimeBank + AQUAINT) is read straight from its ``.tml`` files: the
document creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``) is the anchor,
and only the ``<TEXT>`` part is tagged and scored, so the DCT itself never counts.

Scores follow the TempEval-3 task definitions:

* strict span P/R/F1 - system and gold extents are identical;
* relaxed span P/R/F1 - extents overlap (one-to-one, first come first served);
* type accuracy - share of relaxed matches whose TIMEX3 type agrees;
* value F1 - relaxed matches whose value also agrees, over system and gold counts.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dyad.model import Timex
from dyad.nlp.timex import tag

Tagger = Callable[[str, date | None], list[Timex]]
"""Anything that tags a text against an anchor date, like :func:`dyad.nlp.timex.tag`."""

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')
_DCT = re.compile(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One annotated TIMEX3 of a TimeML document, with offsets into the plain text."""

    start: int
    """Character offset of the first character in the plain text."""
    end: int
    """Character offset one past the last character."""
    text: str
    """The annotated extent."""
    type: str
    """TIMEX3 type."""
    value: str
    """TIMEX3 value."""


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """The plain text of a TimeML document, its creation date and its gold timexes."""

    name: str
    """File name, used in reports."""
    text: str
    """The ``<TEXT>`` part with all markup removed and entities decoded."""
    dct: date | None
    """Document creation date (day part of the CREATION_TIME value)."""
    timexes: tuple[GoldTimex, ...]
    """Gold TIMEX3 annotations in text order."""


def _dct(raw: str, name: str) -> date | None:
    match = _DCT.search(raw)
    if match is None:
        return None
    value = dict(_ATTR.findall(match.group(0))).get("value", "")
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise ValueError(
            f"{name}: creation time value {value!r} is not an ISO date; fix the DCT or drop the file"
        ) from error


def read_timeml(path: Path) -> TimeMLDocument:
    """Read one ``.tml`` file into plain text plus gold TIMEX3 spans.

    Raises:
        ValueError: when the file has no ``<TEXT>`` element or a malformed creation time.
    """
    raw = path.read_text(encoding="utf-8")
    body = _TEXT.search(raw)
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element; is this a TimeML file?")
    parts: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    gold: list[GoldTimex] = []
    cursor = 0
    segment = body.group(1)
    for match in _TAG.finditer(segment):
        chunk = html.unescape(segment[cursor : match.start()])
        parts.append(chunk)
        length += len(chunk)
        cursor = match.end()
        closing, name = match.group(1), match.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timexes.append((length, dict(_ATTR.findall(match.group(3)))))
        elif open_timexes:
            start, attrs = open_timexes.pop()
            gold.append(GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
    tail = html.unescape(segment[cursor:])
    parts.append(tail)
    text = "".join(parts)
    timexes = tuple(
        sorted(
            (GoldTimex(g.start, g.end, text[g.start : g.end], g.type, g.value) for g in gold),
            key=lambda g: (g.start, g.end),
        )
    )
    return TimeMLDocument(path.name, text, _dct(raw, str(path)), timexes)


def _prf(hits: int, system: int, gold: int) -> dict[str, float]:
    precision = hits / system if system else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def find_tml_files(root: Path) -> list[Path]:
    """All annotated ``.tml`` files under ``root`` (TimeBank and AQUAINT), sorted by path.

    The ``testpipeline`` folder of TBAQ-cleaned is a tooling sample, not part of the corpus.
    """
    return sorted(p for p in root.rglob("*.tml") if "testpipeline" not in p.parts)


def evaluate_tempeval(root: Path, limit: int | None = None, tagger: Tagger = tag) -> dict[str, object]:
    """Tag every ``.tml`` document under ``root`` and score against its gold TIMEX3s.

    Args:
        root: a folder holding ``.tml`` files, e.g. ``shared/eval/tempeval3/TBAQ-cleaned``.
        limit: score only the first ``limit`` documents (sorted by path), for quick runs.
        tagger: the tagger to score; Dyad's own by default (the benchmark also scores HeidelTime).

    Returns:
        A dict with ``documents``, ``gold``, ``system`` counts, ``strict`` and ``relaxed``
        P/R/F1 dicts, ``type_accuracy``, ``type_f1``, ``value`` P/R/F1 (``value_f1`` for short),
        ``miss_counts`` and ``misses`` (one dict per missed, spurious or mis-normalized timex).
    """
    paths = find_tml_files(root)
    if not paths:
        raise FileNotFoundError(f"no .tml files under {root}; point DYAD_SHARED at the shared folder")
    if limit is not None:
        paths = paths[:limit]
    n_gold = n_system = strict = relaxed = typed = valued = 0
    misses: list[dict[str, str]] = []
    for path in paths:
        doc = read_timeml(path)
        system = tagger(doc.text, doc.dct)
        n_gold += len(doc.timexes)
        n_system += len(system)
        strict_spans = {(g.start, g.end) for g in doc.timexes}
        strict += sum((s.start, s.end) in strict_spans for s in system)
        used: set[int] = set()
        for gold in doc.timexes:
            match = next(
                (
                    i
                    for i, s in enumerate(system)
                    if i not in used and s.start < gold.end and gold.start < s.end
                ),
                None,
            )
            if match is None:
                misses.append(_miss(doc, "missed", gold.text, gold.type, gold.value, "", "", ""))
                continue
            used.add(match)
            found = system[match]
            relaxed += 1
            typed += found.type == gold.type
            valued += found.value == gold.value
            if found.value != gold.value or found.type != gold.type:
                kind = "value" if found.value != gold.value else "type"
                misses.append(
                    _miss(doc, kind, gold.text, gold.type, gold.value, found.text, found.type, found.value)
                )
        for i, found in enumerate(system):
            if i not in used:
                misses.append(_miss(doc, "spurious", "", "", "", found.text, found.type, found.value))
    type_accuracy = typed / relaxed if relaxed else 0.0
    return {
        "documents": len(paths),
        "gold": n_gold,
        "system": n_system,
        "strict": _prf(strict, n_system, n_gold),
        "relaxed": _prf(relaxed, n_system, n_gold),
        "type_accuracy": round(type_accuracy, 4),
        "type_f1": _prf(typed, n_system, n_gold)["f1"],
        "value": _prf(valued, n_system, n_gold),
        "value_f1": _prf(valued, n_system, n_gold)["f1"],
        "miss_counts": dict(Counter(m["kind"] for m in misses)),
        "misses": misses,
    }


def _miss(
    doc: TimeMLDocument,
    kind: str,
    gold_text: str,
    gold_type: str,
    gold_value: str,
    system_text: str,
    system_type: str,
    system_value: str,
) -> dict[str, str]:
    return {
        "doc": doc.name,
        "dct": doc.dct.isoformat() if doc.dct else "",
        "kind": kind,
        "gold_text": gold_text,
        "gold_type": gold_type,
        "gold_value": gold_value,
        "system_text": system_text,
        "system_type": system_type,
        "system_value": system_value,
    }
