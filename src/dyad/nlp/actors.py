"""Actor resolver: named entities and noun phrases -> canonical, time-aware actors (``doc._.actors``).

How it works, in three passes over a parsed Doc:

1. A PhraseMatcher (lower-cased) finds every knowledge-base surface form: countries, adjectives
   and demonyms, metonyms ("the Kremlin"), organisations, people, agent nouns ("troops").
   Proper names written entirely in lower case ("us") are ignored.
2. Matches are grouped by the noun phrase they belong to (their syntactic head), so "Russian
   Defense Minister Andrey Belousov" becomes one mention combining RUS + GOV/MIL + the person,
   and a possessor that names a state joins an agent head ("Moscow's troops" -> RUSMIL).
3. Pronouns and bare titles are linked to earlier people in the article ("he", "the Russian
   president"), always resolving roles on the article's publication date.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from dyad.knowledge.actors import ActorKB, Person, load_actor_kb, norm
from dyad.model import Actor

# Dependency labels that keep a token inside its head's noun phrase.
_NP_DEPS = {"compound", "amod", "nmod", "flat", "nn", "title", "appos", "npadvmod"}
_PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
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
_PROPER_TABLES = {"person", "org", "metonym", "country", "adjective"}
_AGENT_TABLES = {"agent", "user_agent"}
_STATE_TABLES = {"country", "metonym", "adjective", "user"}
# "the president of Armenia", "refugees from Syria": a state named in these prepositions owns an agent.
_OWNER_PREPOSITIONS = {"of", "from"}
_OWNED_TABLES = {"agent", "user_agent", "person", "unknown"}
_GENERIC_HEADS = {"country", "countries", "nation", "nations", "state", "side", "sides"}
# Plural heads that can refer back to a conjoined group ("the two leaders", "both countries").
_GROUP_HEADS = {
    "leader",
    "country",
    "nation",
    "side",
    "government",
    "president",
    "power",
    "neighbor",
    "neighbour",
    "partner",
    "ally",
    "state",
    "capital",
    "counterpart",
    "head",
}
_UNKNOWN_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
# Words the coreference pass looks at besides mentions.
_COREF_WORDS = _PERSON_PRONOUNS | {
    "they",
    "both",
    "two",
    "predecessor",
    "successor",
    "country",
    "countries",
    "government",
    "governments",
    "nation",
    "nations",
}
_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC"}


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a Doc: token span, syntactic head and the resolved actor."""

    start: int
    """First token index."""
    end: int
    """One past the last token index."""
    head: int
    """Token index of the phrase's syntactic head."""
    actor: Actor
    """The resolved actor (character offsets included)."""
    person: str | None = None
    """Canonical name when the mention is (or refers to) a known person."""
    via: str = "name"
    """How it was resolved: name, title, pronoun, possessive, group."""
    members: tuple[Actor, ...] = ()
    """For plural references ("the two leaders", "both countries"): the actors referred to."""


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
        self._trigger_ids = numpy.array(
            [nlp.vocab.strings.add(w) for w in sorted(_COREF_WORDS)], dtype="uint64"
        )
        self.use_kb(kb or load_actor_kb())

    def use_kb(self, kb: ActorKB) -> None:
        """Resolve with another knowledge base (user dictionaries layered on top): rebuilds the matcher."""
        nlp = self.nlp
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for table, names in self.kb.all_names().items():
            # Tokenize each name followed by a word, as it appears in running text ("U.S. government"
            # keeps "U.S." whole, while "U.S." alone splits off its final period), then drop that word.
            # Keys are lower case, and the tokenizer's exceptions are not: "u.s." splits where "U.S."
            # stays whole, so names with periods are also tokenized upper-cased.
            forms = sorted(
                {form for name in names for form in ((name, name.upper()) if "." in name else (name,))}
            )
            tokenized = nlp.tokenizer.pipe(f"{form} x" for form in forms)  # type: ignore[union-attr]
            patterns = [doc[:-1].as_doc() for doc in tokenized]
            if patterns:
                self.matcher.add(table, patterns)

    # -- pass 1: surface matches ------------------------------------------------------------
    def _matches(self, doc: Doc) -> list[_Match]:
        found: list[_Match] = []
        for match_id, start, end in self.matcher(doc):
            table = doc.vocab.strings[match_id]
            span = doc[start:end]
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
            if table in {"country", "adjective", "metonym"} and _backer(doc, end):
                continue  # "Russian-backed separatists" are not Russian
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
            if ent.label_ in _UNKNOWN_LABELS
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
        if person is None and unknown is None and explicit_country and on is not None:
            # "the Russian president" with no name: whoever held that office on the article's date
            titles = [m.key for m in group if m.table in _AGENT_TABLES]
            roles = _TITLE_ROLES.get(titles[0]) if len(titles) == 1 else None
            window = doc[max(group[0].start - 1, 0) : group[-1].end]
            former = any(self.kb.modifiers.get(t.lower_) == "ELI" for t in window)  # "former president"
            head_tag = doc[_phrase_head(doc, group[0].start, group[-1].end)].tag_
            if roles and not former and head_tag in {"NN", "NNP"}:
                person = self.kb.office_holder(explicit_country, roles, on)
        if person is not None:
            p_country, p_sectors, _ = person.at(on)
            # "French President Emmanuel Macron": the role in the country the phrase names
            held = person.role_in(explicit_country, on) if explicit_country else None
            if held is not None:
                p_country, p_sectors = explicit_country, held[0]
            country = p_country or country
            sectors = list(p_sectors) or sectors
            name, kind = person.name, "person"
        matched = {i for m in group if m.table != "unknown" for i in range(m.start, m.end)}
        left = doc[group[0].start - 1] if group[0].start > 0 else None
        scope = list(doc[group[0].start : group[-1].end])
        if left is not None and left.dep_ == "amod":  # "former Gondor prosecutors"
            scope.insert(0, left)
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
            code=code or "UNK",
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

    # -- pass 3: coreference ----------------------------------------------------------------
    def _corefer(self, doc: Doc, mentions: list[ActorMention], on: date | None) -> list[ActorMention]:
        resolved: list[ActorMention] = []
        by_start = {m.start: m for m in mentions}
        by_head = {m.head: m for m in mentions}
        last_person: ActorMention | None = None
        last_state: ActorMention | None = None
        last_group: tuple[int, tuple[Actor, ...]] | None = None
        people_seen: list[ActorMention] = []
        last_subject: ActorMention | None = None  # subjects are the likeliest antecedents of "he"/"she"
        # Visit only mention starts and the few words coreference reacts to, found with one vectorized
        # lookup over the LOWER column instead of a Python pass over every token.
        lowers = doc.to_array(LOWER)
        triggers = numpy.flatnonzero(numpy.isin(lowers, self._trigger_ids)).tolist()
        for i in sorted(set(by_start).union(triggers)):
            token = doc[i]
            mention = by_start.get(i)
            if mention is not None:
                mention = self._link_title(doc, mention, people_seen)
                mention = self._link_possessive(doc, mention, last_person, last_state)
                mention = self._link_group(doc, mention, last_group)
                resolved.append(mention)
                if mention.person is not None:
                    last_person = mention
                    people_seen.append(mention)
                    if doc[mention.head].dep_ in {"nsubj", "nsubjpass"}:
                        last_subject = mention
                elif mention.actor.kind == "state":
                    last_state = mention
                conjoined = [by_head[c.i] for c in doc[mention.head].conjuncts if c.i in by_head]
                if conjoined and not mention.members:
                    actors = tuple(dict.fromkeys([mention.actor, *(c.actor for c in conjoined)]))
                    if len({a.code for a in actors}) >= 2:
                        last_group = (token.sent.start, actors)
                continue
            lower = token.lower_
            if lower in _PERSON_PRONOUNS and token.pos_ == "PRON" and last_person is not None:
                antecedent = last_person
                # A subject pronoun opening a sentence continues the previous sentence's subject:
                # "Putin met Xi on Monday. He praised ..." -> Putin.
                if (
                    token.dep_ in {"nsubj", "nsubjpass"}
                    and last_subject is not None
                    and last_subject.start >= doc[max(token.sent.start - 1, 0)].sent.start
                ):
                    antecedent = last_subject
                # "The Chinese leader praised him": an object pronoun is not its own clause's subject
                if token.dep_ in {"dobj", "dative"} and doc[antecedent.head].head.i == token.head.i:
                    antecedent = next(
                        (p for p in reversed(people_seen) if p.person != antecedent.person), antecedent
                    )
                if token.i - antecedent.end > 120:
                    continue
                actor = replace(
                    antecedent.actor, text=token.text, start=token.idx, end=token.idx + len(token.text)
                )
                pronoun = ActorMention(token.i, token.i + 1, token.i, actor, antecedent.person, "pronoun")
                resolved.append(pronoun)
                last_person = replace(antecedent, end=token.i + 1)  # "He ... his predecessor": the same man
            elif (
                last_group is not None
                and token.dep_ in {"nsubj", "nsubjpass", "pobj", "dobj"}
                and (
                    lower in {"they", "both"}
                    or (
                        lower == "two"
                        and token.pos_ == "NUM"
                        and any(c.lower_ == "the" for c in token.children)
                    )
                )
            ):
                if token.sent.start - last_group[0] > 400:
                    continue
                members = last_group[1]
                actor = replace(members[0], text=token.text, start=token.idx, end=token.idx + len(token.text))
                resolved.append(ActorMention(token.i, token.i + 1, token.i, actor, None, "group", members))
            elif lower in {"predecessor", "successor"} and token.i not in by_head and last_person is not None:
                mention = self._link_neighbour(doc, token, last_person, on)
                if mention is not None:
                    resolved.append(mention)
            elif token.lemma_ in {"country", "government", "nation"} and token.i not in by_head:
                owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
                referent = (
                    last_person
                    if owner is not None and owner.lower_ in {"his", "her"}
                    else (last_state if owner is not None and owner.lower_ == "its" else None)
                )
                if owner is not None and referent is not None and referent.actor.country:
                    country = referent.actor.country
                    actor = Actor(
                        text=doc[owner.i : token.i + 1].text,
                        code=country,
                        country=country,
                        kind="state",
                        start=owner.idx,
                        end=token.idx + len(token.text),
                    )
                    resolved.append(ActorMention(owner.i, token.i + 1, token.i, actor, None, "possessive"))
        return resolved

    def _link_neighbour(
        self, doc: Doc, token: Token, last_person: ActorMention, on: date | None
    ) -> ActorMention | None:
        """ "his predecessor" / "her successor": the previous or next holder of the last person's role."""
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in {"his", "her"}), None)
        person = self.kb.find_person(last_person.person or "", on) if last_person.person else None
        if owner is None or person is None:
            return None
        other = self.kb.neighbour_in_office(person, on, later=token.lower_ == "successor")
        if other is None:
            return None
        country, sectors, _ = other.at(on)
        text = doc[owner.i : token.i + 1]
        actor = Actor(
            text=text.text,
            code=(country or "") + "".join(sectors),
            country=country,
            sector=sectors,
            name=other.name,
            kind="person",
            start=text.start_char,
            end=text.end_char,
        )
        return ActorMention(owner.i, token.i + 1, token.i, actor, other.name, "title")

    def _link_title(self, doc: Doc, mention: ActorMention, people_seen: list[ActorMention]) -> ActorMention:
        """A bare title ("the Russian president") refers to a person already named with that role."""
        if mention.person is not None or mention.actor.kind != "sector" or not mention.actor.country:
            return mention
        if doc[mention.head].tag_ != "NN":  # a common-noun title, not a metonym such as "Kyiv"
            return mention
        if not _is_singular_title(doc[mention.start : mention.end]):
            return mention
        for earlier in reversed(people_seen):
            if earlier.actor.country == mention.actor.country and set(mention.actor.sector) <= set(
                earlier.actor.sector
            ):
                actor = replace(
                    earlier.actor, text=mention.actor.text, start=mention.actor.start, end=mention.actor.end
                )
                return replace(mention, actor=actor, person=earlier.person, via="title")
        return mention

    def _link_group(
        self, doc: Doc, mention: ActorMention, last_group: tuple[int, tuple[Actor, ...]] | None
    ) -> ActorMention:
        """A plural reference with no country ("the leaders", "both countries"): the last conjoined group."""
        if last_group is None or mention.actor.country or mention.person is not None:
            return mention
        head = doc[mention.head]
        if (
            head.tag_ not in {"NNS", "NNPS"}
            or head.lemma_.lower() not in _GROUP_HEADS
            or doc[mention.start].sent.start - last_group[0] > 400
        ):
            return mention
        members = last_group[1]
        actor = replace(members[0], text=mention.actor.text, start=mention.actor.start, end=mention.actor.end)
        return replace(mention, actor=actor, via="group", members=members)

    def _link_possessive(
        self,
        doc: Doc,
        mention: ActorMention,
        last_person: ActorMention | None,
        last_state: ActorMention | None,
    ) -> ActorMention:
        """ "his troops" -> the troops of the last person's country."""
        if mention.actor.country or mention.members:
            return mention
        head = doc[mention.head]
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is None:
            return mention
        referent = (
            last_person if owner.lower_ in {"his", "her"} else last_state if owner.lower_ == "its" else None
        )
        if referent is None or not referent.actor.country:
            return mention
        country = referent.actor.country
        sectors = mention.actor.sector
        actor = replace(
            mention.actor,
            country=country,
            code=country + "".join(sectors),
            start=owner.idx,
            text=doc[owner.i : mention.end].text,
        )
        return replace(mention, start=owner.i, actor=actor, via="possessive")

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
        # country guesses come last: coreference first links "its troops" and "the two leaders"
        doc._.actors = _borrow_countries(doc, self._corefer(doc, mentions, on))
        return doc


def _borrow_countries(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Give country-less mentions the best available country guess, without merging phrases.

    - an agent located in a state: "opposition groups in Zimbabwe", "rebels in Darfur" (a place);
    - a named actor the knowledge base does not know, with a title or none ("President Omar El
      Bashir ... in Sudan"): the nearest state named in the same sentence.
    """
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    places = doc._.places or []
    result = []
    for mention in mentions:
        actor = mention.actor
        if actor.country or mention.members or actor.kind in {"organization", "group"}:
            result.append(mention)
            continue
        country = None
        for prep in doc[mention.head].children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "at", "inside", "of", "from"}:
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
        if country is None and (named_person or ethnic or actor.kind == "sector"):
            sentence = doc[mention.head].sent
            nearby = [
                m
                for m in mentions
                if m is not mention
                and m.actor.country
                and len(m.actor.country) == 3
                and m.actor.kind in {"state", "sector"}
                and not m.actor.name  # a place, state or group; not another named person
                and sentence.start <= m.head < sentence.end
                and m.actor.country not in {"IGO", "NGO"}
            ]
            if nearby:
                country = min(nearby, key=lambda m: abs(m.head - mention.head)).actor.country
        if country is None:
            result.append(mention)
            continue
        sectors = actor.sector
        borrowed = replace(
            actor, country=country, code=country + "".join(sectors), kind="sector" if sectors else "state"
        )
        result.append(replace(mention, actor=borrowed))
    return result


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


def _backer(doc: Doc, end: int) -> bool:
    """True when a state name is followed by "-backed" and the like: it names a sponsor, not the actor."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _BACKING


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


def _is_singular_title(span: Span) -> bool:
    root = span.root
    return root.tag_ in {"NN", "NNP"} and root.lower_ not in _GENERIC_HEADS


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
