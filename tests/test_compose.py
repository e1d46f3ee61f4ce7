"""Static checks of docker-compose.yml (no Docker engine needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from streams.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

ENV_NAME = re.compile(r"\bEVENTPIPE_\w+", re.IGNORECASE)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def eventpipe_names(node) -> set[str]:
    """Every ``EVENTPIPE_*`` name in keys or string values (lists, ``${...}``, commands)."""
    if isinstance(node, dict):
        return set().union(*(eventpipe_names(k) | eventpipe_names(v) for k, v in node.items()))
    if isinstance(node, list):
        return set().union(*(eventpipe_names(item) for item in node))
    return set(ENV_NAME.findall(node)) if isinstance(node, str) else set()


def unknown_settings(compose: dict) -> set[str]:
    """The ``EVENTPIPE_*`` names that are not a field of ``Settings``."""
    prefix = Settings.model_config["env_prefix"].upper()
    fields = {prefix + name.upper() for name in Settings.model_fields}
    return {name for name in eventpipe_names(compose) if name.upper() not in fields}


def test_services_exist(services):
    assert {"kafka", "postgres", "migrate", "worker"} <= services.keys()
    assert services["kafka"]["image"] == "apache/kafka:4.1.1"
    assert services["postgres"]["image"] == "postgres:16"


def test_dependencies_and_conditions(services):
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["worker"]["depends_on"] == {
        "kafka": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_healthchecks_where_needed(services):
    for name in ("kafka", "postgres"):
        assert services[name]["healthcheck"]["test"], name
    for name, service in services.items():
        for dep, spec in (service.get("depends_on") or {}).items():
            if spec.get("condition") == "service_healthy":
                assert "healthcheck" in services[dep], f"{name} waits for {dep}, which has no healthcheck"


def test_app_services_run_the_cli_from_the_project_image(services):
    assert services["migrate"]["command"] == ["eventpipe", "db", "upgrade"]
    assert services["worker"]["command"] == ["eventpipe", "worker"]
    assert services["migrate"]["build"] == services["worker"]["build"] == "."


def test_worker_is_scalable(services):
    worker = services["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    assert worker["environment"]["EVENTPIPE_WEB_HOST"] == "0.0.0.0"


def test_kafka_listeners(services):
    env = services["kafka"]["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert "127.0.0.1:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    broker_url = services["worker"]["environment"]["EVENTPIPE_BROKER_URL"]
    assert broker_url == "kafka://kafka:9092"


def test_every_eventpipe_variable_is_a_setting(compose):
    assert eventpipe_names(compose), "no EVENTPIPE_* variables found at all"
    assert unknown_settings(compose) == set()
    assert unknown_settings({"dockerfile": DOCKERFILE.read_text()}) == set()


def test_unknown_variable_is_reported():
    fake = {
        "services": {
            "worker": {
                "environment": ["EVENTPIPE_BROKER_URL=kafka://kafka:9092", "EVENTPIPE_NOT_A_SETTING=1"],
                "command": "echo ${eventpipe_web_port}",
            }
        }
    }
    assert unknown_settings(fake) == {"EVENTPIPE_NOT_A_SETTING"}


def test_ports_bound_to_localhost(services):
    for name, service in services.items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
            assert host_ip == "127.0.0.1", f"{name} publishes {port!r} on all interfaces"


def test_postgres_password_is_required(services):
    text = COMPOSE_FILE.read_text()
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD?")
    assert "${POSTGRES_PASSWORD" in services["worker"]["environment"]["EVENTPIPE_DATABASE_URL"]
    # No use of the password may fall back to an empty default.
    assert not re.search(r"\$\{POSTGRES_PASSWORD(?!:?\?)", text)
