"""Where an event happened: the place chosen from its own clause, sentence, then paragraph.

A place reached from the trigger through a locative preposition ("in the Black Sea resort of Sochi")
wins, else a locative place elsewhere in the sentence, else the nearest locative place or dateline of
the paragraph; None otherwise (never a guess from elsewhere in the article). Place names shared by
several places resolve toward the countries the article names ("Odessa" in a story about Ukraine is
Odesa, not Odessa, Texas).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from processors.entities import PLACE_LABELS
from processors.gazetteer import admin1_iso3, country_iso3, find_place
from processors.types import EntityMention, Location

LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "into"}
)
LOCATION_PATH_DEPS = frozenset({"compound", "pobj", "prep", "appos", "poss", "nmod", "conj", "amod", "npadvmod"})


class PlaceIndex:
    """The place mentions of one parsed article, with the countries it names and its locative places."""

    def __init__(self, doc: Doc, mentions: Sequence[EntityMention]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access; read it once
        self.mentions = tuple(mentions)
        self._paragraph_places: dict[tuple[int, int], list[tuple[int, Location]]] = {}

    @cached_property
    def countries(self) -> frozenset[str]:
        """Countries the article itself names: country names, demonyms, first-level subdivisions.
        Only used to choose between places of the same name ('Odessa' in an article about Ukraine)."""
        found = set()
        for mention in self.mentions:
            if mention.label in PLACE_LABELS:
                found.add(country_iso3(mention.text) or admin1_iso3(mention.text))
            elif mention.label == "NORP" and mention.actor is not None:
                found.add(mention.actor.country)
            elif mention.label in {"ORG", "PERSON"} and self._in_place_list(mention):
                found.add(admin1_iso3(mention.text))  # "in Pesqueria, Nuevo Leon" with the state tagged PERSON
        return frozenset(c for c in found if c)

    def _in_place_list(self, mention: EntityMention) -> bool:
        """'Town, Region' or 'Town (Region)': a name after a comma or bracket that follows another name."""
        before = self.text[max(mention.start - 2, 0) : mention.start].strip()
        return mention.actor is None and before in {",", "("}

    def places_between(self, start: int, end: int) -> list[EntityMention]:
        return [m for m in self.mentions if start <= m.start < end]

    def paragraph_places(self, paragraph: tuple[int, int]) -> list[tuple[int, Location]]:
        """Locative places of a paragraph, computed once per paragraph (long articles have hundreds of events)."""
        if paragraph not in self._paragraph_places:
            self._paragraph_places[paragraph] = _locative_places(self, paragraph)
        return self._paragraph_places[paragraph]


def event_location(
    triggers: Sequence[Token], violent: bool, sent: Span, places: PlaceIndex, paragraph: tuple[int, int]
) -> Location | None:
    """Where the event of ``triggers`` happened: a place in its own sentence reached through a locative
    preposition (its own clause first), else a locative place or dateline of its paragraph; None when unsure.
    ``violent``: an attack takes "on" as locative ("attack on Istanbul's airport"), sanctions do not."""
    return _sentence_location(triggers, violent, sent, places) or _paragraph_location(sent, places, paragraph)


def _sentence_location(triggers: Sequence[Token], violent: bool, sent: Span, places: PlaceIndex) -> Location | None:
    best: tuple[int, Location] | None = None
    triggers_at = {t.i for t in triggers}
    # "attack on Istanbul's airport" is a place; "sanctions on Turkey" is a target, not where they happened.
    preps = LOCATIVE_PREPS | {"on"} if violent else LOCATIVE_PREPS
    for mention, span in _mention_spans(sent.doc, places.places_between(sent.start_char, sent.end_char)):
        place = _gazetteer_place(mention, places.countries)
        if place is None:
            continue
        score = _locative_score(span.root, triggers_at, preps)
        if score is not None and (best is None or score < best[0]):
            best = (score, place)
    return best[1] if best else None


def _paragraph_location(sent: Span, places: PlaceIndex, paragraph: tuple[int, int]) -> Location | None:
    """The nearest locative place (or dateline, 'DETROIT —') of the paragraph, earlier sentences first."""
    found = places.paragraph_places(paragraph)
    before = [place for start, place in found if start < sent.start_char]
    if before:
        return before[-1]
    after = [place for start, place in found if start >= sent.end_char]
    return after[0] if after else None


def _locative_places(places: PlaceIndex, paragraph: tuple[int, int]) -> list[tuple[int, Location]]:
    """(offset, place) for each place of the paragraph named after a locative preposition or as its dateline."""
    found = []
    for mention, span in _mention_spans(places.doc, places.places_between(*paragraph)):
        locative = _locative_score(span.root, set(), LOCATIVE_PREPS) is not None
        if not (locative or _is_dateline(span, paragraph[0], places.text)):
            continue
        place = _gazetteer_place(mention, places.countries)
        if place is not None:
            found.append((mention.start, place))
    return found


def _mention_spans(doc: Doc, mentions: Iterable[EntityMention]) -> Iterable[tuple[EntityMention, Span]]:
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            yield mention, span


def _is_dateline(span: Span, paragraph_start: int, text: str) -> bool:
    """'DETROIT — Police said ...', 'LOUISVILLE, KY (WAVE) -': a place opening the paragraph."""
    if text[paragraph_start : span.start_char].strip():
        return False
    following = span.doc[span.end : span.end + 4].text
    return span.text.isupper() or any(mark in following for mark in ("—", "–", "(", " - "))


def _gazetteer_place(mention: EntityMention, countries: frozenset[str]) -> Location | None:
    if mention.label in PLACE_LABELS:
        return find_place(mention.text, countries)
    if mention.label in {"ORG", "FAC"} and mention.actor is None:  # "Istanbul Ataturk (airport)"
        first_word = mention.text.split()[0]
        place = find_place(first_word, countries)
        if place and place.precision == "city":
            return place
    if mention.label in {"PERSON", "ORG", "NORP"} and mention.actor is None and countries:
        # the small model tags many towns as people or organisations ("in Salamanca"); a name the
        # gazetteer places in a country the article names is taken as that place
        place = find_place(mention.text, countries)
        if place and place.precision != "country" and place.country in countries:
            return place
    return None


def _locative_score(place: Token, triggers_at: set[int], locative_preps: frozenset[str]) -> int | None:
    """Steps from the place up to a trigger (or 100 + steps to the clause) if a locative preposition is on the way."""
    locative = False
    steps = 0
    node = place
    while node.dep_ in LOCATION_PATH_DEPS and node.head.i != node.i:
        if node.dep_ == "prep" and not locative and node.lower_ != "of":  # "resort of Sochi" passes through
            if node.lower_ not in locative_preps:
                return None  # "in exchange for Moscow ...": the place is not where it happened
            locative = True
        node = node.head
        steps += 1
        if node.i in triggers_at:
            return steps if locative else None
    if node.i in triggers_at and locative:
        return steps
    return 100 + steps if locative else None
