"""``eventpipe``: the one command line of the project.

The console is for people: each command prints one line per step (``kafka    ready on ...``), a progress
bar for long publishes and extracts when the terminal shows one, and errors that say what to do next.
Log records go to ``<EVENTPIPE_RUN_DIR>/eventpipe.log`` in full; on the console only warnings and errors
appear (every library's INFO chatter, e.g. kafka-python's connection lines, stays in the file) unless
``-v`` asks for everything. The worker is a server: its log is its output, as Faust formats it.
"""

from __future__ import annotations

import csv
import json
import logging
import logging.handlers
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date
from pathlib import Path
from typing import Any

import click
import orjson

from streams.settings import PROJECT_ROOT, WORKER_ROLES, Settings, get_settings

log = logging.getLogger("eventpipe")

LOG_FILE = "eventpipe.log"  # in the run directory
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def say(step: str, text: str, err: bool = False) -> None:
    """One console line for people: the step, then what happened."""
    click.echo(f"{step:<9} {text}", err=err)


def shown_path(path: Path) -> str:
    """A path as short as it can be said: relative to the current directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def make_folders(settings: Settings) -> None:
    """Create the folders the settings point at (the run directory, the SQLite file's folder)."""
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


class _OurHandler:
    """Marks the handlers this module installs, so a second ``main`` call in one process replaces them."""


class _ConsoleHandler(logging.StreamHandler, _OurHandler):  # type: ignore[type-arg]
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False) and super().filter(record)


class _FileHandler(logging.handlers.RotatingFileHandler, _OurHandler):
    pass


def configure_logging(verbose: bool, log_file: Path) -> None:
    """Everything to ``log_file``; warnings and errors (everything with ``verbose``) to the console."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(handler)
        handler.close()
    level = logging.DEBUG if verbose else logging.INFO
    root.setLevel(level)
    to_file = _FileHandler(log_file, maxBytes=10 * 1024 * 1024, backupCount=3, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    to_file.setLevel(level)
    # The process's own stderr (not a stream a caller swapped in, e.g. click's test runner capturing output).
    console = _ConsoleHandler(sys.__stderr__)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.addHandler(to_file)
    root.addHandler(console)


class Commands(click.Group):
    """The command group; known failures become one line that says what to do next."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            advice = what_to_do(exc, get_settings())
            if advice is None:
                raise
            log_file = next((Path(h.baseFilename) for h in logging.getLogger().handlers
                             if isinstance(h, _FileHandler)), None)
            if log_file is None:  # the worker: no log file of ours, the traceback only with -v
                log.debug("%s", advice, exc_info=True)
                raise click.ClickException(advice) from exc
            log.error("%s", advice, exc_info=True, extra={"file_only": True})  # the console gets the advice only
            raise click.ClickException(f"{advice}\n(details: {shown_path(log_file)})") from exc


def what_to_do(exc: BaseException, settings: Settings) -> str | None:
    """The next step for a failure people meet (Kafka down, store not migrated, model missing), else None."""
    from kafka.errors import KafkaConnectionError, KafkaTimeoutError
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from streams.broker import BrokerError

    text = str(exc)
    if isinstance(exc, KafkaConnectionError | KafkaTimeoutError):  # kafka-python found no broker in time
        return kafka_down(settings)
    if isinstance(exc, BrokerError):
        if "already in use" in text:  # a broker not started by us (or anything else) holds the port
            return (f"Kafka: {text}: stop that process, or give the local broker a free port "
                    f"(EVENTPIPE_BROKER_URL=kafka://127.0.0.1:<port>)")
        return f"Kafka: {text}"
    if isinstance(exc, OperationalError | ProgrammingError):
        store = _safe_url(settings.database_url)
        if "no such table" in text or "does not exist" in text and "relation" in text:
            return f"the store {store} has no tables yet: eventpipe db upgrade"
        if "does not exist" in text and "database" in text:
            return f"the database of {store} does not exist: create it, then eventpipe db upgrade"
        return (f"the store {store} does not answer ({type(getattr(exc, 'orig', exc)).__name__}): is the database "
                f"running? Check EVENTPIPE_DATABASE_URL")
    if isinstance(exc, OSError) and "[E050]" in text:
        return (f"the spaCy model {settings.spacy_model} is not installed: make setup "
                f"(or set EVENTPIPE_SPACY_MODEL to an installed model)")
    return None


def kafka_down(settings: Settings) -> str:
    """What to say when nothing answers at the bootstrap servers."""
    if _is_local(settings):
        return f"Kafka is not running on {settings.bootstrap_servers}: eventpipe kafka start"
    return f"Kafka does not answer on {settings.bootstrap_servers}: check the cluster and EVENTPIPE_BROKER_URL"


def require_kafka(settings: Settings) -> None:
    """Fail at once, saying what to do, when no bootstrap server listens and no local broker is starting.

    A local broker that is running but not listening is restarting: then the clients' own waiting applies.
    """
    if any(_listening(server) for server in settings.bootstrap_servers.split(",")):
        return
    if _is_local(settings) and local_broker(settings).status().running:
        return
    raise click.ClickException(kafka_down(settings))


def _listening(server: str, timeout: float = 2.0) -> bool:
    host, _, port = server.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except (OSError, ValueError):
        return False
    return True


def _is_local(settings: Settings) -> bool:
    return all(server.rpartition(":")[0] in LOCAL_HOSTS for server in settings.bootstrap_servers.split(","))


@click.group(cls=Commands)
@click.option("-v", "--verbose", is_flag=True, help="Log everything (debug level, every library) on the console.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Turn news articles into structured event data: Kafka in, SQL out."""
    settings = get_settings()
    make_folders(settings)
    if ctx.invoked_subcommand == "worker":
        # Faust sets up the worker's logging itself (its --loglevel); this is the fallback before it does.
        logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    else:
        configure_logging(verbose, settings.run_dir / LOG_FILE)


# --- worker -------------------------------------------------------------------------------------

@main.command()
@click.option("--loglevel", default="info", show_default=True)
@click.option("--role", type=click.Choice(WORKER_ROLES), default=None,
              help="Which agents to run (default: EVENTPIPE_WORKER_ROLE, else all): extract (articles -> "
                   "extractions), store (extractions -> SQL store), or both.")
def worker(loglevel: str, role: str | None) -> None:
    """Run a Faust worker: articles -> entities, events, casualties -> SQL store."""
    from faust import Worker

    from streams.app import create_app
    from streams.topics import prepare_topics

    settings = get_settings()
    if role is not None:
        settings = settings.model_copy(update={"worker_role": role})
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
    from streams.broker import ensure_topics

    settings = get_settings()
    require_kafka(settings)
    topic = topic or settings.topic_articles
    # A topic the broker would auto-create gets the broker's default partition count (1), not the pipeline's.
    ensure_topics(settings.bootstrap_servers, {topic: settings.topic_partitions}, **_kafka_client_security(settings))
    sent, rejected = publish_paths(settings, paths, topic)
    say("publish", f"sent {len(sent)} to {topic}, rejected {sum(rejected.values())}")
    for reason, count in rejected.most_common():
        say("", f"rejected {count} x {reason}")


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
        for record in tqdm(records, desc="publish", unit="article", disable=not sys.stderr.isatty(), leave=False):
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
@click.option("--batch-words", default=2000, show_default=True,
              help="Words per nlp.pipe call (a longer article is parsed alone).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to extract with (default: the cores); output order and content do not depend on it.")
def extract(paths: tuple[Path, ...], output: Path | None, batch_words: int, jobs: int | None) -> None:
    """Run the processors here (no Kafka, no DB), on every core; one JSON object per article, in input order."""
    from streams.backfill import backfill_lines, default_jobs
    from streams.sources import read_paths

    settings = get_settings()
    records = list(read_paths(paths, settings.max_text_chars))
    articles = [r.article for r in records if r.article is not None]
    for record in records:
        if record.error is not None:
            click.echo(f"rejected {record.origin}: {record.error}", err=True)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
    out = output.open("wb") if output else sys.stdout.buffer
    try:
        for line in backfill_lines(articles, settings.spacy_model, jobs or default_jobs(), batch_words,
                                   progress=sys.stderr.isatty()):
            out.write(line)
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
    from db.migrate import current_revision

    settings = get_settings()
    upgrade_database(settings, revision)
    say("store", f"{_safe_url(settings.database_url)} at revision {current_revision(settings.database_url)}"
        + (" (the latest)" if revision == "head" else ""))


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
    broker = local_broker(get_settings())
    broker.install()
    say("kafka", f"broker jars in {shown_path(broker.libs_dir)}")


@kafka.command("start")
def kafka_start() -> None:
    """Resolve the jars if needed, format the data dir once, start, and wait until ready."""
    broker = local_broker(get_settings())
    was_running = broker.status().running
    started = time.monotonic()
    broker.start()
    status = broker.status()
    how = "already running" if was_running else f"started in {time.monotonic() - started:.1f} s"
    say("kafka", f"ready on {broker.bootstrap}, {how} (pid {status.pid}, log {shown_path(status.log_path)})")


@kafka.command("stop")
def kafka_stop() -> None:
    """Stop the local broker (idempotent)."""
    broker = local_broker(get_settings())
    was_running = broker.status().running
    broker.stop()
    say("kafka", "stopped" if was_running else "was not running")


@kafka.command("status")
def kafka_status() -> None:
    """Say in one line whether the local broker runs and answers; exit 1 if not ready."""
    status = local_broker(get_settings()).status()
    if status.ready:
        say("kafka", f"ready on {status.bootstrap} (pid {status.pid})")
    elif status.running:
        say("kafka", f"running (pid {status.pid}) but not answering on {status.bootstrap}: starting up, or see "
                     f"{shown_path(status.log_path)}")
    else:
        say("kafka", f"not running on {status.bootstrap}: eventpipe kafka start")
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
    require_kafka(settings)
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
    require_kafka(settings)
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

# What the demo shows of each published article: the events a reader looks for first, i.e. every event
# with a toll (killed or injured, earlier ones included and marked) and meetings or talks (PLOVER CONSULT).
# The rest is one query away (`eventpipe events`).
HIGHLIGHT_TYPES = frozenset({"CONSULT"})
HIGHLIGHTS_PER_ARTICLE = 8
SENTENCE_CHARS = 110


@main.command()
@click.option("--keep-running", is_flag=True, help="Leave the broker and the worker up afterwards.")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait for the seed events.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def demo(keep_running: bool, timeout: float, paths: tuple[Path, ...]) -> None:
    """The main job on embedded defaults: broker, SQLite, worker, publish seeds/, show the events."""
    from db.store import EventFilter, make_engine, query_events
    from streams.broker import ensure_topics
    from streams.topics import topic_partitions

    started = time.monotonic()
    settings = get_settings()
    broker = local_broker(settings)
    broker_was_running = broker.status().running
    step_started = time.monotonic()
    broker.start()
    say("kafka", f"ready on {broker.bootstrap}, " + ("already running" if broker_was_running else
                                                      f"started in {time.monotonic() - step_started:.1f} s"))
    upgrade_database(settings)
    say("store", f"{_safe_url(settings.database_url)} migrated")
    partitions = topic_partitions(settings)
    ensure_topics(settings.bootstrap_servers, partitions)
    say("topics", ", ".join(f"{name} ({count} partition{'s' if count > 1 else ''})"
                            for name, count in partitions.items()))
    worker_log = settings.run_dir / "worker.log"
    worker_proc = _start_worker(worker_log)
    say("worker", f"started (pid {worker_proc.pid}, log {shown_path(worker_log)})")
    try:
        sources = paths or (PROJECT_ROOT / "seeds",)
        sent, rejected = publish_paths(settings, sources, settings.topic_articles)
        say("publish", f"sent {len(sent)} articles from {', '.join(shown_path(p) for p in sources)}"
            + (f", rejected {sum(rejected.values())}" if rejected else ""))
        engine = make_engine(settings.database_url)
        waited = wait_until_stored(settings, engine, sent, worker_proc, worker_log, timeout)
        rows = query_events(engine, EventFilter(article_ids=tuple(sent), limit=100_000))
        say("stored", f"{len(sent)} articles, {len(rows)} events in {waited:.1f} s (the worker loads its "
                      f"language model first)")
        click.echo("")
        show_highlights(rows, sent)
        click.echo("")
        show_where_to_look(settings, keep_running)
    finally:
        if keep_running:
            say("running", f"broker and worker left running: eventpipe kafka stop; kill {worker_proc.pid}")
        else:
            _stop_process(worker_proc)
            if not broker_was_running:
                broker.stop()
            say("stopped", "the worker" + ("" if broker_was_running else " and kafka"))
    say("done", f"in {time.monotonic() - started:.1f} s (logs in {shown_path(settings.run_dir)}/: "
                f"{LOG_FILE}, worker.log)")


def wait_until_stored(settings: Settings, engine: Any, article_ids: Sequence[str], worker: subprocess.Popen[bytes],
                      worker_log: Path, timeout: float) -> float:
    """Block until this run's worker has handled every article (a progress bar on a terminal); returns the seconds.

    Two signals, both needed: the store has each article, and the worker started by this run has stored or
    dead-lettered as many articles as were sent (its own counters, zero at its start). The store alone is not
    enough: a store kept from an earlier demo already has the seed articles.
    """
    from tqdm import tqdm

    from db.store import processed_article_ids

    started = time.monotonic()
    wanted = len(set(article_ids))
    done = 0
    with tqdm(total=wanted, desc="stored", unit="article", disable=not sys.stderr.isatty(), leave=False) as bar:
        while done < wanted:
            now_done = min(len(processed_article_ids(engine, article_ids)), worker_handled(settings))
            bar.update(now_done - done)
            done = now_done
            if done >= wanted:
                break
            if worker.poll() is not None:
                raise click.ClickException(f"the worker exited with {worker.returncode}: see {shown_path(worker_log)}")
            if time.monotonic() - started > timeout:
                raise click.ClickException(f"the worker stored {done} of {wanted} articles in "
                                           f"{timeout:.0f} s (see {shown_path(worker_log)}); --timeout waits longer")
            time.sleep(0.5)
    return time.monotonic() - started


def worker_handled(settings: Settings) -> int:
    """Articles the local worker has stored or dead-lettered since it started (its /healthz/ counters); 0 while
    it does not answer yet."""
    host = "127.0.0.1" if settings.web_host in ("0.0.0.0", "::", "") else settings.web_host
    try:
        with urllib.request.urlopen(f"http://{host}:{settings.web_port}/healthz/", timeout=5) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:  # 503 while not ready: the counters are in the body all the same
        body = exc.read()
    except OSError:
        return 0
    try:
        health = json.loads(body)
        return int(health.get("articles_stored", 0)) + sum(health.get("dead_letters", {}).values())
    except (ValueError, TypeError, AttributeError):
        return 0


def highlights(rows: Sequence[dict[str, Any]], article_order: Sequence[str]) -> list[dict[str, Any]]:
    """The events with a toll and the meetings, in article order then text order, one per sentence and type.

    Two events of one type from one sentence (both directions of a meeting) are one line for a reader.
    """
    order = {article_id: i for i, article_id in enumerate(article_order)}
    picked: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    per_article: Counter[str] = Counter()
    for row in sorted(rows, key=lambda r: (order.get(r["article_id"], len(order)), r["start_char"] or 0)):
        if not (row["killed_best"] or row["injured_best"] or row["plover"] in HIGHLIGHT_TYPES):
            continue
        key = (row["article_id"], row["plover"] or row["cameo"], row["sentence"])
        if key in seen or per_article[row["article_id"]] >= HIGHLIGHTS_PER_ARTICLE:
            continue
        seen.add(key)
        per_article[row["article_id"]] += 1
        picked.append(row)
    return picked


def highlight_line(row: dict[str, Any]) -> str:
    """``date  TYPE  toll  place  "sentence"`` for one event."""
    when = row["event_date"].isoformat() if row["event_date"] else "undated"
    toll = ", ".join(f"{n} {what}" for n, what in ((row["killed_best"], "killed"), (row["injured_best"], "injured"))
                     if n)
    if toll and row["historical"]:
        toll += " (earlier)"
    sentence = " ".join((row["sentence"] or "").split())
    if len(sentence) > SENTENCE_CHARS:
        sentence = sentence[: SENTENCE_CHARS - 3].rstrip() + "..."
    if not sentence.startswith(("\"", "“", "'")):
        sentence = f"\"{sentence}\""
    return (f"    {when:<10}  {row['plover'] or 'CAMEO ' + row['cameo']:<8}  {toll:<22}  "
            f"{row['location_name'] or '':<12}  {sentence}")


def show_highlights(rows: Sequence[dict[str, Any]], article_order: Sequence[str]) -> None:
    picked = highlights(rows, article_order)
    say("events", "with casualties, and meetings (all of them: eventpipe events)" if picked else
        "none with casualties or meetings (all of them: eventpipe events)")
    article = None
    for row in picked:
        if row["article_id"] != article:
            article = row["article_id"]
            click.echo(f"  {article}" + (f" ({row['source']})" if row.get("source") else ""))
        click.echo(highlight_line(row))


def show_where_to_look(settings: Settings, keep_running: bool) -> None:
    """The store, the dashboard and one query to try next."""
    url = settings.database_url
    if url.startswith("sqlite:///"):
        path = shown_path(Path(url.removeprefix("sqlite:///")))
        say("store", f"{path}  (sqlite3 {path} \"SELECT event_date, plover, location_name, killed_best "
                     f"FROM events_current\")")
    else:
        say("store", _safe_url(url))
    web = f"http://{settings.web_host}:{settings.web_port}"
    say("dashboard", f"{web}/dashboard/" + ("" if keep_running else
                                            "  (while a worker runs: eventpipe demo --keep-running)"))
    command = Path(sys.executable).with_name("eventpipe")
    say("try", f"{shown_path(command) if command.exists() else 'eventpipe'} events --min-killed 1")


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
