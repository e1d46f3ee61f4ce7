"""Shared fixtures: the real services (Kafka broker, PostgreSQL) and migrated stores.

The Kafka broker is started once per test session on its own ports and data directory, so tests
never touch a developer's broker. PostgreSQL is the server that ``scripts/postgres.sh`` starts;
its URL comes from ``EVENTPIPE_TEST_POSTGRES_URL`` (``make test`` sets it). Without it the
PostgreSQL tests fail rather than skip, so a missing server can never pass silently; set
``EVENTPIPE_TEST_ALLOW_NO_POSTGRES=1`` to skip them deliberately on a laptop.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from db.migrate import upgrade
from db.store import make_engine
from streams.broker import LocalBroker, free_port_pair
from streams.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"
SEED_ARTICLE = SEEDS / "00-telegraph-2016-07-01-russia-turkey-syria.txt"
SEED_ID = "seed-telegraph-2016-07-01-russia-turkey-syria"


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Kafka 4.x broker for the whole session; yields ``host:port``."""
    broker = LocalBroker(home=PROJECT_ROOT / ".kafka", data_dir=tmp_path_factory.mktemp("kafka"),
                         port=free_port_pair())
    broker.start(timeout=120)
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the real PostgreSQL test database."""
    url = os.environ.get("EVENTPIPE_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("EVENTPIPE_TEST_ALLOW_NO_POSTGRES") == "1":
        pytest.skip("EVENTPIPE_TEST_POSTGRES_URL is not set (skipping deliberately)")
    pytest.fail("EVENTPIPE_TEST_POSTGRES_URL is not set: run the tests with `make test`")


def fresh_postgres(url: str) -> str:
    """Empty the test database's public schema so each test migrates from nothing."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty store: a SQLite file, then the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = fresh_postgres(request.getfixturevalue("postgres_url"))
    upgrade(url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the migrated store."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


# --- a real worker process for web tests (dashboard, metrics) -------------------------------------


@dataclass
class WorkerProcess:
    """A ``python -m streams.cli worker`` subprocess on its own topics, consumer group, web port and store."""

    settings: Settings
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}"

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        """GET a path of the worker's web server; returns (status, body) also for error statuses."""
        try:
            with urllib.request.urlopen(self.web_url + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def wait_ready(self, timeout: float = 180) -> None:
        """Until /healthz/ says ready (store and broker answer, partitions assigned)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"worker exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, body = self.get("/healthz/", timeout=5)
                if status == 200 and json.loads(body).get("assigned_partitions"):
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.5)
        pytest.fail(f"worker not ready after {timeout}s:\n{self.log_tail()}")


def worker_settings(kafka_bootstrap: str, database_url: str, run_dir: Path, **extra: str) -> dict[str, str]:
    """``EVENTPIPE_*`` variables for a worker on fresh topics named after ``run_dir``."""
    suffix = run_dir.name.replace("_", "-")
    return {
        "EVENTPIPE_BROKER_URL": f"kafka://{kafka_bootstrap}",
        "EVENTPIPE_DATABASE_URL": database_url,
        "EVENTPIPE_APP_ID": f"eventpipe-test-{suffix}",
        "EVENTPIPE_TOPIC_ARTICLES": f"articles-{suffix}",
        "EVENTPIPE_TOPIC_EXTRACTIONS": f"extractions-{suffix}",
        "EVENTPIPE_TOPIC_DEAD_LETTERS": f"articles-dlq-{suffix}",
        "EVENTPIPE_TOPIC_PARTITIONS": "2",
        "EVENTPIPE_WEB_PORT": str(free_port_pair()),
        "EVENTPIPE_RUN_DIR": str(run_dir),
        **extra,
    }


@contextmanager
def run_worker(env: dict[str, str]) -> Iterator[WorkerProcess]:
    """Migrate the store, start a worker with ``env`` on top of this environment, stop it afterwards."""
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    upgrade(settings.database_url)
    log_path = settings.run_dir / "worker.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], cwd=PROJECT_ROOT,
                                env=os.environ | env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield WorkerProcess(settings, proc, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# A value that must never appear on any web page: set as the SASL password (unused without a username).
SECRET_SENTINEL = "sentinel-Pa55word-never-shown"


@pytest.fixture(scope="session")
def sqlite_worker(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    """One worker on a SQLite store shared by the web tests (they compare counters before and after)."""
    run_dir = tmp_path_factory.mktemp("webworker")
    env = worker_settings(kafka_bootstrap, f"sqlite:///{run_dir / 'store.db'}", run_dir,
                          EVENTPIPE_BROKER_SASL_PASSWORD=SECRET_SENTINEL)
    with run_worker(env) as worker:
        worker.wait_ready()
        yield worker
