"""Geoparsing scores on the GeoWebNews (GWN) and GeoVirus gold sets.

Both files hold news articles with every toponym marked by character offsets and a gold point.
A predicted toponym matches a gold one when their spans overlap (each gold toponym is matched at
most once); exact span matches are reported too. For matched toponyms we report the share
resolved within 161 km (100 miles) of the gold point, the mean and median error in km, and the
AUC of the log error curve used in the geoparsing literature (lower is better).

What counts as a gold toponym in GWN: annotations with a gold point, except adjectival
modifiers ("German") and names embedded in organisation names ("University of Washington"):
Dyad treats demonyms and organisations as non-places. Every GeoVirus location counts.
"""

from __future__ import annotations

import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from dyad.model import PlaceMention

CORRECT_KM = 161.0
"""Error below which a resolved toponym counts as correct (100 miles)."""
EARTH_RADIUS_KM = 6371.0
MAX_ERROR_KM = 20039.0
"""Half the earth's circumference: the largest possible error, used to scale the AUC."""
GWN_EXCLUDED_TYPES = frozenset({"Embedded_Non_Lit", "Coercion"})
"""GWN annotation types inside organisation or facility names: not places for Dyad."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym."""

    start: int
    end: int
    text: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One annotated article."""

    text: str
    toponyms: tuple[GoldToponym, ...]


def read_gold(path: Path) -> list[GoldArticle]:
    """Articles of ``GWN.xml`` or ``GeoVirus.xml`` (the format is told apart by its tags)."""
    root = ET.parse(path).getroot()
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold: list[GoldToponym] = []
        for toponym in article.iter("toponym"):  # GWN
            if toponym.find("latitude") is None or toponym.findtext("modifierType") == "Adjective":
                continue
            if toponym.findtext("type") in GWN_EXCLUDED_TYPES:
                continue
            gold.append(
                GoldToponym(
                    int(toponym.findtext("start") or 0),
                    int(toponym.findtext("end") or 0),
                    toponym.findtext("extractedName") or "",
                    float(toponym.findtext("latitude") or 0),
                    float(toponym.findtext("longitude") or 0),
                )
            )
        for location in article.iter("location"):  # GeoVirus: offsets count from 1
            start = int(location.findtext("start") or 1) - 1
            end = int(location.findtext("end") or 1) - 1
            gold.append(
                GoldToponym(
                    start,
                    end,
                    location.findtext("name") or "",
                    float(location.findtext("lat") or 0),
                    float(location.findtext("lon") or 0),
                )
            )
        articles.append(GoldArticle(text, tuple(sorted(gold, key=lambda g: g.start))))
    return articles


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def match(
    predicted: list[PlaceMention], gold: tuple[GoldToponym, ...]
) -> list[tuple[PlaceMention, GoldToponym]]:
    """Pairs of overlapping predicted and gold toponyms, each used once, in text order."""
    pairs = []
    used: set[int] = set()
    for mention in predicted:
        for index, toponym in enumerate(gold):
            if index not in used and mention.start < toponym.end and toponym.start < mention.end:
                used.add(index)
                pairs.append((mention, toponym))
                break
    return pairs


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate_geoparsing(path: Path, nlp: Language, limit: int | None = None) -> dict[str, float | int]:
    """Parse the first ``limit`` articles of a gold file with ``nlp`` (which must set ``doc._.places``).

    Returns counts, toponym precision/recall/F1 (overlap and exact), accuracy within 161 km,
    mean and median error in km, AUC of the error curve, and parse time per article in ms.
    """
    articles = read_gold(path)[:limit]
    n_predicted = n_gold = n_exact = 0
    errors: list[float] = []
    began = time.perf_counter()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        predicted: list[PlaceMention] = doc._.places or []
        n_predicted += len(predicted)
        n_gold += len(article.toponyms)
        pairs = match(predicted, article.toponyms)
        n_exact += sum(m.start == g.start and m.end == g.end for m, g in pairs)
        errors += [distance_km(m.place.lat, m.place.lon, g.lat, g.lon) for m, g in pairs]
    elapsed = time.perf_counter() - began
    precision = len(errors) / n_predicted if n_predicted else 0.0
    recall = len(errors) / n_gold if n_gold else 0.0
    exact_p = n_exact / n_predicted if n_predicted else 0.0
    exact_r = n_exact / n_gold if n_gold else 0.0
    auc = sum(math.log(e + 1) for e in errors) / (len(errors) * math.log(MAX_ERROR_KM + 1)) if errors else 1.0
    return {
        "articles": len(articles),
        "gold": n_gold,
        "predicted": n_predicted,
        "matched": len(errors),
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "exact_precision": exact_p,
        "exact_recall": exact_r,
        "exact_f1": _f1(exact_p, exact_r),
        "accuracy_161km": sum(e <= CORRECT_KM for e in errors) / len(errors) if errors else 0.0,
        "mean_error_km": statistics.fmean(errors) if errors else 0.0,
        "median_error_km": statistics.median(errors) if errors else 0.0,
        "auc": auc,
        "ms_per_article": 1000 * elapsed / len(articles) if articles else 0.0,
    }
