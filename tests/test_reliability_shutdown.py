"""SIGTERM during a database outage: the worker stops within a bounded time and loses nothing.

Before issue 16 the worker hung: Faust waits until every record taken from the stream is acked
(``wait_empty``) before it tells anyone to stop, and the sink kept retrying its batch against the
stopped database, so that batch was never acked. Now the sink and the agents are told to stop first,
the batch in hand is left unacked (its offsets are not committed), and the next worker writes it.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import orjson
import pytest

from db.store import make_engine
from streams.settings import Settings
from tests.conftest import worker_settings
from tests.test_reliability import (  # noqa: F401 - private_pg is a fixture
    PrivatePostgres,
    assert_stored_as_published,
    committed_offsets,
    expected_event_counts,
    fresh_database,
    private_pg,
    send_raw,
    short_articles,
    spawn_worker,
    stop_worker,
    store_report,
    stored_count,
    wait_until,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.slow]

SHUTDOWN_WAIT = 5  # EVENTPIPE_SHUTDOWN_WAIT_SECONDS for this test
EXIT_BOUND = 40  # seconds from SIGTERM to exit: the wait, Faust's own stop and leaving the group


@pytest.mark.timeout(600)
def test_sigterm_during_a_database_outage_exits_in_bounded_time_and_loses_nothing(
        private_pg: PrivatePostgres, kafka_bootstrap: str, tmp_path: Path) -> None:  # noqa: F811
    good = short_articles("sigterm", 300)
    database_url = fresh_database(private_pg, "sigterm")
    run_dir = tmp_path / "not" / "there" / "yet"  # the worker creates its run directory (issue 16)
    env = worker_settings(kafka_bootstrap, database_url, run_dir,
                          EVENTPIPE_SHUTDOWN_WAIT_SECONDS=str(SHUTDOWN_WAIT))
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(database_url)
    worker = spawn_worker(env, tmp_path / "worker1.log")
    try:
        worker.wait_ready()
        assert run_dir.is_dir()
        send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in good[:150]])
        wait_until(lambda: stored_count(engine) >= 50, 240, "the first 50 articles", worker)
        private_pg.stop()
        send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in good[150:]])
        wait_until(lambda: worker.log_tail(20_000).count("store unavailable") >= 2, 120,
                   "the sink retrying against the stopped store", worker)
        worker.proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        try:
            worker.proc.wait(EXIT_BOUND)
        except Exception:  # noqa: BLE001 - reported by the assertion below
            pass
        exit_seconds = time.monotonic() - signalled
        exited = worker.proc.poll() is not None
        sink_committed = committed_offsets(settings, settings.topic_extractions)
    finally:
        stop_worker(worker)  # kills it if SIGTERM did not stop it
        if not private_pg.running():
            private_pg.start()
    assert exited, f"the worker did not exit within {EXIT_BOUND}s of SIGTERM:\n{worker.log_tail()}"
    stored_before = stored_count(engine)
    # Nothing acked that was not written: the sink's committed offsets are at most what the store holds.
    assert sink_committed <= stored_before < len(good)

    worker = spawn_worker(env, tmp_path / "worker2.log")
    try:
        wait_until(lambda: stored_count(engine) >= len(good), 240, "every article after the restart", worker)
        time.sleep(3)
    finally:
        stop_worker(worker)
    report = store_report(engine)
    print(f"\nsigterm during outage: exited {exit_seconds:.1f}s after SIGTERM (bound {EXIT_BOUND}s, shutdown wait "
          f"{SHUTDOWN_WAIT}s), stored {stored_before} before, sink offsets committed {sink_committed}, "
          f"after the restart stored {report['articles']}, events {report['events']}")
    assert_stored_as_published(report, expected_event_counts(good))
    engine.dispose()
