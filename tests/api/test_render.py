"""Pure template helpers: highlighted segments, trigger placement, the network drawing, the map."""

from __future__ import annotations

from typing import Any

import pytest

from dyad.api.render import Span, goldstein_color, map_point, network_drawing, segments, trigger_offset


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abc", [], [("abc", ())]),
        (
            "Xi met Putin",
            [Span(0, 2, "source", "s"), Span(7, 12, "target", "t")],
            [("Xi", ("source",)), (" met ", ()), ("Putin", ("target",))],
        ),
        (
            "abcdef",
            [Span(0, 4, "source", "s"), Span(2, 6, "trigger", "t")],
            [("ab", ("source",)), ("cd", ("source", "trigger")), ("ef", ("trigger",))],
        ),
        ("abc", [Span(2, 9, "source", "beyond the text"), Span(-1, 1, "target", "before it")], [("abc", ())]),
    ],
)
def test_segments_cut_at_every_boundary(
    text: str, spans: list[Span], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    pieces = segments(text, spans)
    assert [(p.text, p.kinds) for p in pieces] == expected
    assert "".join(p.text for p in pieces) == text


@pytest.mark.parametrize(
    ("sentence", "trigger", "taken", "expected"),
    [
        ("Russia attacked Ukraine.", "attacked", [], 7),
        ("The Meeting: leaders meeting today.", "meeting", [(4, 11)], 21),
        ("Talks about talks.", "talks", [(0, 5), (12, 17)], 0),
        ("No trigger here.", "signed", [], -1),
    ],
)
def test_trigger_found_outside_actor_spans(
    sentence: str, trigger: str, taken: list[tuple[int, int]], expected: int
) -> None:
    assert trigger_offset(sentence, trigger, taken) == expected


@pytest.mark.parametrize(("value", "color"), [(8.0, "#2b8a3e"), (-10.0, "#c92a2a"), (0.2, "#868e96")])
def test_goldstein_colors(value: float, color: str) -> None:
    assert goldstein_color(value) == color


def test_network_drawing_keeps_the_busiest_nodes() -> None:
    graph: dict[str, Any] = {
        "nodes": [{"id": f"N{i}", "events": i + 1, "mean_goldstein": 1.0} for i in range(40)],
        "edges": [
            {
                "source": "N39",
                "target": "N38",
                "weight": 3,
                "mean_goldstein": -5.0,
                "cooperation": 0,
                "conflict": 3,
            },
            {
                "source": "N0",
                "target": "N39",
                "weight": 1,
                "mean_goldstein": 5.0,
                "cooperation": 1,
                "conflict": 0,
            },
        ],
    }
    drawing = network_drawing(graph, most=30)
    assert len(drawing["nodes"]) == 30 and drawing["hidden"] == 10
    assert [e["source"] for e in drawing["edges"]] == ["N39"]  # N0 is not drawn, nor its edge
    assert drawing["edges"][0]["color"] == "#c92a2a" and drawing["edges"][0]["path"].startswith("M")


@pytest.mark.parametrize(
    ("location", "point"),
    [
        ({"lat": 0.0, "lon": 0.0}, (180.0, 90.0)),
        ({"lat": 55.75, "lon": 37.62}, (217.62, 34.25)),
        ({"lat": None, "lon": 1.0}, None),
        (None, None),
    ],
)
def test_map_point_is_equirectangular(
    location: dict[str, Any] | None, point: tuple[float, float] | None
) -> None:
    assert map_point(location) == point
