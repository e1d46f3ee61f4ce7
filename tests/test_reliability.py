"""Faults on real parts: a worker killed with SIGKILL mid-run, the store away for 30 s mid-run, the broker
restarted mid-run; each on SQLite and on PostgreSQL.

Each test publishes articles it writes itself, breaks something, and then checks that every article
ended as exactly one stored row or a dead letter: nothing lost, nothing doubled. The figures each test
measures are printed (``pytest -s``) and recorded in docs/reliability.md.

The store is a throwaway PostgreSQL server (``PrivatePostgres``: initdb in a temp dir, its own port)
rather than the shared test server: stopping the shared one would fail everyone else's tests running
at the same time, and its ``eventpipe_test`` schema is dropped by other tests. SQLite is a file in the
test's own directory; "away" for it means another process holding its write lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from sqlalchemy import Engine, text

from db.migrate import upgrade
from db.store import make_engine
from streams.broker import free_port_pair
from streams.settings import PROJECT_ROOT, Settings
from tests.conftest import WorkerProcess, worker_settings

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.slow]

PUBLISHED_AT = "2024-03-04T08:00:00+00:00"
TEMPLATES = (
    "Police arrested {n} protesters in Ankara on Monday.",
    "Gunmen killed {n} villagers in northern Nigeria on Sunday, officials said.",
    "The Turkish foreign minister met his Russian counterpart in Moscow on Tuesday.",
    "Troops shelled the town of Idlib on Wednesday, wounding {n} civilians.",
    "Protesters marched peacefully through the capital of Kenya.",
)


# --- a PostgreSQL server of our own ---------------------------------------------------------------


class PrivatePostgres:
    """A throwaway PostgreSQL cluster: ``initdb`` in a temp dir, started and stopped with ``pg_ctl``.

    Uses the server binaries ``scripts/postgres.sh`` installs; as root, runs them as ``postgres``
    (the server refuses root). Password authentication over TCP, as in production.
    """

    def __init__(self, password: str) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            pytest.fail("PostgreSQL server binaries not found: run `bash scripts/postgres.sh start` once")
        self.bin = bins[-1].parent
        self.password = password
        self.port = free_port_pair()
        self.root = Path(tempfile.mkdtemp(prefix="eventpipe-pg-"))
        self.data = self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://eventpipe:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}{result.stderr}")

    def init(self) -> None:
        password_file = self.root / "pw"
        password_file.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "eventpipe", f"--pwfile={password_file}",
                  "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        password_file.unlink()

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                  "-w", "-t", "120", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "120", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def private_pg() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres(password=f"pw-{uuid.uuid4().hex}")
    server.init()
    server.start()
    try:
        yield server
    finally:
        server.remove()


def fresh_database(server: PrivatePostgres, name: str) -> str:
    """A new, migrated database on the private server; returns its URL."""
    admin = make_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # name is ours, not input
    admin.dispose()
    url = server.url.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    return url


def fresh_store(store: str, server: PrivatePostgres | None, name: str, directory: Path) -> str:
    """A new, migrated store of the kind ``store`` ("sqlite" or "postgresql"); returns its URL."""
    if store == "postgresql":
        assert server is not None
        return fresh_database(server, name)
    url = f"sqlite:///{directory / f'{name}.db'}"
    upgrade(url)
    return url


# --- workers, publishing and checks ---------------------------------------------------------------


def spawn_worker(env: dict[str, str], log_path: Path) -> WorkerProcess:
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    with log_path.open("ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], cwd=PROJECT_ROOT,
                                env=os.environ | env, stdout=log, stderr=subprocess.STDOUT)
    return WorkerProcess(settings, proc, log_path)


def stop_worker(worker: WorkerProcess) -> None:
    if worker.proc.poll() is None:
        worker.proc.terminate()
        try:
            worker.proc.wait(30)
        except subprocess.TimeoutExpired:
            worker.proc.kill()
            worker.proc.wait()


def short_articles(prefix: str, count: int) -> list[dict[str, str]]:
    """``count`` short English articles with distinct ids and a handful of distinct texts."""
    return [{"id": f"{prefix}-{i:04d}", "published_at": PUBLISHED_AT,
             "text": TEMPLATES[i % len(TEMPLATES)].format(n=2 + i % 4)} for i in range(count)]


def send_raw(settings: Settings, records: list[tuple[bytes | None, bytes | None]], topic: str | None = None,
             partition: int | None = None) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all", linger_ms=20)
    try:
        futures = [producer.send(topic or settings.topic_articles, key=k, value=v, partition=partition)
                   for k, v in records]
        for future in futures:
            future.get(timeout=60)
    finally:
        producer.close()


def wait_until(condition: Callable[[], bool], timeout: float, what: str, worker: WorkerProcess | None = None,
               ) -> float:
    """Poll ``condition`` to a deadline; returns the seconds it took."""
    started = time.monotonic()
    while not condition():
        if worker is not None and worker.proc.poll() is not None:
            pytest.fail(f"worker exited with {worker.proc.returncode} while waiting for {what}:\n"
                        f"{worker.log_tail()}")
        if time.monotonic() - started > timeout:
            tail = worker.log_tail() if worker else ""
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{tail}")
        time.sleep(0.5)
    return time.monotonic() - started


def stored_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM articles")).scalar_one()


def store_report(engine: Engine) -> dict[str, object]:
    """What the store holds, to compare with what was published (not with itself).

    ``event_counts``: articles.event_count per stored article id; ``event_rows``: rows of ``events`` per
    article; ``mismatched``: articles whose event rows differ from their own event_count; ``canonical``:
    reports counted by the active canonical events (each report counted once when none is doubled);
    ``unlinked``: reports without a canonical event.
    """
    with engine.connect() as conn:
        articles = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
        events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
        mismatched = conn.execute(text(
            "SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(*) AS n FROM events "
            "GROUP BY article_id) e ON e.article_id = a.id WHERE a.event_count <> coalesce(e.n, 0)")).scalars().all()
        event_counts = dict(conn.execute(text("SELECT id, event_count FROM articles")).all())
        event_rows = dict(conn.execute(text("SELECT article_id, count(*) FROM events GROUP BY article_id")).all())
        canonical = conn.execute(text(
            "SELECT coalesce(sum(report_count), 0) FROM canonical_events WHERE status = 'active'")).scalar_one()
        unlinked = conn.execute(text("SELECT count(*) FROM events WHERE canonical_id IS NULL")).scalar_one()
    return {"articles": articles, "events": events, "mismatched": mismatched, "event_counts": event_counts,
            "event_rows": event_rows, "canonical": canonical, "unlinked": unlinked}


def assert_stored_as_published(report: dict[str, object], expected_events: dict[str, int]) -> None:
    """Every published article stored once with its own events, each report in one canonical event."""
    assert report["articles"] == len(expected_events)
    assert report["event_counts"] == expected_events  # the ids published, each with the processors' count
    assert report["event_rows"] == {k: n for k, n in expected_events.items() if n}
    assert report["events"] == sum(expected_events.values())
    assert report["mismatched"] == []
    assert report["unlinked"] == 0 and report["canonical"] == report["events"]


def expected_event_counts(records: list[dict[str, str]]) -> dict[str, int]:
    """Events per article from the same processors run in this process (a handful of distinct texts)."""
    from processors.articles import parse_article
    from processors.nlp import build_nlp
    from processors.pipeline import extract

    nlp = build_nlp(Settings().spacy_model)
    by_text: dict[str, int] = {}
    for record in records:
        if record["text"] not in by_text:
            by_text[record["text"]] = len(extract(nlp, parse_article(record)).events)
    return {record["id"]: by_text[record["text"]] for record in records}


def dead_letter_keys(settings: Settings) -> list[bytes | None]:
    from streams.dlq import read_letters

    return [letter.key for letter in read_letters(settings, {})]


def committed_offsets(settings: Settings, topic: str) -> int:
    """Sum over partitions of the consumer group's committed offsets on ``topic``."""
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    try:
        offsets = admin.list_group_offsets(settings.app_id)[settings.app_id]
    finally:
        admin.close()
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset >= 0)


def end_offsets(settings: Settings, topic: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        return sum(consumer.end_offsets(partitions).values())
    finally:
        consumer.close()


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.timeout(600)
@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(store: str, private_pg: PrivatePostgres,
                                                              kafka_bootstrap: str, tmp_path: Path) -> None:
    good = short_articles(f"crash-{store}", 990)
    bad_keys = [f"crash-{store}-bad-{i}".encode() for i in range(10)]
    database_url = fresh_store(store, private_pg, f"crash_{store}", tmp_path)
    env = worker_settings(kafka_bootstrap, database_url, tmp_path)
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(database_url)
    expected_events = expected_event_counts(good)

    # Everything is on the topic before the worker starts, so the kill lands in the middle of the work.
    records: list[tuple[bytes | None, bytes | None]] = [(a["id"].encode(), orjson.dumps(a)) for a in good]
    for i, key in enumerate(bad_keys):
        records.insert(100 * i + 50, (key, b"{broken json"))
    worker = spawn_worker(env, tmp_path / "worker1.log")
    try:
        from streams.broker import ensure_topics
        from streams.topics import topic_partitions

        ensure_topics(settings.bootstrap_servers, topic_partitions(settings))
        send_raw(settings, records)
        started = time.monotonic()
        wait_until(lambda: stored_count(engine) >= 200, 240, "the first 200 articles", worker)
        worker.proc.kill()  # SIGKILL: no shutdown, no final commit
        worker.proc.wait()
        stored_at_kill = stored_count(engine)
        committed_at_kill = committed_offsets(settings, settings.topic_articles)
        sink_committed_at_kill = committed_offsets(settings, settings.topic_extractions)
        assert stored_at_kill < len(good), "the kill must land before the end of the run"

        worker = spawn_worker(env, tmp_path / "worker2.log")
        good_ids = {a["id"] for a in good}
        wait_until(lambda: stored_count(engine) >= len(good) and set(bad_keys) <= set(dead_letter_keys(settings)),
                   300, "every article stored or dead-lettered after the restart", worker)
        total_seconds = time.monotonic() - started
        time.sleep(3)  # anything still replaying would show up as extra rows or letters now
        worker.wait_ready()
        _, health = worker.get("/healthz/")
        consumed_after_restart = orjson.loads(health)["articles_in"]
    finally:
        stop_worker(worker)

    report = store_report(engine)
    letters = dead_letter_keys(settings)
    print(f"\ncrash ({store}): tried {len(records)}, stored at kill {stored_at_kill}, input offsets committed at kill "
          f"{committed_at_kill}, sink offsets committed at kill {sink_committed_at_kill} (so "
          f"{stored_at_kill - sink_committed_at_kill} stored articles are written again), consumed after restart "
          f"{consumed_after_restart}, stored {report['articles']}, "
          f"events {report['events']}, dead letters {len(letters)} ({len(set(letters))} distinct), "
          f"{total_seconds:.0f}s")
    assert set(report["event_counts"]) == good_ids  # type: ignore[call-overload]
    assert_stored_as_published(report, expected_events)
    assert set(letters) == set(bad_keys)
    # Re-delivery is allowed (at-least-once); a replayed bad record is dead-lettered again at most once more.
    assert len(letters) <= 2 * len(bad_keys)
    engine.dispose()


@pytest.mark.timeout(600)
def test_the_store_going_away_for_30s_loses_and_duplicates_nothing(private_pg: PrivatePostgres,
                                                                   kafka_bootstrap: str, tmp_path: Path) -> None:
    good = short_articles("outage", 600)
    database_url = fresh_database(private_pg, "outage")
    sasl_secret = f"sasl-{uuid.uuid4().hex}"
    env = worker_settings(kafka_bootstrap, database_url, tmp_path, EVENTPIPE_BROKER_SASL_PASSWORD=sasl_secret,
                          EVENTPIPE_STALL_MINUTES="0.25")
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(database_url)
    worker = spawn_worker(env, tmp_path / "worker.log")
    try:
        worker.wait_ready()
        first, second = good[:300], good[300:]
        send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in first])
        wait_until(lambda: stored_count(engine) >= 100, 240, "the first 100 articles", worker)
        try:
            private_pg.stop()
            stopped_at = time.time()
            # Articles keep arriving while the store is away: extraction goes on, the sink must wait.
            send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in second])
            time.sleep(5)
            committed_early = committed_offsets(settings, settings.topic_extractions)
            time.sleep(25)
            committed_late = committed_offsets(settings, settings.topic_extractions)
            # Stalled for longer than EVENTPIPE_STALL_MINUTES (15 s) with lag: not ready, and it says why.
            stalled_status, stalled_body = worker.get("/healthz/")
            _, dashboard_body = worker.get("/dashboard/api/pipeline/")
            produced_during = end_offsets(settings, settings.topic_extractions)
            assert worker.proc.poll() is None, worker.log_tail()
        finally:
            if not private_pg.running():
                private_pg.start()
        outage_seconds = time.time() - stopped_at
        catch_up = wait_until(lambda: stored_count(engine) >= len(good), 180, "catching up after the outage", worker)
        time.sleep(3)
        with engine.connect() as conn:
            stored_before_outage = conn.execute(
                text("SELECT count(*) FROM articles WHERE processed_at < to_timestamp(:t)"), {"t": stopped_at},
            ).scalar_one()
        _, health = worker.get("/healthz/")
        listening = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
    finally:
        stop_worker(worker)
        if not private_pg.running():
            private_pg.start()

    report = store_report(engine)
    log = worker.log_path.read_text(errors="replace")
    print(f"\noutage: tried {len(good)}, stored before the outage {stored_before_outage}, outage "
          f"{outage_seconds:.0f}s, extraction messages {produced_during}, committed sink offsets "
          f"{committed_early} -> {committed_late} during the outage, caught up {catch_up:.0f}s after, "
          f"stored {report['articles']}, events {report['events']}, retries logged "
          f"{log.count('store unavailable')}")
    stalled_health, dashboard_health = orjson.loads(stalled_body), orjson.loads(dashboard_body)["health"]
    print(f"outage: /healthz/ during the outage {stalled_status}: {stalled_health['stalled_why']}")
    assert stalled_status == 503 and stalled_health["stalled"] and not stalled_health["ready"]
    assert "store unavailable" in stalled_health["stalled_why"]
    assert dashboard_health["stalled"] and "store unavailable" in dashboard_health["stalled_why"]
    assert orjson.loads(health)["ready"] and not orjson.loads(health)["stalled"]  # moving again after
    # The sink did not commit past what was written: no acked-but-unwritten batch.
    assert committed_early == committed_late <= stored_before_outage < produced_during
    assert "store unavailable" in log
    assert_stored_as_published(report, expected_event_counts(good))
    # Secrets: neither the database password nor the SASL password reaches the log or the health page.
    for secret in (private_pg.password, sasl_secret):
        assert secret not in log
        assert secret.encode() not in health
    # The web server listens on 127.0.0.1 only (/proc/net/tcp: local address 0100007F:<port hex>).
    port = f"{settings.web_port:04X}"
    assert f"0100007F:{port}" in listening
    assert f"00000000:{port}" not in listening and f"{'0' * 32}:{port}" not in listening
    engine.dispose()


@pytest.mark.timeout(600)
def test_the_sqlite_store_locked_for_40s_loses_and_duplicates_nothing(kafka_bootstrap: str, tmp_path: Path) -> None:
    """SQLite's outage: another process holds the database's write lock (a backup, a stuck writer) for
    longer than the driver's 30 s busy timeout, so the sink's writes fail and are retried."""
    good = short_articles("locked", 600)
    database_path = tmp_path / "store.db"
    database_url = fresh_store("sqlite", None, "store", tmp_path)
    env = worker_settings(kafka_bootstrap, database_url, tmp_path, EVENTPIPE_STALL_MINUTES="0.25")
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(database_url)
    worker = spawn_worker(env, tmp_path / "worker.log")
    locker = None
    try:
        worker.wait_ready()
        send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in good[:300]])
        wait_until(lambda: stored_count(engine) >= 100, 240, "the first 100 articles", worker)
        # A separate process, so the lock is held exactly as another program on the machine would hold it.
        locker = subprocess.Popen([sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(database_path)!r}, isolation_level=None, timeout=60)\n"
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(40); c.execute('COMMIT')\n")],
            stdout=subprocess.PIPE, text=True)
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        stored_before_lock = stored_count(engine)  # WAL: readers are not blocked by the writer's lock
        send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in good[300:]])
        time.sleep(5)
        committed_early = committed_offsets(settings, settings.topic_extractions)
        time.sleep(25)
        committed_late = committed_offsets(settings, settings.topic_extractions)
        stalled_status, stalled_body = worker.get("/healthz/")
        stored_during_lock = stored_count(engine)
        locker.wait(60)
        lock_seconds = time.monotonic() - locked_at
        catch_up = wait_until(lambda: stored_count(engine) >= len(good), 180, "catching up after the lock", worker)
        time.sleep(3)
    finally:
        stop_worker(worker)
        if locker is not None and locker.poll() is None:
            locker.kill()

    report = store_report(engine)
    log = worker.log_path.read_text(errors="replace")
    print(f"\nsqlite locked: tried {len(good)}, stored before the lock {stored_before_lock}, during it "
          f"{stored_during_lock}, lock held {lock_seconds:.0f}s, committed sink offsets {committed_early} -> "
          f"{committed_late} during it, caught up {catch_up:.0f}s after, stored {report['articles']}, "
          f"events {report['events']}, retries logged {log.count('store unavailable')}")
    assert stored_during_lock == stored_before_lock  # nothing written while another process held the lock
    assert committed_early == committed_late <= stored_before_lock  # no acked-but-unwritten batch
    # Not ready while locked; the why is "no commit ... busy or stuck" while the driver still waits out its busy
    # timeout, and the failed write is logged when it gives up.
    assert stalled_status == 503 and orjson.loads(stalled_body)["stalled"]
    assert "store unavailable" in log
    assert_stored_as_published(report, expected_event_counts(good))
    engine.dispose()


@pytest.mark.timeout(600)
@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_workers_and_publish_recover_from_a_broker_restart(store: str, private_pg: PrivatePostgres,
                                                           tmp_path: Path) -> None:
    """A broker of this test's own (the session's broker is shared), stopped and started again mid-run."""
    import threading

    from streams.broker import LocalBroker
    from streams.cli import publish_paths

    broker = LocalBroker(home=PROJECT_ROOT / ".kafka", data_dir=tmp_path / "kafka", port=free_port_pair())
    broker.start(timeout=120)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = worker_settings(broker.bootstrap, fresh_store(store, private_pg, f"restart_{store}", run_dir), run_dir)
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(settings.database_url)
    batches = []
    for name in ("before", "during"):
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(b"".join(orjson.dumps(a) + b"\n" for a in short_articles(name, 300)))
        batches.append(path)
    worker = spawn_worker(env, run_dir / "worker.log")
    published: dict[str, object] = {}
    try:
        worker.wait_ready()
        sent_before, _ = publish_paths(settings, [batches[0]], settings.topic_articles)
        wait_until(lambda: stored_count(engine) >= 50, 240, "the first 50 articles", worker)
        broker.stop()
        down_at = time.monotonic()
        stored_at_stop = stored_count(engine)

        # publish while the broker is down: its producer waits for the broker and delivers when it is back
        def publish_during() -> None:
            try:
                published["sent"] = publish_paths(settings, [batches[1]], settings.topic_articles)[0]
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                published["error"] = exc

        thread = threading.Thread(target=publish_during)
        thread.start()
        time.sleep(8)
        broker.start(timeout=120)
        downtime = time.monotonic() - down_at
        thread.join(200)
        assert "error" not in published, published
        assert len(published["sent"]) == 300  # type: ignore[arg-type]
        recovery = wait_until(lambda: stored_count(engine) >= 600, 300, "all 600 articles after the restart", worker)
        time.sleep(3)
        assert worker.proc.poll() is None  # the same worker process recovered on its own
    finally:
        stop_worker(worker)
        broker.stop()

    report = store_report(engine)
    print(f"\nbroker restart ({store}): tried 600, stored when the broker stopped {stored_at_stop}, broker down "
          f"{downtime:.0f}s, all stored {recovery:.0f}s after it was back, stored {report['articles']}, "
          f"events {report['events']}")
    assert len(sent_before) == 300
    assert_stored_as_published(report, expected_event_counts(short_articles("before", 300)
                                                             + short_articles("during", 300)))
    engine.dispose()
