"""Article in, Extraction out: one parse per text, then entities -> events -> casualties on that Doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from processors.casualties import attach_casualties, split_figures
from processors.dates import article_date
from processors.entities import code_entities
from processors.events import extract_events
from processors.repeated_incidents import merge_repeated_incidents
from processors.types import Article, Extraction

# 0.2.0: FIGHT for CAMEO 19, new patterns, locations, incident consolidation; 0.3.0: casualty figures a
# consumer can sum (incident tolls only, aggregates apart, one event per incident), dates on the article's time
EXTRACTOR_VERSION = "0.3.0"


def extract(nlp: Language, article: Article) -> Extraction:
    """Extract entities and events from one article."""
    return extract_from_doc(nlp(article.text), article)


def extract_batch(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
    """Extract from many articles, parsing them in batches with ``nlp.pipe`` (each text parsed once)."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extract_from_doc(doc, article)


def extract_from_doc(doc: Doc, article: Article) -> Extraction:
    """Run the processors on an already parsed article text."""
    layers = code_entities(doc)
    own_date = article_date(article.published_at, article.received_at, doc.text)
    events = extract_events(doc, article, layers.for_actors(), own_date)
    tolls, aggregates = split_figures(doc)
    events = merge_repeated_incidents(attach_casualties(doc, events, tolls))
    return Extraction(
        article_id=article.id,
        entities=layers.entities,
        mentions=layers.mentions,
        events=events,
        extractor_version=EXTRACTOR_VERSION,
        aggregates=aggregates,
        article_date=own_date,
    )
