"""Prometheus metrics: the project's own counters and histograms, and /metrics on a real worker."""

from __future__ import annotations

import shutil
import subprocess
import time

import orjson
import pytest
from kafka import KafkaProducer
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from streams.app import create_app
from streams.cli import publish_paths
from streams.metrics import (
    EXTRACT_AGENT,
    FAUST_PREFIX,
    STORE_AGENT,
    MinuteSeries,
    PipelineMetrics,
    Timings,
    faust_metrics_in_seconds,
)
from streams.settings import Settings
from tests.conftest import SEEDS, WorkerProcess


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition text, keyed by (name, sorted labels)."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_observations_reach_the_registry_series_and_timings() -> None:
    now = [1_000_000.0]
    metrics = PipelineMetrics(clock=lambda: now[0])
    metrics.extracted(16, 0.8)
    metrics.stored(batch=16, articles=15, events=40, seconds=0.05)
    metrics.dead_lettered("invalid_json")
    metrics.dead_lettered("invalid_json")

    got = samples(generate_latest(metrics.registry).decode())
    assert got[("eventpipe_articles_in_total", ())] == 16
    assert got[("eventpipe_articles_stored_total", ())] == 15
    assert got[("eventpipe_events_out_total", ())] == 40
    assert got[("eventpipe_dead_letters_total", (("reason", "invalid_json"),))] == 2
    assert got[("eventpipe_extraction_seconds_count", ())] == 1
    assert got[("eventpipe_extraction_seconds_sum", ())] == pytest.approx(0.8)
    assert got[("eventpipe_extraction_seconds_bucket", (("le", "1.0"),))] == 1
    assert got[("eventpipe_extraction_seconds_bucket", (("le", "0.5"),))] == 0
    assert got[("eventpipe_store_write_seconds_count", ())] == 1

    series = metrics.per_minute.snapshot()["series"]
    assert (series["articles_in"][-1], series["events_out"][-1], series["dead_letters"][-1]) == (16, 40, 2)
    assert metrics.timings[EXTRACT_AGENT].snapshot()["per_item_ms"] == pytest.approx(50.0)
    assert metrics.timings[STORE_AGENT].snapshot()["batches"] == 1


def test_minute_series_buckets_by_minute_and_forgets_old_minutes() -> None:
    now = [60.0 * 1000 + 5]
    series = MinuteSeries(["a"], minutes=3, clock=lambda: now[0])
    series.add("a", 2)
    now[0] += 30
    series.add("a")  # same minute
    now[0] += 60
    series.add("a", 5)
    snap = series.snapshot()
    assert snap["series"]["a"] == [0, 3, 5]
    assert snap["minute_starts"] == [60 * 999, 60 * 1000, 60 * 1001]
    now[0] += 3 * 60  # three quiet minutes later everything has fallen out of the window
    assert series.snapshot()["series"]["a"] == [0, 0, 0]


def test_timings_report_percentiles_of_recent_batches() -> None:
    timings = Timings(keep=100)
    assert timings.snapshot()["p50_ms"] is None
    for ms in range(1, 101):
        timings.observe(ms / 1000, items=2)
    snap = timings.snapshot()
    assert snap["batches"] == 100 and snap["items"] == 200
    assert snap["p50_ms"] == 51 and snap["p95_ms"] == 96 and snap["max_ms"] == 100 and snap["last_ms"] == 100
    assert snap["per_item_ms"] == pytest.approx(25.25)


def test_faust_millisecond_latencies_are_served_in_seconds() -> None:
    metrics = PipelineMetrics()
    faust = faust_metrics_in_seconds(metrics.registry)
    faust.events_runtime_latency.observe(250.0)  # Faust's monitor hands over milliseconds
    faust.http_latency.observe(4.0)
    got = samples(generate_latest(metrics.registry).decode())
    assert got[(f"{FAUST_PREFIX}_events_runtime_seconds_sum", ())] == pytest.approx(0.25)
    assert got[(f"{FAUST_PREFIX}_events_runtime_seconds_bucket", (("le", "0.25"),))] == 1
    assert got[(f"{FAUST_PREFIX}_events_runtime_seconds_bucket", (("le", "0.1"),))] == 0
    assert got[(f"{FAUST_PREFIX}_http_latency_seconds_sum", ())] == pytest.approx(0.004)
    names = {name for name, _ in got}
    assert not [n for n in names if "_ms" in n or n.endswith("_latency_sum")], "a series in milliseconds is left"


def test_the_app_can_be_built_twice_in_one_process_with_separate_registries() -> None:
    # prometheus_client's global registry would raise "Duplicated timeseries" on the second app.
    first, second = create_app(Settings()), create_app(Settings(app_id="another"))
    assert first.monitor is not second.monitor
    routes = {r.resource.canonical for r in second.web.web_app.router.routes() if r.resource is not None}
    assert {"/metrics", "/dashboard/", "/healthz/"} <= routes


@pytest.mark.kafka
@pytest.mark.slow
def test_metrics_endpoint_parses_and_counters_move_when_articles_flow(sqlite_worker: WorkerProcess) -> None:
    worker = sqlite_worker
    before = _scrape(worker)
    sent, rejected = publish_paths(worker.settings, [SEEDS], worker.settings.topic_articles)
    assert sent and not rejected
    producer = KafkaProducer(bootstrap_servers=worker.settings.bootstrap_servers, acks="all")
    producer.send(worker.settings.topic_articles, key=b"metrics-bad", value=b"{not json")
    producer.send(worker.settings.topic_articles, key=b"metrics-good",
                  value=orjson.dumps({"id": "metrics-good", "text": "Police arrested two protesters in Ankara."}))
    producer.flush()
    producer.close()

    def articles_in(s: dict) -> float:
        return s.get(("eventpipe_articles_in_total", ()), 0)

    expected = len(sent) + 2
    deadline = time.monotonic() + 180
    after = _scrape(worker)
    while (articles_in(after) - articles_in(before) < expected
           or after.get(("eventpipe_articles_stored_total", ()), 0)
           - before.get(("eventpipe_articles_stored_total", ()), 0) < len(sent) + 1):
        assert time.monotonic() < deadline, f"counters did not move:\n{worker.log_tail()}"
        time.sleep(1)
        after = _scrape(worker)

    def moved(name: str, labels: tuple = ()) -> float:
        return after.get((name, labels), 0) - before.get((name, labels), 0)

    assert moved("eventpipe_articles_in_total") == expected
    assert moved("eventpipe_events_out_total") > 0
    assert moved("eventpipe_dead_letters_total", (("reason", "invalid_json"),)) == 1
    assert moved("eventpipe_extraction_seconds_count") >= 1
    assert moved("eventpipe_extraction_seconds_sum") > 0
    assert moved("eventpipe_store_write_seconds_count") >= 1
    # Faust's own sensor shares the registry: the messages it saw on our input topic are counted too.
    assert moved("eventpipe_faust_messages_received_total") >= expected
    # Faust's producer latency, observed in ms by Faust, is served in seconds (a local send takes well under 10 s).
    sends = moved("eventpipe_faust_producer_send_latency_seconds_count")
    assert sends >= len(sent)
    assert 0 < moved("eventpipe_faust_producer_send_latency_seconds_sum") < 10 * sends


PROMTOOL = shutil.which("promtool")


@pytest.mark.kafka
@pytest.mark.slow
@pytest.mark.skipif(PROMTOOL is None, reason="promtool missing: bash scripts/services.sh installs Debian's prometheus")
def test_promtool_accepts_every_name_a_real_worker_serves(sqlite_worker: WorkerProcess) -> None:
    # After some traffic (the test above, or the seeds published here) every histogram has samples.
    publish_paths(sqlite_worker.settings, [SEEDS], sqlite_worker.settings.topic_articles)
    deadline = time.monotonic() + 120
    while _scrape(sqlite_worker).get(("eventpipe_faust_producer_send_latency_seconds_count", ()), 0) == 0:
        assert time.monotonic() < deadline, sqlite_worker.log_tail()
        time.sleep(1)
    status, body = sqlite_worker.get("/metrics")
    assert status == 200
    result = subprocess.run([PROMTOOL, "check", "metrics"], input=body, capture_output=True, timeout=60)
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


def _scrape(worker: WorkerProcess) -> dict:
    status, body = worker.get("/metrics")
    assert status == 200
    return samples(body.decode())
