"""Reading an event's arguments off the dependency parse: which actors a token denotes, a verb's
subject (inherited along clause chains) and passive agent, the objects of its prepositions, and the
prepositions and entity types that mark a place.

Shared by the event coder (:mod:`dyad.nlp.events`) and the inferences run after it
(:mod:`dyad.nlp.implicit`); nothing here decides an event, it only reads the parse.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.knowledge.lexical import word_class
from dyad.nlp.actors import ActorMention, dateline_end

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}

PARTITIVE_HEADS = word_class("partitive_heads")


_GROUP_HEADS = word_class("group_heads")

NAMED_AFTER_PLACES = word_class("named_after_places")

_INTENTION_NOUNS = word_class("intention_nouns")

_RELATIONAL_HEADS = word_class("relational_heads")

_PEOPLE_FROM = word_class("people_from")


def acts_on_itself(source: ActorMention, target: ActorMention) -> bool:
    """An actor does not interact with itself: the same code, or a member of a plural reference
    that is the source's own state ("Xi welcomed the deepening ties between the two countries"
    targets Russia, not China; "Putin praised the two countries' cooperation" praises China). A
    state still acts on its own parts ("Venezuela banned an opposition leader")."""
    if source.actor.code == target.actor.code:
        return True
    own = source.actor.country
    return target.via == "group" and bool(own) and own == target.actor.country


def mentions_for(token: Token | None, index: dict[int, ActorMention]) -> list[ActorMention]:
    """The actor mentions a syntactic argument denotes: itself, its conjuncts, or the actor it names."""
    if token is None:
        return []
    found: list[ActorMention] = []
    for part in [token, *token.conjuncts]:
        mention = index.get(part.i)
        if mention is None:
            # "Russia's invasion", "Chinese approaches", "the Biden administration's support"; but
            # the US military's *partners* are not the US military ("NATO allies" are NATO's members)
            relational = part.lemma_.lower() in _RELATIONAL_HEADS
            named = part.lemma_.lower() in NAMED_AFTER_PLACES
            for child in part.children:
                if relational and child.dep_ == "poss":
                    continue
                if named and child.dep_ == "compound" and child.ent_type_ in {"GPE", "LOC", "FAC"}:
                    continue  # "the Paris climate agreement", "the Minsk accords": a name, not Paris
                if child.dep_ in {"poss", "amod", "compound", "nmod"} and child.i in index:
                    mention = index[child.i]
                    break
        if (mention is None and part.lower_ in PARTITIVE_HEADS | _GROUP_HEADS) or (
            mention is None and part.pos_ == "NUM"
        ):
            # "thousands of Iraqi Kurds", "a group of Chechen refugees", "some 800,000 Kurds"
            for child in part.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and pobj.i in index:
                            mention = index[pobj.i]
                        elif pobj.dep_ == "pobj":
                            mention = next(
                                (
                                    index[c.i]
                                    for c in pobj.children
                                    if c.dep_ in {"amod", "compound", "poss", "nmod"} and c.i in index
                                ),
                                None,
                            )
        if mention is None and part.pos_ == "NOUN" and part.lemma_.lower() in _PEOPLE_FROM:
            for child in part.children:
                if child.dep_ == "prep" and child.lower_ == "from":
                    origin = next((g for g in child.children if g.dep_ == "pobj"), None)
                    inner = mentions_for(origin, index)
                    if inner:
                        found.extend(m for m in inner if m not in found)
                        break
            continue
        if mention is None:
            continue
        if mention.members:
            for member in mention.members:
                expanded = ActorMention(mention.start, mention.end, mention.head, member, None, "group")
                if all(f.actor.code != member.code for f in found):
                    found.append(expanded)
        elif mention not in found:
            found.append(mention)
    return found


MESSAGE_NOUNS = word_class("message_nouns")


ACCUSING_VERBS = word_class("accusing_verbs")


def verb_subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject token, passive?) of a verb, inheriting along xcomp/conj/acl chains."""
    current = verb
    coordinated = True  # reached only through conjunctions so far
    filed = dateline_end(verb.doc)
    for _ in range(5):
        for child in current.children:
            if child.idx < filed:
                continue  # "NAIROBI, Kenya (AP) - Kenyan police arrested ...": the dateline is no subject
            if child.dep_ in _SUBJECT_DEPS and child.tag_ in {"WP", "WDT"} and current.dep_ == "relcl":
                # "supporters who were protesting": the relative pronoun stands for the noun
                return current.head, child.dep_ == "nsubjpass" and current is verb
            if child.dep_ in _SUBJECT_DEPS:
                # "... were released by Putin" is passive even when its subject is a conjunct's, and
                # so is a participle coordinated with a passive ("were beaten by police and arrested")
                own = any(c.dep_ == "auxpass" for c in verb.children)
                shared = child.dep_ == "nsubjpass" and (
                    current is verb or (coordinated and verb.tag_ == "VBN")
                )
                return child, own or shared
        if current.dep_ in {"xcomp", "conj", "advcl", "acomp"} and current.head is not current:
            coordinated = coordinated and current.dep_ == "conj"
            current = current.head
            continue
        if (
            current.dep_ == "pcomp"
            and current.head.dep_ == "prep"
            and current.head.head.pos_ in {"VERB", "AUX"}
        ):
            governor = current.head.head
            if current.head.lower_ in {"of", "for"} and governor.lemma_.lower() in ACCUSING_VERBS:
                # "accused the United States of violating the deal": the accused is the actor
                accused = next((c for c in governor.children if c.dep_ == "dobj"), None)
                if accused is not None:
                    return accused, False
            current = governor  # "resorted to throwing stones", "responded by expelling"
            continue
        if current.dep_ == "relcl":
            return current.head, False
        if (
            current.dep_ == "acl"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            and current.head.dep_ in {"dobj", "attr"}
            and current.head.lemma_.lower() in _INTENTION_NOUNS
            and current.head.head.pos_ in {"VERB", "AUX"}
        ):
            owner = next((c for c in current.head.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner, False  # "welcomed Iran's decision to release": Iran releases
            current = current.head.head  # "are making final plans to attack": the planners act
            continue
        if (
            current.dep_ == "acl"
            and current.tag_ == "VBG"
            and current.head.lemma_.lower() not in MESSAGE_NOUNS
        ):
            return current.head, False  # "British citizens backing Islamic State": the noun acts
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.lemma_.lower() in MESSAGE_NOUNS:
            message = current.head
            author = next(
                (
                    c
                    for c in message.children
                    if c.dep_ in {"poss", "compound", "nmod"} and (c.pos_ == "PROPN" or c.ent_type_)
                ),
                None,
            )
            if author is not None:
                return author, False  # "a UN Security Council resolution calling for ...": the council
            if message.dep_ == "pobj" and message.head.dep_ == "prep":
                message = message.head
            if message.dep_ in {"dobj", "prep"} and message.head.pos_ in {"VERB", "AUX"}:
                current = message.head  # the message's author speaks through it
                continue
        break
    return None, False


def passive_agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb; coordinated passives share it ("were detained and
    forcibly disappeared by Isis")."""
    for holder in (verb, *verb.conjuncts):
        if holder is not verb and holder.tag_ != "VBN":
            continue
        for child in holder.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
    return None


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of ``token``'s prepositional phrases headed by one of ``preps``.

    The parser often labels the "to"/"for" phrase of a giving verb a dative ("sent weapons *to*
    Ukraine", "gave a loan *to* Ghana"): a dative preposition with an object is read as one too.
    """
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


PLACE_PREPS = (
    "in",
    "into",
    "inside",
    "throughout",
    "across",
    "at",
    "near",
    "outside",
    "around",
    "within",
    "from",
)
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
