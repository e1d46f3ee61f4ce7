"""Build the spaCy pipeline: the configured model plus the project's entity ruler."""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from processors.gazetteer_data import all_capitals, all_country_names
from processors.lexicon import country_supplements, dictionary_actors

ACTOR_RULER = "actor_ruler"
PARAGRAPH_BOUNDARIES = "paragraph_boundaries"

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
    """Load ``model_name`` once; add paragraph sentence boundaries and the actor entity ruler.

    The small English model mislabels many names that matter for event coding ("Mevlut Cavusoglu"
    as WORK_OF_ART, "Ankara" as PERSON, "Isil" as a place); the ruler pins the actor dictionary,
    country names and capitals to the right label and the NER fills in the rest around them.
    """
    nlp = spacy.load(model_name)
    nlp.add_pipe(PARAGRAPH_BOUNDARIES, before="parser")
    # First in the pipeline: the patterns only need tokens, the NER that runs later keeps the ruler's
    # entities, and phrase patterns are tokenised by the components before the ruler, here none.
    ruler = nlp.add_pipe("entity_ruler", name=ACTOR_RULER, first=True, config={"validate": True})
    ruler.add_patterns(ruler_patterns())
    return nlp


@Language.component(PARAGRAPH_BOUNDARIES)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge into one parse."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def ruler_patterns() -> list[dict[str, Any]]:
    """Phrase patterns (exact text, so exact casing): dictionary actor names with their label, countries and
    capitals as GPE, and nationality words of more than one word as NORP ("Sri Lankan", "South Korean"), which
    the small model otherwise takes for the start of a person's or organisation's name.

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
