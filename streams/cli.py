"""``eventpipe``: the one command line of the project."""

from __future__ import annotations

import csv
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date
from pathlib import Path
from typing import Any

import click
import orjson

from streams.settings import PROJECT_ROOT, Settings, get_settings

log = logging.getLogger("eventpipe")


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log at debug level.")
def main(verbose: bool) -> None:
    """Turn news articles into structured event data: Kafka in, SQL out."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


# --- worker -------------------------------------------------------------------------------------

@main.command()
@click.option("--loglevel", default="info", show_default=True)
def worker(loglevel: str) -> None:
    """Run a Faust worker: articles -> entities, events, casualties -> SQL store."""
    from faust import Worker

    from streams.app import create_app
    from streams.topics import prepare_topics

    settings = get_settings()
    settings.run_dir.mkdir(parents=True, exist_ok=True)  # Faust's workdir; it failed when missing
    prepare_topics(settings, **_kafka_client_security(settings))
    app = create_app(settings)
    Worker(app, loglevel=loglevel, workdir=str(settings.run_dir)).execute_from_commandline()


# --- publish ------------------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--topic", default=None, help="Topic to publish to (default: the articles topic setting).")
def publish(paths: tuple[Path, ...], topic: str | None) -> None:
    """Publish articles (.txt, .json, .jsonl, RSS/Atom, directories) to Kafka, keyed by article id."""
    settings = get_settings()
    sent, rejected = publish_paths(settings, paths, topic or settings.topic_articles)
    click.echo(f"sent {len(sent)}, rejected {sum(rejected.values())}")
    for reason, count in rejected.most_common():
        click.echo(f"  rejected {count} x {reason}")


def publish_paths(settings: Settings, paths: Iterable[Path], topic: str) -> tuple[list[str], Counter[str]]:
    """Validate and send every record; returns the sent article ids and rejection counts by reason."""
    from kafka import KafkaProducer
    from tqdm import tqdm

    from processors.articles import article_to_json
    from streams.sources import read_paths

    records = list(read_paths(paths, settings.max_text_chars))
    # Ride out a broker restart: wait up to 2 min for the broker, and retry connecting at least every 2 s
    # (kafka-python's default backoff grows to 30 s, so it would see a broker that is back too late).
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all", linger_ms=5,
                             max_request_size=8 * 1024 * 1024, bootstrap_timeout_ms=120_000,
                             reconnect_backoff_max_ms=2000, **_kafka_client_security(settings))
    sent: list[str] = []
    rejected: Counter[str] = Counter()
    try:
        futures = []
        for record in tqdm(records, desc="publish", unit="article", disable=not sys.stderr.isatty()):
            if record.article is None:
                assert record.error is not None
                rejected[record.error.reason] += 1
                click.echo(f"rejected {record.origin}: {record.error}", err=True)
                continue
            value = orjson.dumps(article_to_json(record.article))
            if len(value) > settings.max_message_bytes:  # the broker would refuse it; say why before sending
                rejected["message_too_large"] += 1
                click.echo(f"rejected {record.origin}: message_too_large: {len(value)} bytes, the limit is "
                           f"{settings.max_message_bytes} (EVENTPIPE_MAX_MESSAGE_BYTES)", err=True)
                continue
            futures.append((record.article.id, producer.send(topic, key=record.article.id.encode(), value=value)))
        for article_id, future in futures:
            # Raises if the broker did not take it; the producer retries on its own through a broker
            # restart for up to delivery_timeout_ms (120 s), so wait longer than that.
            future.get(timeout=180)
            sent.append(article_id)
    finally:
        producer.close()
    return sent, rejected


# --- extract ------------------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="JSONL file (default stdout).")
@click.option("--batch-size", default=32, show_default=True)
def extract(paths: tuple[Path, ...], output: Path | None, batch_size: int) -> None:
    """Run the processors in this process (no Kafka, no DB); one JSON object per article."""
    from processors.nlp import build_nlp
    from processors.pipeline import extract_batch
    from streams.sources import read_paths

    settings = get_settings()
    records = list(read_paths(paths, settings.max_text_chars))
    articles = [r.article for r in records if r.article is not None]
    for record in records:
        if record.error is not None:
            click.echo(f"rejected {record.origin}: {record.error}", err=True)
    nlp = build_nlp(settings.spacy_model)
    out = output.open("wb") if output else sys.stdout.buffer
    try:
        for extraction in extract_batch(nlp, articles, batch_size=batch_size):
            out.write(orjson.dumps(extraction.to_json()) + b"\n")
    finally:
        if output:
            out.close()
    click.echo(f"extracted {len(articles)} articles, rejected {len(records) - len(articles)}", err=True)


# --- db -----------------------------------------------------------------------------------------

@main.group()
def db() -> None:
    """The SQL store."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply the Alembic migrations (the schema only ever comes from them)."""
    settings = get_settings()
    upgrade_database(settings, revision)
    click.echo(f"database at revision {revision}")


def upgrade_database(settings: Settings, revision: str = "head") -> None:
    """Create the SQLite directory if needed and migrate."""
    from db.migrate import upgrade

    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url, revision)


# --- kafka --------------------------------------------------------------------------------------

@main.group()
def kafka() -> None:
    """The local single-node Kafka broker (for development, tests and the demo)."""


@kafka.command("install")
def kafka_install() -> None:
    """Resolve the broker jars from Maven Central into the git-ignored cache (no-op when present)."""
    local_broker(get_settings()).install()


@kafka.command("start")
def kafka_start() -> None:
    """Resolve the jars if needed, format the data dir once, start, and wait until ready."""
    broker = local_broker(get_settings())
    broker.start()
    click.echo(f"kafka ready on {broker.bootstrap} (log: {broker.status().log_path})")


@kafka.command("stop")
def kafka_stop() -> None:
    """Stop the local broker (idempotent)."""
    local_broker(get_settings()).stop()
    click.echo("kafka stopped")


@kafka.command("status")
def kafka_status() -> None:
    """Say whether the local broker runs and answers; exit 1 if not ready."""
    status = local_broker(get_settings()).status()
    click.echo(f"running={status.running} ready={status.ready} pid={status.pid} bootstrap={status.bootstrap}")
    sys.exit(0 if status.ready else 1)


def local_broker(settings: Settings) -> Any:
    """The local broker described by the settings (host and port from the broker URL)."""
    from streams.broker import LocalBroker

    host, _, port = settings.bootstrap_servers.split(",")[0].rpartition(":")
    return LocalBroker(home=settings.kafka_home, data_dir=settings.kafka_data_dir, host=host, port=int(port),
                       heap=settings.kafka_heap)


# --- dlq ----------------------------------------------------------------------------------------

@main.group()
def dlq() -> None:
    """The dead-letter topic: records the worker could not process, with the reason (docs/reliability.md)."""


@dlq.command("show")
@click.option("--reason", help="Only letters with this reason code, e.g. invalid_json.")
@click.option("--limit", default=100, show_default=True, help="Show at most this many (oldest first).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def dlq_show(reason: str | None, limit: int, fmt: str) -> None:
    """List dead letters with their reasons, and a count per reason."""
    from streams.dlq import read_letters

    settings = get_settings()
    letters = read_letters(settings, _kafka_client_security(settings), reason)
    if fmt == "json":
        for letter in letters[:limit]:
            click.echo(json.dumps(letter.to_json()))
        return
    rows = [letter.to_json() | {"error": letter.error[:60]} for letter in letters[:limit]]
    click.echo(_table(rows, ("offset", "reason", "stage", "source", "key", "value_bytes", "error"))
               .rsplit("\n", 1)[0])
    counts = Counter(letter.reason for letter in letters)
    click.echo(f"{len(letters)} dead letters" + "".join(f", {n} {r}" for r, n in counts.most_common()))


@dlq.command("replay")
@click.option("--reason", help="Only letters with this reason code (after fixing its cause).")
@click.option("--limit", type=int, help="Replay at most this many (oldest first).")
@click.option("--again", is_flag=True, help="Also letters an earlier replay has re-sent (each is replayed once).")
def dlq_replay(reason: str | None, limit: int | None, again: bool) -> None:
    """Re-publish dead letters to the topic they failed on (articles, or extractions for store failures)."""
    from streams.dlq import letters_to_replay, replay_letters

    settings = get_settings()
    security = _kafka_client_security(settings)
    letters = letters_to_replay(settings, security, reason, again)[:limit]
    result = replay_letters(settings, security, letters)
    click.echo(f"replayed {sum(result.sent.values())} of {len(letters)} dead letters"
               + "".join(f", {n} to {topic}" for topic, n in result.sent.items()))
    for why, count in result.skipped.most_common():
        click.echo(f"  skipped {count} x {why}")


# --- events -------------------------------------------------------------------------------------

TABLE_COLUMNS = ("event_date", "cameo", "plover", "source_code", "target_code", "location_name",
                 "killed_best", "injured_best", "historical", "source")
# Canonical events (one per real-world event): `eventpipe events`.
CANONICAL_COLUMNS = ("canonical_id", "revision", "event_date", "cameo", "plover", "country", "location_name",
                     "killed_best", "injured_best", "report_count", "source_count", "status")


@main.command()
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Events on or after this date.")
@click.option("--country", help="ISO 3166-1 alpha-3 of the place or an actor.")
@click.option("--type", "event_type", help="PLOVER type (ASSAULT, FIGHT, PROTEST, ...) or CAMEO code prefix (19).")
@click.option("--min-killed", type=int)
@click.option("--text", help="Substring of a report's evidence sentence.")
@click.option("--changed-since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"]),
              help="Events revised at or after this time (UTC unless given), retracted ones included.")
@click.option("--limit", default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def events(since: Any, country: str | None, event_type: str | None, min_killed: int | None, text: str | None,
           changed_since: Any, limit: int, fmt: str) -> None:
    """Query the canonical events (one per real-world event, merged from its reports)."""
    from db.store import EventFilter, make_engine, query_canonical_events

    if changed_since is not None and changed_since.tzinfo is None:
        changed_since = changed_since.replace(tzinfo=UTC)
    flt = EventFilter(since=since.date() if since else None, country=country, event_type=event_type,
                      min_killed=min_killed, text=text, changed_since=changed_since, limit=limit)
    rows = query_canonical_events(make_engine(get_settings().database_url), flt)
    write_events(rows, fmt, CANONICAL_COLUMNS)


def write_events(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] = TABLE_COLUMNS) -> None:
    """Print events as a table (``columns``), JSON lines or CSV (every column)."""
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, default=_json_default))
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        click.echo(_table(rows, columns))


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    cells = [[("" if row.get(c) is None else str(row.get(c)))[:40] for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines) + f"\n({len(rows)} events)"


# --- demo ---------------------------------------------------------------------------------------

@main.command()
@click.option("--keep-running", is_flag=True, help="Leave the broker and the worker up afterwards.")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait for the seed events.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def demo(keep_running: bool, timeout: float, paths: tuple[Path, ...]) -> None:
    """The main job on embedded defaults: broker, SQLite, worker, publish seeds/, show the events."""
    from db.store import EventFilter, make_engine, processed_article_ids, query_events
    from streams.broker import ensure_topics
    from streams.topics import topic_partitions

    started = time.monotonic()
    settings = get_settings()
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    broker = local_broker(settings)
    broker_was_running = broker.status().running
    click.echo("starting kafka ..." if not broker_was_running else "kafka already running")
    broker.start()
    upgrade_database(settings)
    ensure_topics(settings.bootstrap_servers, topic_partitions(settings))
    worker_log = settings.run_dir / "worker.log"
    worker_proc = _start_worker(worker_log)
    click.echo(f"worker pid {worker_proc.pid} (log: {worker_log})")
    try:
        sent, rejected = publish_paths(settings, paths or (PROJECT_ROOT / "seeds",), settings.topic_articles)
        click.echo(f"published {len(sent)} articles ({sum(rejected.values())} rejected); waiting for events ...")
        engine = make_engine(settings.database_url)
        deadline = time.monotonic() + timeout
        while processed_article_ids(engine, sent) != set(sent):
            if worker_proc.poll() is not None:
                raise click.ClickException(f"the worker exited with {worker_proc.returncode}; see {worker_log}")
            if time.monotonic() > deadline:
                raise click.ClickException(f"timed out after {timeout:.0f}s; see {worker_log}")
            time.sleep(0.5)
        rows = query_events(engine, EventFilter(article_ids=tuple(sent), limit=1000))
        click.echo(_table(rows, TABLE_COLUMNS))
        click.echo(f"store: {_safe_url(settings.database_url)}")
        web = f"http://{settings.web_host}:{settings.web_port}"
        click.echo(f"dashboard: {web}/dashboard/  metrics: {web}/metrics  health: {web}/healthz/  "
                   f"events: {web}/api/events/")
        click.echo(f"demo finished in {time.monotonic() - started:.1f}s")
    finally:
        if keep_running:
            click.echo("--keep-running: broker and worker left running (eventpipe kafka stop; kill "
                       f"{worker_proc.pid})")
        else:
            _stop_process(worker_proc)
            if not broker_was_running:
                broker.stop()


def _safe_url(url: str) -> str:
    """The database URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _start_worker(log_path: Path) -> subprocess.Popen[bytes]:
    log_file = log_path.open("ab")
    command = [sys.executable, "-m", "streams.cli", "worker"]
    return subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
                            env=os.environ.copy(), start_new_session=True)


def _stop_process(proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _kafka_client_security(settings: Settings) -> dict[str, Any]:
    """kafka-python options for SASL/SSL deployments; nothing for the local PLAINTEXT broker."""
    if settings.broker_security_protocol == "PLAINTEXT":
        return {}
    options: dict[str, Any] = {"security_protocol": settings.broker_security_protocol}
    if settings.broker_sasl_mechanism:
        options["sasl_mechanism"] = settings.broker_sasl_mechanism
        options["sasl_plain_username"] = settings.broker_sasl_username
        if settings.broker_sasl_password:
            options["sasl_plain_password"] = settings.broker_sasl_password.get_secret_value()
    return options


if __name__ == "__main__":
    main()
