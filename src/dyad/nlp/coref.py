"""Coreference for the actor resolver: references back to actors named earlier in an article.

The resolver (:mod:`dyad.nlp.actors`) finds the mentions that name or describe an actor; this
module links the ones that only point back:

- person pronouns ("he", "his") to the last person, preferring the previous sentence's subject;
- bare titles ("the Russian president") to a person already named with that role;
- "his predecessor" / "her successor" to the neighbouring holder of the last person's office;
- possessives ("its troops", "his government") to the last state or person;
- plural references ("they", "both", "the two leaders") to the last conjoined group of actors.

``ActorMention``, the record both passes exchange, is defined here so that the resolver depends on
this module and not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from dyad.knowledge.actors import ActorKB
from dyad.knowledge.lexical import word_class
from dyad.model import Actor

_PERSON_PRONOUNS = word_class("person_pronouns")
_GENERIC_HEADS = word_class("generic_state_heads")
_GROUP_HEADS = word_class("pair_reference_heads")
_PAIR_NOUNS = word_class("pair_nouns")
# Words the coreference pass looks at besides mentions.
_BODY_HEADS = word_class("body_heads")
_COREF_WORDS = _PERSON_PRONOUNS | _PAIR_NOUNS | word_class("coref_words")
_EXPLETIVE_HEADS = word_class("expletive_heads")
_AGENTIVE_PREDICATES = word_class("agentive_predicates")
# Antecedent of a participant of an event, not a place: "Biden met Xi in California".
_PARTICIPANT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "conj", "appos"}
_PARTICIPANT_PREPOSITIONS = word_class("participant_prepositions")
_STATE_HEADS = word_class("state_heads")


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


class Coreference:
    """Links references in a Doc to the actors named before them (see the module doc)."""

    def __init__(self, vocab: Vocab, kb: ActorKB) -> None:
        self.kb = kb
        self._trigger_ids = numpy.array([vocab.strings.add(w) for w in sorted(_COREF_WORDS)], dtype="uint64")

    def link(self, doc: Doc, mentions: list[ActorMention], on: date | None) -> list[ActorMention]:
        """The mentions with references resolved, plus one new mention per linked pronoun or phrase.

        Args:
            doc: the parsed Doc the mentions were found in.
            mentions: the named and descriptive mentions, in text order.
            on: the article's publication date (roles such as "his predecessor" are looked up on it).
        """
        resolved: list[ActorMention] = []
        by_start = {m.start: m for m in mentions}
        by_head = {m.head: m for m in mentions}
        linked: dict[int, ActorMention] = {}  # head token -> the mention as linked
        last_person: ActorMention | None = None
        last_body: ActorMention | None = None  # the last state, organisation or singular body ("it", "its")
        last_group: tuple[int, tuple[Actor, ...]] | None = None
        people_seen: list[ActorMention] = []
        last_subject: ActorMention | None = None  # subjects are the likeliest antecedents of "he"/"she"
        last_body_subject: ActorMention | None = None  # ... and of "it"
        participants: dict[int, list[Actor]] = {}  # sentence start -> the actors taking part, in order
        # Visit only mention starts and the few words coreference reacts to, found with one vectorized
        # lookup over the LOWER column instead of a Python pass over every token.
        lowers = doc.to_array(LOWER)
        triggers = numpy.flatnonzero(numpy.isin(lowers, self._trigger_ids)).tolist()
        for i in sorted(set(by_start).union(triggers)):
            token = doc[i]
            mention = by_start.get(i)
            if mention is not None:
                counted = _counted(doc[mention.head])
                group = _recent_group(doc, token, last_group, participants if counted else {})
                body = _speaker(doc[mention.head], linked) or last_body
                mention = self._link_title(doc, mention, people_seen)
                mention = self._link_possessive(doc, mention, last_person, body)
                mention = self._link_group(doc, mention, group)
                resolved.append(mention)
                linked[mention.head] = mention
                head = doc[mention.head]
                if mention.person is not None:
                    last_person = mention
                    people_seen.append(mention)
                    if head.dep_ in {"nsubj", "nsubjpass"}:
                        last_subject = mention
                elif _is_body(doc, mention) and (mention.actor.kind == "state" or _is_participant(head)):
                    last_body = mention  # not a place: "talks in Kyiv ... its troops"
                    if head.dep_ in {"nsubj", "nsubjpass"}:
                        last_body_subject = mention
                if _is_participant(head) and not mention.members:
                    participants.setdefault(token.sent.start, []).append(mention.actor)
                conjoined = [by_head[c.i] for c in head.conjuncts if c.i in by_head]
                if conjoined and not mention.members:
                    in_order = sorted([mention, *conjoined], key=lambda m: m.start)
                    actors = tuple(dict.fromkeys(m.actor for m in in_order))
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
            elif lower == "it":
                body = _it_antecedent(doc, token, linked, last_body_subject)
                if body is not None:
                    actor = replace(
                        body.actor, text=token.text, start=token.idx, end=token.idx + len(token.text)
                    )
                    pronoun = ActorMention(token.i, token.i + 1, token.i, actor, None, "pronoun")
                    resolved.append(pronoun)
                    linked[token.i] = pronoun
                    last_body_subject = body
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
                speaker = _governing_subject(token) if token.dep_ in {"nsubj", "nsubjpass"} else None
                if (
                    lower == "they"
                    and speaker is not None
                    and speaker.i not in by_head
                    and speaker.pos_ in {"NOUN", "NUM", "SYM"}  # a common noun, a share: no actor
                ):
                    continue  # "42% of respondents said they disapproved": the speakers, no actor
                members = last_group[1]
                actor = replace(members[0], text=token.text, start=token.idx, end=token.idx + len(token.text))
                resolved.append(ActorMention(token.i, token.i + 1, token.i, actor, None, "group", members))
            elif lower in _PAIR_NOUNS and token.i not in by_head and _counted(token):
                # "the two countries", "both sides": no actor by themselves, a pair when counted
                group = _recent_group(doc, token, last_group, participants)
                if group is not None:
                    start = min(
                        [token.i, *(c.i for c in token.children if c.dep_ in {"det", "predet", "nummod"})]
                    )
                    members = _as_members(group, token)
                    text = doc[start : token.i + 1]
                    actor = replace(members[0], text=text.text, start=text.start_char, end=text.end_char)
                    resolved.append(ActorMention(start, token.i + 1, token.i, actor, None, "group", members))
            elif lower in {"predecessor", "successor"} and token.i not in by_head and last_person is not None:
                mention = self._link_neighbour(doc, token, last_person, on)
                if mention is not None:
                    resolved.append(mention)
            elif token.lemma_ in _BODY_HEADS and token.i not in by_head:
                owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
                body = _speaker(token, linked) or last_body
                referent = (
                    last_person
                    if owner is not None and owner.lower_ in {"his", "her"}
                    else (body if owner is not None and owner.lower_ == "its" else None)
                )
                if (
                    owner is not None
                    and referent is not None
                    and referent.actor.country
                    and referent.actor.kind not in {"organization", "group"}  # "NATO ... its nations"
                ):
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

    def _link_group(self, doc: Doc, mention: ActorMention, group: tuple[Actor, ...] | None) -> ActorMention:
        """A plural reference with no country ("the leaders", "both governments"): the recent group."""
        if group is None or mention.actor.country or mention.person is not None:
            return mention
        head = doc[mention.head]
        if head.tag_ not in {"NNS", "NNPS"} or head.lemma_.lower() not in _GROUP_HEADS:
            return mention
        if not any(c.lower_ in {"the", "these", "both", "two"} for c in head.children):
            return mention  # a bare plural ("she contacted neighbours") brings in new people
        members = _as_members(group, head)
        actor = replace(members[0], text=mention.actor.text, start=mention.actor.start, end=mention.actor.end)
        return replace(mention, actor=actor, via="group", members=members)

    def _link_possessive(
        self,
        doc: Doc,
        mention: ActorMention,
        last_person: ActorMention | None,
        body: ActorMention | None,
    ) -> ActorMention:
        """ "his troops" -> the troops of the last person's country; "its troops" -> those of the state
        (or organisation: "Hamas said its fighters ...") speaking, else of the last one named."""
        if mention.actor.country or mention.members:
            return mention
        head = doc[mention.head]
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is None:
            return mention
        referent = last_person if owner.lower_ in {"his", "her"} else body if owner.lower_ == "its" else None
        if referent is None or not referent.actor.country:
            return mention
        country = referent.actor.country
        sectors = mention.actor.sector
        code = country + "".join(sectors)
        if referent.actor.kind in {"organization", "group"}:
            code = referent.actor.code  # an organisation's fighters or staff are the organisation
        actor = replace(
            mention.actor,
            country=country,
            code=code,
            start=owner.idx,
            text=doc[owner.i : mention.end].text,
        )
        return replace(mention, start=owner.i, actor=actor, via="possessive")


def _is_singular_title(span: Span) -> bool:
    root = span.root
    return root.tag_ in {"NN", "NNP"} and root.lower_ not in _GENERIC_HEADS


def _is_participant(head: Token) -> bool:
    """Whether a mention's head takes part in its clause (subject, object, "with"/"by" phrase),
    rather than naming a place or a time ("Biden met Xi in California")."""
    for _ in range(4):
        if head.head is head or head.dep_ not in {"conj", "amod", "compound", "poss", "nmod"}:
            break
        head = head.head  # "Ukrainian positions", "Kyiv and Moscow": the role of the whole phrase
    if head.dep_ in _PARTICIPANT_DEPS:
        return True
    return head.dep_ == "pobj" and head.head.lower_ in _PARTICIPANT_PREPOSITIONS


def _is_body(doc: Doc, mention: ActorMention) -> bool:
    """Whether "it"/"its" can refer to the mention: one state, organisation or body, not a person,
    a group or a plural ("the ministry", "NATO", "Russia"; not "troops" or "Putin")."""
    if mention.person is not None or mention.members:
        return False
    head = doc[mention.head]
    kind = mention.actor.kind
    if kind == "sector":
        return head.tag_ in {"NN", "NNP"}
    if kind == "unknown":
        return head.ent_type_ in {"ORG", "GPE"} and head.tag_ != "NNPS"
    return kind in {"state", "organization", "group"}


def _governing_subject(token: Token) -> Token | None:
    """The subject of the clause that reports or governs the token's own clause: "NATO" for "it" and
    for "its troops" in "NATO said it would send its troops"; the clause's own subject for an object
    ("Syria" for "its troops" in "Syria offered its troops"); the object of an ordering verb for
    its infinitive ("the US" in "China told the US to close its consulate")."""
    verb = token.head
    for _ in range(4):
        subject = next(
            (
                c
                for c in verb.children
                if c.dep_ in {"nsubj", "nsubjpass"} and c.i != token.i and c.i < token.i
            ),
            None,
        )
        if subject is not None and not token.is_ancestor(subject):
            return subject
        if verb.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or verb.head is verb:
            return None
        if verb.dep_ == "xcomp":
            # "China ordered the United States to close its consulate": the one told to act is
            # the subject of the infinitive (object control), not the one who orders
            controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if controller is not None:
                return controller
        verb = verb.head
    return None


def _speaker(token: Token, linked: dict[int, ActorMention]) -> ActorMention | None:
    """The body ("it"-able mention) whose clause governs the token, if there is one."""
    subject = _governing_subject(token)
    mention = linked.get(subject.i) if subject is not None else None
    return mention if mention is not None and _is_body(token.doc, mention) else None


def _is_expletive(token: Token) -> bool:
    """ "It is expected that", "it was reported", "it remains unclear whether": "it" stands for no one."""
    head = token.head
    if token.dep_ != "nsubj" or any(c.dep_ in {"auxpass", "expl"} for c in head.children):
        return True
    if head.lemma_.lower() in _EXPLETIVE_HEADS or head.pos_ == "AUX":  # "It’s a fantastic feeling"
        predicate = next((c for c in head.children if c.dep_ in {"acomp", "attr", "oprd"}), None)
        return predicate is None or predicate.lemma_.lower() not in _AGENTIVE_PREDICATES
    return False


def _it_antecedent(
    doc: Doc, token: Token, linked: dict[int, ActorMention], last_body_subject: ActorMention | None
) -> ActorMention | None:
    """What a subject "it" refers to: the body that says or does what the clause reports ("NATO said
    it would ..."); for a sentence opening with "It", the last body that was a subject in this or the
    previous sentence ("Russia said ... . It also said ...")."""
    if token.pos_ != "PRON" or _is_expletive(token):
        return None
    subject = _governing_subject(token)
    if subject is not None:
        mention = linked.get(subject.i)
        return mention if mention is not None and _is_body(doc, mention) else None
    sentence = token.sent.start
    opening = all(t.is_punct or t.pos_ in {"CCONJ", "ADV"} for t in doc[sentence : token.i])
    if not opening or token.head.dep_ != "ROOT":
        return None  # "For them, it makes sense": only an opening "It ..." continues the last subject
    previous = doc[sentence - 1].sent.start if sentence > 0 else sentence
    if last_body_subject is not None and last_body_subject.start >= previous:
        return last_body_subject
    return None


def _recent_group(
    doc: Doc,
    token: Token,
    last_group: tuple[int, tuple[Actor, ...]] | None,
    participants: dict[int, list[Actor]],
) -> tuple[Actor, ...] | None:
    """The actors a plural reference at ``token`` can mean, most recent first: a conjoined group in
    this or the previous sentence ("Xi and Putin"), else the two actors taking part in this sentence
    so far or in the previous one ("Biden met Xi. The two leaders ..."), else an older group."""
    sentence = token.sent.start
    previous = doc[sentence - 1].sent.start if sentence > 0 else sentence
    if last_group is not None and last_group[0] >= previous:
        return last_group[1]
    for start in (sentence, previous):
        actors = tuple({a.code: a for a in participants.get(start, [])}.values())
        if len(actors) == 2:
            return actors
    if last_group is not None and sentence - last_group[0] <= 400:
        return last_group[1]
    return None


def _counted(token: Token) -> bool:
    """ "the two countries", "both sides": a plural noun counted as a pair."""
    return any(c.lower_ in {"both", "two"} for c in token.children)


def _as_members(group: tuple[Actor, ...], head: Token) -> tuple[Actor, ...]:
    """The group as the plural head names it: "the two countries" are the actors' states, "the two
    governments" their governments; "the two leaders" or "both sides" are the actors themselves."""
    lemma = head.lemma_.lower()
    if lemma not in _STATE_HEADS | {"government"}:
        return group
    sectors = ("GOV",) if lemma == "government" else ()
    states: dict[str, Actor] = {}
    for actor in group:
        country = actor.country
        if not country or len(country) != 3 or country in {"IGO", "NGO"}:
            return group  # an organisation or an actor without a state: keep the actors
        code = country + "".join(sectors)
        states.setdefault(
            code,
            replace(actor, code=code, sector=sectors, name=None, kind="sector" if sectors else "state"),
        )
    return tuple(states.values()) if len(states) >= 2 else group
