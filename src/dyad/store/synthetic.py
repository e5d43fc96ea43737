"""Deterministic synthetic articles and events, for store tests, fault injection and benchmarks.

The records are built directly from :mod:`dyad.model` (no NLP), from a seed and an article
number, so two runs produce identical stores. Shared sub-records (actors, places, PLOVER codes)
are drawn from small pools and reused, which keeps generating millions of events cheap.
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections.abc import Iterator
from datetime import date, timedelta

from dyad.model import Actor, Article, ArticleResult, Event, Evidence, Place, Plover, ReadError, TimeSpan

COUNTRIES = (
    "CHN",
    "RUS",
    "USA",
    "UKR",
    "IRN",
    "ISR",
    "FRA",
    "DEU",
    "GBR",
    "IND",
    "PAK",
    "TUR",
    "SYR",
    "EGY",
    "JPN",
    "KOR",
    "PRK",
    "BRA",
    "NGA",
    "ZAF",
)
SECTORS = ((), ("GOV",), ("MIL",), ("GOV", "MIL"), ("BUS",), ("OPP",))
# (cameo, quad_class, goldstein, plover type)
CODES = (
    ("010", 1, 0.0, "CONSULT"),
    ("036", 1, 4.0, "CONSULT"),
    ("043", 1, 2.8, "CONSULT"),
    ("057", 1, 8.0, "AGREE"),
    ("061", 2, 6.4, "COOPERATE"),
    ("071", 2, 7.4, "AID"),
    ("112", 3, -2.0, "ACCUSE"),
    ("130", 3, -4.4, "THREATEN"),
    ("163", 4, -8.0, "SANCTION"),
    ("190", 4, -10.0, "FIGHT"),
    ("145", 4, -7.0, "PROTEST"),
)
PLACES = (
    Place("Beijing", "CHN", 39.9, 116.4, 1816670),
    Place("Moscow", "RUS", 55.75, 37.62, 524901),
    Place("Geneva", "CHE", 46.2, 6.14, 2660646),
    Place("Kyiv", "UKR", 50.45, 30.52, 703448),
    None,
    None,
)
STATUSES = ("asserted", "asserted", "asserted", "claimed", "negated", "future")
SOURCES = ("Wire A", "Wire B", "Daily C", None)
EPOCH = date(2015, 1, 1)


def _pools() -> tuple[list[Actor], list[Plover]]:
    actors = [
        Actor(
            f"{c} {'/'.join(s) or 'state'}", c + "".join(s), c, s, None, "state" if not s else "organization"
        )
        for c in COUNTRIES
        for s in SECTORS
    ]
    actors.append(Actor("the United Nations", "IGOUNO", None, ("IGO",), "United Nations", "organization"))
    plovers = [Plover(p, "") for _, _, _, p in CODES]
    return actors, plovers


_ACTORS, _PLOVERS = _pools()


def make_article(number: int, seed: int = 0, days: int = 3650) -> Article:
    """Article ``number`` of the synthetic corpus (its date and text depend only on seed and number)."""
    rng = random.Random(seed * 1_000_003 + number)
    day = EPOCH + timedelta(days=rng.randrange(days))
    return Article(
        id=f"syn-{seed}-{number}",
        text=f"Synthetic article {number} (seed {seed}) about relations between states.",
        publication_date=day,
        title=f"Synthetic {number}",
        url=f"https://example.org/{seed}/{number}",
        source=rng.choice(SOURCES),
        language="en",
        origin=f"synthetic:{number}",
    )


def make_result(number: int, events: int = 3, seed: int = 0, days: int = 3650) -> ArticleResult:
    """A coded article with ``events`` events (deterministic)."""
    article = make_article(number, seed, days)
    rng = random.Random(seed * 7_919 + number)
    published = article.publication_date or EPOCH
    coded = []
    for index in range(events):
        source, target = rng.sample(_ACTORS, 2)
        code_index = rng.randrange(len(CODES))
        cameo, quad, goldstein, _ = CODES[code_index]
        back = rng.randrange(3)
        start = published - timedelta(days=back)
        sentence = f"{source.text} and {target.text} interacted ({cameo}) in sentence {index}."
        event_id = hashlib.sha256(f"{article.id}|{index}|{cameo}".encode()).hexdigest()[:20]
        coded.append(
            Event(
                event_id=event_id,
                article_id=article.id,
                sentence_index=index,
                source=source,
                target=target,
                cameo=cameo,
                root=cameo[:2],
                quad_class=quad,
                goldstein=goldstein,
                plover=_PLOVERS[code_index],
                date=TimeSpan(start.isoformat(), start, start, "day", "text" if back else "publication"),
                location=rng.choice(PLACES),
                status=rng.choice(STATUSES),  # type: ignore[arg-type]
                evidence=Evidence(
                    sentence, index * 80, index * 80 + len(sentence), "interacted", f"r{cameo}"
                ),
                confidence=0.5 + rng.random() / 2,
                location_basis="text",
                extra=(("clause_depth", str(index % 3)),),  # as the coder writes on every event
            )
        )
    return ArticleResult(article, tuple(coded))


def custom_event(
    article: Article,
    index: int,
    source: str | None = "CHNGOV",
    target: str | None = "RUSGOV",
    cameo: str = "057",
    day: date | None = None,
    end: date | None = None,
    place: Place | None = None,
    status: str = "asserted",
    goldstein: float = 8.0,
    quad_class: int = 1,
) -> Event:
    """A hand-specified event in ``article`` (for table-driven tests); codes start with the country."""

    def actor(code: str | None) -> Actor | None:
        if code is None:
            return None
        country = code[:3] if not code.startswith(("IGO", "NGO")) else None
        sector = tuple(code[i : i + 3] for i in range(3, len(code), 3))
        return Actor(f"the {code}", code, country, sector, None, "state")

    start = day or article.publication_date or EPOCH
    sentence = f"{source} did {cameo} to {target}."
    return Event(
        event_id=hashlib.sha256(f"{article.id}|{index}|{cameo}".encode()).hexdigest()[:20],
        article_id=article.id,
        sentence_index=index,
        source=actor(source),
        target=actor(target),
        cameo=cameo,
        root=cameo[:2],
        quad_class=quad_class,
        goldstein=goldstein,
        plover=Plover("AGREE", ""),
        date=TimeSpan(start.isoformat(), start, end or start, "day", "text"),
        location=place,
        status=status,  # type: ignore[arg-type]
        evidence=Evidence(sentence, 0, len(sentence), "did", "test"),
        confidence=0.9,
        location_basis="text" if place else "none",
    )


def custom_result(
    number: int,
    specs: list[dict[str, object]],
    published: date,
    source: str | None = "Wire A",
    text: str | None = None,
) -> ArticleResult:
    """An article with events built by :func:`custom_event` from keyword dicts."""
    article = Article(
        f"custom-{number}",
        text or f"Custom article {number}.",
        published,
        source=source,
        url=f"https://example.org/custom/{number}",
        origin=f"custom:{number}",
    )
    events = tuple(custom_event(article, i, **spec) for i, spec in enumerate(specs))  # type: ignore[arg-type]
    return ArticleResult(article, events)


def make_error(number: int) -> ReadError:
    """A rejected record (deterministic)."""
    return ReadError(f"synthetic-bad.jsonl:{number}", "the record has no text field; add one", "missing_text")


def corpus(
    articles: int, events: int = 3, seed: int = 0, error_every: int = 0
) -> Iterator[ArticleResult | ReadError]:
    """The first ``articles`` results, with a rejected record after every ``error_every`` articles."""
    for number in range(articles):
        yield make_result(number, events, seed)
        if error_every and number % error_every == error_every - 1:
            yield make_error(number)


def write_corpus(store_path: str, articles: int, batch: int, seed: int = 0, compact_every: int = 0) -> None:
    """Write a synthetic corpus in batches (the fault-injection test kills this and reruns it)."""
    from dyad.store.store import Store

    store = Store(store_path)
    pending: list[ArticleResult | ReadError] = []
    written = 0
    for item in corpus(articles, seed=seed, error_every=7):
        pending.append(item)
        if len(pending) >= batch:
            store.write_batch(pending)
            pending = []
            written += 1
            if compact_every and written % compact_every == 0:
                store.compact()
    if pending:
        store.write_batch(pending)
    if compact_every:
        store.compact()


def main() -> None:
    """``python -m dyad.store.synthetic STORE --articles N --batch K`` (used by tests)."""
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic corpus into a store.")
    parser.add_argument("store")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--compact-every", type=int, default=0)
    args = parser.parse_args()
    write_corpus(args.store, args.articles, args.batch, args.seed, args.compact_every)


if __name__ == "__main__":
    main()
