"""Build the spaCy pipeline: the configured model plus the project's entity ruler."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from processors.gazetteer_data import all_capitals, all_country_names
from processors.lexicon import country_supplements, dictionary_actors, group_words

ACTOR_RULER = "actor_ruler"
# Words that name a part of a place ("Northern Iraq", "South-East Asia"), not another place.
COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "north-east north-west south-east south-west northeastern northwestern southeastern southwestern the".split()
)
PARAGRAPH_BOUNDARIES = "paragraph_boundaries"
SHOT_PARTICIPLES = "shot_participles"
# People a headline says were shot ('Baby shot in mother's arms', '3-year-old shot in South Toledo'): the small model
# reads that 'shot' as a noun, the headline having dropped its 'was'
SHOT_PEOPLE = frozenset("man woman boy girl teen teenager child baby toddler infant officer deputy trooper student "
                        "person people mother father son daughter brother sister old".split())
ABBREVIATION_CONTINUATIONS = "abbreviation_continuations"
# An abbreviation's period followed on the same line by a lowercase word, a number, a weekday or a month: the
# sentence goes on ('in the 1200 block of North Woodward Ave. about 5:25 a.m. Saturday and discovered five people
# shot' was four sentences for the small model, and the one telling the shooting had lost its day).
_DAY_OR_MONTH = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June"
                 r"|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
ABBREVIATION_GOES_ON = re.compile(
    r"(?:\b[ap]\.m\.|\b(?:Ave|St|Blvd|Rd|Dr|Ln|Ct|Hwy|Pkwy|Pl|Mt|Ft|Jr|Sr|Co|Inc|Corp|Ltd|Gov|Gen|Lt|Sgt|Capt|Det"
    r"|Ofc|Sen|Rep)\.)[ \t]+(?=[a-z0-9]|" + _DAY_OR_MONTH + ")")

# Capitals and countries that are also everyday person names or words; the statistical NER
# decides those by context instead of the ruler forcing GPE.
AMBIGUOUS_PLACE_NAMES = frozenset(
    {
        "Chad",
        "Jordan",
        "Georgia",
        "Niger",
        "Victoria",
        "Kingston",
        "Hamilton",
        "Douglas",
        "Plymouth",
        "Male",
        "Jamestown",
        "Stanley",
        "The Valley",
        "Jersey",
        "Guernsey",
        "Moroni",
        "Lima",
        "Praia",
        "Saint-Denis",
        "Santiago",
        "San Jose",
        "Georgetown",
        "England",
        "Wales",
        "Gaza",
        "Mali",
    }
)


@cache
def build_nlp(model_name: str) -> Language:
    """Load ``model_name`` once; add sentence boundaries (paragraphs, abbreviations) and the actor ruler after the NER.

    The small English model mislabels many names that matter for event coding ("Mevlut Cavusoglu"
    as WORK_OF_ART, "Ankara" as PERSON, "Isil" as a place); the ruler (``ActorRuler``) sets the actor
    dictionary, country names and capitals to the right label over the model's entities.
    """
    nlp = spacy.load(model_name)
    nlp.add_pipe(PARAGRAPH_BOUNDARIES, before="parser")
    nlp.add_pipe(ABBREVIATION_CONTINUATIONS, before="parser")
    nlp.add_pipe(ACTOR_RULER, after="ner")
    nlp.add_pipe(SHOT_PARTICIPLES, after="lemmatizer")
    return nlp


@Language.factory(ACTOR_RULER)
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp)


class ActorRuler:
    """After the NER: ``ruler_patterns`` names with their labels, over the model's entities.

    A ruler span replaces the model entities it overlaps, except a country or capital inside a longer name the
    model found ("Real Madrid", "The U.S. Air Force", "Taipei City", "Radio Romania"): the name keeps its span
    and label. Before the NER (as an ``entity_ruler`` first in the pipeline) the pinned place cut such names.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        by_label: dict[str, list[str]] = {}
        for pattern in ruler_patterns():
            by_label.setdefault(pattern["label"], []).append(pattern["pattern"])
        for label, names in by_label.items():
            self.matcher.add(label, list(nlp.make_doc(name) for name in names))

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc.ents)
        for match in filter_spans([Span(doc, start, end, label=key) for key, start, end in self.matcher(doc)]):
            overlapping = [e for e in entities if e.start < match.end and match.start < e.end]
            if match.label_ == "GPE" and any(_in_longer_name(match, e) for e in overlapping):
                continue
            entities = [e for e in entities if e not in overlapping] + [match]
            entities += [rest for e in overlapping for rest in _outside(e, match)]
        doc.ents = sorted(entities, key=lambda e: e.start)
        return doc


def _in_longer_name(place: Span, outer: Span) -> bool:
    """A place strictly inside a longer model name that is more than a part of the place: not "Northern Iraq"
    (a region of the country, which the gazetteer knows by the country's name)."""
    inside = outer.start <= place.start and place.end <= outer.end
    if not inside or (outer.start, outer.end) == (place.start, place.end):
        return False
    rest = [t.lower_ for t in outer if not place.start <= t.i < place.end]
    return not (outer.label_ in {"GPE", "LOC"} and all(word in COMPASS_WORDS for word in rest))


def _outside(entity: Span, match: Span) -> list[Span]:
    """Nationality and group words of a model entity left of a ruler match ("Kurdish" of "The Kurdish YPG"
    around the dictionary's "YPG"), as NORP: they stay names of their own."""
    words = []
    for token in entity.doc[entity.start : min(match.start, entity.end)]:
        if token.text in nationality_words():
            words.append(token)
    return [Span(entity.doc, t.i, t.i + 1, label="NORP") for t in words]


@cache
def nationality_words() -> frozenset[str]:
    """Demonyms and group words of data/countries.json ("Kurdish", "Iraqi")."""
    return frozenset(country_supplements()["demonyms"]) | group_words()


@Language.component(PARAGRAPH_BOUNDARIES)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge into one parse.

    Only whitespace tokens are read: the tokenizer splits the text where whitespace starts and ends, so a line
    break is never part of a word's token (nor of its trailing whitespace, which is one space or none), and a Token
    for every word cost more than the rest of this pipe."""
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


@Language.component(ABBREVIATION_CONTINUATIONS)
def abbreviation_continuations(doc: Doc) -> Doc:
    """No sentence starts right after an abbreviation when the text goes on in lowercase, with a number, a weekday or
    a month (``ABBREVIATION_GOES_ON``); the parser keeps to what is set before it."""
    for match in ABBREVIATION_GOES_ON.finditer(doc.text):
        following = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if following is not None and len(following):
            following[0].is_sent_start = False
    return doc


@Language.component(SHOT_PARTICIPLES)
def shot_participles(doc: Doc) -> Doc:
    """'shot' after the people it happened to is the verb's participle, which the model tagged a noun: '4 shot, one
    fatally', 'baby shot while in mother's arms', 'a report of a 3-year-old shot in the stomach'. Not 'one shot', 'a
    flu shot' or 'his shot': a noun after one, a thing or an owner. Only the tokens written 'shot' are read."""
    shot = doc.vocab.strings["shot"]
    for i in numpy.flatnonzero(doc.to_array(LOWER) == shot).tolist():
        token = doc[i]
        if token.pos_ == "NOUN" and _after_its_victims(token):
            token.pos_, token.tag_, token.lemma_ = "VERB", "VBN", "shoot"
    return doc


def _after_its_victims(token: Token) -> bool:
    before = [child for child in token.children if child.i < token.i]
    if any(child.dep_ == "poss" for child in before):
        return False
    return any(
        (child.dep_ == "nummod" and child.lower_ not in {"one", "1", "a"})
        or (child.dep_ in {"compound", "amod", "nsubj"} and child.lemma_.lower() in SHOT_PEOPLE)
        for child in before)


def ruler_patterns() -> list[dict[str, Any]]:
    """Phrases (exact text, so exact casing) for ``ActorRuler``: dictionary actor names with their label,
    countries and capitals as GPE, and nationality words of more than one word as NORP ("Sri Lankan", "South
    Korean"), which the small model otherwise takes for the start of a person's or organisation's name.

    Phrase patterns rather than token (ORTH) patterns: the phrase matcher looks each token sequence up in a
    hash table, while ~800 token patterns made the ruler cost a quarter of the model's own time on the
    conflict feed.
    """
    labelled = [(entry.label, name) for entry in dictionary_actors() for name in entry.names]
    places = (set(all_country_names()) | set(all_capitals())) - AMBIGUOUS_PLACE_NAMES
    labelled += [("GPE", name) for name in sorted(places) if len(name) > 2 or name.isupper()]
    for demonym in sorted(country_supplements()["demonyms"]):
        if " " in demonym:
            labelled.append(("NORP", demonym))
            if not demonym.endswith(("s", "sh", "ch", "ese")):
                labelled.append(("NORP", demonym + "s"))  # "Sri Lankans"
    return [{"label": label, "pattern": name} for label, name in labelled]
