"""``eventpipe extract --jobs N``: extract an archive on every core, output in input order.

The NLP runs in one thread per process and holds the GIL, so a backfill scales with processes, not
threads. The articles are cut into work units by words (as the stream does, ``streams.work_batches``: short
articles packed up to a word budget, a long one alone), the units are spread over ``jobs`` processes,
and the results are written back in input order: the output is line for line what ``--jobs 1`` writes.

On Linux the model is built (and the processors' lazily loaded data warmed) once in this process,
and the workers are forked from it: they start at once and share the model's and the gazetteer's
memory pages with the parent until they write to them. Elsewhere each worker builds its own model.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from multiprocessing.context import BaseContext

import orjson
from spacy.language import Language

from processors.nlp import build_nlp
from processors.pipeline import extract_batch, warm_up
from processors.types import Article
from streams.work_batches import count_words

# The model of a worker process (set before forking, or built by the initializer).
_worker_nlp: Language | None = None


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity, where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def work_units(articles: Sequence[Article], word_budget: int) -> list[list[Article]]:
    """The articles in units of at most ``word_budget`` words (a longer article alone), in input order.

    Unlike the stream, a backfill keeps input order inside the units too: long articles are not
    moved back, because nothing waits on them and the output must come out in input order anyway.
    """
    units: list[list[Article]] = []
    unit: list[Article] = []
    words = 0
    for article in articles:
        size = count_words(article.text)
        if unit and (words + size > word_budget or size > word_budget):
            units.append(unit)
            unit, words = [], 0
        unit.append(article)
        words += size
        if size > word_budget:
            units.append(unit)
            unit, words = [], 0
    if unit:
        units.append(unit)
    return units


def extraction_lines(nlp: Language, articles: Sequence[Article]) -> list[bytes]:
    """One JSON line per article (the public extract format), in the order given."""
    return [orjson.dumps(extraction.to_json()) + b"\n"
            for extraction in extract_batch(nlp, articles, batch_size=max(1, len(articles)))]


def _extract_unit(unit: list[Article]) -> list[bytes]:
    assert _worker_nlp is not None, "worker started without a model"
    return extraction_lines(_worker_nlp, unit)


def _build_worker_model(model_name: str) -> None:
    global _worker_nlp
    _worker_nlp = build_nlp(model_name)


def _context() -> tuple[BaseContext, bool]:
    """(start context, whether workers inherit the parent's model): fork on Linux, else spawn."""
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork"), True
    return multiprocessing.get_context("spawn"), False


def backfill_lines(articles: Sequence[Article], model_name: str, jobs: int, word_budget: int = 2000,
                   progress: bool = False) -> Iterator[bytes]:
    """Extract ``articles`` with ``jobs`` processes; yields one JSON line per article, in input order."""
    from tqdm import tqdm

    global _worker_nlp
    units = work_units(articles, word_budget)
    jobs = max(1, min(jobs, len(units)))
    context, inherit = _context()
    nlp = None
    if jobs == 1 or inherit:
        nlp = build_nlp(model_name)
        warm_up(nlp)  # before forking: the workers share the tables instead of each loading its own
    if jobs == 1:
        assert nlp is not None
        with tqdm(total=len(articles), desc="extract", unit="article", disable=not progress) as bar:
            for unit in units:
                yield from extraction_lines(nlp, unit)
                bar.update(len(unit))
        return
    if inherit:
        _worker_nlp = nlp
        pool = context.Pool(jobs)
    else:
        pool = context.Pool(jobs, initializer=_build_worker_model, initargs=(model_name,))
    try:
        # The bar only after the fork: its monitor thread must not be running while the workers start.
        with tqdm(total=len(articles), desc="extract", unit="article", disable=not progress) as bar:
            # imap keeps input order; one unit per task, so a long article does not drag others with it.
            for lines in pool.imap(_extract_unit, units, chunksize=1):
                yield from lines
                bar.update(len(lines))
    finally:
        pool.terminate()
        pool.join()
        _worker_nlp = None
