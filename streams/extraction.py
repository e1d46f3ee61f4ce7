"""Holds the spaCy pipeline of one worker process: built once, on first use, in the NLP thread.

Every batch runs inside ``nlp.memory_zone()`` (spaCy 3.8): the strings and lexemes the batch adds to
the shared vocabulary are freed when the zone closes, so a long-running worker's vocabulary does not
grow with every new word it reads (bench/soak.py measures it). Nothing spaCy owns (a ``Doc``, a
``Span``) leaves the zone: the processors return plain dataclasses of Python strings and numbers.

A zone is global to the model (spaCy: "memory zones should not be nested"), and the worker extracts in
two threads (a long article beside short ones, ``streams.app``), whose batches overlap in time. One thread
closing its own zone would free the strings the other is still reading (spaCy E018). So the threads share one zone
(``SharedMemoryZone``): the first batch opens it, later batches join it, and it closes when the last one
leaves. Two lanes that always overlap would keep it open for ever, so after ``max_batches`` batches new
ones wait for the open ones to finish and the zone to close.

A long article parsed beside a short batch would slow the short batch for as long as the long parse runs
(seconds). ``ShortFirst`` lets the short ones go first: a long article (over ``long_words``) is parsed a
piece at a time, as ``processors.pipeline`` parses it anyway, and before each piece, and before the
processors run over the joined Doc, it waits while a short batch is being extracted (at most ``max_wait``
seconds each time, so it always moves on). And the two threads never parse at once (one lock,
``ExtractionService._parsing``): a short batch waits at most for the piece being parsed, while two parses side
by side, on the core the broker and the database leave, were each slower and cost 5-10 CPU s more per 207
articles (docs/benchmarks.md).
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from processors import pipeline
from processors.nlp import build_nlp
from processors.pipeline import WARM_UP_TEXT, extract, extract_batch, extract_from_doc, paragraph_pieces
from processors.types import Article, Extraction


class SharedMemoryZone:
    """One ``nlp.memory_zone()`` shared by the threads that parse with ``nlp`` (see the module docstring)."""

    def __init__(self, nlp: Language, max_batches: int = 64, on_close: Callable[[], None] | None = None) -> None:
        self._nlp = nlp
        self._max_batches = max_batches
        self._on_close = on_close or (lambda: None)
        self._changed = threading.Condition()
        self._zone: ContextManager[object] | None = None
        self._inside = 0  # batches running in the open zone
        self._joined = 0  # batches since the zone opened
        self._draining = False  # no new batch may join: the zone closes when the running ones end

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run one batch inside the shared zone."""
        with self._changed:
            self._changed.wait_for(lambda: not self._draining)
            if self._zone is None:
                self._zone = self._nlp.memory_zone()
                self._zone.__enter__()
            self._inside += 1
            self._joined += 1
            self._draining = self._joined >= self._max_batches
        try:
            yield
        finally:
            with self._changed:
                self._inside -= 1
                if self._inside == 0:
                    zone, self._zone = self._zone, None
                    self._joined, self._draining = 0, False
                    assert zone is not None
                    zone.__exit__(None, None, None)
                    self._on_close()
                    self._changed.notify_all()


class HeapTrimmer:
    """Gives the C heap's free pages back to the system, at most every ``every`` seconds (glibc's
    ``malloc_trim``; a no-op elsewhere).

    A closed zone frees its strings and the parse's arrays, but glibc keeps freed pages in its arenas (one
    per thread that allocates), where later allocations of other sizes cannot always reuse them: over
    thousands of articles the worker's resident memory crept up by ~50 MB (bench soak) with nothing leaked.
    """

    def __init__(self, every: float = 30.0) -> None:
        self._every = every
        self._last = time.monotonic()
        self.trims = 0
        try:
            self._malloc_trim: Callable[[int], int] | None = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):
            self._malloc_trim = None

    def __call__(self) -> None:
        now = time.monotonic()
        if self._malloc_trim is None or now - self._last < self._every:
            return
        self._last = now
        self._malloc_trim(0)
        self.trims += 1


class ShortFirst:
    """Short batches before the pieces of a long article (see the module docstring)."""

    def __init__(self, max_wait: float = 2.0) -> None:
        self._max_wait = max_wait
        self._changed = threading.Condition()
        self._short = 0  # short batches being extracted now
        self.waits = 0  # times a piece found a short batch running and waited (tests, diagnostics)

    @contextmanager
    def short(self) -> Iterator[None]:
        """Extract one short batch: pieces of long articles wait meanwhile."""
        with self._changed:
            self._short += 1
        try:
            yield
        finally:
            with self._changed:
                self._short -= 1
                if self._short == 0:
                    self._changed.notify_all()

    @property
    def running(self) -> bool:
        """A short batch is being extracted or waits to be."""
        return self._short > 0

    def wait_turn(self) -> None:
        """Wait while a short batch is being extracted (at most ``max_wait`` seconds)."""
        with self._changed:
            if self._short:
                self.waits += 1
                self._changed.wait_for(lambda: self._short == 0, timeout=self._max_wait)

    def pieces(self, parts: list[str], parsing: threading.Lock | None = None) -> Iterator[str]:
        """``parts`` one at a time, each when no short batch is running (or after ``max_wait``), holding
        ``parsing`` (if given) from the moment a piece is handed out until the next one is asked for.

        ``nlp.pipe(..., batch_size=1)`` takes the next text only when the previous one has gone through
        the whole pipeline, so the wait falls between two pieces' parses, and the lock covers one piece's parse.
        """
        for part in parts:
            self.wait_turn()
            if parsing is None:
                yield part
                continue
            with parsing:
                yield part


class ExtractionService:
    """Runs the processors with a lazily built model (loading it at import time would slow every CLI call).

    ``long_words``: a batch of one article with more words than this is a long article (the worker's
    long lane, ``streams.work_batches``): its pieces give way to short batches (``ShortFirst``).
    None: no article is long.
    """

    def __init__(self, model_name: str, batch_size: int = 32, long_words: int | None = None) -> None:
        self._model_name = model_name
        self._batch_size = batch_size
        self._long_words = long_words
        self._nlp: Language | None = None
        self._zone: SharedMemoryZone | None = None
        self._lock = threading.Lock()
        self.short_first = ShortFirst()
        self._parsing = threading.Lock()  # one parse at a time: two at once on a shared core are both slower

    @property
    def nlp(self) -> Language:
        """The model, built on first access."""
        with self._lock:
            if self._nlp is None:
                self._nlp = build_nlp(self._model_name)
                self._zone = SharedMemoryZone(self._nlp, on_close=HeapTrimmer())
            return self._nlp

    def _memory_zone(self) -> ContextManager[None]:
        self.nlp  # noqa: B018 - the property builds the model and its zone
        assert self._zone is not None
        return self._zone.batch()

    def warm_up(self) -> None:
        """Build the model and load the gazetteer's tables now (at worker start), so the first article
        does not pay for them (they load on first use, a second or more)."""
        self.extract_one(Article(id="warm-up", text=WARM_UP_TEXT))

    def extract_batch(self, articles: list[Article]) -> list[Extraction]:
        """Extract many articles, each parsed once, through ``nlp.pipe``."""
        if len(articles) == 1 and self._long_words is not None and len(articles[0].text.split()) > self._long_words:
            return [self._extract_long(articles[0])]
        # The zone first: a short batch waiting to join a draining zone must not hold long pieces back.
        with self._memory_zone(), self.short_first.short(), self._parsing:
            return list(extract_batch(self.nlp, articles, batch_size=self._batch_size))

    def _extract_long(self, article: Article) -> Extraction:
        """One long article, parsed in pieces as ``processors.pipeline.parse_pieces`` parses it, each piece
        when no short batch is running."""
        parts = paragraph_pieces(article.text, pipeline.PARSE_PIECE_WORDS)
        with self._memory_zone():
            if len(parts) == 1:  # one paragraph longer than a piece: parsed whole, nothing to give way between
                with self._parsing:
                    return extract(self.nlp, article)
            docs = list(self.nlp.pipe(self.short_first.pieces(parts, self._parsing), batch_size=1))
            doc = Doc.from_docs(docs, ensure_whitespace=False)
            # The processors over a long Doc take a second or more too: short batches go first before them
            # and between their stages.
            self.short_first.wait_turn()
            with self._parsing:
                return extract_from_doc(doc, article, between_stages=self._give_way)

    def _give_way(self) -> None:
        """Called holding ``_parsing``, between two processor stages of a long article: let the short batches
        that wait for the lock parse first."""
        if not self.short_first.running:
            return
        self._parsing.release()
        try:
            self.short_first.wait_turn()
        finally:
            self._parsing.acquire()

    def extract_one(self, article: Article) -> Extraction:
        """Extract one article (used to isolate a failing article from its batch)."""
        with self._memory_zone(), self._parsing:
            return extract(self.nlp, article)
