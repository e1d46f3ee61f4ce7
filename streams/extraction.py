"""Holds the spaCy pipeline of one worker process: built once, on first use, in the NLP thread."""

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
        return list(extract_batch(self.nlp, articles, batch_size=self._batch_size))

    def extract_one(self, article: Article) -> Extraction:
        """Extract one article (used to isolate a failing article from its batch)."""
        return extract(self.nlp, article)
