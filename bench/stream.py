"""The stream figures: a real broker, real worker processes, a real store, timed from outside.

Everything is started here and stopped here (context managers, so also on Ctrl-C and errors): a
LocalBroker on free ports in a temp dir, worker subprocesses on topics and a consumer group of
their own, and a fresh store per run (a SQLite file, or a PostgreSQL schema dropped afterwards).
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import orjson
from kafka import KafkaProducer
from sqlalchemy import Engine, make_url, select, text
from sqlalchemy import func as sql_func

from db.migrate import upgrade
from db.models import ArticleRow
from db.store import make_engine
from processors.articles import article_to_json
from processors.types import Article
from streams.broker import LocalBroker, free_port_pair
from streams.settings import PROJECT_ROOT

WARMUP_ID = "bench-warmup-{partition}"


@dataclass(frozen=True)
class Latency:
    """Publish-to-stored latency of articles sent one at a time at ``offered_per_s``."""

    offered_per_s: float
    articles: int
    p50: float
    p95: float
    p99: float
    max: float
    # The slowest few as (article id, words, seconds, seconds until extracted): shows whether the tail is
    # long articles, and whether an article waited for its extraction or for the sink (the rest).
    slowest: list[tuple[str, int, float, float]]


@dataclass(frozen=True)
class Soak:
    """A long run of one worker: does its memory keep growing once it is warm?

    ``samples`` are (articles stored, VmRSS MiB of the run's worker processes together) while the backlog
    drains. Warm-up is the first ``WARM_SHARE`` of the articles; ``warm_peak_mb`` is the highest RSS in the
    quarter after it and ``end_peak_mb`` the highest in the last quarter. The articles repeat the input, so
    both windows see the same mix of long and short ones: a leak shows as ``growth_mb`` > 0 well beyond the
    noise.
    """

    articles: int
    seconds: float
    samples: list[tuple[int, float]]
    warm_peak_mb: float
    end_peak_mb: float

    @property
    def growth_mb(self) -> float:
        return self.end_peak_mb - self.warm_peak_mb


WARM_SHARE = 0.2


@dataclass(frozen=True)
class StreamResult:
    """One stream run: ``articles`` published at once, all stored after ``seconds``."""

    database: str
    workers: int
    partitions: int
    articles: int
    words: int
    seconds: float
    peak_rss_mb: list[float]  # VmHWM of each worker process, read just before stopping it
    articles_per_worker: list[int]  # what each worker extracted (its /healthz/ articles_in), warm-ups included
    latency: Latency | None = None
    soak: Soak | None = None
    # CPU seconds of each worker process during the throughput phase (publish to last stored), in total and
    # by thread name (the worker names its NLP and database threads "nlp" and "db"; "python" is the event loop)
    cpu_seconds: list[float] = field(default_factory=list)
    thread_cpu_seconds: list[dict[str, float]] = field(default_factory=list)
    store_worker: bool = False  # the last worker is a store worker beside ``workers`` extract workers

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds


class BenchError(RuntimeError):
    """A stream run could not complete (a worker died, or articles were not stored in time)."""


# --- services -------------------------------------------------------------------------------------


@contextmanager
def local_broker(data_dir: Path) -> Iterator[str]:
    """A Kafka broker of our own (never a developer's on 9092); yields ``host:port``."""
    broker = LocalBroker(home=PROJECT_ROOT / ".kafka", data_dir=data_dir, port=free_port_pair())
    try:
        broker.start(timeout=120)
        yield broker.bootstrap
    finally:
        broker.stop()


@contextmanager
def fresh_store(database: str, work_dir: Path, name: str, postgres_url: str | None) -> Iterator[str]:
    """A migrated, empty store for one run; yields its SQLAlchemy URL.

    PostgreSQL: a schema of our own in the given database, selected through ``search_path`` in the
    URL, so neither the developer's tables nor the tests' database (which other people may be
    using right now) are touched; dropped afterwards.
    """
    if database == "sqlite":
        url = f"sqlite:///{work_dir / f'{name}.db'}"
        upgrade(url)
        yield url
        return
    if not postgres_url:
        raise BenchError("no PostgreSQL URL (pass --postgres-url, or start it with scripts/postgres.sh)")
    schema = f"bench_{name.replace('-', '_')}"
    admin = make_engine(postgres_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
        url_text = url.render_as_string(hide_password=False)
        upgrade(url_text)
        yield url_text
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@dataclass
class Worker:
    """One ``python -m streams.cli worker`` process."""

    proc: subprocess.Popen[bytes]
    web_port: int
    log_path: Path
    role: str = "all"  # EVENTPIPE_WORKER_ROLE: all, extract or store

    def health(self) -> dict[str, object] | None:
        """The /healthz/ body when the worker says it is ready, else None."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}/healthz/", timeout=5) as response:
                body: dict[str, object] = json.loads(response.read())
                return body
        except (OSError, ValueError, urllib.error.HTTPError):
            return None

    def peak_rss_mb(self) -> float:
        """VmHWM (peak resident set) of the worker process, in MiB; 0 where there is no procfs."""
        return self._status_mb("VmHWM:")

    def rss_mb(self) -> float:
        """VmRSS (resident set now) of the worker process, in MiB; 0 where there is no procfs."""
        return self._status_mb("VmRSS:")

    def _status_mb(self, field: str) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def thread_cpu(self) -> dict[str, float]:
        """CPU seconds (user + system) the process has used so far, by thread name; {} where there is no procfs."""
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        out: dict[str, float] = {}
        try:
            tasks = os.listdir(f"/proc/{self.proc.pid}/task")
        except OSError:
            return out
        for tid in tasks:
            try:
                name = Path(f"/proc/{self.proc.pid}/task/{tid}/comm").read_text().strip()
                fields = Path(f"/proc/{self.proc.pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the thread ended meanwhile
                continue
            out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
        return out

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        """SIGTERM (Faust shuts down cleanly), SIGKILL after 30 s."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextmanager
def running_workers(roles: Sequence[str], env: dict[str, str], run_dir: Path) -> Iterator[list[Worker]]:
    """Start one worker per role (``EVENTPIPE_WORKER_ROLE``: all, extract or store) in one consumer group; each
    has its own web port, log and Faust dir."""
    workers: list[Worker] = []
    try:
        for index, role in enumerate(roles):
            worker_dir = run_dir / f"worker-{index}"
            worker_dir.mkdir(parents=True)
            port = free_port_pair()
            worker_env = os.environ | env | {"EVENTPIPE_WEB_PORT": str(port), "EVENTPIPE_RUN_DIR": str(worker_dir),
                                             "EVENTPIPE_WORKER_ROLE": role}
            log_path = worker_dir / "worker.log"
            with log_path.open("wb") as log:
                # Own session: a Ctrl-C in the terminal reaches only the bench, which then stops the
                # workers in order (finally below) instead of racing their own shutdown.
                proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], cwd=PROJECT_ROOT,
                                        env=worker_env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
            workers.append(Worker(proc, port, log_path, role))
        yield workers
    finally:
        for worker in workers:
            worker.stop()


def _check_alive(workers: Sequence[Worker]) -> None:
    for worker in workers:
        if worker.proc.poll() is not None:
            raise BenchError(f"worker exited with {worker.proc.returncode}:\n{worker.log_tail()}")


def wait_assigned(workers: Sequence[Worker], timeout: float = 180) -> None:
    """Until every worker is ready and holds partitions (the group has settled)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _check_alive(workers)
        bodies = [worker.health() for worker in workers]
        if all(body and body.get("ready") and body.get("assigned_partitions") for body in bodies):
            return
        time.sleep(0.5)
    raise BenchError(f"workers not ready after {timeout:.0f} s:\n{workers[0].log_tail()}")


# --- publishing and waiting -----------------------------------------------------------------------


def _producer(bootstrap: str, linger_ms: int) -> KafkaProducer:
    return KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=linger_ms,
                         max_request_size=8 * 1024 * 1024)


def _value(article: Article) -> bytes:
    return orjson.dumps(article_to_json(article))


def stored_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(sql_func.count()).select_from(ArticleRow)).scalar_one())


def wait_stored(engine: Engine, expected: int, workers: Sequence[Worker], timeout: float) -> float:
    """Poll until the store holds ``expected`` articles; returns ``time.perf_counter()`` when seen.

    A 50 ms poll on a count: the observation lags the commit by at most that, well under 1 %
    of a throughput run.
    """
    deadline = time.monotonic() + timeout
    while True:
        if stored_count(engine) >= expected:
            return time.perf_counter()
        _check_alive(workers)
        if time.monotonic() > deadline:
            raise BenchError(f"only {stored_count(engine)} of {expected} articles stored after {timeout:.0f} s "
                             f"(dead-lettered?):\n{workers[0].log_tail()}")
        time.sleep(0.05)


def warm_up(bootstrap: str, topic: str, partitions: int, article: Article, engine: Engine,
            workers: Sequence[Worker]) -> int:
    """One article to every partition, waited for: each worker has loaded its model and joined.

    Returns how many articles the store now holds (the later waits count on top of them).
    """
    producer = _producer(bootstrap, linger_ms=0)
    try:
        for partition in range(partitions):
            warm = Article(id=WARMUP_ID.format(partition=partition), text=article.text)
            producer.send(topic, key=warm.id.encode(), value=_value(warm), partition=partition)
        producer.flush()
    finally:
        producer.close()
    wait_stored(engine, partitions, workers, timeout=300)
    return partitions


def publish_all(bootstrap: str, topic: str, articles: Sequence[Article]) -> None:
    """Send every article at once, keyed by id (like ``eventpipe publish``), and wait for the acks."""
    producer = _producer(bootstrap, linger_ms=5)
    try:
        for article in articles:
            producer.send(topic, key=article.id.encode(), value=_value(article))
        producer.flush()
    finally:
        producer.close()


def publish_steady(bootstrap: str, topic: str, articles: Sequence[Article], rate: float) -> dict[str, float]:
    """Send one article every ``1/rate`` s on a fixed schedule; returns the wall-clock send time per id.

    The schedule is absolute (start + i/rate), so a slow send does not shift the later ones and
    the offered load stays what was asked. ``time.time()`` because the worker stamps
    ``processed_at`` from the same machine clock.
    """
    producer = _producer(bootstrap, linger_ms=0)
    sent: dict[str, float] = {}
    try:
        start = time.monotonic()
        for index, article in enumerate(articles):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            sent[article.id] = time.time()
            producer.send(topic, key=article.id.encode(), value=_value(article))
        producer.flush()
    finally:
        producer.close()
    return sent


def stored_times(engine: Engine, ids: Sequence[str], column: str = "processed_at") -> dict[str, float]:
    """``articles.processed_at`` (stamped by the sink) or ``extracted_at`` (by the extraction agent) per id as a
    POSIX timestamp (SQLite gives it back naive, in UTC)."""
    with engine.connect() as conn:
        rows = conn.execute(select(ArticleRow.id, getattr(ArticleRow, column)).where(ArticleRow.id.in_(list(ids))))
        return {row_id: (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp() for row_id, at in rows}


def percentiles(values: Sequence[float]) -> tuple[float, float, float]:
    """p50, p95, p99 (inclusive method: with few samples they stay within the observed range)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


# --- one run --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreamPlan:
    """What one stream run does."""

    database: str
    workers: int
    partitions: int
    latency_load: float | None  # fraction of this run's throughput to offer for the latency phase
    latency_articles: int
    soak_articles: int = 0  # after the rest, this many articles (the input repeated) for the soak
    latency_rate: float | None = None  # articles/s for the latency phase; overrides latency_load
    # The sink in a worker of its own (EVENTPIPE_WORKER_ROLE=store) beside ``workers`` extract workers,
    # instead of ``workers`` workers that do both
    store_worker: bool = False

    @property
    def roles(self) -> list[str]:
        return ["extract"] * self.workers + ["store"] if self.store_worker else ["all"] * self.workers


def run_stream(plan: StreamPlan, articles: Sequence[Article], words: int, bootstrap: str, work_dir: Path,
               postgres_url: str | None, log: Callable[[str], None] = print) -> StreamResult:
    """Workers on fresh topics and a fresh store; time publish-all to all-stored, then latency, then RSS."""
    name = f"{plan.database}-{plan.workers}w{'s' if plan.store_worker else ''}-{uuid.uuid4().hex[:8]}"
    run_dir = work_dir / name
    topic = f"bench-articles-{name}"
    env = {
        "EVENTPIPE_BROKER_URL": f"kafka://{bootstrap}",
        "EVENTPIPE_APP_ID": f"eventpipe-bench-{name}",
        "EVENTPIPE_TOPIC_ARTICLES": topic,
        "EVENTPIPE_TOPIC_EXTRACTIONS": f"bench-extractions-{name}",
        "EVENTPIPE_TOPIC_DEAD_LETTERS": f"bench-dlq-{name}",
        "EVENTPIPE_TOPIC_PARTITIONS": str(plan.partitions),
    }
    with fresh_store(plan.database, work_dir, name, postgres_url) as url:
        env["EVENTPIPE_DATABASE_URL"] = url
        engine = make_engine(url)
        try:
            with running_workers(plan.roles, env, run_dir) as workers:
                log(f"  {name}: starting worker(s): {', '.join(plan.roles)}")
                wait_assigned(workers)
                stored = warm_up(bootstrap, topic, plan.partitions, articles[0], engine, workers)

                log(f"  {name}: publishing {len(articles)} articles at once")
                cpu_before = [worker.thread_cpu() for worker in workers]
                started = time.perf_counter()
                publish_all(bootstrap, topic, articles)
                timeout = 120 + 10 * len(articles)  # generous: the figure, not a deadline, is the point
                finished = wait_stored(engine, stored + len(articles), workers, timeout)
                seconds = finished - started
                thread_cpu = [{name: round(seconds - before.get(name, 0.0), 2)
                               for name, seconds in sorted(worker.thread_cpu().items()) if seconds > 0}
                              for worker, before in zip(workers, cpu_before, strict=True)]
                stored += len(articles)
                log(f"  {name}: {len(articles) / seconds:.2f} articles/s")

                latency = None
                if plan.latency_load:
                    rate = plan.latency_rate or plan.latency_load * len(articles) / seconds
                    sample = [replace(a, id=f"{a.id}~lat") for a in articles[: plan.latency_articles]]
                    log(f"  {name}: latency, {len(sample)} articles one at a time at {rate:.2f}/s")
                    sent = publish_steady(bootstrap, topic, sample, rate)
                    wait_stored(engine, stored + len(sample), workers, timeout)
                    done = stored_times(engine, list(sent))
                    extracted = stored_times(engine, list(sent), "extracted_at")
                    delays = sorted(done[i] - sent[i] for i in sent)
                    p50, p95, p99 = percentiles(delays)
                    words_of = {a.id: len(a.text.split()) for a in sample}
                    slowest = sorted(((i, words_of[i], done[i] - sent[i], extracted[i] - sent[i]) for i in sent),
                                     key=lambda x: -x[2])[:5]
                    latency = Latency(rate, len(delays), p50, p95, p99, delays[-1], slowest)
                soak = None
                if plan.soak_articles:
                    log(f"  {name}: soak, {plan.soak_articles} articles at once, RSS sampled while they drain")
                    soak = run_soak(bootstrap, topic, articles, plan.soak_articles, engine, workers, stored)
                    stored += soak.articles
                    log(f"  {name}: soak RSS {soak.warm_peak_mb:.0f} MB after warm-up, {soak.end_peak_mb:.0f} MB "
                        "at the end")
                # Read before the workers stop (finally in running_workers): the process must still exist.
                rss = [worker.peak_rss_mb() for worker in workers]
                shares = [int(str((worker.health() or {}).get("articles_in", 0))) for worker in workers]
        finally:
            engine.dispose()
    return StreamResult(plan.database, plan.workers, plan.partitions, len(articles), words, seconds, rss, shares,
                        latency, soak, [round(sum(by_thread.values()), 2) for by_thread in thread_cpu], thread_cpu,
                        plan.store_worker)


def run_soak(bootstrap: str, topic: str, articles: Sequence[Article], count: int, engine: Engine,
             workers: Sequence[Worker], stored: int, every: float = 2.0) -> Soak:
    """Publish ``count`` articles (the input repeated, new ids) at once; sample the RSS of the worker processes
    together (an extract worker and a store worker are one deployment) until all are stored."""
    batch = [replace(articles[i % len(articles)], id=f"{articles[i % len(articles)].id}~soak{i}")
             for i in range(count)]
    started = time.perf_counter()
    publish_all(bootstrap, topic, batch)
    samples: list[tuple[int, float]] = []
    deadline = time.monotonic() + 120 + 10 * count
    while True:
        done = stored_count(engine) - stored
        samples.append((done, sum(worker.rss_mb() for worker in workers)))
        if done >= count:
            break
        _check_alive(workers)
        if time.monotonic() > deadline:
            raise BenchError(f"soak: only {done} of {count} articles stored:\n{workers[0].log_tail()}")
        time.sleep(every)
    seconds = time.perf_counter() - started

    def peak(low: float, high: float) -> float:
        # Articles are stored in batches, so a short soak may have no sample inside a window: then the first
        # sample after its start stands for it.
        inside = [mb for n, mb in samples if low * count <= n <= high * count]
        return max(inside) if inside else next((mb for n, mb in samples if n >= low * count), 0.0)

    return Soak(count, seconds, samples, peak(WARM_SHARE, WARM_SHARE + 0.25), peak(0.75, 1.0))


def start_postgres() -> str:
    """The dev PostgreSQL cluster's URL, starting it if needed (``scripts/postgres.sh`` prints it last)."""
    result = subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "postgres.sh"), "start"],
                            capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise BenchError(f"scripts/postgres.sh start failed:\n{result.stderr[-2000:]}")
    return lines[-1]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
