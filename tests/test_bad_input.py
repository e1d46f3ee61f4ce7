"""Bad input of every kind: each is dead-lettered with a clear reason (or, when valid but odd, processed),
``publish`` rejects what it can before sending, and the stream never stops.

The same matrix runs three ways: through validation alone (fast), through ``publish``, and through a real
worker on the real broker and PostgreSQL, where the dead letters are then listed and replayed with the CLI.

The poison pills are genuine inputs, not injected faults. Publication dates at the calendar's edge
(0001-01-01, 9999-12-31) once passed validation and made date arithmetic overflow (``OverflowError``)
in a processor or in the store; they are now rejected where they enter. On the extractions topic,
where another client can write anything, a message of the wrong shape (an event whose ``source`` is a
string) and dates the store cannot anchor still arrive: they are dead-lettered (``extraction_shape``,
``store_error``) and the records behind them on the same partition are stored (issue 16).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from kafka import KafkaProducer
from kafka.errors import KafkaError
from sqlalchemy import text

from db.store import make_engine
from processors.articles import ArticleError, parse_article_bytes
from processors.types import Article, Extraction
from streams.cli import main, publish_paths
from streams.dlq import read_letters
from streams.handlers import ArticleBatchExtractor
from streams.settings import Settings, get_settings
from tests.conftest import worker_settings
from tests.test_reliability import (  # noqa: F401 - private_pg is a fixture
    PrivatePostgres,
    expected_event_counts,
    fresh_store,
    private_pg,
    send_raw,
    spawn_worker,
    stop_worker,
    store_report,
    wait_until,
)
from tests.test_store import make_event, message

NEWS = "Police arrested two protesters in Ankara on Monday after clashes near the parliament."
GERMAN = ("Die Polizei hat am Montag in Berlin zwei Demonstranten festgenommen. Nach Angaben der Behörden "
          "wurden dabei drei Beamte leicht verletzt.")
FRENCH = "La police a arrêté deux manifestants à Paris lundi. Trois policiers ont été légèrement blessés."
HTML_PAGE = ("<!DOCTYPE html><html><head><title>World news</title><script>var tracking = 1;</script></head>"
             f"<body><nav>Home | World | Sport</nav><article><p>{NEWS}</p></article></body></html>")
KABUL = "Gunmen killed two villagers in Kabul on Sunday."
# Valid but odd: published "tomorrow" (a clock or time zone ahead) is inside the accepted window.
TOMORROW = (datetime.now(UTC) + timedelta(hours=12)).isoformat()


def article(**fields: Any) -> bytes:
    return orjson.dumps(fields)


# (kind, message value, reason it is dead-lettered with, or "stored": valid but odd, processed as is)
MATRIX: list[tuple[str, bytes | None, str]] = [
    ("invalid JSON", b'{"text": "unterminated', "invalid_json"),
    ("JSON, not an object", b'["a", "list"]', "not_an_object"),
    ("JSON null", b"null", "not_an_object"),
    ("missing text", article(title="A headline only"), "missing_text"),
    ("empty text", article(text="  \n  "), "empty_text"),
    ("text over the limit (300,000 characters)", article(text="word " * 60_000), "text_too_long"),
    ("binary, not UTF-8", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00binary", "invalid_utf8"),
    ("an HTML page instead of text", article(text=HTML_PAGE), "html_markup"),
    ("German text, no language field", article(text=GERMAN), "unsupported_language"),
    ("a language field other than English", article(language="fr", text=FRENCH), "unsupported_language"),
    ("text is a number", article(text=42), "bad_field"),
    ("published_at: 42", article(text=NEWS, published_at=42), "bad_field"),
    ("published_at not ISO 8601", article(text=NEWS, published_at="last Friday"), "bad_field"),
    ("title is a list", article(text=NEWS, title=["a", "b"]), "bad_field"),
    ("a tombstone (key, no value)", None, "tombstone"),
    # Once a processor poison (resolving "on Sunday" stepped before 0001-01-01) and a store poison.
    ("published_at 0001-01-01", article(text=KABUL, published_at="0001-01-01"), "published_at_out_of_range"),
    ("published_at 9999-12-31", article(text=KABUL, published_at="9999-12-31"), "published_at_out_of_range"),
    ("published_at 1899-12-31", article(text=NEWS, published_at="1899-12-31"), "published_at_out_of_range"),
    ("published_at in 2999", article(text=NEWS, published_at="2999-01-01"), "published_at_out_of_range"),
    ("id: true", article(id=True, text=NEWS), "bad_field"),
    ("an id over 64 bits", b'{"id": 18446744073709551616, "text": "' + NEWS.encode() + b'"}', "bad_field"),
    ("unknown fields", article(id="unknown-fields", text=NEWS, sentiment=0.3, tags=["x"]), "stored"),
    ("published tomorrow", article(id="tomorrow", text=NEWS, published_at=TOMORROW), "stored"),
]
DEAD = [(f"bad-{i:02d}".encode(), kind, value, reason) for i, (kind, value, reason) in enumerate(MATRIX)
        if reason != "stored"]
STORED_IDS = {"unknown-fields", "tomorrow"}


def _store_poisons() -> list[tuple[bytes, bytes, str]]:
    """(key, extraction message, reason) written straight to the extractions topic, as another client could."""
    wrong_shape = message("shape", [make_event("shape-1", "180", killed=3)])
    wrong_shape["extraction"]["events"][0]["source"] = "gunmen"
    year_one = message("year-one", [make_event("year-one-1", "180", killed=5)])
    year_one["article"]["published_at"] = "0001-01-01T00:00:00+00:00"
    year_one["extraction"]["events"][0]["date"] = None  # anchored on the publication date
    last_day = message("last-day", [make_event("last-day-1", "180", killed=5, when=date(9999, 12, 31))])
    return [(b"shape", orjson.dumps(wrong_shape), "extraction_shape"),
            (b"year-one", orjson.dumps(year_one), "store_error"),
            (b"last-day", orjson.dumps(last_day), "store_error")]


STORE_POISONS = _store_poisons()
# Behind the store poisons on the same partition: each with one event of its own.
AFTER_STORE_POISON = {f"after-store-poison-{i}": f"after-store-poison-{i}-event" for i in range(3)}


# --- 1. validation alone ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value", "reason"), MATRIX, ids=[kind for kind, _, _ in MATRIX])
def test_validation_gives_each_kind_its_reason(kind: str, value: bytes | None, reason: str) -> None:
    if reason == "stored":  # valid but odd input: processed
        assert parse_article_bytes(value).text
        return
    with pytest.raises(ArticleError) as info:
        parse_article_bytes(value)
    assert info.value.reason == reason


def test_an_extraction_too_large_to_forward_is_dead_lettered_and_big_letters_are_cut_to_fit() -> None:
    def huge(article: Article) -> Extraction:
        return Extraction(article_id=article.id, extractor_version="x" * 5000)

    extractor = ArticleBatchExtractor(lambda articles: [huge(a) for a in articles], huge, max_text_chars=100_000,
                                      max_message_bytes=2000)
    big_bad = b'{"text": 1, "pad": "' + b"p" * 5000 + b'"}'
    outcome = extractor.run([(b"a", article(id="a", text="short")), (b"b", big_bad)])
    assert outcome.forward == []
    assert [index for index, _ in outcome.dead] == [1, 0]  # parse failures first, then extraction
    cut, too_large = (letter for _, letter in outcome.dead)
    assert too_large.reason == "extraction_too_large" and too_large.value == article(id="a", text="short")
    assert cut.reason == "bad_field" and cut.value == big_bad[:2000 - len(b"b")]  # the key counts too
    assert cut.headers({})["x-truncated"] == str(len(big_bad)).encode()


def test_a_dead_letter_with_a_huge_key_still_fits_the_topic() -> None:
    # Another producer's key counts against the broker's limit too; the value is cut to leave room for it.
    extractor = ArticleBatchExtractor(lambda articles: [], lambda article: None, max_text_chars=100,  # type: ignore
                                      max_message_bytes=2000)
    outcome = extractor.run([(b"k" * 1500, b"{not json" + b"x" * 3000)])
    [(_, letter)] = outcome.dead
    assert letter.reason == "invalid_json" and len(letter.key or b"") + len(letter.value or b"") <= 2000


# --- 2. publish ---------------------------------------------------------------------------------------


@pytest.mark.kafka
def test_publish_rejects_what_it_can_before_sending_and_says_why(kafka_bootstrap: str, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "not-a-feed.xml": b"Police arrested two protesters. This is not RSS or Atom.",
        "five-mb.json": article(id="five-mb", text="word " * 1_000_000),
        "huge-title.json": article(id="huge-title", title="t" * 2_000_000, text=NEWS),
        "page.txt": b"Some Publisher\n" + HTML_PAGE.encode(),
        "german.txt": b"Berliner Zeitung\n" + GERMAN.encode(),
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\xff\xfe",
        "mixed.jsonl": b'{"oops\n' + article(id="from-jsonl", text=NEWS) + b"\n" + article(text=42) + b"\n",
        "good.txt": b"Wire\n" + NEWS.encode(),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    settings = Settings(broker_url=f"kafka://{kafka_bootstrap}")
    sent, rejected = publish_paths(settings, [tmp_path], f"publish-bad-{tmp_path.name}"[:200])
    assert len(sent) == 2 and "from-jsonl" in sent
    assert rejected == Counter({"not_a_feed": 1, "text_too_long": 1, "message_too_large": 1, "html_markup": 1,
                                "unsupported_language": 1, "invalid_utf8": 1, "invalid_json": 1, "bad_field": 1})
    err = capsys.readouterr().err
    assert "message_too_large: " in err and "EVENTPIPE_MAX_MESSAGE_BYTES" in err
    assert "not-a-feed.xml: not_a_feed" in err


# --- 3. a real worker ---------------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Point ``get_settings()`` (read once per process) at a worker's environment for CLI calls."""

    def use(env: dict[str, str]) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


@pytest.mark.kafka
@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("store", ["postgresql", "sqlite"])
def test_every_bad_input_is_dead_lettered_with_its_reason_and_the_stream_goes_on(
        store: str, private_pg: PrivatePostgres, kafka_bootstrap: str, tmp_path: Path,  # noqa: F811
        cli_env: Any) -> None:
    env = worker_settings(kafka_bootstrap, fresh_store(store, private_pg, f"badinput_{store}", tmp_path), tmp_path)
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(settings.database_url)
    worker = spawn_worker(env, tmp_path / "worker.log")
    try:
        worker.wait_ready()
        # Everything on partition 0, in order: no bad record may hold up what follows it.
        records: list[tuple[bytes | None, bytes | None]] = [(key, value) for key, _, value, _ in DEAD]
        records += [(b"unknown-fields", MATRIX[-2][1]), (b"tomorrow", MATRIX[-1][1])]
        dup_second = {"id": "dup", "title": "second", "text": "Gunmen killed two villagers in Kabul."}
        records += [(b"dup", article(id="dup", title="first", text=NEWS)), (b"dup", orjson.dumps(dup_second))]
        after = [f"after-poison-{i}" for i in range(5)]
        records += [(i.encode(), article(id=i, text=NEWS)) for i in after]
        send_raw(settings, records, partition=0)
        # The store's poisons and, behind them on the same partition, extraction messages that must be stored.
        extraction_records = [(key, value) for key, value, _ in STORE_POISONS]
        extraction_records += [(key.encode(), orjson.dumps(message(key, [make_event(event_id, "190", killed=1)])))
                               for key, event_id in AFTER_STORE_POISON.items()]
        send_raw(settings, extraction_records, topic=settings.topic_extractions, partition=0)

        # A message over the broker's limit (a 5 MB text) never enters the pipeline: the broker refuses it.
        producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, max_request_size=8 * 1024 * 1024)
        with pytest.raises(KafkaError) as refused:
            producer.send(settings.topic_articles, key=b"five-mb", value=article(text="word " * 1_000_000),
                          partition=0).get(timeout=60)
        producer.close()
        assert "TooLarge" in type(refused.value).__name__
        send_raw(settings, [(b"last", article(id="last", text=NEWS))], partition=0)

        expected_ids = STORED_IDS | {"dup", "last"} | set(after) | set(AFTER_STORE_POISON)
        dead_keys = {key for key, *_ in DEAD} | {key for key, _, _ in STORE_POISONS}
        wait_until(lambda: _stored_ids(engine) >= expected_ids
                   and dead_keys <= {letter.key for letter in read_letters(settings, {})},
                   180, "the matrix to be stored or dead-lettered", worker)
        assert worker.proc.poll() is None

        letters = {letter.key: letter for letter in read_letters(settings, {})}
        assert {key: letters[key].reason for key, *_ in DEAD} == {key: reason for key, _, _, reason in DEAD}
        for key, _, value, _ in DEAD:
            letter = letters[key]
            assert letter.value == value and letter.error
            assert letter.headers["x-src-topic"] == settings.topic_articles
        for key, value, reason in STORE_POISONS:
            letter = letters[key]
            assert (letter.reason, letter.stage, letter.value) == (reason, "store", value)
            assert letter.headers["x-src-topic"] == settings.topic_extractions
        assert "events[0].source" in letters[b"shape"].error
        assert "OverflowError" in letters[b"year-one"].error and "OverflowError" in letters[b"last-day"].error
        assert _stored_ids(engine) == expected_ids  # nothing else slipped through
        with engine.connect() as conn:
            assert conn.execute(text("SELECT title FROM articles WHERE id = 'dup'")).scalars().all() == ["second"]
            stored_events = dict(conn.execute(text(
                "SELECT article_id, count(*) FROM events GROUP BY article_id")).all())
            stored_event_ids = set(conn.execute(text("SELECT event_id FROM events")).scalars())
            canonical = conn.execute(text("SELECT count(*) FROM canonical_events")).scalar_one()
        # Checked against what was published: the processors' own count for each stored article (the
        # duplicate's newer text), and exactly the events of the extraction messages written directly.
        published = [orjson.loads(value) for key, value in records if key and key.decode() in expected_ids]
        published.append({"id": "last", "text": NEWS})
        expected = {k: n for k, n in expected_event_counts(published).items() if n}
        expected |= {key: 1 for key in AFTER_STORE_POISON}
        assert stored_events == expected
        assert set(AFTER_STORE_POISON.values()) <= stored_event_ids
        assert canonical >= 1 + len(AFTER_STORE_POISON)  # every report linked; the poisons left nothing
        report = store_report(engine)
        assert report["mismatched"] == []

        # The CLI: list them, then replay after a "fix". The fix is simulated by a letter for a record that
        # now processes (as if the processor had been fixed since); the store poisons still fail.
        cli_env(env)
        runner = CliRunner()
        shown = runner.invoke(main, ["dlq", "show"])
        assert shown.exit_code == 0, shown.output
        assert f"{len(DEAD) + len(STORE_POISONS)} dead letters" in shown.output
        assert all(reason in shown.output for *_, reason in DEAD)
        only = runner.invoke(main, ["dlq", "show", "--reason", "bad_field", "--format", "json"])
        bad_fields = sum(reason == "bad_field" for *_, reason in DEAD)
        assert [orjson.loads(line)["reason"] for line in only.output.splitlines()] == ["bad_field"] * bad_fields

        _put_letter(settings, b"fixed-later", article(id="fixed-later", text=NEWS), "processor_error")
        replayed = runner.invoke(main, ["dlq", "replay", "--reason", "processor_error"])
        assert replayed.exit_code == 0, replayed.output
        assert "replayed 1 of 1 dead letters" in replayed.output
        tombstone = runner.invoke(main, ["dlq", "replay", "--reason", "tombstone"])
        assert "replayed 0 of 1" in tombstone.output and "skipped 1 x no value" in tombstone.output
        store_errors = runner.invoke(main, ["dlq", "replay", "--reason", "store_error"])
        assert "replayed 2 of 2 dead letters" in store_errors.output, store_errors.output
        wait_until(lambda: "fixed-later" in _stored_ids(engine)
                   and [x.key for x in read_letters(settings, {}, "store_error")].count(b"last-day") == 2,
                   120, "the replayed letters", worker)
        assert worker.proc.poll() is None
    finally:
        stop_worker(worker)
        engine.dispose()


def _stored_ids(engine: Any) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(text("SELECT id FROM articles")).scalars())


def _put_letter(settings: Settings, key: bytes, value: bytes, reason: str) -> None:
    """A dead letter with the headers the worker writes, as if an earlier worker had failed on it."""
    headers = [("x-reason", reason.encode()), ("x-error", b"RuntimeError: since fixed"), ("x-stage", b"extract"),
               ("x-src-topic", settings.topic_articles.encode()), ("x-src-partition", b"0"),
               ("x-src-offset", b"0")]
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    try:
        producer.send(settings.topic_dead_letters, key=key, value=value, headers=headers).get(timeout=60)
    finally:
        producer.close()
