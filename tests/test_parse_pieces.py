"""A long article is parsed in pieces of whole paragraphs and joined into one Doc (processors.pipeline)."""

from __future__ import annotations

from datetime import datetime

import pytest

from processors import pipeline
from processors.nlp import build_nlp
from processors.pipeline import extract_batch, extract_from_doc, paragraph_pieces
from processors.types import Article
from streams.settings import Settings

PARAGRAPHS = (
    "Gunmen killed four farmers in a village near Maiduguri on Tuesday, police said.",
    "The army said its soldiers had arrested two suspects after the attack.",
    "In Kabul, a roadside bomb wounded three policemen on Wednesday morning.",
    "Turkish and Russian ministers met in Ankara to discuss the war in Syria.",
    "Protesters marched through Lagos on Thursday to demand better security.",
)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(Settings().spacy_model)


def test_pieces_are_whole_paragraphs_that_join_to_the_text() -> None:
    text = "one two three\nfour five\n\nsix seven eight nine\nten"
    pieces = paragraph_pieces(text, max_words=5)
    assert "".join(pieces) == text
    assert pieces == ["one two three\nfour five\n\n", "six seven eight nine\nten"]
    assert paragraph_pieces("a b c d e f", max_words=2) == ["a b c d e f"]  # one paragraph is never cut
    assert paragraph_pieces("", max_words=2) == [""]


def test_a_long_article_parsed_in_pieces_reads_as_the_whole_text(nlp, monkeypatch) -> None:
    text = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(30))
    article = Article(id="long", text=text, published_at=datetime(2022, 5, 6))
    whole = extract_from_doc(nlp(text), article)
    monkeypatch.setattr(pipeline, "PARSE_PIECE_WORDS", 40)  # about three paragraphs a piece
    boundaries = len(paragraph_pieces(text, 40)) - 1
    assert boundaries > 5
    pieced = next(extract_batch(nlp, [article]))
    assert pieced.events == whole.events and pieced.events
    # The model reads a few words of context across a line break, so an entity right at a piece's edge may
    # be labelled differently (here the whole parse calls one "Gunmen" a GPE); nothing else changes.
    assert len(set(pieced.entities) ^ set(whole.entities)) <= boundaries


def test_articles_around_a_long_one_keep_their_order(nlp, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PARSE_PIECE_WORDS", 40)
    articles = [Article(id="short-1", text=PARAGRAPHS[0]),
                Article(id="long", text="\n".join(PARAGRAPHS * 4)),
                Article(id="short-2", text=PARAGRAPHS[2])]
    assert [x.article_id for x in extract_batch(nlp, articles, batch_size=2)] == ["short-1", "long", "short-2"]


def test_the_processors_pause_between_their_stages_and_give_the_same_result(nlp) -> None:
    text = "\n\n".join(PARAGRAPHS)
    article = Article(id="paused", text=text, published_at=datetime(2022, 5, 6))
    doc = nlp(text)
    pauses: list[int] = []
    paused = extract_from_doc(doc, article, between_stages=lambda: pauses.append(len(pauses)))
    assert len(pauses) == 3
    assert paused == extract_from_doc(doc, article) and paused.events
