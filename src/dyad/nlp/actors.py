"""Actor resolver: named entities and noun phrases -> canonical, time-aware actors (``doc._.actors``).

How it works, in three passes over a parsed Doc:

1. A PhraseMatcher (lower-cased) finds every knowledge-base surface form: countries, adjectives
   and demonyms, metonyms ("the Kremlin"), organisations, people, agent nouns ("troops").
   Proper names written entirely in lower case ("us") are ignored.
2. Matches are grouped by the noun phrase they belong to (their syntactic head), so "Russian
   Defense Minister Andrey Belousov" becomes one mention combining RUS + GOV/MIL + the person,
   and a possessor that names a state joins an agent head ("Moscow's troops" -> RUSMIL).
3. References back to earlier actors ("he", "the Russian president", "its troops", "the two
   leaders") are linked by :mod:`dyad.nlp.coref`, always resolving roles on the article's
   publication date; country-less mentions then borrow the best country guess at hand.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from dyad.knowledge import name_tokens
from dyad.knowledge.actors import ActorKB, Person, load_actor_kb, norm
from dyad.model import Actor, PlaceMention
from dyad.nlp.coref import ActorMention, Coreference

# Dependency labels that keep a token inside its head's noun phrase.
_NP_DEPS = {"compound", "amod", "nmod", "flat", "nn", "title", "appos", "npadvmod"}
# On equal length, user dictionaries win, then people, organisations, agents, places and adjectives.
_TABLE_PRIORITY = {
    "user": -2,
    "user_agent": -1,
    "person": 0,
    "org": 1,
    "agent": 2,
    "metonym": 3,
    "country": 4,
    "adjective": 5,
    "unknown": 6,
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z'.-]+(?:[ \t]+[A-Z][A-Z'.-]+){0,3}"  # NAIROBI, SAN FRANCISCO, TANZANIA
    r"(?:,[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})?"  # , Kenya / , Calif.
    rf"(?:,?[ \t]+{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?)?"  # , March 3
    r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*(?:—|–|--?)[ \t]"  # (AP) -
)
"""A news dateline opening a story or paragraph ("NAIROBI, Kenya (AP) - ", "SAN FRANCISCO - "): it
says where the story was filed and which agency filed it; neither is an actor of its events."""


def dateline_end(doc: Doc) -> int:
    """Character offset where the story's opening dateline ends (0 when it has none)."""
    match = DATELINE.match(doc.text)
    return match.end() if match else 0


_PROPER_TABLES = {"person", "org", "metonym", "country", "adjective"}
_AGENT_TABLES = {"agent", "user_agent"}
_STATE_TABLES = {"country", "metonym", "adjective", "user"}
# "the president of Armenia", "refugees from Syria": a state named in these prepositions owns an agent.
_OWNER_PREPOSITIONS = {"of", "from"}
_OWNED_TABLES = {"agent", "user_agent", "person", "unknown"}
_UNKNOWN_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC"}


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    table: str
    key: str


def _phrase_head(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside the span (the match's root)."""
    span = doc[start:end]
    return span.root.i


def _np_head(token: Token) -> Token:
    """Climb compound/modifier links to the head noun of the phrase the token belongs to."""
    current = token
    for _ in range(6):
        if (
            current.dep_ in _NP_DEPS
            and current.head is not current
            and current.head.pos_ in {"NOUN", "PROPN"}
        ):
            current = current.head
        else:
            break
    return current


class ActorResolver:
    """spaCy component: finds and resolves actor mentions into ``doc._.actors``."""

    def __init__(self, nlp: Language, name: str = "dyad_actors", kb: ActorKB | None = None) -> None:
        self.name = name
        self.nlp = nlp
        self.use_kb(kb or load_actor_kb())

    def use_kb(self, kb: ActorKB) -> None:
        """Resolve with another knowledge base (user dictionaries layered on top): rebuilds the matcher."""
        nlp = self.nlp
        self.kb = kb
        self.coreference = Coreference(nlp.vocab, kb)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Patterns are each form's lower-cased tokens (the matcher's LOWER attribute, as hashes),
        # read from the compiled tokenization; forms it does not hold (user dictionaries), or a
        # pipeline with another tokenizer, are tokenized here (dyad.knowledge.name_tokens).
        model, compiled = name_tokens.load()
        known = compiled if model == name_tokens.model_id(nlp.meta) else {}
        strings = nlp.vocab.strings
        tables = {table: name_tokens.surface_forms(names) for table, names in self.kb.all_names().items()}
        missing = sorted({form for forms in tables.values() for form in forms if form not in known})
        fresh = name_tokens.tokenize(nlp.tokenizer, missing) if missing else {}  # type: ignore[arg-type]
        for table, forms in tables.items():
            patterns = []
            for form in forms:
                tokens = known.get(form) or fresh[form]
                if tokens:
                    patterns.append([strings.add(token) for token in tokens])
            if patterns:
                self.matcher.add(table, patterns)

    # -- pass 1: surface matches ------------------------------------------------------------
    def _matches(self, doc: Doc) -> list[_Match]:
        found: list[_Match] = []
        filed = dateline_end(doc)
        for match_id, start, end in self.matcher(doc):
            table = doc.vocab.strings[match_id]
            span = doc[start:end]
            if span.start_char < filed:
                continue  # "NAIROBI, Kenya (AP) -": where and by whom the story was filed
            if _base(doc, end):
                continue  # "a London-based group", "the Doha-based broadcaster": a location
            text = span.text
            if table in _PROPER_TABLES:
                if text.islower():
                    continue
                # "Benin opened", "Blinken" alone: proper names the tagger took for verbs
                blocked = {"PRON", "AUX", "ADP", "DET"} | (
                    set() if table in {"country", "person", "org"} else {"VERB"}
                )
                if end - start == 1 and span[0].pos_ in blocked and span[0].ent_type_ not in _NAME_LABELS:
                    continue
                if (
                    table == "country"
                    and span[0].ent_type_ == "PERSON"
                    and end - start == 1
                    and (span[0].ent_iob_ == "I" or (end < len(doc) and doc[end].ent_iob_ == "I"))
                ):
                    continue  # "Jordan Bardella": part of a name (a lone "Benin" tagged PERSON stays)
            if table in {"country", "adjective", "metonym"} and (_backer(doc, end) or _partisan(doc, start)):
                continue  # "Russian-backed separatists", "pro-Iranian Hizbollah" are not Russian, Iranian
            if table == "person" and _defined_acronym(doc, start, end):
                continue  # "Montenegro Municipality Association (AKK)" names the association, not a person
            found.append(_Match(start, end, table, norm(text)))
        # Longest match wins; on ties the table priority decides.
        # User dictionary names come first whatever their length: the user's "European Union" beats
        # our "the European Union"; otherwise the longest match wins, then the table priority.
        found.sort(key=lambda m: (m.table != "user", -(m.end - m.start), _TABLE_PRIORITY[m.table], m.start))
        # Named entities the knowledge base does not know are kept as unknown actors, but only where
        # no known name overlaps them ("the United States" stays the country USA).
        found.extend(
            _Match(ent.start, ent.end, "unknown", ent.text)
            for ent in doc.ents
            if ent.label_ in _UNKNOWN_LABELS and ent.start_char >= filed and not _base(doc, ent.end)
        )
        taken: set[int] = set()
        agent_tokens: set[int] = set()
        kept: list[_Match] = []
        for m in found:
            overlap = {i for i in range(m.start, m.end) if i in taken}
            # "Zorblat Industries": a name the knowledge base lacks, around a generic agent word, is kept
            if (
                m.table == "unknown"
                and overlap
                and overlap <= agent_tokens
                and m.end - m.start > len(overlap)
                and doc[m.start].ent_type_ in {"ORG", "PERSON"}
            ):
                kept.append(m)
                taken.update(range(m.start, m.end))
                continue
            if overlap:
                continue
            if (
                m.table == "unknown"
                and m.end - m.start == 1
                and doc[m.start].dep_ == "pobj"
                and doc[m.start].head.head.i in taken
            ):
                continue  # "Secretary of State": part of a title already matched
            kept.append(m)
            taken.update(range(m.start, m.end))
            if m.table in _AGENT_TABLES:
                agent_tokens.update(range(m.start, m.end))
        kept.sort(key=lambda m: m.start)
        return kept

    @staticmethod
    def _place_country(doc: Doc, start: int, end: int) -> str | None:
        """Best country guess for an unknown named actor: a place named inside it ("Harbin Institute")."""
        span = doc[start:end]
        for mention in doc._.places or []:
            if span.start_char <= mention.start < span.end_char and mention.place.country:
                return str(mention.place.country)
        from dyad.knowledge.gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
        for token in span:
            # a person's name is not a place ("Hassan", "Bush" are also towns)
            if token.pos_ == "PROPN" and token.is_title and len(token) > 3 and token.ent_type_ != "PERSON":
                places = [p for p in gazetteer.lookup(token.text) if p.population >= 100_000]
                if places:
                    return places[0].country
        return None

    # -- pass 2: group by noun phrase -------------------------------------------------------
    def _resolve_group(self, doc: Doc, group: list[_Match], on: date | None) -> ActorMention | None:
        country: str | None = None
        sectors: list[str] = []
        agent_sectors: list[str] = []
        prefixes: list[str] = []
        name: str | None = None
        kind = "unknown"
        org_code: str | None = None
        user_code: str | None = None
        person: Person | None = None
        unknown: str | None = None
        explicit_country: str | None = None
        has_agent = any(m.table in _AGENT_TABLES for m in group)
        ethnic = False
        alternatives: list[str] = []
        for m in group:
            if m.table == "unknown":
                unknown = unknown or doc[m.start : m.end].text
                country = country or self._place_country(doc, m.start, m.end)
                continue
            if m.table == "user":
                entry = self.kb.find_user_actor(m.key)
                code = entry.code_on(on) if entry else None
                if code and "/" in code:  # "FRO/BIL/SAM": one name for several actors
                    code, *others = code.split("/")
                    alternatives.extend(others)
                if code and user_code is None:
                    user_code, name = code, doc[m.start : m.end].text
                    tail = code[3:]  # "HOBGOV" -> GOV: the sectors written into a user code
                    sectors = [tail[i : i + 3] for i in range(0, len(tail), 3)] + sectors
                    kind = "state" if len(code) == 3 else "sector"
                    if not code.startswith("---"):
                        country = country or code[:3]
            elif m.table == "person":
                person = self.kb.find_person(m.key, on)
            elif m.table == "org" and org_code is None:
                org = self.kb.find_organization(m.key)
                if org:
                    org_sectors, changed = org.sectors_on(on)
                    org_code, name, kind = (
                        org.code,
                        org.name,
                        "organization" if org.kind != "group" else "group",
                    )
                    country = country or org.country
                    sectors = list(org_sectors)
                    if changed:  # a group in government (the Taliban since 2021) takes a plain state code
                        org_code, kind = org.country + "".join(org_sectors), "sector"
            elif m.table in _AGENT_TABLES:
                for sector in self.kb.agents.get(m.key, []):
                    if sector not in agent_sectors:
                        agent_sectors.append(sector)
                if m.key in self.kb.agent_prefixes:
                    prefixes.append(self.kb.agent_prefixes[m.key])
            elif m.table == "metonym":
                iso3, sector = self.kb.metonyms[m.key][0]
                country = country or iso3
                explicit_country = explicit_country or iso3
                # "Moscow's troops", "the University of Nairobi": beside an agent a metonym only
                # names the state; the agent says who
                if sector not in sectors and not has_agent:
                    sectors.insert(0, sector)
            elif m.table in {"country", "adjective"}:
                if m.table == "adjective" and m.start > 0 and doc[m.start - 1].lower_ == "ethnic":
                    ethnic = True  # "ethnic Albanians in Serbia" names a people, not the state
                    continue
                table = self.kb.country_names if m.table == "country" else self.kb.adjectives
                country = country or table[m.key][0]
                explicit_country = explicit_country or table[m.key][0]
        sectors += [s for s in agent_sectors if s not in sectors]
        window = doc[max(group[0].start - 1, 0) : group[-1].end]
        former = any(self.kb.modifiers.get(t.lower_) == "ELI" for t in window)  # "former president"
        if person is None and unknown is None and explicit_country and on is not None:
            # "the Russian president" with no name: whoever held that office on the article's date
            titles = [m.key for m in group if m.table in _AGENT_TABLES]
            roles = _TITLE_ROLES.get(titles[0]) if len(titles) == 1 else None
            head_tag = doc[_phrase_head(doc, group[0].start, group[-1].end)].tag_
            if roles and not former and head_tag in {"NN", "NNP"}:
                person = self.kb.office_holder(explicit_country, roles, on)
        if person is not None:
            p_country, p_sectors, _ = person.at(on)
            # "French President Emmanuel Macron": the role in the country the phrase names
            held = person.role_in(explicit_country, on) if explicit_country else None
            if held is not None:
                p_country, p_sectors = explicit_country, held[0]
            if tuple(p_sectors) == ("ELI",) and agent_sectors and not former:
                # "Russian Foreign Minister Andrei Kozyrev": the writer names an office he holds as
                # he writes, whatever our table of terms says about the article's date
                p_sectors = tuple(agent_sectors)
            country = p_country or country
            sectors = list(p_sectors) or sectors
            name, kind = person.name, "person"
        matched = {i for m in group if m.table != "unknown" for i in range(m.start, m.end)}
        left = doc[group[0].start - 1] if group[0].start > 0 else None
        scope = list(doc[group[0].start : group[-1].end])
        if left is not None and left.dep_ == "amod":  # "former Gondor prosecutors"
            scope.insert(0, left)
        if unknown is not None and all(m.table == "unknown" for m in group):
            # a name the knowledge base lacks is what its head says ("Harbin *Institute* of
            # Technology"), not what its complement mentions ("Movement for ... the Sovereign *State*")
            first_adp = next((t.i for t in scope if t.pos_ == "ADP"), None)
            if first_adp is not None:
                scope = [t for t in scope if t.i < first_adp]
        for token in scope:
            modifier = self.kb.modifiers.get(token.lower_) if token.i not in matched else None
            if modifier and modifier not in sectors:
                sectors.insert(0, modifier) if modifier == "ELI" else sectors.append(modifier)
        if "ELI" in sectors and person is None:
            sectors = ["ELI"]  # "former defence minister", "ex-rebels": no longer in the sector
        if ethnic and country is None and not sectors:
            sectors = ["CVL"]  # a people: civilians unless a word says otherwise
        if country is None and org_code is None and user_code is None and not sectors and person is None:
            if unknown is None or len(group) != 1 or doc[group[0].start].ent_type_ in {"NORP", "GPE"}:
                return None
            name = unknown
        elif (
            unknown is not None
            and name is None
            and len(group) > 1
            and any(doc[m.start].ent_type_ in {"PERSON", "ORG"} for m in group if m.table == "unknown")
        ):
            name = unknown  # "President Omar El Bashir": a titled name the knowledge base lacks
        if unknown is not None and name is None and all(m.table == "unknown" for m in group):
            name = unknown  # "Harbin Institute of Technology": kept with its text and a country guess
        elif kind == "unknown":
            kind = "state" if not sectors else "sector"
        if user_code and person is None:
            present = {user_code[i : i + 3] for i in range(0, len(user_code), 3)}
            code = "".join(prefixes) + user_code + "".join(s for s in sectors if s not in present)
        elif org_code and not person:
            code = "".join(prefixes) + org_code
        else:
            code = "".join(prefixes) + (country or "") + "".join(s for s in sectors if s != country)
        start, end = group[0].start, group[-1].end
        head = _phrase_head(doc, start, end)
        span = doc[start:end]
        actor = Actor(
            text=span.text,
            code=code or "---",  # CAMEO writes an actor of unknown country "---"
            country=country,
            sector=tuple(sectors),
            name=name,
            kind=kind,  # type: ignore[arg-type]
            start=span.start_char,
            end=span.end_char,
        )
        members: tuple[Actor, ...] = ()
        if alternatives:
            members = (actor, *(replace(actor, code=c, country=c[:3], name=None) for c in alternatives))
        return ActorMention(start, end, head, actor, person.name if person else None, members=members)

    def _group(self, doc: Doc, matches: list[_Match]) -> list[list[_Match]]:
        groups: dict[int, list[_Match]] = {}
        for m in matches:
            root = doc[_phrase_head(doc, m.start, m.end)]
            head = _np_head(root)
            # "Hungarian and Romanian officials": a conjoined modifier shares the first one's head noun
            first = root
            while first.dep_ == "conj" and first.head is not first:
                first = first.head
            if m.table in _STATE_TABLES and first is not root and first.dep_ in {"amod", "compound", "nmod"}:
                head = _np_head(first)
            # "the ambassadors of Arnor, Osgiliath and Gondor": conjuncts share the first one's owner
            if m.table in _STATE_TABLES and first is not root and first.dep_ == "pobj":
                root = first
            # A possessor naming a state or person joins an agent head: "Moscow's troops".
            # ... and so does a state in an of/from phrase: "the president of Armenia", "King Hassan of
            # Morocco"; both also give an unknown person a country ("Lebanon's new President Elias Hrawi").
            owner = None
            if root.dep_ == "poss" and m.table in _STATE_TABLES:
                owner = root.head
            elif root.dep_ == "pobj" and m.table in _STATE_TABLES and root.head.lower_ in _OWNER_PREPOSITIONS:
                owner = _np_head(root.head.head)
            if owner is not None and any(
                a.start <= owner.i < a.end and a.table in _OWNED_TABLES for a in matches
            ):
                head = _np_head(owner)
            groups.setdefault(head.i, []).append(m)
        matched_tokens = {i for m in matches for i in range(m.start, m.end)}
        for head_i, members in list(groups.items()):
            if head_i in matched_tokens:
                continue
            # "US military aid": an adjective agent modifies the event noun, not an actor.
            kept = [
                m
                for m in members
                if not (m.table in _AGENT_TABLES and m.end - m.start == 1 and doc[m.start].pos_ == "ADJ")
            ]
            if kept:
                groups[head_i] = kept
            else:
                del groups[head_i]
        result = []
        for members in groups.values():
            members.sort(key=lambda m: m.start)
            result.append(members)
        result.sort(key=lambda g: g[0].start)
        return result

    def __call__(self, doc: Doc) -> Doc:
        on = doc._.publication_date
        matches = self._matches(doc)
        mentions = []
        for group in self._group(doc, matches):
            parts = _split_conjoined_states(doc, group)
            resolved = [m for part in parts if (m := self._resolve_group(doc, part, on))]
            if len(resolved) > 1:  # "Hungarian and Romanian officials": one mention standing for both
                first = replace(resolved[0], start=group[0].start, members=tuple(r.actor for r in resolved))
                mentions.append(first)
                for other, part in zip(resolved[1:], parts[1:], strict=False):
                    # each other state's mention starts at the state ("Romanian officials", "Italy")
                    state = next(m for m in part if m.table in _STATE_TABLES)
                    span = doc[state.start : max(state.end, other.end)] if state.start > other.start else None
                    if span is not None:
                        other = replace(
                            other,
                            start=span.start,
                            actor=replace(
                                other.actor, text=span.text, start=span.start_char, end=span.end_char
                            ),
                        )
                    mentions.append(other)
            else:
                mentions.extend(resolved)
        mentions = _supporters(doc, mentions)
        # country guesses come last: coreference first links "its troops" and "the two leaders"
        doc._.actors = _borrow_countries(
            doc,
            _surnames(
                doc, _residents(doc, _appositive_offices(doc, self.coreference.link(doc, mentions, on)))
            ),
        )
        return doc


_RESIDENCE_PREPOSITIONS = {"of", "in"}


def _residents(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A people named by where it lives belongs to that country: "the Albanians of southern Serbia",
    "Kurds in Turkey" are residents of Serbia and Turkey (CAMEO codes a minority by its state)."""
    if len(mentions) < 2:
        return mentions
    by_head = {m.head: m for m in mentions}
    out = []
    for mention in mentions:
        head = doc[mention.head]
        if mention.actor.kind == "state" and not mention.members and head.tag_ in {"NNPS", "NNS"}:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in _RESIDENCE_PREPOSITIONS:
                    continue
                place = next(
                    (by_head[g.i] for g in prep.children if g.dep_ == "pobj" and g.i in by_head), None
                )
                country = place.actor.country if place is not None and place.actor.kind == "state" else None
                if country and country != mention.actor.country:
                    actor = replace(mention.actor, code=country + mention.actor.code[3:], country=country)
                    mention = replace(mention, actor=actor)
                    break
        out.append(mention)
    return out


_BODY_PREFIXES = ("IGO", "NGO")


def _appositive_offices(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A person described by an office of an international body speaks for that body.

    "Kenzo Oshima, the United Nations Emergency Relief Coordinator, demanded ...": the coordinator
    acts for the UN, whatever his nationality. Only an apposition whose head is a title (not itself
    a resolved actor) and that names an intergovernmental or non-governmental organisation counts.
    """
    if len(mentions) < 2:
        return mentions
    by_start = {m.start: m for m in mentions}
    heads = {m.head for m in mentions}
    out = []
    for mention in mentions:
        actor = mention.actor
        if (actor.kind in {"person", "unknown"} or actor.country is None) and not actor.code.startswith(
            _BODY_PREFIXES
        ):
            for child in doc[mention.head].children:
                if child.dep_ != "appos" or child.i in heads:
                    continue
                body = next(
                    (
                        by_start[i]
                        for i in range(child.left_edge.i, child.right_edge.i + 1)
                        if i in by_start and by_start[i].actor.code.startswith(_BODY_PREFIXES)
                    ),
                    None,
                )
                if body is not None:
                    office = replace(
                        actor,
                        code=body.actor.code,
                        country=body.actor.country,
                        sector=body.actor.sector,
                        kind="person" if actor.kind == "person" else body.actor.kind,
                    )
                    mention = replace(mention, actor=office)
                    break
        out.append(mention)
    return out


def _surnames(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A bare surname the knowledge base lacks is the person named in full before it.

    "The home secretary, Sajid Javid, ... Javid insisted": the later "Javid" takes the actor of
    the earlier mention whose text ends with that name (the last such mention, within the article).
    """
    result: list[ActorMention] = []
    for mention in mentions:
        actor = mention.actor
        token = doc[mention.head]
        if (
            actor.country is None
            and mention.end - mention.start == 1
            and token.ent_type_ == "PERSON"
            and token.is_title
        ):
            earlier = next(
                (
                    m
                    for m in reversed(result)
                    if m.end <= mention.start
                    and m.end - m.start > 1
                    and m.actor.country
                    and doc[m.end - 1].text == token.text
                ),
                None,
            )
            if earlier is not None:
                same = replace(earlier.actor, text=actor.text, start=actor.start, end=actor.end)
                mention = replace(mention, actor=same, person=earlier.person, via="name")
        result.append(mention)
    return result


def _borrow_countries(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Give country-less mentions the best available country guess, without merging phrases.

    - an agent located in a state: "opposition groups in Zimbabwe", "rebels in Darfur" (a place);
    - a named actor the knowledge base does not know, with a title or none ("President Omar El
      Bashir ... in Sudan"): the nearest state, or national organisation ("conceded to demands
      from UNITA"), named in the same sentence;
    - a sector with no state anywhere in its sentence ("Students marched on parliament."): the
      article's country, when one country dominates the article (see ``story_country``).
    """
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    places = doc._.places or []
    article_country = story_country(doc, mentions)
    result = []
    for mention in mentions:
        actor = mention.actor
        if actor.country or mention.members or actor.kind in {"organization", "group"}:
            result.append(mention)
            continue
        head = doc[mention.head]
        # "Kurdish forces", "foreign ministers", "western leaders" are of no one state: only a
        # place that locates them ("Kurdish forces in northern Syria") gives them one
        located_only = any(t.lower_ in _PEOPLES_OF_MANY_STATES for t in doc[mention.start : mention.end]) or (
            head.tag_ in {"NNS", "NNPS"}
            and (
                any(t.lower_ in _MANY_NATIONS for t in doc[mention.start : mention.end])
                or any(c.dep_ == "amod" and c.lower_ in _MANY_NATIONS for c in head.children)
            )
        )
        country = _base_country(doc, mention, places)  # "a London-based rights group"
        owner = next(
            (by_token[c.i] for c in doc[mention.head].children if c.dep_ == "poss" and c.i in by_token), None
        )
        if country is None and owner is not None and owner.actor.country and owner is not mention:
            country = owner.actor.country  # "the Afghan Taliban's foreign minister": the owner's country
        for prep in (p for p in doc[mention.head].children if country is None):
            if prep.dep_ != "prep" or prep.lower_ not in _LOCATING_PREPOSITIONS:
                continue
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                owner = by_token.get(obj.i)
                if owner is not None and owner.actor.country and owner.actor.kind in {"state", "sector"}:
                    country = owner.actor.country
                else:
                    country = next(
                        (
                            str(p.place.country)
                            for p in places
                            if p.start <= obj.idx < p.end and p.place.country
                        ),
                        None,
                    )
        named_person = actor.name and actor.kind != "person" and doc[mention.head].ent_type_ == "PERSON"
        ethnic = doc[mention.start].lower_ == "ethnic" or (
            mention.start > 0 and doc[mention.start - 1].lower_ == "ethnic"
        )
        if country is None and named_person and mention.end - mention.start == 1:
            country = _major_city_country(doc[mention.head].text)  # "shelled Kharkiv" (tagged a person)
        if country is None and not located_only and (named_person or ethnic or actor.kind == "sector"):
            sentence = doc[mention.head].sent
            nearby = [
                m
                for m in mentions
                if m is not mention
                and m.actor.country
                and len(m.actor.country) == 3
                and m.actor.kind in {"state", "sector", "group", "organization"}
                and doc[m.head].ent_type_ != "PERSON"  # a place, state or group; not another named person
                and sentence.start <= m.head < sentence.end
                and m.actor.country not in {"IGO", "NGO", "IMG"}
                and "MED" not in m.actor.sector  # "officials told the Guardian": the reporter is no party
                # a national group's code starts with its state (AGOREB...), a regional one's does not
                and (m.actor.kind in {"state", "sector"} or m.actor.code.startswith(m.actor.country))
            ]
            # the other party of an armed group's act is no guide to its country ("Rebels captured
            # two Turkish soldiers"); a judge or the police act on their own country's people
            armed = bool(set(actor.sector) & _ARMED)
            subject = doc[mention.head].dep_ in {"nsubj", "nsubjpass"}
            verb = doc[mention.head].head if armed and subject else None
            nearby = [m for m in nearby if verb is None or _argument_verb(doc[m.head]) != verb.i]
            # ... nor are an armed group's victims of its country ("Russian forces shelled Kharkiv,
            # killing four civilians"): they take the place's or the article's country instead
            acted_on = _argument_verb(doc[mention.head])
            nearby = [
                m
                for m in nearby
                if acted_on is None
                or not (
                    doc[m.head].dep_ in {"nsubj", "nsubjpass"}
                    and _subject_verb(doc[m.head], acted_on)
                    and set(m.actor.sector) & _ARMED
                )
            ]
            token = doc[mention.head]
            recipient = token.dep_ == "pobj" and token.head.lower_ in {"to", "for"}
            if named_person and recipient and acted_on is not None:
                # a named person something is given to is no citizen of the giver: "Ecuador granted
                # asylum to Julian Assange" does not make Assange Ecuadorian (while "Venezuela banned
                # opposition leader Maria Lopez" acts on its own people)
                nearby = [m for m in nearby if not _subject_verb(doc[m.head], acted_on)]
            if nearby:
                country = min(nearby, key=lambda m: abs(m.head - mention.head)).actor.country
        if country is None and actor.kind == "sector" and not actor.name and not located_only:
            country = article_country
        if (
            country is None
            and actor.name
            and not located_only
            and doc[mention.head].ent_type_ in {"PERSON", "ORG"}
        ):
            # a person or group the knowledge base lacks, in a story about one country, is of it
            # ("Mohamed Abdi, a district commissioner, said ..." in a story on Somalia); the story
            # must say so outside the actor's own sentence, whose other party is no guide
            sentence = doc[mention.head].sent
            country = story_country(doc, mentions, outside=(sentence.start_char, sentence.end_char))
        if country is None:
            result.append(mention)
            continue
        sectors = actor.sector
        borrowed = replace(
            actor, country=country, code=country + "".join(sectors), kind="sector" if sectors else "state"
        )
        result.append(replace(mention, actor=borrowed))
    return result


_MANY_NATIONS = frozenset(
    {"foreign", "western", "international", "world", "global", "regional", "multinational", "allied"}
)
_PEOPLES_OF_MANY_STATES = frozenset(
    {"kurdish", "kurd", "kurds", "arab", "arabs", "berber", "berbers", "tuareg", "tuaregs", "pashtun",
     "pashtuns", "bedouin", "bedouins", "roma"}
)  # fmt: skip
"""Peoples living across several states: "Kurdish fighters" borrow no state from a nearby mention."""
"""Modifiers that make a generic actor belong to several countries: none is borrowed for it."""


_MAJOR_CITY = 1_000_000
"""A lone name the tagger takes for a person, but which names a city this large, is the city."""


@lru_cache(maxsize=4096)
def _major_city_country(name: str) -> str | None:
    """The country of the largest city called ``name``, if it has at least :data:`_MAJOR_CITY` people."""
    from dyad.knowledge.gazetteer import Gazetteer

    cities = [p for p in Gazetteer.load().lookup(name) if p.feature == "city" and p.country]
    best = max(cities, key=lambda p: p.population, default=None)
    return best.country if best is not None and best.population >= _MAJOR_CITY else None


_ARMED = frozenset({"REB", "INS", "UAF", "MIL", "SEP", "CRM"})
"""Sectors of armed actors, whose opponents and victims are no guide to their country (or theirs)."""


def _subject_verb(subject: Token, verb: int) -> bool:
    """Is ``subject`` the subject of the clause of ``verb`` (directly, or through the verbs it
    heads: "shelled Kharkiv, killing four civilians")?"""
    head = subject.head
    current = subject.doc[verb]
    for _ in range(3):
        if current.i == head.i:
            return True
        if current.dep_ not in {"advcl", "conj", "xcomp"}:
            return False
        current = current.head
    return False


def _argument_verb(token: Token) -> int | None:
    """The verb a token is an object of, directly or through a preposition ("attacked *X*",
    "fired on *X*"); None for other tokens."""
    if token.dep_ in {"dobj", "dative", "attr"}:
        return token.head.i
    if token.dep_ == "pobj" and token.head.dep_ in {"prep", "agent", "dative"}:
        return token.head.head.i
    return None


# "opposition groups in Zimbabwe", "students throughout Indonesia": a state that locates an agent.
_LOCATING_PREPOSITIONS = {"in", "at", "inside", "of", "from", "throughout", "across"}
# Outside the sentence, an article's country is the one named by at least this share of the
# mentions and places that name a country (and at least twice).
_ARTICLE_COUNTRY_SHARE = 0.5


def story_country(
    doc: Doc, mentions: list[ActorMention], outside: tuple[int, int] | None = None
) -> str | None:
    """The country an article is about, when one dominates: states, sectors, people and places named.

    "Protesters gathered in Nairobi. ... Students joined them." : the students are Kenyan too. An
    article about several countries has none, and its country-less sectors stay without one.
    ``outside`` (character offsets) leaves a span out of the count: the sentence being resolved.
    """
    start, end = outside or (-1, -1)
    countries = [
        m.actor.country
        for m in mentions
        if m.actor.country
        and m.actor.kind in {"state", "sector", "person"}
        and not m.members
        and "MED" not in m.actor.sector
        and not start <= m.actor.start < end
    ]
    countries += [
        str(p.place.country) for p in doc._.places or [] if p.place.country and not start <= p.start < end
    ]
    counts = Counter(c for c in countries if len(c) == 3 and c not in {"IGO", "NGO"})
    if not counts:
        return None
    (country, n), *_ = counts.most_common(1)
    return country if n >= 2 and n / sum(counts.values()) >= _ARTICLE_COUNTRY_SHARE else None


# Nouns for the followers of an actor: "supporters of Raila Odinga", "Morsi loyalists".
_SUPPORTER_NOUNS = {"supporter", "follower", "loyalist", "partisan", "sympathizer", "sympathiser"}


def _supporters(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "supporters of former President Ben Bella", "Odinga's supporters": the followers, not the leader.

    The phrase takes the supported actor's country, and a sector from the actor's standing: followers
    of a party are PTY, of a government CVL (they hold no office), of anyone else (opposition figures,
    former leaders, a name the knowledge base lacks) OPP. Followers of a state are left alone.
    """
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    replaced: dict[int, ActorMention] = {}  # start of the leader's mention -> the followers' mention
    for mention in mentions:
        head = doc[mention.head]
        owners = (head.head,) if head.dep_ in {"compound", "poss", "nmod", "amod"} else _of_heads(head)
        for token in owners:
            if token.lemma_.lower() not in _SUPPORTER_NOUNS or token.i in by_token:
                continue
            actor = mention.actor
            if actor.kind == "state" or mention.members or mention.start in replaced:
                continue
            first = next((s for s in actor.sector if s != actor.country), "")
            sector = "PTY" if first == "PTY" else "CVL" if first in {"GOV", "MIL", "COP"} else "OPP"
            start, end = min(token.i, mention.start), max(token.i + 1, mention.end)
            span = doc[start:end]
            followers = Actor(
                text=span.text,
                code=(actor.country or "") + sector,
                country=actor.country,
                sector=(sector,),
                kind="sector",
                start=span.start_char,
                end=span.end_char,
            )
            replaced[mention.start] = ActorMention(start, end, token.i, followers, via="name")
    return [replaced.get(m.start, m) for m in mentions]


def _of_heads(token: Token) -> tuple[Token, ...]:
    """The noun an "of" phrase hangs from: "supporters" for "Odinga" in "supporters of Odinga"."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head is not token.head:
        return (token.head.head,)
    return ()


# Singular titles that name one office, and the roles (tried in order) that hold it.
_HEADS_OF_STATE = ("head_of_state_and_government", "head_of_state")
_HEADS_OF_GOVERNMENT = ("head_of_state_and_government", "head_of_government")
_TITLE_ROLES = {
    "president": _HEADS_OF_STATE,
    "prime minister": _HEADS_OF_GOVERNMENT,
    "premier": _HEADS_OF_GOVERNMENT,
    "chancellor": _HEADS_OF_GOVERNMENT,
    "foreign minister": ("foreign_minister",),
    "foreign secretary": ("foreign_minister",),
    "defense minister": ("defence_minister",),
    "defence minister": ("defence_minister",),
    "defense secretary": ("defence_minister",),
    "defence secretary": ("defence_minister",),
    "interior minister": ("interior_minister",),
    "home secretary": ("interior_minister",),
}
_BACKING = {"backed", "sponsored", "supported", "funded", "aligned", "allied", "trained", "armed"}


def _defined_acronym(doc: Doc, start: int, end: int) -> bool:
    """Is ``doc[start:end]`` an all-capitals short form in parentheses right after a name
    ("the Montenegro Municipality Association (AKK)")? It stands for that name."""
    span = doc[start:end]
    return (
        start >= 2
        and end < len(doc)
        and doc[start - 1].text == "("
        and doc[end].text == ")"
        and span.text.replace(".", "").replace("-", "").isupper()
        and doc[start - 2].pos_ in {"PROPN", "NOUN"}
    )


_BASED = {"based", "headquartered"}


def _base(doc: Doc, end: int) -> bool:
    """True when a name is followed by "-based": it says where the actor it modifies is based."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _BASED


def _base_country(doc: Doc, mention: ActorMention, places: list[PlaceMention]) -> str | None:
    """The country of the place an actor is said to be based in ("a London-based rights group",
    "the Nairobi-headquartered agency"): where it is based is its country, as for a company."""
    for i in range(max(mention.start - 2, 2), mention.head):
        if doc[i].lower_ in _BASED and doc[i - 1].text == "-":
            at = doc[i - 2].idx
            return next(
                (str(p.place.country) for p in places if p.start <= at < p.end and p.place.country), None
            )
    return None


def _backer(doc: Doc, end: int) -> bool:
    """True when a state name is followed by "-backed" and the like: it names a sponsor, not the actor."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _BACKING


_PARTISAN_PREFIXES = {"pro", "anti"}


def _partisan(doc: Doc, start: int) -> bool:
    """True when a state name follows "pro-" or "anti-": it names a side taken, not the actor."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _PARTISAN_PREFIXES


def _split_conjoined_states(doc: Doc, group: list[_Match]) -> list[list[_Match]]:
    """Split "Hungarian and Romanian officials" into one group per conjoined state, sharing the rest.

    Only states joined by a conjunction ("and", "or", a comma) are split; "Russian Defense Minister
    Andrey Belousov" and "NATO-member Norway" stay whole.
    """
    states = [m for m in group if m.table in _STATE_TABLES]
    if len(states) < 2 or any(m.table in {"person", "org"} for m in group):
        return [group]
    joined = [states[0]]
    for previous, current in itertools.pairwise(states):
        between = doc[previous.end : current.start]
        if len(between) and all(t.dep_ in {"cc", "punct"} or t.lower_ in {"and", "or", ","} for t in between):
            joined.append(current)
    if len(joined) < 2:
        return [group]
    rest = [m for m in group if m not in joined]
    return [sorted([state, *rest], key=lambda m: m.start) for state in joined]


def mention_index(doc: Doc) -> dict[int, ActorMention]:
    """Token index -> the actor mention covering it (for the event coder)."""
    index: dict[int, ActorMention] = {}
    for mention in doc._.actors or []:
        if mention.start in index and index[mention.start].via == "name":
            continue
        for i in range(mention.start, mention.end):
            index[i] = mention
        index.setdefault(mention.head, mention)
    return index
