"""Validation of raw article records: each rejection has a stable reason code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from processors.articles import ArticleError, article_id_for, check_published_at, parse_article, parse_article_bytes


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


@pytest.mark.parametrize("published_at", ["0001-01-01", "9999-12-31", "1899-12-31T23:59:59+00:00", "2999-01-01"])
def test_publication_dates_outside_1900_to_tomorrow_are_rejected(published_at: str) -> None:
    # 0001-01-01 and 9999-12-31 passed validation and made the store's date window overflow (issue 16).
    with pytest.raises(ArticleError) as info:
        parse_article({"text": "Gunmen killed two villagers in Kabul.", "published_at": published_at})
    assert info.value.reason == "published_at_out_of_range"
    assert published_at[:10] in info.value.detail


def test_publication_dates_at_the_edges_of_the_window_are_kept() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert check_published_at(datetime(1900, 1, 1, tzinfo=UTC), now) == datetime(1900, 1, 1, tzinfo=UTC)
    assert check_published_at(now + timedelta(hours=23), now) == now + timedelta(hours=23)
    with pytest.raises(ArticleError):
        check_published_at(now + timedelta(days=1, seconds=1), now)
    assert parse_article({"text": "x", "published_at": "1995-06-02"}).published_at == datetime(1995, 6, 2, tzinfo=UTC)


@pytest.mark.parametrize("raw", [b'{"id": true, "text": "x"}', b'{"id": 1.5, "text": "x"}',
                                 b'{"id": 18446744073709551616, "text": "x"}'])
def test_ids_that_are_not_strings_or_integers_are_rejected(raw: bytes) -> None:
    # true became "True", and an id over 64 bits became a float: two such ids could collide.
    with pytest.raises(ArticleError) as info:
        parse_article_bytes(raw)
    assert info.value.reason == "bad_field"


def test_integer_ids_keep_their_exact_digits() -> None:
    assert parse_article_bytes(b'{"id": 18446744073709551615, "text": "x"}').id == "18446744073709551615"
    assert parse_article_bytes(b'{"id": "00042", "text": "x"}').id == "00042"


def test_an_id_longer_than_512_characters_is_rejected() -> None:
    # The id is the Kafka key of the article's messages: a huge one made them too large for the broker.
    assert parse_article({"id": "a" * 512, "text": "x"}).id == "a" * 512
    with pytest.raises(ArticleError) as info:
        parse_article({"id": "a" * 513, "text": "x"})
    assert info.value.reason == "bad_field"
