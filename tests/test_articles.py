"""Validation of raw article records: each rejection has a stable reason code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from processors.articles import ArticleError, article_id_for, parse_article, parse_article_bytes


def test_minimal_record_gets_a_stable_id_from_the_text() -> None:
    first = parse_article({"text": "Troops entered the town."})
    again = parse_article({"text": "Troops entered the town."})
    assert first.id == again.id == article_id_for(None, "Troops entered the town.")
    assert first.language == "en"


def test_id_prefers_the_url_so_a_reprinted_url_is_one_article() -> None:
    a = parse_article({"url": "https://example.org/a", "text": "one wording"})
    b = parse_article({"url": "https://example.org/a", "text": "another wording"})
    assert a.id == b.id


def test_naive_published_at_is_taken_as_utc() -> None:
    article = parse_article({"text": "x", "published_at": "2016-07-01"})
    assert article.published_at == datetime(2016, 7, 1, tzinfo=UTC)


def test_unknown_fields_are_ignored() -> None:
    assert parse_article({"text": "x", "sentiment": 0.3}).text == "x"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "not_an_object"),
        (b'{"title": "no text"}', "missing_text"),
        (b'{"text": "   "}', "empty_text"),
        (b'{"text": 42}', "bad_field"),
        (b'{"text": "x", "published_at": 42}', "bad_field"),
        (b'{"text": "x", "published_at": "last Friday"}', "bad_field"),
        (b'{"text": "x", "language": "de"}', "unsupported_language"),
        (b"\xff\xfe\x00bad", "invalid_utf8"),
        (None, "tombstone"),
    ],
)
def test_bad_records_are_rejected_with_a_reason(raw: bytes | None, reason: str) -> None:
    with pytest.raises(ArticleError) as info:
        parse_article_bytes(raw)
    assert info.value.reason == reason


def test_text_over_the_limit_is_rejected() -> None:
    with pytest.raises(ArticleError) as info:
        parse_article({"text": "word " * 100}, max_text_chars=100)
    assert info.value.reason == "text_too_long"
