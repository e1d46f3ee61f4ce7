"""Security: SQL only through bound parameters, the web server on loopback, secrets kept out of sight,
and Kafka SASL/SSL settings reaching both Kafka clients (Faust's aiokafka and kafka-python).

Secrets in a running worker's log and /healthz/ are checked in tests/test_reliability.py (store outage,
a database URL with a password) and on every page in tests/test_dashboard.py.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import orjson
import pytest
from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth
from sqlalchemy import Engine

from db.store import EventFilter, query_events, save_extractions, table_counts
from streams.app import _credentials, create_app
from streams.cli import _kafka_client_security
from streams.settings import Settings
from streams.web import _filter_from_query
from tests.conftest import WorkerProcess
from tests.test_store import make_event, message

HOSTILE = [
    "'; DROP TABLE events; --",
    "TUR' OR '1'='1",
    "\" OR 1=1 --",
    "x'); DELETE FROM articles; --",
    "1; SELECT pg_sleep(5)",
    "\\'; UPDATE events SET cameo='000'; --",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_filter_values_match_nothing_and_change_nothing(engine: Engine, hostile: str) -> None:
    save_extractions(engine, [message("a1", [make_event("e1", "180", 44)])])
    before = table_counts(engine)
    for flt in (EventFilter(country=hostile), EventFilter(event_type=hostile), EventFilter(text=hostile),
                EventFilter(article_ids=(hostile,))):
        assert query_events(engine, flt) == []
    assert table_counts(engine) == before
    assert [row["cameo"] for row in query_events(engine, EventFilter())] == ["180"]


@pytest.mark.kafka
def test_the_web_api_binds_or_rejects_hostile_query_values(sqlite_worker: WorkerProcess) -> None:
    for hostile in HOSTILE:
        for name in ("country", "type", "q"):
            status, body = sqlite_worker.get("/api/events/?" + urllib.parse.urlencode({name: hostile}))
            assert status == 200 and orjson.loads(body)["events"] == [], (name, hostile)
    for query in ("limit=1;DROP", "offset=x", "since=2016-01-01' OR '1'='1", "min_killed=1 OR 1=1", "limit=-1",
                  "limit=0", "limit=501", f"offset={10**30}", f"min_killed={2**63}", "offset=-3"):
        status, body = sqlite_worker.get(f"/api/events/?{urllib.parse.quote(query, safe='=')}")
        assert status == 400 and b"Traceback" not in body, query
        assert query.split("=")[0] in orjson.loads(body)["error"], query


def test_the_web_server_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EVENTPIPE_WEB_HOST", raising=False)
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'x.db'}")
    assert settings.web_host == "127.0.0.1"
    app = create_app(settings)
    assert app.conf.web_bind == "127.0.0.1" and not app.conf.web_tables_enabled


def test_sasl_ssl_settings_pass_through_and_the_password_stays_secret() -> None:
    settings = Settings(_env_file=None, broker_security_protocol="SASL_SSL", broker_sasl_mechanism="SCRAM-SHA-512",
                        broker_sasl_username="svc-eventpipe", broker_sasl_password="s3cret-pw")
    aiokafka = credentials_to_aiokafka_auth(_credentials(settings))
    assert aiokafka["security_protocol"] == "SASL_SSL" and aiokafka["ssl_context"] is not None
    assert (aiokafka["sasl_mechanism"], aiokafka["sasl_plain_username"], aiokafka["sasl_plain_password"]) == (
        "SCRAM-SHA-512", "svc-eventpipe", "s3cret-pw")
    assert _kafka_client_security(settings) == {
        "security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "svc-eventpipe", "sasl_plain_password": "s3cret-pw"}
    assert "s3cret-pw" not in repr(settings) and "s3cret-pw" not in repr(_credentials(settings))


def test_ssl_without_sasl_uses_tls_and_plaintext_stays_plain() -> None:
    tls = credentials_to_aiokafka_auth(_credentials(Settings(_env_file=None, broker_security_protocol="SSL")))
    assert tls["security_protocol"] == "SSL" and tls["ssl_context"] is not None
    assert _credentials(Settings(_env_file=None)) is None
    assert credentials_to_aiokafka_auth(None) == {"security_protocol": "PLAINTEXT"}


@pytest.mark.parametrize("query", [
    {"limit": "-1"}, {"limit": "0"}, {"limit": "501"}, {"limit": "1_0"}, {"limit": " 7"}, {"limit": "\u0663"},
    {"limit": ""}, {"offset": "-1"}, {"offset": str(10**30)}, {"offset": "1e3"}, {"min_killed": "-5"},
    {"min_killed": str(2**63)}, {"since": "2016-13-01"}, {"changed_since": "yesterday"},
])
def test_api_numbers_out_of_range_or_malformed_are_refused_with_a_message(query: dict[str, str]) -> None:
    # limit=-1 reached SQLite as LIMIT -1 (every row); a huge offset or min_killed gave a 500 (issue 16).
    with pytest.raises(ValueError) as info:
        _filter_from_query(query)
    assert next(iter(query)) in str(info.value)


def test_api_numbers_in_range_are_kept() -> None:
    flt = _filter_from_query({"limit": "500", "offset": str(2**31 - 1), "min_killed": "0", "since": "2016-07-01"})
    assert (flt.limit, flt.offset, flt.min_killed, str(flt.since)) == (500, 2**31 - 1, 0, "2016-07-01")
    assert (_filter_from_query({}).limit, _filter_from_query({}).offset) == (100, 0)
    assert _filter_from_query({"limit": "1"}).limit == 1
