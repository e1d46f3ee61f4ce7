"""Worker roles on a real broker: an extract worker and a store worker, two processes in one consumer group.

An extract worker (``EVENTPIPE_WORKER_ROLE=extract``) reads articles and forwards extractions but writes
nothing to the store; a store worker (``store``) reads the extractions topic and writes them. Together they
are the pipeline, each process with its own GIL and core (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer

from db.store import EventFilter, make_engine, processed_article_ids, query_events
from streams.broker import free_port_pair
from streams.cli import publish_paths
from tests.conftest import SEED_ARTICLE, SEED_ID, WorkerProcess, run_worker, worker_settings

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def test_an_extract_worker_forwards_and_a_store_worker_stores(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = worker_settings(kafka_bootstrap, f"sqlite:///{tmp_path / 'store.db'}", tmp_path)
    extract_env = env | {"EVENTPIPE_WORKER_ROLE": "extract"}
    store_env = env | {"EVENTPIPE_WORKER_ROLE": "store", "EVENTPIPE_WEB_PORT": str(free_port_pair()),
                       "EVENTPIPE_RUN_DIR": str(tmp_path / "store-worker")}
    (tmp_path / "store-worker").mkdir()
    engine = make_engine(env["EVENTPIPE_DATABASE_URL"])
    try:
        with run_worker(extract_env) as extractor:
            extractor.wait_ready()
            assert _health(extractor)["role"] == "extract"
            sent, _ = publish_paths(extractor.settings, [SEED_ARTICLE], extractor.settings.topic_articles)
            assert sent == [SEED_ID]
            forwarded = _read_extraction(extractor, SEED_ID)
            assert any((event.get("killed") or {}).get("best") == 44 for event in forwarded["extraction"]["events"])
            assert processed_article_ids(engine, [SEED_ID]) == set()  # an extract worker never writes the store

            with run_worker(store_env) as storer:
                storer.wait_ready()
                assert _health(storer)["role"] == "store"
                deadline = time.monotonic() + 120
                while processed_article_ids(engine, [SEED_ID]) != {SEED_ID}:
                    if time.monotonic() > deadline:
                        pytest.fail(f"not stored by the store worker; its log:\n{storer.log_tail()}")
                    time.sleep(0.5)
                assert _health(storer)["articles_in"] == 0  # it extracted nothing itself
                assert _health(extractor)["articles_stored"] == 0
        events = query_events(engine, EventFilter(article_ids=(SEED_ID,), limit=1000))
        assert {e["killed_best"] for e in events if e["killed_best"]} == {44, 2}
    finally:
        engine.dispose()


def _health(worker: WorkerProcess) -> dict[str, Any]:
    _, body = worker.get("/healthz/")
    health: dict[str, Any] = json.loads(body)
    return health


def _read_extraction(worker: WorkerProcess, article_id: str, timeout: float = 120) -> dict[str, Any]:
    """The extraction message the worker forwarded for ``article_id`` (read from the extractions topic)."""
    consumer = KafkaConsumer(worker.settings.topic_extractions, bootstrap_servers=worker.settings.bootstrap_servers,
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=1000)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            for record in consumer:
                if record.key == article_id.encode():
                    message: dict[str, Any] = json.loads(record.value)
                    return message
        pytest.fail(f"no extraction of {article_id} forwarded; worker log:\n{worker.log_tail()}")
    finally:
        consumer.close()
