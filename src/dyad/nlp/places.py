"""The geoparser: find toponyms in a parsed Doc and resolve each to a gazetteer place.

Recognition has two sources. spaCy's GPE, LOC and FAC entities are looked up in the gazetteer
(with light clean-up: a leading "the", a possessive, a trailing "province"/"region"...). Then a
dictionary scan over proper-noun tokens outside any entity catches what the model missed or
mislabelled ("kyiv" in lower case; "Kharkiv" tagged PERSON is accepted when the name is a
country, region or a city of a million). The scan uses precomputed keys, so its cost per token
is one set look-up. Demonyms ("Chinese") are never toponyms: NORP entities are skipped.

Resolution ranks the gazetteer candidates of each toponym by their prior (feature type and
population) plus context: an explicit admin context ("Alexandria, Louisiana"), the countries the
article mentions most (its focus) and the states or provinces it names.

:func:`event_location` finds the place syntactically attached to an event trigger, and
:func:`article_focus` the fallback place of an article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyad.knowledge.gazetteer import ALIAS_PENALTY, Gazetteer, normalize_name
from dyad.model import Place, PlaceMention
from dyad.nlp.extensions import register_extensions

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""spaCy labels read as toponyms."""
SCAN_SKIP_LABELS = frozenset(
    {
        "NORP",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "CARDINAL",
        "ORDINAL",
        "LANGUAGE",
        "WORK_OF_ART",
        "LAW",
        "EVENT",
        "PRODUCT",
    }
)
"""Entity labels whose tokens the dictionary scan never reads as toponyms."""
SCAN_MIN_PRIOR = 5.0
"""Names whose best candidate has a lower prior (a city under ~100,000 people) are found only
when spaCy tags them as places."""
MISLABELLED_MIN_PRIOR = 6.0
"""A PERSON/ORG entity is re-read as a toponym only when its best candidate has this prior
(a country, a region, or a city of about a million)."""
MAX_NAME_TOKENS = 5
"""Longest toponym (in tokens) the scan tries."""
GENERIC_SUFFIXES = (
    "province",
    "region",
    "oblast",
    "county",
    "governorate",
    "prefecture",
    "district",
    "area",
    "territory",
    "island",
    "islands",
)
"""Trailing words dropped when an entity is not found as written ("Heilongjiang province")."""
_COMMON_WORDS_TEXT = """
of nice reading mobile split bath best hope normal independence liberty union unity enterprise
commerce progress opportunity march may eagle orange temple grant marion sale deal mission wells
energy university college centre center home many most much more same van man male sur para
don post dont aurora victory ocean beach lake river hill mount park port bay god time market
officer luck wave area metro les pan hang pop north south east west central valley bridge
miss ind mo pa wash del ga ky ill kan neb ore mass conn colo tex mont vt va la me
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
"""Capitalised common words that are also names of towns: never toponyms by the scan alone."""
PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "from",
        "to",
        "into",
        "inside",
        "across",
        "around",
        "throughout",
        "toward",
        "towards",
        "on",
        "within",
        "over",
        "off",
        "between",
        "along",
    }
)
"""Locative prepositions that attach a place to an event."""
FOCUS_WEIGHT = 3.0
"""Bonus for a candidate in the article's focus country (scaled by the country's share)."""
ADMIN_WEIGHT = 1.5
"""Bonus for a candidate in a state or province the article names."""
CONTEXT_WEIGHT = 6.0
"""Bonus for a candidate whose admin1 or country follows the name ("Paris, Texas")."""


@dataclass(frozen=True, slots=True)
class _Toponym:
    """A recognised toponym before resolution."""

    start: int
    end: int
    key: str
    context: str | None  # normalized name of an explicit admin context, if any


def _scan_keys(gazetteer: Gazetteer) -> tuple[frozenset[str], dict[str, int]]:
    """Names the token scan may match, and for each first word the longest name it starts."""
    names: set[str] = set()
    first: dict[str, int] = {}
    for key, found in gazetteer.index.items():
        _, score, is_alias = found[0]
        if score < SCAN_MIN_PRIOR or (
            is_alias and gazetteer.places[found[0][0]].feature == "city" and score < MISLABELLED_MIN_PRIOR
        ):
            continue
        if key in COMMON_WORDS or len(key) < 3:
            continue
        words = key.split()
        names.add(key)
        first[words[0]] = max(first.get(words[0], 0), len(words))
    return frozenset(names), first


class PlaceRecognizer:
    """spaCy component: sets ``doc._.places`` to the resolved toponyms, in text order."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name
        self.gazetteer = Gazetteer.load()
        self.scan_names, self.scan_first = _cached_scan_keys(self.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        toponyms = self._recognise(doc)
        doc._.places = self._resolve(doc, toponyms)
        return doc

    # recognition -------------------------------------------------------------------------------

    def _key_for(self, span: Span) -> str | None:
        """The gazetteer key of an entity span, after clean-up; None when not a known place."""
        text = span.text
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        key = normalize_name(text)
        if key in self.gazetteer.index:
            return key
        words = key.split()
        while len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
            words = words[:-1]
            if " ".join(words) in self.gazetteer.index:
                return " ".join(words)
        return None

    def _entity_toponyms(self, doc: Doc, span: Span) -> list[_Toponym]:
        """Toponyms in one entity span; "City, State" spans give two toponyms."""
        key = self._key_for(span)
        start = span.start_char + (4 if span.text[:4].lower() == "the " else 0)
        if key is not None:
            end = span.end_char - (2 if span.text.endswith(("'s", "’s")) else 0)
            return [_Toponym(start, end, key, None)]
        comma = [t.i for t in span if t.text == ","]
        if comma:
            head, tail = doc[span.start : comma[0]], doc[comma[0] + 1 : span.end]
            head_key, tail_key = self._key_for(head), self._key_for(tail)
            found = []
            if head_key is not None:
                found.append(_Toponym(head.start_char, head.end_char, head_key, tail_key))
            if tail_key is not None:
                found.append(_Toponym(tail.start_char, tail.end_char, tail_key, None))
            return found
        return []

    def _accept_mislabelled(self, span: Span) -> str | None:
        """Key of a PERSON/ORG entity that is really a well-known place ("Kharkiv"), else None."""
        key = self._key_for(span)
        if key is None or key in COMMON_WORDS:
            return None
        _, score, is_alias = self.gazetteer.index[key][0]
        # A one-word variant spelling ("Kiev") counts like the name; a multi-word alias is often a
        # translation that is also an organisation ("White House" for Casablanca).
        if is_alias and (len(span) > 1 or score + ALIAS_PENALTY < MISLABELLED_MIN_PRIOR):
            return None
        if not is_alias and score < MISLABELLED_MIN_PRIOR:
            return None
        before = span.doc[span.start - 1] if span.start > 0 else None
        if (
            span.label_ == "PERSON"
            and before is not None
            and before.lower_ not in PREPOSITIONS
            and before.pos_ not in {"PUNCT", "CCONJ", "DET"}
        ):
            return None
        return key

    def _recognise(self, doc: Doc) -> list[_Toponym]:
        found: list[_Toponym] = []
        person_words = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                found.extend(self._entity_toponyms(doc, ent))
            elif ent.label_ in {"PERSON", "ORG"} and not (len(ent) == 1 and ent[0].lower_ in person_words):
                key = self._accept_mislabelled(ent)
                if key is not None:
                    found.append(_Toponym(ent.start_char, ent.end_char, key, None))
        found.extend(self._scan(doc, person_words))
        found.sort(key=lambda t: t.start)
        # "Paris, Texas": a toponym followed by a comma and another one reads the second as context.
        for index in range(len(found) - 1):
            here, after = found[index], found[index + 1]
            if here.context is None and doc.text[here.end : after.start].strip() == ",":
                found[index] = _Toponym(here.start, here.end, here.key, after.key)
        return found

    def _scan(self, doc: Doc, person_words: set[str]) -> list[_Toponym]:
        """Proper nouns outside entities that name a gazetteer place of some size."""
        found: list[_Toponym] = []
        first = self.scan_first
        i, n = 0, len(doc)
        while i < n:
            token = doc[i]
            longest = first.get(token.lower_, 0)
            if not longest or token.ent_type_ or token.pos_ != "PROPN" or token.lower_ in person_words:
                i += 1
                continue
            if token.is_lower and not token.is_sent_start and len(token) < 4:
                i += 1
                continue
            for length in range(min(longest, MAX_NAME_TOKENS, n - i), 0, -1):
                span = doc[i : i + length]
                if any(t.ent_type_ for t in span):
                    continue
                key = normalize_name(span.text)
                if key in self.scan_names:
                    found.append(_Toponym(span.start_char, span.end_char, key, None))
                    i += length - 1
                    break
            i += 1
        return found

    # resolution --------------------------------------------------------------------------------

    def _resolve(self, doc: Doc, toponyms: list[_Toponym]) -> list[PlaceMention]:
        gazetteer = self.gazetteer
        countries: Counter[str] = Counter()
        admins: set[str] = set()
        admin_countries: Counter[str] = Counter()
        for toponym in toponyms:
            best = gazetteer.places[gazetteer.index[toponym.key][0][0]]
            if best.country:
                countries[best.country] += 1
            if best.feature == "admin1" and best.country:
                admins.add(normalize_name(best.name))
                admin_countries[best.country] += 1
        total = sum(countries.values()) or 1
        mentions = []
        for toponym in toponyms:
            context = toponym.context
            best_place, best_score = None, float("-inf")
            for place, score in gazetteer.candidates(toponym.key)[:50]:
                if place.country:
                    score += FOCUS_WEIGHT * countries[place.country] / total
                if place.admin1 and normalize_name(place.admin1) in admins:
                    score += ADMIN_WEIGHT
                elif place.feature == "admin1" and place.country and admin_countries[place.country] > 1:
                    score += ADMIN_WEIGHT  # other states of the same country are named
                if context is not None and _in_context(gazetteer, place, context):
                    score += CONTEXT_WEIGHT
                if score > best_score:
                    best_place, best_score = place, score
            if best_place is not None:
                mentions.append(
                    PlaceMention(
                        start=toponym.start,
                        end=toponym.end,
                        text=doc.text[toponym.start : toponym.end],
                        place=best_place,
                    )
                )
        return mentions


def _in_context(gazetteer: Gazetteer, place: Place, context: str) -> bool:
    """True when the admin context key names ``place``'s admin1 or country."""
    if place.admin1 and normalize_name(place.admin1) == context:
        return True
    countries = (c.country for c, _ in gazetteer.candidates(context) if c.feature == "country")
    return place.country in set(countries)


_SCAN_CACHE: dict[int, tuple[frozenset[str], dict[str, int]]] = {}


def _cached_scan_keys(gazetteer: Gazetteer) -> tuple[frozenset[str], dict[str, int]]:
    """Scan keys computed once per gazetteer object (components are created per pipeline)."""
    if id(gazetteer) not in _SCAN_CACHE:
        _SCAN_CACHE[id(gazetteer)] = _scan_keys(gazetteer)
    return _SCAN_CACHE[id(gazetteer)]


def _mention_tokens(doc: Doc, mention: PlaceMention) -> Span | None:
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


def event_location(doc: Doc, token_indices: Sequence[int]) -> PlaceMention | None:
    """The place syntactically attached to an event trigger, or None.

    Looks at the toponyms in the trigger's sentence (``doc._.places`` must be set) and keeps
    those reached from the trigger through a locative preposition ("in Beijing", "at Beijing's
    Great Hall", "near Kharkiv"), an apposition ("the northeast region of his country, Kharkiv")
    or a possessive, walking down the trigger's subtree and up its head chain. The attachment
    closest to the trigger in the dependency tree wins; ties go to the nearer word.
    """
    mentions: list[PlaceMention] = doc._.places or []
    if not token_indices or not mentions:
        return None
    triggers = [doc[i] for i in token_indices]
    sentence = triggers[0].sent
    best: tuple[int, int, PlaceMention] | None = None
    for mention in mentions:
        if not sentence.start_char <= mention.start < sentence.end_char:
            continue
        span = _mention_tokens(doc, mention)
        if span is None:
            continue
        distance = _attachment_distance(triggers, span.root)
        if distance is None:
            continue
        gap = min(abs(span.root.i - t.i) for t in triggers)
        if best is None or (distance, gap) < best[:2]:
            best = (distance, gap, mention)
    return best[2] if best else None


def _attachment_distance(triggers: list[Token], place: Token) -> int | None:
    """Tree distance from a trigger to a place token if the path is a locative attachment."""
    # Climb from the place to its governing preposition (through compounds, possessives,
    # appositions and "of" chains), then see whether that preposition hangs off a trigger or one
    # of the trigger's ancestors.
    token, steps, locative = place, 0, False
    trigger_ids = {t.i for t in triggers}
    while steps < 8:
        if token.i in trigger_ids:
            return steps if locative or steps <= 2 else None
        head = token.head
        if head is token:
            return None
        if token.dep_ == "pobj" and head.lower_ in PREPOSITIONS:
            locative = True
        elif token.dep_ not in {
            "pobj",
            "prep",
            "poss",
            "compound",
            "appos",
            "nmod",
            "npadvmod",
            "conj",
            "dobj",
            "nsubj",
            "pcomp",
        }:
            return None
        if head.i in trigger_ids:
            return steps + 1 if locative else None
        if any(head.i == t.head.i for t in triggers) and locative:
            return steps + 2
        token, steps = head, steps + 1
    return None


def article_focus(mentions: Sequence[PlaceMention]) -> Place | None:
    """The article's fallback place: the most mentioned city or country, ties by first mention."""
    counts: Counter[tuple[str, float, float]] = Counter()
    first: dict[tuple[str, float, float], tuple[int, Place]] = {}
    for index, mention in enumerate(mentions):
        place = mention.place
        if place.feature not in {"city", "country"}:
            continue
        key = (place.name, place.lat, place.lon)
        counts[key] += 1
        first.setdefault(key, (index, place))
    if not counts:
        return None
    key = min(counts, key=lambda k: (-counts[k], first[k][0]))
    return first[key][1]
