"""Reading article files: the seed's .txt form, JSONL, RSS and directories."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from streams.sources import read_paths
from tests.conftest import SEED_ARTICLE, SEED_ID, SEEDS

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Clashes</title><link>https://example.org/1</link>
<pubDate>Tue, 28 Jun 2016 20:00:00 GMT</pubDate>
<description>&lt;p&gt;Police and protesters &lt;b&gt;clashed&lt;/b&gt; in Ankara.&lt;/p&gt;</description></item>
</channel></rss>"""


def test_seed_txt_reads_publisher_body_and_sidecar_metadata() -> None:
    [record] = list(read_paths([SEED_ARTICLE]))
    assert record.article is not None
    assert record.article.id == SEED_ID
    assert record.article.source == "The Telegraph"
    assert record.article.published_at == datetime(2016, 7, 1, tzinfo=UTC)
    assert record.article.text.startswith("Russia and Turkey will “coordinate” their policies over Syria")


def test_directory_reads_every_seed_in_name_order() -> None:
    records = list(read_paths([SEEDS]))
    assert all(r.article is not None for r in records)
    assert records[0].article is not None and records[0].article.id == SEED_ID
    assert len(records) >= 4


def test_jsonl_reports_bad_lines_and_keeps_going(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "good one"}\nnot json\n{"title": "no text"}\n\n{"text": "good two"}\n')
    records = list(read_paths([path]))
    assert [r.error.reason if r.error else "ok" for r in records] == ["ok", "invalid_json", "missing_text", "ok"]
    assert records[1].origin.endswith(":2")


def test_rss_entries_become_articles_without_html(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS)
    [record] = list(read_paths([path]))
    assert record.article is not None
    assert record.article.text == "Police and protesters  clashed  in Ankara."
    assert record.article.url == "https://example.org/1"
    assert record.article.source == "Wire"
    assert record.article.published_at == datetime(2016, 6, 28, 20, 0, tzinfo=UTC)


def test_a_feed_file_that_is_not_a_feed_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<html><body>Not a feed at all</body></html>")
    [record] = list(read_paths([path]))
    assert record.error is not None and record.error.reason == "not_a_feed"
