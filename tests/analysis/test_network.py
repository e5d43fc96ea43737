"""The actor network and its GraphML / JSON writers."""

from __future__ import annotations

import json
from datetime import date
from xml.etree import ElementTree

import pytest

from dyad.analysis.network import write_network
from dyad.errors import DyadError
from dyad.store.store import Store
from dyad.store.synthetic import custom_result


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("net") / "s")
    day = date(2024, 5, 16)
    store.write_batch(
        [
            custom_result(1, [{}, {"goldstein": 2.0}], day),
            custom_result(
                2, [{"source": "RUSGOV", "target": "UKRMIL", "quad_class": 4, "goldstein": -10.0}], day
            ),
            custom_result(3, [{"source": "USAGOV", "target": "CHN", "status": "negated"}], day),
        ]
    )
    return store.network(by="country")


def test_nodes_and_edges(graph):
    edges = {(e.source, e.target): e for e in graph.edges}
    assert set(edges) == {("CHN", "RUS"), ("RUS", "UKR")}
    assert (edges["CHN", "RUS"].weight, edges["CHN", "RUS"].mean_goldstein) == (2, 5.0)
    assert edges["RUS", "UKR"].conflict == 1
    nodes = {n.id: n for n in graph.nodes}
    assert (nodes["RUS"].events, nodes["RUS"].mean_goldstein) == (3, 0.0)


def test_graphml(graph, tmp_path):
    write_network(graph, tmp_path / "g.graphml")
    root = ElementTree.parse(tmp_path / "g.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 3
    assert len(root.findall(".//g:edge", ns)) == 2


def test_json(graph, tmp_path):
    write_network(graph, tmp_path / "g.json")
    body = json.loads((tmp_path / "g.json").read_text())
    assert [n["id"] for n in body["nodes"]] == ["CHN", "RUS", "UKR"]
    assert body["edges"][0] == {
        "source": "CHN",
        "target": "RUS",
        "weight": 2,
        "mean_goldstein": 5.0,
        "cooperation": 2,
        "conflict": 0,
    }


def test_unknown_suffix(graph, tmp_path):
    with pytest.raises(DyadError, match=r"graphml or \.json"):
        write_network(graph, tmp_path / "g.gexf")
