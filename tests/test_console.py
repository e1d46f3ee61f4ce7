"""The console is for people: one line per step, library logs in the run directory's file (not on the
console), errors that say what to do next, folders created on demand, and a demo that ends with what a
reader wants to see. Commands run as subprocesses, as a person runs them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from streams.broker import free_port_pair
from streams.cli import highlight_line, highlights
from streams.settings import PROJECT_ROOT, Settings
from tests.conftest import SEED_ID, SEEDS, WorkerProcess

# A logging line on the console: "INFO kafka.conn: ..." or "2026-01-01 10:00:00,123 INFO ...".
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\S*\s+)?(\d+\s+)?(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b")


def run_cli(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], cwd=PROJECT_ROOT, env=os.environ | env,
                          capture_output=True, text=True, timeout=timeout)


def nothing_listens() -> str:
    return f"kafka://127.0.0.1:{free_port_pair()}"


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Settings of a run of its own: run dir, store and broker data under tmp_path (none of them exist yet)."""
    return {"EVENTPIPE_RUN_DIR": str(tmp_path / "run" / "nested"),
            "EVENTPIPE_DATABASE_URL": f"sqlite:///{tmp_path / 'store' / 'deep' / 'events.db'}",
            "EVENTPIPE_KAFKA_DATA_DIR": str(tmp_path / "kafka"),
            **extra}


@pytest.fixture(scope="module")
def session_broker(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Settings that make `eventpipe kafka ...` and `demo` see the session's broker as the local one."""
    port = kafka_bootstrap.rpartition(":")[2]
    data_dirs = {p.parent.resolve() for p in tmp_path_factory.getbasetemp().glob("*/server.properties")
                 if f":{port}\n" in p.read_text() or f":{port}," in p.read_text()}
    assert len(data_dirs) == 1, f"the session broker's data directory: {data_dirs}"
    return {"EVENTPIPE_BROKER_URL": f"kafka://{kafka_bootstrap}", "EVENTPIPE_KAFKA_DATA_DIR": str(data_dirs.pop())}


# --- kafka status -----------------------------------------------------------------------------------


def test_kafka_status_is_one_line_with_the_next_step_when_nothing_runs(tmp_path: Path) -> None:
    result = run_cli("kafka", "status", env=base_env(tmp_path, EVENTPIPE_BROKER_URL=nothing_listens()))
    assert result.returncode == 1
    assert result.stdout.count("\n") == 1 and "eventpipe kafka start" in result.stdout, result.stdout
    assert result.stderr == ""


@pytest.mark.kafka
def test_kafka_status_is_one_line_when_the_broker_answers(tmp_path: Path, session_broker: dict[str, str]) -> None:
    result = run_cli("kafka", "status", env=base_env(tmp_path) | session_broker)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"kafka +ready on 127\.0\.0\.1:\d+ \(pid \d+\)\n", result.stdout), result.stdout
    assert result.stderr == ""  # kafka-python's ~20 INFO lines of the probe went to the log file
    assert "kafka." in (tmp_path / "run" / "nested" / "eventpipe.log").read_text()


# --- folders and errors -------------------------------------------------------------------------------


def test_db_upgrade_creates_the_run_and_store_folders_and_says_one_line(tmp_path: Path) -> None:
    result = run_cli("db", "upgrade", env=base_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"store +sqlite:///\S+events\.db at revision \w+ \(the latest\)\n", result.stdout)
    assert result.stderr == ""  # Alembic's INFO lines are in the file
    assert (tmp_path / "store" / "deep" / "events.db").is_file()
    assert "alembic" in (tmp_path / "run" / "nested" / "eventpipe.log").read_text()


def test_publish_without_kafka_says_how_to_start_it_at_once(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_cli("publish", str(SEEDS), env=base_env(tmp_path, EVENTPIPE_BROKER_URL=nothing_listens()))
    assert result.returncode == 1
    assert "Kafka is not running on 127.0.0.1:" in result.stderr and ": eventpipe kafka start" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 60  # not kafka-python's two minutes of retrying


def test_kafka_start_on_a_port_someone_else_holds_says_so_and_how_to_move(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_cli("kafka", "start", env=base_env(tmp_path, EVENTPIPE_BROKER_URL=f"kafka://127.0.0.1:{port}"))
    assert result.returncode == 1
    assert f"127.0.0.1:{port} is already in use by another process" in result.stderr
    assert "EVENTPIPE_BROKER_URL=kafka://127.0.0.1:<port>" in result.stderr and "Traceback" not in result.stderr


def test_a_store_without_tables_says_to_migrate_and_the_traceback_is_in_the_log(tmp_path: Path) -> None:
    result = run_cli("events", env=base_env(tmp_path))
    assert result.returncode == 1
    assert "has no tables yet: eventpipe db upgrade" in result.stderr
    assert "Traceback" not in result.stderr and "details:" in result.stderr
    log = (tmp_path / "run" / "nested" / "eventpipe.log").read_text()
    assert "Traceback" in log and "no such table" in log


def test_a_missing_spacy_model_says_how_to_install_it(tmp_path: Path) -> None:
    result = run_cli("extract", str(SEEDS), "-o", str(tmp_path / "out" / "x.jsonl"),
                     env=base_env(tmp_path, EVENTPIPE_SPACY_MODEL="en_core_web_not_installed"))
    assert result.returncode == 1
    assert "en_core_web_not_installed is not installed: make setup" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.kafka
def test_publish_prints_one_line_and_keeps_library_logs_in_the_file(tmp_path: Path,
                                                                     session_broker: dict[str, str]) -> None:
    env = base_env(tmp_path) | session_broker | {"EVENTPIPE_TOPIC_ARTICLES": f"console-{tmp_path.name}"[:100]}
    result = run_cli("publish", str(SEEDS), env=env)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"publish +sent 4 to console-\S+, rejected 0\n", result.stdout), result.stdout
    assert result.stderr == ""
    assert re.search(r" INFO kafka\.", (tmp_path / "run" / "nested" / "eventpipe.log").read_text())

    verbose = run_cli("-v", "publish", str(SEEDS), env=env)  # -v: every library on the console
    assert verbose.returncode == 0
    assert any(LOG_LINE.match(line) and " kafka." in line for line in verbose.stderr.splitlines())


# --- the worker -----------------------------------------------------------------------------------------


@pytest.mark.kafka
@pytest.mark.slow
def test_a_worker_creates_a_run_dir_that_does_not_exist(tmp_path: Path, kafka_bootstrap: str) -> None:
    suffix = tmp_path.name.replace("_", "-")
    env = base_env(tmp_path) | {
        "EVENTPIPE_BROKER_URL": f"kafka://{kafka_bootstrap}", "EVENTPIPE_APP_ID": f"console-{suffix}",
        "EVENTPIPE_TOPIC_ARTICLES": f"articles-{suffix}", "EVENTPIPE_TOPIC_EXTRACTIONS": f"extractions-{suffix}",
        "EVENTPIPE_TOPIC_DEAD_LETTERS": f"dlq-{suffix}", "EVENTPIPE_TOPIC_PARTITIONS": "1",
        "EVENTPIPE_WEB_PORT": str(free_port_pair())}
    assert run_cli("db", "upgrade", env=env).returncode == 0
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], cwd=PROJECT_ROOT,
                                env=os.environ | env, stdout=log, stderr=subprocess.STDOUT)
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    worker = WorkerProcess(settings, proc, log_path)
    try:
        worker.wait_ready()
        assert (tmp_path / "run" / "nested").is_dir()
    finally:
        proc.terminate()
        proc.wait(30)


# --- the demo -------------------------------------------------------------------------------------------


def _row(article: str, start: int, plover: str, sentence: str, killed: int | None = None,
         injured: int | None = None, historical: bool = False) -> dict:
    return {"article_id": article, "start_char": start, "plover": plover, "cameo": "000", "sentence": sentence,
            "killed_best": killed, "injured_best": injured, "historical": historical,
            "event_date": date(2024, 3, 12), "location_name": "Kabul", "source": "wire"}


def test_highlights_are_tolls_and_meetings_in_article_then_text_order() -> None:
    rows = [
        _row("b", 50, "CONSULT", "The ministers met in Geneva."),
        _row("b", 50, "CONSULT", "The ministers met in Geneva."),  # the other direction of the same meeting
        _row("a", 90, "FIGHT", "A jet was shot down in 2015, killing two.", killed=2, historical=True),
        _row("a", 10, "ASSAULT", "A bomb killed 12 people and wounded 30.", killed=12, injured=30),
        _row("a", 40, "PROTEST", "Thousands marched."),  # no toll, not a meeting: only in `eventpipe events`
        _row("a", 60, "ASSAULT", "Police beat protesters.", killed=0, injured=None),
    ]
    picked = highlights(rows, ["a", "b"])
    assert [(r["article_id"], r["start_char"], r["plover"]) for r in picked] == [
        ("a", 10, "ASSAULT"), ("a", 90, "FIGHT"), ("b", 50, "CONSULT")]
    assert "12 killed, 30 injured" in highlight_line(picked[0])
    assert "2 killed (earlier)" in highlight_line(picked[1])
    assert highlight_line(picked[2]).endswith('"The ministers met in Geneva."')


@pytest.mark.kafka
@pytest.mark.slow
def test_the_demo_prints_steps_then_the_seed_events_and_where_to_look_and_no_library_logs(
        tmp_path: Path, session_broker: dict[str, str]) -> None:
    suffix = tmp_path.name.replace("_", "-")
    env = base_env(tmp_path) | session_broker | {
        "EVENTPIPE_APP_ID": f"demo-{suffix}", "EVENTPIPE_TOPIC_ARTICLES": f"articles-{suffix}",
        "EVENTPIPE_TOPIC_EXTRACTIONS": f"extractions-{suffix}", "EVENTPIPE_TOPIC_DEAD_LETTERS": f"dlq-{suffix}",
        "EVENTPIPE_TOPIC_PARTITIONS": "2", "EVENTPIPE_WEB_PORT": str(free_port_pair())}
    result = run_cli("demo", env=env, timeout=400)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert result.stderr == "" and not [line for line in lines if LOG_LINE.match(line)], result.stdout
    steps = [line.split()[0] for line in lines if line and not line.startswith(" ")]
    assert steps == ["kafka", "store", "topics", "worker", "publish", "stored", "events", "store", "dashboard",
                     "try", "stopped", "done"]
    assert "already running" in lines[0]  # the session's broker: the demo leaves it running
    events = result.stdout.split("\nevents", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    seed = events[events.index(f"  {SEED_ID} (The Telegraph)") + 1:]
    seed = seed[:next((i for i, line in enumerate(seed) if not line.startswith("    ")), len(seed))]
    assert any(" killed" in line for line in seed), seed  # the attack and its toll
    assert any(" CONSULT " in line for line in seed), seed  # the meeting
    assert re.search(r"^dashboard http://127\.0\.0\.1:\d+/dashboard/", result.stdout, re.M)
    assert re.search(r"^try +\S*eventpipe events --min-killed 1$", result.stdout, re.M)
    assert re.search(r"^store +\S+events\.db ", result.stdout, re.M)
