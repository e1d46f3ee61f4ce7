"""Figures 1, 1b, 2 and 5 of ``python -m bench``, each run in a new process (``in_new_process``): a module of its
own, so that the spawned process can import what it runs (it cannot import ``python -m bench``'s ``__main__``).

A process that has parsed the same texts, or merely loaded the model and the processors' tables, is faster on
them (spaCy's tokenizer and lemmatizer caches, the C heap already grown, lazily loaded lookups): run one after
another in one process, a later figure was flattered by an earlier one. The stream's workers meet every text
new, so every figure does."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

import spacy

from processors.nlp import build_nlp
from processors.pipeline import extract_batch
from processors.types import Article
from streams.backfill import backfill_lines

T = TypeVar("T")


def in_new_process(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in a new (spawned) process, which has parsed nothing and loaded nothing yet."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def seconds_pipe(nlp: spacy.language.Language, articles: Sequence[Article], batch_size: int) -> float:
    """``nlp.pipe`` over the texts."""
    started = time.perf_counter()
    for _ in nlp.pipe((article.text for article in articles), batch_size=batch_size):
        pass
    return time.perf_counter() - started


def seconds_extract(nlp: spacy.language.Language, articles: Sequence[Article], batch_size: int) -> float:
    """``extract_batch`` over the articles, consumed like ``eventpipe extract`` does (without writing)."""
    started = time.perf_counter()
    for _ in extract_batch(nlp, articles, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def timed_figure(key: str, model: str, articles: Sequence[Article], batch_size: int) -> float:
    """One of figures 1, 1b, 2, run in a process of its own (``inprocess_figures``): the model, a short warm-up
    (first-call allocations are not the steady state), then the timed pass."""
    if key == "bare":
        nlp = spacy.load(model)
        seconds_pipe(nlp, articles[:4], batch_size)
        return seconds_pipe(nlp, articles, batch_size)
    nlp = build_nlp(model)
    seconds_extract(nlp, articles[:4], batch_size)
    return seconds_pipe(nlp, articles, batch_size) if key == "parse" else seconds_extract(nlp, articles, batch_size)


def timed_backfill(articles: Sequence[Article], model: str, jobs: int) -> tuple[float, list[bytes]]:
    """Figure 5: ``streams.backfill`` (what ``eventpipe extract --jobs N`` runs, minus writing), from building
    the model to the last line; the seconds and the lines."""
    started = time.perf_counter()
    lines = list(backfill_lines(articles, model, jobs))
    return time.perf_counter() - started, lines
