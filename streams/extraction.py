"""Holds the spaCy pipeline of one worker process: built once, on first use, in the NLP thread.

Every batch runs inside ``nlp.memory_zone()`` (spaCy 3.8): the strings and lexemes the batch adds to
the shared vocabulary are freed when the zone closes, so a long-running worker's vocabulary does not
grow with every new word it reads (bench/soak.py measures it). Nothing spaCy owns (a ``Doc``, a
``Span``) leaves the zone: the processors return plain dataclasses of Python strings and numbers.
"""

from __future__ import annotations

import threading

from spacy.language import Language

from processors.nlp import build_nlp
from processors.pipeline import extract, extract_batch
from processors.types import Article, Extraction


class ExtractionService:
    """Runs the processors with a lazily built model (loading it at import time would slow every CLI call)."""

    def __init__(self, model_name: str, batch_size: int = 32) -> None:
        self._model_name = model_name
        self._batch_size = batch_size
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        """The model, built on first access."""
        with self._lock:
            if self._nlp is None:
                self._nlp = build_nlp(self._model_name)
            return self._nlp

    def warm_up(self) -> None:
        """Build the model now (at worker start) so the first article does not pay for it."""
        self.nlp  # noqa: B018 - the property builds it

    def extract_batch(self, articles: list[Article]) -> list[Extraction]:
        """Extract many articles, each parsed once, through ``nlp.pipe``."""
        nlp = self.nlp
        with nlp.memory_zone():
            return list(extract_batch(nlp, articles, batch_size=self._batch_size))

    def extract_one(self, article: Article) -> Extraction:
        """Extract one article (used to isolate a failing article from its batch)."""
        nlp = self.nlp
        with nlp.memory_zone():
            return extract(nlp, article)
