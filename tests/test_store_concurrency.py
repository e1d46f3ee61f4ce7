"""The canonical store stays exact when real processes write at once, when articles are replayed, when an
older extraction arrives late, and when later reports show two canonical events to be one.

On SQLite and on the real PostgreSQL server. The concurrency test starts two real processes, each with
its own engine and connections, that write reports of the same incidents at the same time: one keeps
re-extracting the stored articles (new extractor version, a new toll each round: the path that reaches
a canonical event through a report's previous link), the other publishes new articles of the same
incidents. What is checked is computed from what they published, and every revision a row went through
is logged by a trigger the test installs, so a lost update or a revision number written twice shows.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select, text

from db.canonical import RECONCILED, _reconciled, _reports_of, _same, recluster
from db.models import ArticleRow, CanonicalEventRow, EventRow
from db.store import EventFilter, casualties_by_country, make_engine, query_canonical_events, save_extractions
from processors.types import Location
from streams.cli import main
from tests.test_canonical import cli_store, message, report  # noqa: F401 - cli_store is a fixture

DAY = date(2024, 3, 11)
# Six incidents the same day in six towns of one country far apart: one matching block, places that
# rule each other out, so every report has exactly one right canonical event.
TOWNS = [Location(name, "AFG", None, lat, lon, "city") for name, lat, lon in (
    ("Kabul", 34.53, 69.17), ("Herat", 34.35, 62.20), ("Kandahar", 31.61, 65.71),
    ("Mazar-i-Sharif", 36.71, 67.11), ("Jalalabad", 34.43, 70.45), ("Kunduz", 36.73, 68.86))]
BASE_ARTICLES = 2  # per incident, stored before the race and re-extracted during it
ROUNDS = 12  # re-extraction rounds of the first process
NEW_ARTICLES = 4  # per incident, published by the second process during the race


def incident_report(incident: int, article: str, killed: int, version_tag: str = "") -> Any:
    town = TOWNS[incident]
    return report(f"{article}-e", f"Gunmen attacked a checkpoint in {town.name}, killing {killed}{version_tag}.",
                  killed, where=town, when=DAY)


def base_message(incident: int, n: int, round_: int) -> dict[str, Any]:
    """Base article n of the incident as extracted in round ``round_`` (toll and version move each round)."""
    article = f"base-{incident}-{n}"
    item = message(article, [incident_report(incident, article, 10 + round_ % 3, f" (r{round_})")],
                   source=f"Outlet {n}", published="2024-03-11T12:00:00+00:00", version=f"1.{round_}")
    item["extracted_at"] = (datetime(2024, 3, 11, 13, tzinfo=UTC) + timedelta(minutes=round_)).isoformat()
    return item


def new_message(incident: int, n: int) -> dict[str, Any]:
    article = f"new-{incident}-{n}"
    return message(article, [incident_report(incident, article, 11)], source=f"Late outlet {n}",
                   published="2024-03-11T20:00:00+00:00", version="1.0")


def _reextracting_writer(url: str, start: Any) -> None:
    engine = make_engine(url)
    start.wait()
    for round_ in range(1, ROUNDS + 1):
        for incident in range(len(TOWNS)):
            save_extractions(engine, [base_message(incident, n, round_) for n in range(BASE_ARTICLES)])
    engine.dispose()


def _new_article_writer(url: str, start: Any) -> None:
    engine = make_engine(url)
    start.wait()
    for n in range(NEW_ARTICLES):
        for incident in range(len(TOWNS)):
            save_extractions(engine, [new_message(incident, n)])
    engine.dispose()


REVISION_LOG = {
    "postgresql": [
        "CREATE TABLE revision_log (id varchar(32), old_revision int, new_revision int, changed boolean)",
        """CREATE FUNCTION log_revision() RETURNS trigger AS $$ BEGIN
             INSERT INTO revision_log VALUES (NEW.id, OLD.revision, NEW.revision,
               (OLD.report_count, OLD.article_count, OLD.killed_best, OLD.status, OLD.merged_into)
               IS DISTINCT FROM (NEW.report_count, NEW.article_count, NEW.killed_best, NEW.status, NEW.merged_into));
             RETURN NEW; END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER canonical_revisions AFTER UPDATE ON canonical_events FOR EACH ROW "
        "EXECUTE FUNCTION log_revision()",
    ],
    "sqlite": [
        "CREATE TABLE revision_log (id TEXT, old_revision INT, new_revision INT, changed INT)",
        """CREATE TRIGGER canonical_revisions AFTER UPDATE ON canonical_events BEGIN
             INSERT INTO revision_log VALUES (NEW.id, OLD.revision, NEW.revision,
               OLD.report_count IS NOT NEW.report_count OR OLD.article_count IS NOT NEW.article_count
               OR OLD.killed_best IS NOT NEW.killed_best OR OLD.status IS NOT NEW.status
               OR OLD.merged_into IS NOT NEW.merged_into); END""",
    ],
}


def test_two_processes_writing_reports_of_the_same_events_at_once_lose_nothing(database_url: str,
                                                                                 engine: Engine) -> None:
    save_extractions(engine, [base_message(i, n, 0) for i in range(len(TOWNS)) for n in range(BASE_ARTICLES)])
    with engine.begin() as conn:
        for statement in REVISION_LOG[engine.dialect.name]:
            conn.execute(text(statement))
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    writers = [spawn.Process(target=target, args=(database_url, start))
               for target in (_reextracting_writer, _new_article_writer)]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(timeout=300)
    assert [w.exitcode for w in writers] == [0, 0]

    rows = {r["id"]: r for r in _canonical_rows(engine)}
    active = [r for r in rows.values() if r["status"] == "active"]
    # One active canonical event per incident, holding every article published about it.
    assert len(active) == len(TOWNS)
    by_town = {r["location_name"]: r for r in active}
    assert set(by_town) == {t.name for t in TOWNS}
    expected_articles = BASE_ARTICLES + NEW_ARTICLES
    assert {name: (r["report_count"], r["article_count"]) for name, r in by_town.items()} == {
        t.name: (expected_articles, expected_articles) for t in TOWNS}
    with engine.connect() as conn:
        linked = Counter(conn.execute(select(EventRow.canonical_id)).scalars())
        # The figures are what the stored reports give (no report lost from a reconciliation).
        reports = _reports_of(conn, sorted(rows))
    for canonical_id, row in rows.items():
        if row["status"] == "merged":
            assert linked[canonical_id] == 0 and row["merged_into"] in rows
            continue
        assert row["report_count"] == linked[canonical_id], row
        assert (row["status"] == "active") == (linked[canonical_id] > 0), row  # no wrong retraction
        if linked[canonical_id]:
            expected = _reconciled(reports[canonical_id])
            wrong = {k: (row[k], expected[k]) for k in RECONCILED if not _same(row[k], expected[k])}
            assert not wrong, wrong
    # Every update moved the revision by exactly one, or changed nothing: no revision number twice.
    with engine.connect() as conn:
        log = conn.execute(text("SELECT id, old_revision, new_revision, changed FROM revision_log")).all()
    assert log, "the trigger saw no update"
    bad = [entry for entry in log if entry.new_revision != entry.old_revision + 1
           and not (entry.new_revision == entry.old_revision and not entry.changed)]
    assert not bad, bad[:5]
    revisions = Counter((entry.id, entry.new_revision) for entry in log if entry.new_revision != entry.old_revision)
    assert max(revisions.values()) == 1
    # The last round's extraction is the one stored for every base article.
    with engine.connect() as conn:
        versions = set(conn.execute(select(ArticleRow.extractor_version).where(ArticleRow.id.like("base-%"))).scalars())
    assert versions == {f"1.{ROUNDS}"}


def vague_message(incident: int, round_: int) -> dict[str, Any]:
    """A first story: the town and who was hurt, no day, no toll (a town alone founds its own event)."""
    article = f"vague-{incident}"
    town = TOWNS[incident]
    event = report(f"{article}-e", f"Residents of {town.name} mourned the victims of the attack (r{round_}).", None,
                   where=town, when=None)
    return message(article, [event], source="Local paper", published="2024-03-11T10:00:00+00:00",
                   version=f"1.{round_}")


def dated_messages(incident: int) -> list[dict[str, Any]]:
    """A dated toll naming nobody (founds a second event), then full accounts that make the two one."""
    town = TOWNS[incident]
    first = report(f"dated-{incident}-e", f"Three people died in {town.name} on Monday.", 3, target=None, where=town)
    items = [message(f"dated-{incident}", [first], source="Wire", published="2024-03-11T11:00:00+00:00")]
    for n in range(2):
        full = replace(report(f"full-{incident}-{n}-e", f"An attack killed three civilians in {town.name} on Monday.",
                              3, where=town), confidence=0.9)
        items.append(message(f"full-{incident}-{n}", [full], source=f"Paper {n}",
                             published="2024-03-11T15:00:00+00:00"))
    return items


def _vague_reextracting_writer(url: str, start: Any) -> None:
    engine = make_engine(url)
    start.wait()
    for round_ in range(1, ROUNDS + 1):
        save_extractions(engine, [vague_message(i, round_) for i in range(len(TOWNS))])
    engine.dispose()


def _merging_writer(url: str, start: Any) -> None:
    engine = make_engine(url)
    start.wait()
    for incident in range(len(TOWNS)):
        for item in dated_messages(incident):
            save_extractions(engine, [item])
    engine.dispose()


def test_merges_while_another_process_re_extracts_the_merged_events_lose_nothing(database_url: str,
                                                                                   engine: Engine) -> None:
    save_extractions(engine, [vague_message(i, 0) for i in range(len(TOWNS))])
    with engine.begin() as conn:
        for statement in REVISION_LOG[engine.dialect.name]:
            conn.execute(text(statement))
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    writers = [spawn.Process(target=target, args=(database_url, start))
               for target in (_vague_reextracting_writer, _merging_writer)]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(timeout=300)
    assert [w.exitcode for w in writers] == [0, 0]
    # A merge left for later (a lock conflict) is made by the next pass over the events.
    recluster(engine, [r["id"] for r in _canonical_rows(engine)], datetime.now(UTC))

    rows = {r["id"]: r for r in _canonical_rows(engine)}
    active = {r["location_name"]: r for r in rows.values() if r["status"] == "active"}
    assert len(active) == len(TOWNS) == len({r["location_name"] for r in rows.values() if r["status"] == "active"})
    assert {name: r["article_count"] for name, r in active.items()} == {t.name: 4 for t in TOWNS}
    assert {r["status"] for r in rows.values()} <= {"active", "merged"}
    with engine.connect() as conn:
        linked = Counter(conn.execute(select(EventRow.canonical_id)).scalars())
        reports = _reports_of(conn, sorted(rows))
    for canonical_id, row in rows.items():
        if row["status"] == "merged":  # no report left on a merged event, and its pointer leads to one
            assert linked[canonical_id] == 0 and rows[row["merged_into"]]["status"] == "active", row
            continue
        assert row["report_count"] == linked[canonical_id] == 4
        expected = _reconciled(reports[canonical_id])
        wrong = {k: (row[k], expected[k]) for k in RECONCILED if not _same(row[k], expected[k])}
        assert not wrong, wrong
    with engine.connect() as conn:
        log = conn.execute(text("SELECT id, old_revision, new_revision, changed FROM revision_log")).all()
    bad = [entry for entry in log if entry.new_revision != entry.old_revision + 1
           and not (entry.new_revision == entry.old_revision and not entry.changed)]
    assert not bad, bad[:5]


def _canonical_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(CanonicalEventRow.__table__)
                                              .order_by(CanonicalEventRow.id)).mappings()]


# --- replays -------------------------------------------------------------------------------------


def replay_batch() -> list[dict[str, Any]]:
    undated = message("r3", [incident_report(1, "r3", 4)], source="Radio")
    undated["article"]["published_at"] = None
    return [
        message("r1", [incident_report(0, "r1", 12)], source="Wire A"),
        message("r2", [incident_report(0, "r2", 13)], source="Wire B", published="2024-03-12T08:00:00+00:00"),
        undated,
        message("r4", [report("r4-e", "Police arrested five men in Herat.", None, cameo="173", where=TOWNS[1])],
                source="Wire C"),
    ]


def _snapshot(engine: Engine) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        canon = [tuple(r) for r in conn.execute(select(CanonicalEventRow.__table__).order_by(CanonicalEventRow.id))]
        articles = [tuple(r) for r in conn.execute(select(ArticleRow.__table__).order_by(ArticleRow.id))]
    return canon, articles


@pytest.mark.usefixtures("cli_store")
def test_replaying_unchanged_articles_changes_nothing(engine: Engine) -> None:
    feed = ["events", "--changed-since", "2000-01-01", "--format", "json"]
    batch = replay_batch()
    save_extractions(engine, batch)
    before = _snapshot(engine)
    feed_before = CliRunner().invoke(main, feed)
    checkpoint = datetime.now(UTC)
    save_extractions(engine, batch)  # the same batch again
    for item in reversed(batch):  # and article by article, in another order
        save_extractions(engine, [item])
    assert _snapshot(engine) == before  # revision, first_seen, updated_at, processed_at: all as they were
    assert query_canonical_events(engine, EventFilter(changed_since=checkpoint)) == []
    feed_after = CliRunner().invoke(main, feed)  # what a consumer polling `eventpipe events` sees
    assert feed_before.exit_code == feed_after.exit_code == 0
    assert feed_after.output == feed_before.output and len(feed_before.output.splitlines()) == 3


def test_a_new_extractor_version_revises_only_what_changed(engine: Engine) -> None:
    save_extractions(engine, replay_batch())
    before = {r["id"]: r for r in _canonical_rows(engine)}
    with engine.connect() as conn:
        processed = dict(conn.execute(select(ArticleRow.id, ArticleRow.processed_at)).all())
    checkpoint = datetime.now(UTC)
    newer = replay_batch()
    for item in newer:
        item["extraction"]["extractor_version"] = "test-2"
    newer[0]["extraction"]["events"][0]["killed"] = {"low": 14, "best": 14, "high": 14}  # r1's toll changed
    save_extractions(engine, newer)
    after = {r["id"]: r for r in _canonical_rows(engine)}
    assert set(after) == set(before)
    changed = {cid for cid in after if after[cid]["revision"] != before[cid]["revision"]}
    kabul = next(cid for cid, r in after.items() if r["location_name"] == "Kabul")
    assert changed == {kabul}
    assert after[kabul]["revision"] == before[kabul]["revision"] + 1
    for cid in set(after) - changed:  # the same values under a new version: nothing moves
        assert (after[cid]["updated_at"], after[cid]["first_seen"]) == (before[cid]["updated_at"],
                                                                         before[cid]["first_seen"])
    assert [e["canonical_id"] for e in query_canonical_events(engine, EventFilter(changed_since=checkpoint))] == [kabul]
    with engine.connect() as conn:
        rewritten = dict(conn.execute(select(ArticleRow.id, ArticleRow.processed_at)).all())
    assert all(rewritten[a] != processed[a] for a in processed)  # every article was written again (version)


def test_an_article_without_publication_time_keeps_its_first_seen_when_re_extracted(engine: Engine) -> None:
    batch = replay_batch()
    save_extractions(engine, batch[2:3])
    [first] = _canonical_rows(engine)
    newer = replay_batch()[2]
    newer["extraction"]["extractor_version"] = "test-2"
    newer["extraction"]["events"][0]["killed"] = {"low": 5, "best": 5, "high": 5}
    save_extractions(engine, [newer])
    [second] = _canonical_rows(engine)
    assert second["first_seen"] == first["first_seen"]
    assert (second["killed_best"], second["revision"]) == (5, first["revision"] + 1)


# --- stale writers (issue 16) ---------------------------------------------------------------------


def _versioned(version: str, killed: int, extracted_at: str | None) -> dict[str, Any]:
    item = message("s1", [incident_report(0, "s1", killed)], version=version)
    if extracted_at:
        item["extracted_at"] = extracted_at
    return item


def _stored_toll(engine: Engine) -> tuple[str, int]:
    with engine.connect() as conn:
        version = conn.execute(select(ArticleRow.extractor_version)).scalar_one()
        killed = conn.execute(select(EventRow.killed_best)).scalar_one()
    return version, killed


def test_an_older_extraction_never_overwrites_a_newer_one(engine: Engine) -> None:
    assert save_extractions(engine, [_versioned("0.10.0", 20, "2024-03-11T14:00:00+00:00")]) == 1
    # An older extractor version written late (a worker that lost its partitions) is ignored,
    # even when it says it was extracted later: versions compare numerically (0.9 < 0.10).
    assert save_extractions(engine, [_versioned("0.9.0", 7, "2024-03-11T15:00:00+00:00")]) == 0
    assert _stored_toll(engine) == ("0.10.0", 20)
    [event] = _canonical_rows(engine)
    assert (event["killed_best"], event["revision"]) == (20, 1)
    # The same version extracted earlier is older too; extracted later, it is newer.
    assert save_extractions(engine, [_versioned("0.10.0", 8, "2024-03-11T13:00:00+00:00")]) == 0
    assert _stored_toll(engine) == ("0.10.0", 20)
    assert save_extractions(engine, [_versioned("0.10.0", 21, "2024-03-11T16:00:00+00:00")]) == 1
    assert _stored_toll(engine) == ("0.10.0", 21)
    # A newer version is always written.
    assert save_extractions(engine, [_versioned("0.11.0", 22, "2024-03-11T10:00:00+00:00")]) == 1
    assert _stored_toll(engine) == ("0.11.0", 22)


def test_without_comparable_versions_or_times_the_last_write_wins(engine: Engine) -> None:
    save_extractions(engine, [_versioned("dev-b", 20, None)])
    save_extractions(engine, [_versioned("dev-a", 9, None)])
    assert _stored_toll(engine) == ("dev-a", 9)


# --- re-clustering --------------------------------------------------------------------------------


def test_later_reports_merge_two_canonical_events_and_consumers_follow_the_merge(engine: Engine) -> None:
    kabul = TOWNS[0]
    # Founds A: a dated toll, no actor named.
    first = report("m1-e", "Two people were killed in a blast in Kabul on Monday.", 2, target=None, where=kabul)
    # Founds B, reported two days later: the same town, no date (a guess two days off), no toll, a target: a
    # town and nothing else in common with A (2 < 3).
    second = report("m2-e", "Civilians were among the victims of the Kabul blast.", None, where=kabul, when=None)
    save_extractions(engine, [message("m1", [first], source="Wire A")])
    save_extractions(engine, [message("m2", [second], source="Wire B", published="2024-03-13T18:00:00+00:00")])
    older, newer = _canonical_rows_by_creation(engine)
    assert older["status"] == newer["status"] == "active"
    # A third article gives day, toll and target: it joins A, and now A and B share enough evidence.
    third = report("m3-e", "A blast killed two civilians in Kabul on Monday.", 2, where=kabul)
    third = replace(third, confidence=0.9)
    checkpoint = datetime.now(UTC)
    save_extractions(engine, [message("m3", [third], source="Wire C")])
    rows = {r["id"]: r for r in _canonical_rows(engine)}
    kept, absorbed = rows[older["id"]], rows[newer["id"]]
    assert (kept["status"], kept["report_count"], kept["article_count"]) == ("active", 3, 3)
    assert (absorbed["status"], absorbed["merged_into"], absorbed["report_count"]) == ("merged", kept["id"], 0)
    assert absorbed["revision"] == newer["revision"] + 1
    assert set(_links(engine).values()) == {kept["id"]}
    # Consumers see one event; the change feed shows the merge, so a stored id can be followed.
    assert [e["canonical_id"] for e in query_canonical_events(engine, EventFilter())] == [kept["id"]]
    feed = {e["canonical_id"]: e for e in query_canonical_events(engine, EventFilter(changed_since=checkpoint))}
    assert (feed[absorbed["id"]]["status"], feed[absorbed["id"]]["merged_into"]) == ("merged", kept["id"])
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events_current")).scalar_one() == 1
        assert conn.execute(text("SELECT sum(events) FROM event_counts_daily")).scalar_one() == 1
    [totals] = casualties_by_country(engine, datetime(2000, 1, 1, tzinfo=UTC))
    assert (totals["events"], totals["killed"]) == (1, 2)
    # A replay of the absorbed event's article follows the merge instead of reviving it.
    save_extractions(engine, [message("m2", [second], source="Wire B", version="test-2",
                                      published="2024-03-13T18:00:00+00:00")])
    assert set(_links(engine).values()) == {kept["id"]}
    assert {r["id"]: r["status"] for r in _canonical_rows(engine)} == {kept["id"]: "active", absorbed["id"]: "merged"}


def test_events_of_different_towns_or_sharing_an_article_are_not_merged(engine: Engine) -> None:
    save_extractions(engine, [
        message("t1", [incident_report(0, "t1", 3)], source="Wire A"),
        message("t2", [incident_report(1, "t2", 3)], source="Wire B"),
        # One article telling two events in one town (different tolls, so the extractor kept both).
        message("t3", [report("t3-a", "A blast in Kunduz killed 2.", 2, where=TOWNS[5]),
                       report("t3-b", "Later a second blast in Kunduz killed 40.", 40, where=TOWNS[5])]),
    ])
    rows = _canonical_rows(engine)
    assert len(rows) == 4 and {r["status"] for r in rows} == {"active"}


def _canonical_rows_by_creation(engine: Engine) -> list[dict[str, Any]]:
    return sorted(_canonical_rows(engine), key=lambda r: (r["created_at"], r["id"]))


def _links(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        return dict(conn.execute(select(EventRow.event_id, EventRow.canonical_id)).all())


def test_the_extract_agents_messages_carry_their_time_so_a_late_older_one_is_ignored(engine: Engine) -> None:
    import orjson

    from processors.types import Article, Extraction
    from streams.handlers import _sink_message

    article = Article(id="k1", text="Gunmen killed 3 people in Kabul.", published_at=datetime(2024, 3, 11, tzinfo=UTC))
    older = orjson.loads(_sink_message(article, Extraction(
        article_id="k1", events=(incident_report(0, "k1", 3),), extractor_version="test-1")))
    time.sleep(0.01)
    newer = orjson.loads(_sink_message(article, Extraction(
        article_id="k1", events=(incident_report(0, "k1", 4),), extractor_version="test-1")))
    assert datetime.fromisoformat(older["extracted_at"]) < datetime.fromisoformat(newer["extracted_at"])
    assert save_extractions(engine, [newer]) == 1
    assert save_extractions(engine, [older]) == 0  # the stale worker's message, written late
    assert _stored_toll(engine) == ("test-1", 4)


def test_an_articles_second_account_of_an_incident_is_merged_once_another_outlet_confirms_it(engine: Engine) -> None:
    herat = TOWNS[1]

    def shooting(event_id: str, sentence: str, killed: int, injured: int | None) -> Any:
        return report(event_id, sentence, killed, cameo="190", target=None, where=herat, injured=injured)

    # One article tells the attack twice and the extractor kept both accounts: two canonical events, each of
    # that article alone. Nothing but the article ties them, so they stay two (the extractor's word).
    save_extractions(engine, [message("x1", [
        shooting("x1-a", "Gunmen killed two people and wounded one at a wedding in Herat on Monday.", 2, 1),
        shooting("x1-b", "The attack at the Herat wedding hall left two dead and one wounded.", 2, 1),
        # ... and in the same story a second attack that day, with another toll: another event, always.
        shooting("x1-c", "Hours later a bomb killed nine at a Herat mosque.", 9, None),
    ])])
    assert len(_canonical_rows(engine)) == 3
    # Another outlet tells the wedding attack once: it joins one account; the other is now that event's echo
    # (its only article is among the event's, which has another), and the pair agrees on place, day and both
    # figures: re-clustering merges it.
    save_extractions(engine, [message("y1", [shooting(
        "y1-e", "Two guests were killed and one wounded when gunmen stormed a wedding in Herat on Monday.", 2, 1)],
        source="Wire B")])
    ids = _links(engine)
    assert ids["x1-a"] == ids["x1-b"] == ids["y1-e"] != ids["x1-c"]
    assert sorted(r["status"] for r in _canonical_rows(engine)) == ["active", "active", "merged"]


def test_a_round_up_of_two_shootings_is_not_merged_when_an_outlet_confirms_one(engine: Engine) -> None:
    herat = TOWNS[1]
    # A round-up tells two shootings in one town on one day, one dead each; another outlet confirms one.
    save_extractions(engine, [message("r1", [
        report("r1-a", "A shopkeeper was shot dead in Herat's old city on Monday.", 1, cameo="190", target=None,
               where=herat),
        report("r1-b", "In a separate attack a taxi driver was shot dead in Herat on Monday.", 1, cameo="190",
               target=None, where=herat)])])
    save_extractions(engine, [message("r2", [report(
        "r2-e", "A shopkeeper was killed by gunmen in Herat on Monday.", 1, cameo="190", target=None, where=herat)],
        source="Wire B")])
    # Town, day and a toll (4 points) are not the 5 an echo needs: the taxi driver's shooting stays its own.
    ids = _links(engine)
    assert ids["r1-a"] != ids["r1-b"] and ids["r2-e"] in (ids["r1-a"], ids["r1-b"])
    assert {r["status"] for r in _canonical_rows(engine)} == {"active"}


def test_the_full_re_clustering_pass_merges_what_the_sink_left(database_url: str, engine: Engine,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from db.recluster import main as recluster_main

    kabul = TOWNS[0]
    # Written with the sink's re-clustering off (a store from before migration 0003, or a merge skipped).
    monkeypatch.setattr("db.store.recluster", lambda *_args: [])
    save_extractions(engine, [message("p1", [report("p1-e", "Two died in a Kabul blast on Monday.", 2,
                                                    target=None, where=kabul)], source="Wire A")])
    save_extractions(engine, [message("p2", [report("p2-e", "Civilians were among the Kabul victims.", None,
                                                    where=kabul, when=None)], source="Wire B",
                                      published="2024-03-13T18:00:00+00:00")])  # two days later, undated
    full = replace(report("p3-e", "A blast killed two civilians in Kabul on Monday.", 2, where=kabul), confidence=0.9)
    save_extractions(engine, [message("p3", [full], source="Wire C")])
    monkeypatch.undo()
    assert [r["status"] for r in _canonical_rows(engine)] == ["active", "active"]
    assert recluster_main(["--database-url", database_url]) == 0
    assert sorted(r["status"] for r in _canonical_rows(engine)) == ["active", "merged"]
