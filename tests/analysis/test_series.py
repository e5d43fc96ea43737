"""Dyad time series, sparklines and plots."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.analysis.series import sparkline, write_plot
from dyad.errors import DyadError
from dyad.store.store import Store
from dyad.store.synthetic import custom_result


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("series") / "s")
    week = date(2024, 5, 13)  # a Monday
    store.write_batch(
        [
            custom_result(
                1,
                [
                    {"day": week, "goldstein": 8.0},
                    {"day": week, "cameo": "112", "quad_class": 3, "goldstein": -2.0},
                ],
                week,
            ),
            custom_result(
                2,
                [{"source": "RUSGOV", "target": "CHNGOV", "day": date(2024, 5, 29), "goldstein": 4.0}],
                date(2024, 5, 29),
            ),
            custom_result(3, [{"day": date(2024, 5, 29), "status": "negated"}], date(2024, 5, 29)),
        ]
    )
    return store


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("CHN", "RUS", "week"), [("2024-05-13", 2, 3.0), ("2024-05-20", 0, None), ("2024-05-27", 1, 4.0)]),
        (("RUS", "CHN", "week"), [("2024-05-13", 2, 3.0), ("2024-05-20", 0, None), ("2024-05-27", 1, 4.0)]),
        (("CHN", "RUS", "month"), [("2024-05-01", 3, 3.333)]),
        (("CHNGOV", "RUSGOV", "month"), [("2024-05-01", 3, 3.333)]),
    ],
)
def test_dyad_series(store, args, expected):
    frame = store.dyad_series(*args)
    got = [
        (
            str(r["period"])[:10],
            int(r["events"]),
            None if r["mean_goldstein"] != r["mean_goldstein"] else r["mean_goldstein"],
        )
        for r in frame.to_dict("records")
    ]
    assert got == expected


def test_directed_series_and_statuses(store):
    assert store.dyad_series("CHN", "RUS", "month", directed=True)["events"].tolist() == [2]
    assert store.dyad_series("CHN", "RUS", "month", statuses=None)["events"].tolist() == [4]
    quads = store.dyad_series("CHN", "RUS", "month").iloc[0]
    assert (quads["q1"], quads["q3"]) == (2, 1)


def test_empty_series_and_bad_frequency(store):
    assert store.dyad_series("USA", "BRA").empty
    with pytest.raises(DyadError, match="week' or 'month"):
        store.dyad_series("CHN", "RUS", "day")


@pytest.mark.parametrize(
    ("values", "expected"),
    [([-10.0, 0.0, 10.0], "▁▅█"), ([None, float("nan"), 3.0], "  ▆"), ([], ""), ([-99.0, 99.0], "▁█")],
)
def test_sparkline(values, expected):
    assert sparkline(values) == expected


def test_html_plot_is_self_contained(store, tmp_path):
    out = tmp_path / "plot.html"
    write_plot(store.dyad_series("CHN", "RUS"), out, "CHN-RUS")
    text = out.read_text()
    assert "<script src=" not in text and len(text) > 1_000_000  # plotly.js is inline


@pytest.mark.parametrize(("name", "message"), [("plot.svg", ".html or .png"), ("plot.png", "kaleido|.html")])
def test_plot_errors(store, tmp_path, name, message):
    pytest.importorskip("plotly")
    if name.endswith(".png"):
        try:
            import kaleido  # noqa: F401

            pytest.skip("kaleido is installed: PNG export works")
        except ImportError:
            pass
    with pytest.raises(DyadError, match=message):
        write_plot(store.dyad_series("CHN", "RUS"), tmp_path / name, "x")
