"""The geoparser: find toponyms in a parsed Doc and resolve each to a gazetteer place.

Recognition has several sources. spaCy's GPE, LOC and FAC entities are looked up in the
gazetteer (with light clean-up: a leading "the", a possessive, a trailing "province"/"region",
"St."/"Mt." spelled out, words of direction before a known town or state). A dictionary scan over
proper-noun tokens outside any entity catches what the model missed ("kyiv" in lower case). An
entity the model tags as a person, organisation or product is a place when it is a country,
region or a city of a million ("Kharkiv"), when it stands where only a place fits ("in Klamath
Falls", "Boise, Idaho", coordinated with a place), or when the same name is a place elsewhere in
the article (one sense per discourse). Upper-case datelines ("ATLANTA (AP) -") are read too, and
a USPS code after "City," is its state ("Athens, GA"). The scans use precomputed keys or
regular expressions over the text, so their cost per token is small.

Resolution ranks the gazetteer candidates of each toponym by their prior (feature type and
population) plus context: an explicit admin context ("Alexandria, Louisiana", "Lebanon, Tenn.")
keeps only the candidates inside it, for every mention of the name; the countries the article
mentions most (its focus) and the states or provinces it names add a bonus; a second pass prefers
towns near the other towns the article names, the state of those towns, and the state of a
county named. US counties have only an estimated point in the gazetteer: a county is moved to
the town of its state that the article names closest to it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
CUE_PREPOSITIONS = frozenset({"in", "near", "outside"})
"""Prepositions after which a gazetteer name tagged as a person or organisation is read as a place."""
MISLABELLED_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "NORP", "EVENT", "WORK_OF_ART"})
"""Entity labels that may hide a place (the model's usual confusions)."""
MAX_NAME_TOKENS = 5
"""Longest toponym (in tokens) the scan tries."""
_DIRECTION_WORDS_TEXT = """
north south east west northern southern eastern western central northeast northwest southeast
southwest northeastern northwestern southeastern southwestern upstate downstate downtown greater
rural coastal mid
"""
DIRECTION_WORDS = frozenset(_DIRECTION_WORDS_TEXT.split())
"""Words before a place name that narrow it without naming another place ("southern Indiana")."""
WATER_WORDS = frozenset({"river", "creek", "lake", "sea", "ocean", "bay"})
"""Last words of a water body, whose first words are no town ("the Mississippi River")."""
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
ABBREVIATED_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
"""Abbreviations that open place names, read spelled out when the short form is unknown."""
_COMMON_WORDS_TEXT = """
of nice reading mobile split bath best hope normal independence liberty union unity enterprise
commerce progress opportunity march may eagle orange temple grant marion sale deal mission wells
energy university college centre center home many most much more same van man male sur para
don post dont aurora victory ocean beach lake river hill mount park port bay god time market
officer luck wave area metro les pan hang pop north south east west central valley bridge
congress parliament senate church
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
PROXIMITY_WEIGHT = 2.0
"""Largest bonus for a city near another city the article names (scaled by closeness)."""
NEAR_KM = 25.0
"""Distance within which a candidate gets the whole proximity bonus."""
FAR_KM = 2000.0
"""Distance beyond which a candidate gets no proximity bonus."""
COUNTY_CLOSENESS = 1.0
"""Closeness credited to a town in the state of a county the article names."""
_US_STATE_CODES_TEXT = """
AL alabama|AK alaska|AZ arizona|AR arkansas|CA california|CO colorado|CT connecticut|DE delaware
FL florida|GA georgia|HI hawaii|ID idaho|IL illinois|IN indiana|IA iowa|KS kansas|KY kentucky
LA louisiana|ME maine|MD maryland|MA massachusetts|MI michigan|MN minnesota|MS mississippi
MO missouri|MT montana|NE nebraska|NV nevada|NH new hampshire|NJ new jersey|NM new mexico
NY new york|NC north carolina|ND north dakota|OH ohio|OK oklahoma|OR oregon|PA pennsylvania
RI rhode island|SC south carolina|SD south dakota|TN tennessee|TX texas|UT utah|VT vermont
VA virginia|WA washington|WV west virginia|WI wisconsin|WY wyoming|DC washington d c
"""
US_STATE_CODES = {pair[:2]: pair[3:] for pair in _US_STATE_CODES_TEXT.replace("\n", "|").split("|") if pair}
"""USPS state codes -> gazetteer key of the state; read only right after "City, " ("Athens, GA")."""
_DATELINE = re.compile(
    r"(?:^|(?<=[\n.!?\"”])\s*)\s*([A-Z]{2,}(?:[ '.-]+[A-Z]{2,}){0,3})(?=\s*(?:\(|—|–|-|,))"
)
"""An upper-case name at the start of the text, a paragraph or a sentence, before a dateline mark."""
_COORDINATION_BEFORE = re.compile(r"(?:,|,? and|,? or) $")
_COORDINATION_AFTER = re.compile(r"(?:,|,? and|,? or) ")
"""Coordination between two names ("Migori, Homa Bay and Rongo")."""
_STATE_CODE_AFTER = re.compile(r",\s?([A-Z]{2})(?![\w.])")
FEATURE_RANK = {"city": 0, "region": 1, "admin1": 1, "country": 2}
"""Size class of a feature type (see ``PlaceRecognizer._can_qualify``)."""
MAX_CANDIDATES = 50
"""Candidates of one name considered in resolution, best prior first."""


@dataclass(frozen=True, slots=True)
class _Toponym:
    """A recognised toponym before resolution."""

    start: int
    end: int
    key: str
    context: str | None  # normalized name of an explicit admin context, if any
    dateline: bool = False  # opens the story ("WASHINGTON (AP) -"): the town it was filed from


def _scan_keys(gazetteer: Gazetteer) -> tuple[frozenset[str], dict[str, int]]:
    """Names the token scan may match, and for each first word the longest name it starts."""
    names: set[str] = set()
    first: dict[str, int] = {}
    best = gazetteer.best_candidates(SCAN_MIN_PRIOR, exact_at=(MISLABELLED_MIN_PRIOR,))
    for key, place, score, is_alias in best:
        if score < SCAN_MIN_PRIOR or (
            is_alias and gazetteer.feature_of(place) == "city" and score < MISLABELLED_MIN_PRIOR
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
        text = doc.text  # built anew on each access: read it once
        toponyms = self._recognise(doc, text)
        doc._.places = self._resolve(text, toponyms)
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
        if words and words[0] in ABBREVIATED_WORDS:  # "St. Augustine", "Mt. Juliet"
            spelled = " ".join([ABBREVIATED_WORDS[words[0]], *words[1:]])
            if spelled in self.gazetteer.index:
                return spelled
        while len(words) > 1 and words[-1] in GENERIC_SUFFIXES:
            words = words[:-1]
            if " ".join(words) in self.gazetteer.index:
                return " ".join(words)
        return None

    def _entity_toponyms(self, doc: Doc, span: Span) -> list[_Toponym]:
        """Toponyms in one entity span; "City, State" spans give two toponyms."""
        while len(span) > 1 and span[-1].is_punct:  # "SAN DIEGO (" tagged as one entity
            span = span[:-1]
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
        if span.label_ in {"GPE", "LOC"} and span[-1].lower_ not in WATER_WORDS:
            return self._segments(span)
        return []

    def _segments(self, span: Span) -> list[_Toponym]:
        """A well-known town or state after words of direction ("north west London", "southern
        Indiana"); regions and countries are left alone ("West Java" is not Java's point)."""
        doc = span.doc
        i = span.start + (1 if span[0].lower_ == "the" else 0)
        while i < span.end - 1 and (doc[i].lower_ in DIRECTION_WORDS or doc[i].is_punct):
            i += 1
        if i == span.start or not doc[i].is_title:
            return []
        key = self._key_for(doc[i : span.end])
        if key is None or key not in self.scan_names:
            return []
        feature = self.gazetteer.places[self.gazetteer.index[key][0][0]].feature
        return [_Toponym(doc[i].idx, span.end_char, key, None)] if feature in {"city", "admin1"} else []

    def _accept_mislabelled(self, span: Span) -> str | None:
        """Key of a PERSON/ORG entity that is really a place, else None.

        Accepted are well-known places ("Kharkiv") and any gazetteer place in a position only a
        place takes: after a locative preposition ("in Klamath Falls") or before a state or country
        ("Boise, Idaho").
        """
        key = self._key_for(span)
        if key is None or key in COMMON_WORDS:
            return None
        if self._in_place_position(span):
            return key
        if span.label_ not in {"PERSON", "ORG"}:
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
            and before.lower_ not in DIRECTION_WORDS  # "in northern Mali" (tagged a person)
            and before.pos_ not in {"PUNCT", "CCONJ", "DET"}
            # "had shelled Kharkiv": a well-known city as the object of the verb before it
            and not (before.pos_ == "VERB" and span.root.dep_ == "dobj" and span.root.head.i == before.i)
        ):
            return None
        return key

    def _in_place_position(self, span: Span) -> bool:
        """True when ``span`` stands where only a place fits (see :meth:`_accept_mislabelled`)."""
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.pos_ == "NOUN":
            return False  # a modifier: "in Canadian pension obligations"
        if before is not None and before.lower_ in CUE_PREPOSITIONS:
            return True
        if after is None:
            return False
        if after.text == "," and span.end + 1 < len(doc):
            for length in (1, 2, 3):
                tail = doc[span.end + 1 : span.end + 1 + length]
                found = self.gazetteer.index.get(normalize_name(tail.text))
                if found and self.gazetteer.places[found[0][0]].feature in {"admin1", "country"}:
                    return True
        return False

    def _recognise(self, doc: Doc, text: str) -> list[_Toponym]:
        found: list[_Toponym] = []
        person_words = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        doubtful: list[tuple[Span, str]] = []  # entities named like a place but not read as one
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                found.extend(self._entity_toponyms(doc, ent))
            elif ent.label_ in MISLABELLED_LABELS and not (len(ent) == 1 and ent[0].lower_ in person_words):
                key = self._accept_mislabelled(ent)
                if key is not None:
                    found.append(_Toponym(ent.start_char, ent.end_char, key, None))
                elif ent.label_ in {"PERSON", "ORG"} and ent[0].is_title:
                    key = self._key_for(ent)
                    if key is not None:
                        doubtful.append((ent, key))
        found.extend(self._scan(doc, person_words, self.scan_names, self.scan_first))
        datelines = self._datelines(text)
        dateline_starts = {t.start for t in datelines}
        found = [replace(t, dateline=True) if t.start in dateline_starts else t for t in found]
        covered = {i for t in found for i in range(t.start, t.end)}
        found.extend(t for t in datelines if t.start not in covered)
        # One sense per discourse: a name read as a place once is a place wherever the model tags
        # it as a person or organisation ("in Riverdale" ... "Riverdale" tagged PERSON).
        # A name coordinated with a place is one too ("in East Providence and Barrington").
        known = {t.key for t in found} - COMMON_WORDS
        ends = {t.end for t in found}
        starts = {t.start for t in found}
        for ent, key in doubtful:  # in text order, so that a list is read link by link
            link_before = _COORDINATION_BEFORE.search(text, max(0, ent.start_char - 8), ent.start_char)
            link_after = _COORDINATION_AFTER.match(text, ent.end_char)
            if (
                key in known
                or (link_before is not None and link_before.start() in ends)
                or (link_after is not None and link_after.end() in starts)
            ):
                found.append(_Toponym(ent.start_char, ent.end_char, key, None))
                ends.add(ent.end_char)
        found.sort(key=lambda t: t.start)
        found = _add_state_codes(text, found)
        # "Paris, Texas": a toponym followed by a comma and another one reads the second as context,
        # unless it is in a list ("Virginia, Washington, West Virginia", "China, Japan").
        for index in range(len(found) - 1):
            here, after = found[index], found[index + 1]
            if here.context is None and text[here.end : after.start].strip() == ",":
                listed = index > 0 and text[found[index - 1].end : here.start].strip() == ","
                if not listed and self._can_qualify(after.key, here.key):
                    found[index] = replace(here, context=after.key)
        return found

    def _can_qualify(self, context: str, key: str) -> bool:
        """True when ``context`` after a comma may say where ``key`` is: a state or country after a
        smaller place ("Paris, Texas"; "Lebanon, Tenn." too), not a pair of peers ("China, Japan")."""
        context_rank, rank = self._rank(context), self._rank(key)
        return context_rank > 0 and context_rank != rank

    def _rank(self, key: str) -> int:
        """Size class of a name's most likely place: 0 a city, 1 a region or state, 2 a country."""
        return FEATURE_RANK.get(self.gazetteer.places[self.gazetteer.index[key][0][0]].feature, 0)

    def _datelines(self, text: str) -> list[_Toponym]:
        """Upper-case place names opening the text, a paragraph or a sentence before a dash,
        parenthesis or comma: the dateline of a news story ("ATLANTA (AP) -", "IMMOKALEE -",
        "RALEIGH, N.C.")."""
        found = []
        for match in _DATELINE.finditer(text):
            key = normalize_name(match.group(1))
            entries = self.gazetteer.index.get(key)
            # a name of its own, not only an alias: "HAMAS -" is no dateline for Hamm
            if (
                entries
                and any(not alias for _, _, alias in entries)
                and len(key) >= 4
                and key not in COMMON_WORDS
            ):
                found.append(_Toponym(match.start(1), match.end(1), key, None, dateline=True))
        return found

    def _scan(
        self, doc: Doc, person_words: set[str], names: frozenset[str] | set[str], first: dict[str, int]
    ) -> list[_Toponym]:
        """Proper nouns outside entities that are among ``names`` (``first``: longest name per first word)."""
        found: list[_Toponym] = []
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
                if key in names:
                    found.append(_Toponym(span.start_char, span.end_char, key, None))
                    i += length - 1
                    break
            i += 1
        return found

    # resolution --------------------------------------------------------------------------------

    def _resolve(self, text: str, toponyms: list[_Toponym]) -> list[PlaceMention]:
        gazetteer = self.gazetteer
        countries: Counter[str] = Counter()
        admins: set[str] = set()
        admin_countries: Counter[str] = Counter()
        for toponym in toponyms:
            best = gazetteer.places[gazetteer.index[toponym.key][0][0]]
            if best.country:
                countries[best.country] += 1
            if best.feature == "admin1" and best.country and normalize_name(best.name) not in admins:
                admins.add(normalize_name(best.name))
                admin_countries[best.country] += 1  # distinct states or provinces per country
        total = sum(countries.values()) or 1

        def scored(toponym: _Toponym) -> list[tuple[float, Place]]:
            """Candidates with prior and document context, those in an explicit context only."""
            found = []
            for place, score in gazetteer.candidates(toponym.key)[:MAX_CANDIDATES]:
                if place.country:
                    score += FOCUS_WEIGHT * countries[place.country] / total
                if place.admin1 and normalize_name(place.admin1) in admins:
                    score += ADMIN_WEIGHT
                elif place.feature == "admin1" and normalize_name(place.name) in admins:
                    score += ADMIN_WEIGHT  # named elsewhere too ("Wash." then "Washington")
                elif place.feature == "admin1" and place.country and admin_countries[place.country] > 1:
                    score += ADMIN_WEIGHT  # other states of the same country are named
                found.append((score, place))
            if toponym.context is not None:
                inside = [c for c in found if _in_context(gazetteer, c[1], toponym.context)]
                found = inside or found
            if toponym.dateline:  # a story is filed from a town ("WASHINGTON (AP)" is the capital)
                found = [c for c in found if c[1].feature == "city"] or found
            return found

        candidates = [scored(t) for t in toponyms]
        # One sense per discourse: a name placed by an explicit context ("Lebanon, Tenn.") means
        # that place wherever the article repeats it bare.
        settled = {t.key: found for t, found in zip(toponyms, candidates, strict=True) if t.context and found}
        candidates = [
            settled.get(t.key, found) if t.context is None else found
            for t, found in zip(toponyms, candidates, strict=True)
        ]
        chosen = [max(found, key=lambda c: c[0])[1] if found else None for found in candidates]
        # Second pass: among close candidates, prefer the one near the towns the article names
        # (Oceanside near Fort Salonga is the Long Island one).
        anchors = {
            (t.key, p) for t, p in zip(toponyms, chosen, strict=True) if p is not None and p.feature == "city"
        }
        # Counties whose state is certain (one of a kind, or "Henry County, Tenn.") place the
        # article in their state.
        county_states = {
            (t.key, (p.country, p.admin1))
            for t, p, found in zip(toponyms, chosen, candidates, strict=True)
            if p is not None and p.feature == "admin2" and (len(found) == 1 or t.context)
        }
        for index, (toponym, found) in enumerate(zip(toponyms, candidates, strict=True)):
            near = [place for key, place in anchors if key != toponym.key]
            in_county_state = {state for key, state in county_states if key != toponym.key}
            if len(found) < 2 or not (near or in_county_state):
                continue
            states = {(p.country, p.admin1) for p in near if p.admin1} | in_county_state
            top = max(score for score, _ in found)
            best_place, best_score = None, float("-inf")
            for score, place in found:
                if score < top - PROXIMITY_WEIGHT:
                    continue
                if place.feature == "city":
                    closeness = max((_closeness(place, p) for p in near), default=0.0)
                    if (place.country, place.admin1) in in_county_state:
                        closeness = max(closeness, COUNTY_CLOSENESS)
                    score += PROXIMITY_WEIGHT * closeness
                elif place.feature == "admin1" and (place.country, place.name) in states:
                    score += PROXIMITY_WEIGHT  # the state of the towns named ("Washington" with Spokane)
                elif place.feature == "admin2" and (place.country, place.admin1) in states:
                    score += PROXIMITY_WEIGHT  # a county of their state
                if score > best_score:
                    best_place, best_score = place, score
            chosen[index] = best_place
        _place_counties(toponyms, chosen)
        return [
            PlaceMention(start=t.start, end=t.end, text=text[t.start : t.end], place=place)
            for t, place in zip(toponyms, chosen, strict=True)
            if place is not None
        ]


def _place_counties(toponyms: list[_Toponym], chosen: list[Place | None]) -> None:
    """Move each county (the gazetteer has only an estimated point) to the town of the same state
    that the article names closest to it: a county is rarely far from the towns of the story."""
    towns = [
        (t.start, p) for t, p in zip(toponyms, chosen, strict=True) if p is not None and p.feature == "city"
    ]
    for index, (toponym, place) in enumerate(zip(toponyms, chosen, strict=True)):
        if place is None or place.feature != "admin2":
            continue
        same_state = [
            (abs(start - toponym.start), town)
            for start, town in towns
            if (town.country, town.admin1) == (place.country, place.admin1)
        ]
        if same_state:
            town = min(same_state, key=lambda pair: pair[0])[1]
            chosen[index] = replace(place, lat=town.lat, lon=town.lon)


def _closeness(place: Place, other: Place) -> float:
    """1 for places within NEAR_KM of each other, falling with log distance to 0 at FAR_KM."""
    km = _distance_km(place.lat, place.lon, other.lat, other.lon)
    if km <= NEAR_KM:
        return 1.0
    if km >= FAR_KM:
        return 0.0
    return 1.0 - math.log(km / NEAR_KM) / math.log(FAR_KM / NEAR_KM)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlon = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _add_state_codes(text: str, found: list[_Toponym]) -> list[_Toponym]:
    """Add the USPS code after a toponym as a toponym of its own ("Athens, GA")."""
    added = []
    for toponym in found:
        code = _STATE_CODE_AFTER.match(text, toponym.end)
        if code is not None and code.group(1) in US_STATE_CODES:
            added.append(_Toponym(code.start(1), code.end(1), US_STATE_CODES[code.group(1)], "united states"))
    if not added:
        return found
    taken = {t.start for t in added}
    return sorted([t for t in found if t.start not in taken] + added, key=lambda t: t.start)


def _in_context(gazetteer: Gazetteer, place: Place, context: str) -> bool:
    """True when the context key ("Texas", "Tenn.", "France") names ``place``'s admin1 or country."""
    for other, _ in gazetteer.candidates(context):
        if other.feature == "country" and place.country == other.country and place is not other:
            return True
        if other.feature == "admin1" and place.admin1 == other.name and place.country == other.country:
            return True
    return False


_SCAN_CACHE: dict[int, tuple[frozenset[str], dict[str, int]]] = {}


def _cached_scan_keys(gazetteer: Gazetteer) -> tuple[frozenset[str], dict[str, int]]:
    """Scan keys computed once per gazetteer object (components are created per pipeline)."""
    if id(gazetteer) not in _SCAN_CACHE:
        _SCAN_CACHE[id(gazetteer)] = _scan_keys(gazetteer)
    return _SCAN_CACHE[id(gazetteer)]


def _mention_tokens(doc: Doc, mention: PlaceMention) -> Span | None:
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


def event_location(
    doc: Doc, token_indices: Sequence[int], object_is_place: bool = False
) -> PlaceMention | None:
    """The place syntactically attached to an event trigger, or None.

    Looks at the toponyms in the trigger's sentence (``doc._.places`` must be set) and keeps
    those reached from the trigger through a locative preposition ("in Beijing", "at Beijing's
    Great Hall", "near Kharkiv"), an apposition ("the northeast region of his country, Kharkiv")
    or a possessive, walking down the trigger's subtree and up its head chain. The attachment
    closest to the trigger in the dependency tree wins; ties go to the nearer word. With
    ``object_is_place`` (physical acts and visits) the trigger's direct object counts too
    ("shelled Kharkiv", "visited Kyiv"); for words it does not ("Beijing criticised Washington").
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
        if distance is None and object_is_place and span.root.dep_ == "dobj" and span.root.head in triggers:
            distance = 1
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
