"""The worker's vocabulary does not grow with what it reads (``nlp.memory_zone()`` around each batch)."""

from __future__ import annotations

import pytest

from processors.types import Article
from streams.extraction import ExtractionService
from streams.settings import Settings


@pytest.fixture(scope="module")
def service() -> ExtractionService:
    service = ExtractionService(Settings().spacy_model)
    service.warm_up()
    return service


def made_up_articles(batch: int, count: int = 8) -> list[Article]:
    """Articles full of words no vocabulary has seen (each batch its own)."""
    return [Article(id=f"b{batch}-{i}", text=f"Police in Zorvath{batch}x{i} arrested {i + 2} members of the "
                    f"Qelbrin{batch}y{i} group on Monday after clashes with Vantorek{batch}z{i} militia.")
            for i in range(count)]


def test_batches_of_new_words_leave_the_vocabulary_as_it_was(service: ExtractionService) -> None:
    service.extract_batch(made_up_articles(0))  # anything the first batch loads lazily is loaded now
    before = vocabulary_size(service)
    for batch in range(1, 6):
        service.extract_batch(made_up_articles(batch))
        service.extract_one(made_up_articles(100 + batch, count=1)[0])
    assert vocabulary_size(service) == before


def vocabulary_size(service: ExtractionService) -> tuple[int, int]:
    """Strings and lexemes held. ``len(vocab)`` is a counter spaCy never decrements, so lexemes are counted."""
    return len(service.nlp.vocab.strings), sum(1 for _ in service.nlp.vocab)


def test_results_are_the_same_inside_the_memory_zone(service: ExtractionService) -> None:
    from processors.pipeline import extract

    article = made_up_articles(200, count=1)[0]
    inside = service.extract_batch([article])[0]
    outside = extract(service.nlp, article)  # no zone: what the processors give on their own
    assert inside == outside and inside.events
