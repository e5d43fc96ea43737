"""The actor network: actors as nodes, directed interactions as weighted edges.

Edge weight is the number of events from source to target; each edge and node also carries the
mean Goldstein score, so a network viewer can colour cooperation and conflict. Writers produce
GraphML (Gephi, yEd, networkx) and a plain JSON ``{"nodes": [...], "edges": [...]}``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

import duckdb

from dyad.analysis.queries import EventFilter, actor_key_sql, where_clause, with_default_status
from dyad.errors import DyadError


@dataclass(frozen=True, slots=True)
class Node:
    """One actor."""

    id: str
    """Actor code or country code."""
    events: int
    """Events it takes part in, either side."""
    mean_goldstein: float
    """Mean Goldstein score of those events."""


@dataclass(frozen=True, slots=True)
class Edge:
    """Events from one actor to another."""

    source: str
    """Acting actor."""
    target: str
    """Acted-upon actor."""
    weight: int
    """Number of events."""
    mean_goldstein: float
    """Mean Goldstein score."""
    cooperation: int
    """Events in QuadClass 1 or 2."""
    conflict: int
    """Events in QuadClass 3 or 4."""


@dataclass(frozen=True, slots=True)
class Network:
    """Nodes and edges, both sorted by id so output is deterministic."""

    nodes: tuple[Node, ...]
    """All actors that appear on a kept edge."""
    edges: tuple[Edge, ...]
    """Directed edges with at least ``min_weight`` events."""

    def to_json(self) -> dict[str, list[dict[str, object]]]:
        """The documented JSON shape: ``{"nodes": [...], "edges": [...]}``."""
        return {"nodes": [asdict(n) for n in self.nodes], "edges": [asdict(e) for e in self.edges]}


def network(
    con: duckdb.DuckDBPyConnection,
    by: Literal["code", "country"] = "country",
    min_weight: int = 1,
    filters: EventFilter | None = None,
) -> Network:
    """Build the directed actor network of the selected events (asserted only by default)."""
    where, params = where_clause(with_default_status(filters))
    a, b = actor_key_sql("source", by), actor_key_sql("target", by)
    rows = con.sql(
        f"""
        SELECT {a} AS source, {b} AS target, count(*) AS weight, round(avg(goldstein), 3) AS mean_goldstein,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict
        FROM events WHERE {where} AND {a} IS NOT NULL AND {b} IS NOT NULL AND {a} <> {b}
        GROUP BY ALL HAVING count(*) >= {int(min_weight)} ORDER BY source, target
        """,
        params=params,
    ).fetchall()
    edges = tuple(Edge(str(s), str(t), int(w), float(g), int(c), int(k)) for s, t, w, g, c, k in rows)
    totals: dict[str, list[float]] = {}
    for edge in edges:
        for actor in (edge.source, edge.target):
            total = totals.setdefault(actor, [0, 0.0])
            total[0] += edge.weight
            total[1] += edge.weight * edge.mean_goldstein
    nodes = tuple(
        Node(actor, int(count), round(weighted / count, 3))
        for actor, (count, weighted) in sorted(totals.items())
    )
    return Network(nodes, edges)


def write_graphml(graph: Network, path: Path) -> None:
    """Write GraphML with typed attributes (events/weight as int, Goldstein as double)."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ElementTree.Element("graphml", xmlns=ns)
    keys = [
        ("events", "node", "int"),
        ("mean_goldstein", "node", "double"),
        ("weight", "edge", "int"),
        ("mean_goldstein", "edge", "double"),
        ("cooperation", "edge", "int"),
        ("conflict", "edge", "int"),
    ]
    for name, scope, kind in keys:
        ElementTree.SubElement(
            root, "key", {"id": f"{scope}_{name}", "for": scope, "attr.name": name, "attr.type": kind}
        )
    body = ElementTree.SubElement(root, "graph", id="dyad", edgedefault="directed")
    for node in graph.nodes:
        element = ElementTree.SubElement(body, "node", id=node.id)
        for name in ("events", "mean_goldstein"):
            ElementTree.SubElement(element, "data", key=f"node_{name}").text = str(getattr(node, name))
    for index, edge in enumerate(graph.edges):
        element = ElementTree.SubElement(body, "edge", id=f"e{index}", source=edge.source, target=edge.target)
        for name in ("weight", "mean_goldstein", "cooperation", "conflict"):
            ElementTree.SubElement(element, "data", key=f"edge_{name}").text = str(getattr(edge, name))
    ElementTree.indent(root)
    ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def write_network(graph: Network, path: Path) -> None:
    """Write ``.graphml`` or ``.json`` according to the file name."""
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        write_graphml(graph, path)
    elif suffix == ".json":
        path.write_text(json.dumps(graph.to_json(), indent=1) + "\n", encoding="utf-8")
    else:
        raise DyadError(f"{path}: networks are written as .graphml or .json; choose one of those file names.")
