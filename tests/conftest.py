"""Shared fixtures: the real services (Kafka broker, PostgreSQL) and migrated stores.

The Kafka broker is started once per test session on its own ports and data directory, so tests
never touch a developer's broker. PostgreSQL is the server that ``scripts/postgres.sh`` starts;
its URL comes from ``EVENTPIPE_TEST_POSTGRES_URL`` (``make test`` sets it). Without it the
PostgreSQL tests fail rather than skip, so a missing server can never pass silently; set
``EVENTPIPE_TEST_ALLOW_NO_POSTGRES=1`` to skip them deliberately on a laptop.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from db.migrate import upgrade
from db.store import make_engine
from streams.broker import LocalBroker
from streams.settings import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
SEED_ARTICLE = SEEDS / "01-telegraph-russia-turkey-syria.txt"
SEED_ID = "seed-telegraph-2016-07-01-russia-turkey-syria"


def _free_port_pair() -> int:
    """A port p with p and p+1 free (PLAINTEXT and CONTROLLER listeners)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            with socket.socket() as s2:
                s2.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port pair")


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Kafka 4.x broker for the whole session; yields ``host:port``."""
    broker = LocalBroker(home=PROJECT_ROOT / ".kafka", data_dir=tmp_path_factory.mktemp("kafka"),
                         port=_free_port_pair())
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


@pytest.fixture
def unique_name() -> str:
    """A suffix for topics and consumer groups, so tests sharing a broker never see each other's data."""
    return uuid.uuid4().hex[:10]
