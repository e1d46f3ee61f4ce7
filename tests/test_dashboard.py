"""The dashboard: its SQL on both stores, its health probes, and the page in a real browser on a real worker."""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from kafka import KafkaProducer
from sqlalchemy import Engine, select, update

from db.models import CanonicalEventRow, EventRow
from db.store import casualties_by_country, save_extractions
from streams.app import create_app
from streams.cli import publish_paths
from streams.dashboard import broker_reachable, latest_events
from streams.settings import PROJECT_ROOT, Settings
from tests.conftest import SECRET_SENTINEL, SEEDS, WorkerProcess

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "dashboard.png"
ARTICLES_BLUE = (37, 99, 235)  # COLORS.articles_in in dashboard.js


def _item(article_id: str, url: str | None, events: list[dict]) -> dict:
    return {"article": {"id": article_id, "url": url, "source": "test wire", "title": f"title {article_id}",
                        "text_chars": 100},
            "extraction": {"events": events, "entities": [], "extractor_version": "test"}}


def _event(event_id: str, country: str | None, killed: int | None, injured: int | None, start: int = 0) -> dict:
    return {"event_id": event_id, "cameo": "190", "plover": "ASSAULT", "date": "2024-03-12",
            "source": {"text": "gunmen", "code": "UAF"}, "target": {"text": "villagers", "code": "CVL"},
            "location": {"name": "somewhere", "country": country},
            "killed": {"best": killed} if killed is not None else None,
            "injured": {"best": injured} if injured is not None else None,
            "sentence": "...", "start": start, "end": start + 3}


def test_latest_events_newest_first_with_safe_links_only(engine: Engine) -> None:
    save_extractions(engine, [_item("old", "https://example.org/old", [_event("e-old", "TUR", 1, 0)])])
    time.sleep(0.01)  # distinct updated_at
    save_extractions(engine, [_item("new", "javascript:alert(1)", [_event("e-new", "SYR", 3, 4)])])
    rows = latest_events(engine, limit=10)
    assert [r["event_id"] for r in rows] == ["e-new", "e-old"]
    newest, oldest = rows
    assert newest["url"] is None  # never a javascript: link on the page
    assert oldest["url"] == "https://example.org/old"
    assert newest["type"] == "ASSAULT" and newest["source"] == "gunmen (UAF)" and newest["target"] == "villagers (CVL)"
    assert (newest["place"], newest["country"], newest["date"]) == ("somewhere", "SYR", "2024-03-12")
    assert (newest["killed"], newest["injured"], newest["publisher"]) == (3, 4, "test wire")


def test_casualties_sum_canonical_best_estimates_by_country_within_the_window(engine: Engine) -> None:
    background = _event("a4-1", "TUR", 5, None) | {"historical": True, "date": "2015-11-24"}
    save_extractions(engine, [
        _item("a1", None, [_event("a1-1", "TUR", 44, 230), _event("a1-2", "TUR", 2, None, start=10)]),
        _item("a1-reprint", None, [_event("a1r-1", "TUR", 44, 230)]),  # the same attack again: counted once
        _item("a2", None, [_event("a2-1", "SYR", None, 5), _event("a2-2", None, 1, 1)]),
        _item("a3", None, [_event("a3-1", "AFG", 12, 30)]),
        _item("a4", None, [background]),  # recalled background: not news of the window
    ])
    with engine.begin() as conn:  # a3's event was last updated two days ago: outside the 24 h window
        a3_event = select(EventRow.canonical_id).where(EventRow.article_id == "a3").scalar_subquery()
        conn.execute(update(CanonicalEventRow).where(CanonicalEventRow.id == a3_event)
                     .values(updated_at=datetime.now(UTC) - timedelta(days=2)))
    rows = casualties_by_country(engine, datetime.now(UTC) - timedelta(hours=24))
    by_country = {r["country"]: r for r in rows}
    assert set(by_country) == {"TUR", "SYR", None}
    assert by_country["TUR"] == {"country": "TUR", "events": 2, "events_with_casualties": 2, "killed": 46,
                                 "injured": 230}
    assert (by_country["SYR"]["killed"], by_country["SYR"]["injured"]) == (0, 5)
    assert rows[0]["country"] == "TUR"  # most killed first


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_broker_is_unreachable_when_nothing_listens() -> None:
    # No worker started: nothing is assigned, so the probe falls back to connecting to the bootstrap server.
    settings = Settings(broker_url=f"kafka://127.0.0.1:{_closed_port()}")
    assert asyncio.run(broker_reachable(create_app(settings), settings, timeout=1)) is False


@pytest.mark.kafka
def test_broker_is_reachable_on_the_test_broker(kafka_bootstrap: str) -> None:
    settings = Settings(broker_url=f"kafka://{kafka_bootstrap}")
    assert asyncio.run(broker_reachable(create_app(settings), settings, timeout=3)) is True


# --- on a real worker ------------------------------------------------------------------------------

@pytest.mark.kafka
@pytest.mark.slow
def test_pages_show_no_secrets_and_send_safe_headers(sqlite_worker: WorkerProcess) -> None:
    worker = sqlite_worker
    db_path = worker.settings.database_url.removeprefix("sqlite:///")
    for path in ("/dashboard/", "/dashboard/dashboard.js", "/dashboard/dashboard.css", "/dashboard/api/pipeline/",
                 "/dashboard/api/latest/", "/dashboard/api/casualties/", "/healthz/", "/metrics", "/"):
        status, body = worker.get(path)
        assert status == 200, path
        text = body.decode()
        assert SECRET_SENTINEL not in text and db_path not in text and "Traceback" not in text, path
    with urllib.request.urlopen(worker.web_url + "/dashboard/", timeout=10) as response:
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["Content-Type"].startswith("text/html")
    live_status, live = worker.get("/healthz/live/")
    assert live_status == 200 and json.loads(live) == {"live": True}
    ready = json.loads(worker.get("/healthz/")[1])
    assert ready["ready"] is True and ready["broker"] is True and ready["store"] is True
    state = json.loads(worker.get("/dashboard/api/pipeline/")[1])
    assert state["health"]["broker"] == {"ok": True, "checked_by": "metadata"}  # a real Kafka round trip
    assert state["health"]["database"] == {"ok": True, "dialect": "sqlite"}


@pytest.mark.kafka
@pytest.mark.slow
def test_dashboard_fills_in_a_real_browser_while_the_worker_processes_the_seeds(
        sqlite_worker: WorkerProcess, tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "apt-get install -y chromium (scripts/services.sh does it)"
    worker = sqlite_worker
    # A copy of a seed under a link no other test publishes: its row proves this run filled the table.
    marker_url = f"https://example.org/dashboard-test/{uuid.uuid4().hex}"
    seed = json.loads((SEEDS / "02-eventpipe-newsroom.jsonl").read_text().splitlines()[0])
    seed |= {"id": f"dashboard-{uuid.uuid4().hex[:8]}", "url": marker_url}

    with playwright_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1440, "height": 900})
        try:
            page = context.new_page()
            requests: list[str] = []
            problems: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(worker.web_url + "/dashboard/")
            page.wait_for_selector("#health-broker.ok", timeout=30_000)

            sent, rejected = publish_paths(worker.settings, [SEEDS], worker.settings.topic_articles)
            assert sent and not rejected
            producer = KafkaProducer(bootstrap_servers=worker.settings.bootstrap_servers, acks="all")
            producer.send(worker.settings.topic_articles, key=seed["id"].encode(), value=orjson.dumps(seed))
            producer.flush()
            producer.close()

            try:
                page.wait_for_selector(f'#events a[href="{marker_url}"]', timeout=120_000)
                # Functions, not expression strings: Playwright evals strings, which the page's CSP forbids.
                page.wait_for_function("() => Number(document.getElementById('throughput').dataset.points || 0) > 0",
                                       timeout=30_000)
                page.wait_for_function(
                    "() => [...document.querySelectorAll('#casualties tbody tr')].some(r => r.cells.length == 4"
                    " && Number(r.cells[2].textContent.replace(/,/g, '')) > 0)", timeout=30_000)
                # Once everything is processed and committed (every few seconds), no partition lags.
                page.wait_for_function(
                    "() => { const lags = [...document.querySelectorAll('#lag tbody td.lag')];"
                    " return lags.length == 4 && lags.every(td => td.textContent == '0'); }", timeout=60_000)
            except playwright_api.TimeoutError:
                page.screenshot(path=str(SCREENSHOT.with_name("dashboard-failed.png")), full_page=True)
                pytest.fail(f"dashboard did not fill; worker log tail:\n{worker.log_tail()}")
            page.wait_for_timeout(500)  # let the last poll settle before the screenshot
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            event_rows = page.locator("#events tbody tr").count()
            marker_row = page.locator("#events tbody tr", has=page.locator(f'a[href="{marker_url}"]')).first
            marker_cells = marker_row.locator("td").all_text_contents()
            lag_topics = set(page.locator("#lag tbody tr td:first-child").all_text_contents())
            timing_agents = set(page.locator("#timings tbody tr td:first-child").all_text_contents())
            articles_in = int(page.locator("#total-articles-in").text_content().replace(",", ""))
            badges = [page.locator(f"#health-{name}").get_attribute("class")
                      for name in ("ready", "broker", "database")]
            blue_pixels = page.evaluate(_COUNT_PIXELS_JS, list(ARTICLES_BLUE))
        finally:
            context.close()

    assert event_rows >= 5
    assert marker_cells[0] == "ASSAULT" and "Kabul" in marker_cells[2] and marker_cells[4] == "12"
    assert lag_topics == {worker.settings.topic_articles, worker.settings.topic_extractions}
    assert timing_agents == {"extract-articles", "store-extractions"}
    assert articles_in >= len(sent) + 1
    assert all("ok" in b.split() for b in badges), badges
    assert blue_pixels > 20, "the articles line was not drawn on the canvas"
    assert not problems, problems  # no script errors, no Content-Security-Policy violations
    assert all(url.startswith(worker.web_url + "/") for url in requests), requests  # nothing from the internet


# Counts canvas pixels close to a colour (anti-aliasing blurs edges, so a tolerance is needed).
_COUNT_PIXELS_JS = """([r, g, b]) => {
  const canvas = document.getElementById('throughput');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30
        && Math.abs(data[i + 2] - b) < 30) n++;
  }
  return n;
}"""
