"""CAMEO's framing conventions: an event is coded by the speech act or stance that frames it.

"urged Russia to release the crew" is an appeal for a release (0253), not a release; "refused to
meet" is a rejected meeting (125); "will send aid" an intent to give aid (033); "threatened to
invade" a threat of occupation (1382); "X said Y must return Z" a demand by X on Y (1053).

The event coder (:mod:`dyad.nlp.events`) finds the events of a Doc; this module recodes them:

* :func:`apply_frames` — a generic appeal, intent, demand, rejection or threat takes its code from
  the event in its complement, which is then dropped; an event that is only the actor's stated
  intent becomes 03x (13x for force), a refusal 12x;
* :func:`apply_must_demands` — "X said Y must Z" demands found by the coder absorb the framed Z.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyad.knowledge.lexical import root_class, word_class
from dyad.model import Status
from dyad.nlp.lexicon import DEFAULT_TARGET_PREPS, EventRule, Lexicon, load_lexicon
from dyad.nlp.raw import RawEvent, purpose, run_steps
from dyad.nlp.status import INTENT_CUES, REFUSAL_CUES, Cue, status_cue

if TYPE_CHECKING:
    from dyad.nlp.actors import ActorMention

# Each table maps the framed event's code (longest matching prefix wins) to the refined code under
# one framing root: 02 appeal, 03 intent, 10 demand, 12 rejection, 13 threat.
# fmt: off
FRAMES: dict[str, dict[str, str]] = {
    "02": {
        "04": "026", "045": "028", "046": "026", "05": "022", "057": "027", "06": "021", "061": "0211",
        "062": "0212", "063": "0213", "064": "0214", "07": "023", "071": "0231", "072": "0232",
        "073": "0233", "074": "0234", "08": "025", "081": "0251", "082": "0252", "083": "024",
        "0831": "0241", "0832": "0242", "0833": "0243", "0834": "0244", "084": "0253", "085": "0254",
        "086": "0255", "087": "0256",
    },
    "03": {
        "04": "036", "045": "039", "05": "032", "057": "037", "06": "031", "061": "0311", "062": "0312",
        "063": "0313", "064": "0314", "07": "033", "071": "0331", "072": "0332", "073": "0333",
        "074": "0334", "08": "035", "081": "0351", "082": "0352", "083": "034", "0831": "0341",
        "0832": "0342", "0833": "0343", "0834": "0344", "084": "0353", "085": "0354", "086": "0355",
        "087": "0356",
    },
    "10": {
        "04": "108", "045": "105", "06": "100", "061": "1011", "062": "1012", "063": "1013",
        "064": "1014", "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034",
        "083": "104", "0831": "1041", "0832": "1042", "0833": "1043", "0834": "1044", "081": "1051",
        "082": "1052", "084": "1053", "085": "1054", "086": "1055", "087": "1056", "0871": "107",
        "0874": "106", "09": "101",
    },
    "12": {
        "03": "120", "04": "125", "045": "126", "046": "125", "057": "127", "06": "121", "061": "1211",
        "062": "1212", "07": "122", "071": "1221", "072": "1222", "073": "1223", "074": "1224",
        "08": "124", "081": "1241", "082": "1242", "083": "123", "0831": "1231", "0832": "1232",
        "0833": "1233", "0834": "1234", "084": "1243", "085": "1244", "086": "1245", "087": "1246",
    },
    "13": {
        "14": "133", "16": "131", "161": "1313", "162": "1311", "163": "1312", "164": "134",
        "165": "135", "166": "136", "17": "137", "172": "132", "1721": "1321", "1722": "1322",
        "1723": "1323", "1724": "1324", "18": "138", "19": "1384", "191": "1381", "192": "1382",
        "20": "1383", "204": "1385",
    },
}
# fmt: on

FALLBACK_TARGET = "+fallback_target"
"""``RawEvent.how`` note of a target inferred by :func:`dyad.nlp.events.fallback_targets` (a clause
subject, an author, a place) rather than named as the trigger's object."""

COOPERATIVE_ROOTS = root_class("cooperative")
FORCEFUL_ROOTS = root_class("forceful")
FRAME_ROOTS = root_class("frames")

SAY_VERBS = word_class("say_verbs")
"""Reporting verbs that introduce "Y must Z" demands."""

MUST_DEMAND = EventRule(
    id="frame.must",
    lemma="must",
    pos="FRAME",
    cameo="100",
    particle=None,
    objects=frozenset(),
    target_preps=DEFAULT_TARGET_PREPS,
    subject_sectors=frozenset(),
    subject_not_sectors=frozenset(),
    confidence=0.6,
    needs_target=False,
    symmetric=False,
)
"""The rule behind "X said Y must Z" (a demand, refined by Z's code)."""


def frame_code(frame_root: str, code: str) -> str | None:
    """The code of ``code`` framed as an appeal (02), intent (03), demand (10), rejection (12) or threat (13).

    None when the framing does not apply to that kind of event.
    """
    table = FRAMES.get(frame_root, {})
    for length in range(len(code), 1, -1):
        refined = table.get(code[:length])
        if refined is not None:
            return refined
    return None


def apply_must_demands(events: list[RawEvent], demands: list[tuple[RawEvent, int]]) -> list[RawEvent]:
    """Add the "X said Y must Z" demands, each refined by the code of the event Z it frames.

    Args:
        events: the Doc's events.
        demands: (demand event coded 100, token index of the clause "Y must Z") pairs.

    Returns:
        ``events`` without the framed Zs, plus the demands (asserted: the demand was made).
    """
    by_trigger: dict[int, list[RawEvent]] = {}
    for event in events:
        by_trigger.setdefault(event.trigger, []).append(event)
    found: list[RawEvent] = []
    framed: set[int] = set()
    for demand, clause in demands:
        inner = by_trigger.get(clause)
        if inner:
            refined = frame_code("10", inner[0].rule.cameo)
            if refined:
                rule = replace(demand.rule, cameo=refined, id=f"{demand.rule.id}>{inner[0].rule.id}")
                demand = replace(demand, rule=rule)
            framed.add(clause)
        found.append(demand)
    kept = [e for e in events if e.trigger not in framed]
    return kept + [replace(e, status="asserted", cue=Cue.MUST) for e in found]


def complement_tokens(trigger: Token) -> dict[int, int]:
    """Tokens in the trigger's complement ("urged Y *to release Z*", "demanded *that* ..."), with depth."""
    inside: dict[int, int] = {}
    for child in trigger.children:
        purpose = child.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if (
            child.dep_ in {"xcomp", "ccomp"}
            or purpose
            or (child.dep_ in {"dobj", "prep"} and trigger.pos_ in {"VERB", "NOUN"})
        ):
            for token in child.subtree:
                depth, current = 0, token
                while current.i != trigger.i and depth < 12:
                    current, depth = current.head, depth + 1
                inside[token.i] = depth
    return inside


def framed_event(
    event: RawEvent, rule_code: str, frame_root: str, source: RawEvent | None = None
) -> RawEvent | None:
    """``event`` recoded under a frame; a frame without a recipient takes the framed event's
    ("threatened to invade Iraq": Iraq is the one threatened), as does a frame whose recipient was
    only inferred (:data:`FALLBACK_TARGET`: "refused to meet Jordan's king in Tel Aviv" refuses Jordan)."""
    refined = frame_code(frame_root, rule_code)
    if refined is None:
        return None
    suffix = f">{source.rule.id}" if source is not None else f">{frame_root}"
    framed = replace(event, rule=replace(event.rule, cameo=refined, id=event.rule.id + suffix))
    addressee = (  # "demanded that Israel ease restrictions on X": Israel is the one addressed
        framed.target is not None
        and source is not None
        and source.source is not None
        and framed.target.actor.code == source.source.actor.code
    )
    if (
        (framed.target is None or (FALLBACK_TARGET in framed.how and not addressee))
        and source is not None
        and source.target is not None
        and (framed.source is None or framed.source.actor.code != source.target.actor.code)
    ):
        framed = replace(framed, target=source.target, how=framed.how + "+frame_target")
    return framed


COMMAND_VERBS = word_class("command_verbs")
COMMANDED_ROOTS = root_class("commanded")


def commanded_event(order: RawEvent, act: RawEvent) -> RawEvent:
    """ "China ordered the US consulate closed", "ordered the newspaper to suspend publication": the
    sanction (16x) or coercion (17x) is the ordering actor's own act, not a demand (CAMEO 10)."""
    rule = replace(order.rule, cameo=act.rule.cameo, id=f"{order.rule.id}>{act.rule.id}")
    event = replace(order, rule=rule)
    if act.target is not None and (order.source is None or order.source.actor.code != act.target.actor.code):
        event = replace(event, target=act.target)
    return event


def apply_frames(doc: Doc, events: list[RawEvent]) -> list[RawEvent]:
    """CAMEO's framing conventions over one Doc's events.

    1. An appeal, intent, demand, rejection or threat with a generic code takes its code from the
       event in its complement ("urged Russia to release" -> 0253), which is then dropped.
    2. An event that is only the actor's stated intent ("will visit", "is ready to send troops") is
       coded as that intent (036, 0332) or, for force, as a threat (13x); a refusal ("will not
       meet", "refused to lift") as a rejection (12x), which did happen.
    """
    by_trigger: dict[int, list[RawEvent]] = {}
    for event in events:
        by_trigger.setdefault(event.trigger, []).append(event)
    absorbed: set[int] = set()
    refined: dict[int, list[RawEvent]] = {}
    for trigger, group in by_trigger.items():
        code = group[0].rule.cameo
        if code[:2] not in FRAME_ROOTS or len(code) != 3 or not code.endswith("0"):
            continue
        inside = complement_tokens(doc[trigger])
        inside.pop(trigger, None)
        complements = [e for t in sorted(inside) if t in by_trigger for e in by_trigger[t]]
        # the complement closest to the frame verb is what it frames ("offered to hand over X suspected of Y")
        best = min(complements, key=lambda e: (inside[e.trigger], -len(e.rule.cameo)), default=None)
        if best is None:
            continue
        frame_root = "13" if code[:2] == "03" and best.rule.cameo[:2] in FORCEFUL_ROOTS else code[:2]
        commanded = best.rule.cameo[:2] in COMMANDED_ROOTS and doc[trigger].lemma_ in COMMAND_VERBS
        if frame_root == "10" and commanded:
            new = [commanded_event(e, best) for e in group]
        else:
            # each target of the framed act is a recipient ("agreed to lift embargoes on Iran and Sudan")
            parts = [e for e in by_trigger[best.trigger] if e.rule.cameo == best.rule.cameo]
            new, seen = [], set()
            for event in group:
                for part in parts:
                    framed = framed_event(event, best.rule.cameo, frame_root, part)
                    key = framed and (_code(framed.source), _code(framed.target))
                    if framed is not None and key not in seen:
                        seen.add(key)
                        new.append(framed)
        if new:
            refined[trigger] = new
            absorbed.update(e.trigger for e in complements if e.rule.cameo[:2] not in FRAME_ROOTS)
    result: list[RawEvent] = []
    for trigger, group in by_trigger.items():
        if trigger in absorbed and trigger not in refined:
            continue
        if trigger not in refined and group[0].rule.cameo == "100" and _asserts_fact(doc[trigger]):
            continue
        for event in refined.get(trigger, group):
            result.append(_stance(doc, event) or event)
    return result


def _code(mention: ActorMention | None) -> str | None:
    return None if mention is None else mention.actor.code


def _asserts_fact(verb: Token) -> bool:
    """ "insisted (that) the unrest reflected ethnic tensions": a demand verb whose that-clause is in
    the past indicative reports a claim; a demand's clause is subjunctive, infinitival or modal
    ("insisted that he be reinstated", "demanded that Iran stop", "insisted they must leave")."""
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        words = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
        if clause.tag_ == "VBD" or (clause.tag_ == "VBN" and words & {"had", "was", "were"}):
            return True
    return False


MILITARY_ROOTS = root_class("armed_force")
_DECISION_VERBS = word_class("decision_verbs")
ENACTED_CODES = root_class("enacted_measures")


def _conditional(token: Token) -> bool:
    """Does the clause carry a condition ("if cooperation founders", "unless Chad pays")?"""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
        for c in token.children
    ) or any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in token.children)


def _stance(doc: Doc, event: RawEvent) -> RawEvent | None:
    """An unrealised event recoded as the actor's stance: intent (03x), threat (13x) or refusal (12x).

    Three readings of an unrealised forceful act are the act's own kind of event instead:
    an army that *prepares* to shell or attack is showing force (150, "the army prepared to resume
    shelling"); a sanction an actor *announces* or *decides*, with no condition attached, is imposed
    by that decision (161-163, "announced it would prohibit all aid"); and a forceful act an actor says it
    *may* take *if* something happens is a threat (13x, "may halt mediation if cooperation founders").
    """
    root = event.rule.cameo[:2]
    if event.status in {"future", "hypothetical"} and event.cue in INTENT_CUES:
        if root in COOPERATIVE_ROOTS:
            intent = framed_event(event, event.rule.cameo, "03")
            return None if intent is None else replace(intent, status=_stated(event, root))
        if root in FORCEFUL_ROOTS:
            trigger = doc[event.trigger]
            if event.cue == "prepare" and root in MILITARY_ROOTS:
                rule = replace(event.rule, cameo="150", id=event.rule.id + ">150")
                return replace(event, rule=rule, status="asserted")
            if event.rule.cameo[:3] in ENACTED_CODES and _announced(trigger) and not _conditional(trigger):
                return replace(event, status="asserted", cue=Cue.ANNOUNCE)
            threat = framed_event(event, event.rule.cameo, "13")
            return None if threat is None else replace(threat, status="asserted")
    elif event.status == "hypothetical" and event.cue == Cue.MAY and root in FORCEFUL_ROOTS:
        if _conditional(doc[event.trigger]):
            threat = framed_event(event, event.rule.cameo, "13")
            return None if threat is None else replace(threat, status="asserted")
    elif event.status == "negated" and event.cue in REFUSAL_CUES and root in COOPERATIVE_ROOTS | {"03"}:
        recoded = framed_event(event, event.rule.cameo, "12")
        if recoded is not None:
            return replace(recoded, status="asserted")
    return None


SCHEDULED_ROOTS = root_class("scheduled")
_BARE_FUTURE = word_class("plain_future_auxiliaries")


def _stated(event: RawEvent, root: str) -> Status:
    """The status of an intent (03x) recoded from an unrealised act: that of the statement, asserted
    (CAMEO's 03x *is* the expression of intent), except a meeting or visit merely scheduled."""
    if root in SCHEDULED_ROOTS and event.cue in _BARE_FUTURE:
        return event.status
    return "asserted"


def _announced(trigger: Token) -> bool:
    """Is the trigger's clause (or the clause it is conjoined to) what an announcement or decision reports?"""
    clause = trigger
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    return clause.dep_ in {"ccomp", "xcomp"} and clause.head.lemma_.lower() in _DECISION_VERBS


PROTEST_AIMS = {
    "1041": "1", "0241": "1", "1042": "2", "0242": "2", "1043": "3", "0243": "3", "1044": "4", "0244": "4",
}  # fmt: skip
"""A demand or appeal for leadership, policy, rights or institutional change -> the last digit of the
protest for it (141x demonstrate, 142x hunger strike, 143x strike, 144x obstruct, 145x riot)."""


def protest_for(protest_code: str, demand_code: str) -> str:
    """The protest's code refined by what it demands ("141" + "1041" -> "1411"), else unchanged."""
    aim = PROTEST_AIMS.get(demand_code)
    if aim is None or len(protest_code) != 3 or protest_code[2] not in "012345":
        return protest_code
    return ("141" if protest_code == "140" else protest_code) + aim


_PURPOSE_DEPS = frozenset({"advcl", "xcomp", "acl", "ccomp"})


def _protest_rule(token: Token, lexicon: Lexicon) -> EventRule | None:
    """The protest rule (root 14) a noun or verb would fire, ignoring its arguments."""
    words = {w for c in token.children for w in (c.lower_, c.lemma_.lower())}
    pos = "NOUN" if token.pos_ in {"NOUN", "PROPN"} else "VERB"
    for rule in lexicon.candidates(pos, token.lemma_.lower()):
        if rule.cameo.startswith("14") and not rule.particle and (not rule.objects or rule.objects & words):
            return rule
    return None


def absorb_protest_purposes(doc: Doc, events: list[RawEvent], lexicon: Lexicon) -> list[RawEvent]:
    """A protest carried out to demand something is coded as the protest (CAMEO 14x).

    "students staged demonstrations *to demand* reforms", "Kurds demonstrated *calling for*
    independence", "a hunger strike *to demand* the president's resignation": the demand or appeal
    in the purpose clause (or participle) of a protest is how the protest is expressed, not a
    separate speech act. It is dropped, and refines the protest (1411 for leadership change,
    1412 policy, 1413 rights, 1414 institutions) or, when the protest found no actor of its own
    (its subject is the demand's, "fundamentalists continued their hunger strike to demand"),
    becomes the protest, with the demand's source and target. A protest in the purpose clause of
    another ("began a hunger strike *to protest against* Sweden's decision") is that same protest:
    it only lends its target.
    """
    by_trigger: dict[int, list[RawEvent]] = {}
    for event in events:
        by_trigger.setdefault(event.trigger, []).append(event)
    dropped: set[int] = set()
    refined: dict[int, RawEvent] = {}
    created: list[RawEvent] = []
    for trigger, group in by_trigger.items():
        if group[0].rule.cameo[:2] not in {"02", "10", "14"}:
            continue
        clause = doc[trigger]
        if clause.dep_ not in _PURPOSE_DEPS or clause.head.i == clause.i:
            continue
        head = clause.head
        # the protest is the head itself ("demonstrated calling for") or a light verb's object
        # ("staged demonstrations to demand")
        anchors = [head, *(c for c in head.children if c.dep_ in {"dobj", "attr"} and c.i != trigger)]
        anchor = next(
            (
                a
                for a in anchors
                if a.i not in dropped and (_is_protest(by_trigger.get(a.i)) or _protest_rule(a, lexicon))
            ),
            None,
        )
        if anchor is None:
            continue
        dropped.add(trigger)
        protests = by_trigger.get(anchor.i) if _is_protest(by_trigger.get(anchor.i)) else None
        if protests:
            for event in protests:
                current = refined.get(id(event), event)
                code = protest_for(current.rule.cameo, group[0].rule.cameo)
                if code != current.rule.cameo:
                    rule = replace(current.rule, cameo=code, id=f"{current.rule.id}>{group[0].rule.id}")
                    current = replace(current, rule=rule)
                demand = group[0]
                if (
                    current.target is None
                    and demand.target is not None
                    and (current.source is None or current.source.actor.code != demand.target.actor.code)
                ):
                    current = replace(current, target=demand.target, how=current.how + "+purpose_target")
                refined[id(event)] = current
            continue
        protest_rule = _protest_rule(anchor, lexicon)
        if protest_rule is None:
            dropped.discard(trigger)
            continue
        code = protest_for(protest_rule.cameo, group[0].rule.cameo)
        rule = replace(protest_rule, cameo=code, id=f"{protest_rule.id}>{group[0].rule.id}")
        status, cue = status_cue(anchor)
        for demand in group:
            created.append(
                replace(
                    demand,
                    trigger=anchor.i,
                    trigger_end=anchor.i + 1,
                    rule=rule,
                    status=status,
                    cue=cue,
                    how=demand.how + "+purpose",
                )
            )
    if not dropped:
        return events
    kept = [refined.get(id(e), e) for e in events if e.trigger not in dropped]
    return kept + created


def _is_protest(group: list[RawEvent] | None) -> bool:
    return bool(group) and group[0].rule.cameo.startswith("14")  # type: ignore[index]


class EventFrames:
    """spaCy component ``dyad_event_frames``: CAMEO's framing conventions over ``doc._.events``.

    Steps: ``frames`` (:func:`apply_frames`: framed acts, stances, intents, threats, refusals) and
    ``protest_purposes`` (:func:`absorb_protest_purposes`), each traced on ``doc._.event_trace``.
    """

    def __init__(
        self, nlp: Language, name: str = "dyad_event_frames", lexicon: Lexicon | None = None
    ) -> None:
        self.name = name
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        run_steps(
            doc,
            self.name,
            [
                ("frames", lambda events: apply_frames(doc, events), purpose(apply_frames)),
                (
                    "protest_purposes",
                    lambda events: absorb_protest_purposes(doc, events, self.lexicon),
                    purpose(absorb_protest_purposes),
                ),
            ],
        )
        return doc
