"""The sink alone: stored extraction messages written to a fresh store in sink-sized batches, timed.

    .venv/bin/python -m bench.store make /tmp/messages.jsonl           # extract the dev set once (sink messages)
    .venv/bin/python -m bench.store run /tmp/messages.jsonl --database postgresql --batch 6 --repeat 3
    .venv/bin/python -m bench.store run /tmp/messages.jsonl --database sqlite --dump /tmp/tables.jsonl

``make`` runs the extractor over the articles (the shared dev set, else seeds/) and writes one extraction
message per line, as the extract agent forwards it to the sink. ``run`` writes them through
``streams.handlers.ExtractionSink.write`` (JSON decoding, shape check, ``save_extractions`` with linking,
reconciling and re-clustering) in batches of ``--batch``, into a fresh store per round, and prints the
seconds of the writes alone, the CPU seconds of the process (the sink's own work, less sensitive to other
load than the wall time) and, on PostgreSQL, the CPU seconds of the server backends it used.
``--copies N`` repeats the messages with new article ids (a store that grows, as in a soak). ``--dump`` writes
every stored table, sorted, with canonical ids and the clock made deterministic (ids from a counter, the sink's
clock one millisecond per call), so two versions of the store code can be compared row for row (identical
files = identical canonical events, links and revisions).
``--profile FILE`` writes cProfile stats of the last round's writes.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import Engine, event, select

import db.canonical
import db.store
from bench.stream import fresh_store, start_postgres
from db.models import ArticleRow, CanonicalEventRow, EntityMentionRow, EventRow
from db.store import make_engine
from streams.handlers import ExtractionSink


def make_messages(out: Path, input_path: Path | None, count: int | None) -> int:
    """Extract the articles and write their sink messages, one per line."""
    from bench.__main__ import load_articles
    from processors.nlp import build_nlp
    from processors.pipeline import extract_batch
    from streams.handlers import _sink_message
    from streams.settings import Settings

    settings = Settings()
    _, articles = load_articles(input_path, count, settings.max_text_chars)
    nlp = build_nlp(settings.spacy_model)
    with out.open("wb") as fh:
        for article, extraction in zip(articles, extract_batch(nlp, articles, batch_size=32), strict=True):
            fh.write(_sink_message(article, extraction) + b"\n")
    return len(articles)


def read_messages(path: Path, copies: int) -> list[bytes]:
    """The messages, repeated ``copies`` times with new article ids (``<id>~2``, ...) after the first."""
    base = [line for line in path.read_bytes().splitlines() if line.strip()]
    messages = list(base)
    for copy in range(2, copies + 1):
        for line in base:
            item = orjson.loads(line)
            item["article"]["id"] = f"{item['article']['id']}~{copy}"
            for report in item["extraction"].get("events", []):
                report["event_id"] = hashlib.sha1(f"{report['event_id']}~{copy}".encode()).hexdigest()[:32]
            messages.append(orjson.dumps(item))
    return messages


class _Clock(datetime):
    """``datetime`` whose ``now()`` is a fixed start plus one millisecond per call (deterministic dumps)."""

    ticks = itertools.count()

    @classmethod
    def now(cls, tz: Any = None) -> _Clock:  # type: ignore[override]
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(milliseconds=next(cls.ticks))
        return moment if tz is None else moment.astimezone(tz)  # type: ignore[return-value]


@contextmanager
def deterministic() -> Iterator[None]:
    """Canonical ids from a counter and the sink's clock ticking per call, for row-for-row comparisons."""
    counter = itertools.count(1)
    saved_uuid, saved_datetime = db.canonical.uuid, db.store.datetime
    db.canonical.uuid = SimpleNamespace(uuid4=lambda: uuid.UUID(int=next(counter)))  # type: ignore[assignment]
    _Clock.ticks = itertools.count()
    db.store.datetime = _Clock  # type: ignore[misc]
    try:
        yield
    finally:
        db.canonical.uuid, db.store.datetime = saved_uuid, saved_datetime  # type: ignore[misc]


@dataclass
class Timing:
    """Wall seconds of the writes, CPU seconds of this process, and of the PostgreSQL backends it used."""

    seconds: float
    cpu: float
    server_cpu: float | None
    dead: int


def write_batches(engine: Engine, messages: Sequence[bytes], batch: int) -> Timing:
    """Write the messages through the sink in batches."""
    sink = ExtractionSink(engine)
    backends: dict[int, float] = {}  # PostgreSQL backend pid -> its CPU seconds when first seen
    if engine.dialect.name == "postgresql":
        @event.listens_for(engine, "connect")
        def _backend(dbapi_connection: Any, _record: Any) -> None:
            pid = dbapi_connection.info.backend_pid
            backends.setdefault(pid, _process_cpu(pid))

        engine.dispose()  # connections made from here on are seen
        with engine.connect():
            pass
    dead = 0
    cpu, started = time.process_time(), time.perf_counter()
    for start in range(0, len(messages), batch):
        dead += len(sink.write(messages[start:start + batch]))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    server = sum(_process_cpu(pid) - before for pid, before in backends.items()) if backends else None
    return Timing(seconds, cpu, server, dead)


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process on this machine (0 when it is gone or not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def dump_tables(engine: Engine, out: Path) -> str:
    """Every stored row, sorted, one JSON object a line (entity mentions without their serial id); returns
    the file's sha256."""
    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return round(value, 9)
        return value

    tables = [(ArticleRow, ("id",)), (EventRow, ("event_id",)), (CanonicalEventRow, ("id",)),
              (EntityMentionRow, ("article_id", "start_char", "end_char", "label"))]
    digest = hashlib.sha256()
    with engine.connect() as conn, out.open("w") as fh:
        for model, key in tables:
            columns = [c for c in model.__table__.columns if not (model is EntityMentionRow and c.name == "id")]
            stmt = select(*columns).order_by(*(model.__table__.c[k] for k in key))
            for row in conn.execute(stmt).mappings():
                line = json.dumps({"table": model.__tablename__, **{k: plain(v) for k, v in row.items()}},
                                  sort_keys=True)
                fh.write(line + "\n")
                digest.update(line.encode())
    return digest.hexdigest()


def run(args: argparse.Namespace) -> int:
    messages = read_messages(args.messages, args.copies)
    postgres_url = args.postgres_url or (start_postgres() if args.database == "postgresql" else None)
    rounds = []
    for round_no in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="eventpipe-bench-store-") as work, \
                fresh_store(args.database, Path(work), f"store-{round_no}-{int(time.time())}", postgres_url) as url:
            engine = make_engine(url)
            profiler = cProfile.Profile() if args.profile and round_no == args.repeat else None
            with deterministic() if args.dump else _nothing():
                if profiler:
                    profiler.enable()
                timing = write_batches(engine, messages, args.batch)
                if profiler:
                    profiler.disable()
                    profiler.dump_stats(str(args.profile))
            rounds.append(timing)
            server = f", server CPU {timing.server_cpu:.2f} s" if timing.server_cpu is not None else ""
            line = f"round {round_no}: {len(messages)} messages in batches of {args.batch}, {args.database}: " \
                   f"{timing.seconds:.2f} s ({len(messages) / timing.seconds:.1f} articles/s), " \
                   f"sink CPU {timing.cpu:.2f} s{server}, {timing.dead} dead letters"
            if args.dump and round_no == args.repeat:
                line += f", tables sha256 {dump_tables(engine, args.dump)[:16]} -> {args.dump}"
            print(line, flush=True)
            engine.dispose()
    print(json.dumps({"database": args.database, "batch": args.batch, "messages": len(messages),
                      "seconds": [round(t.seconds, 3) for t in rounds], "cpu": [round(t.cpu, 3) for t in rounds],
                      "server_cpu": [t.server_cpu and round(t.server_cpu, 3) for t in rounds],
                      "best": round(min(t.seconds for t in rounds), 3),
                      "best_cpu": round(min(t.cpu for t in rounds), 3)}))
    return 0


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make", help="extract the articles once and write their sink messages")
    make.add_argument("out", type=Path)
    make.add_argument("--input", type=Path, help="articles (default: the shared dev set, else seeds/)")
    make.add_argument("--articles", type=int, help="how many articles (cut, or repeated with new ids)")
    timed = commands.add_parser("run", help="write the messages to a fresh store in sink-sized batches, timed")
    timed.add_argument("messages", type=Path)
    timed.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    timed.add_argument("--postgres-url", help="PostgreSQL URL (default: scripts/postgres.sh start)")
    timed.add_argument("--batch", type=int, default=6, help="messages per sink batch (default 6)")
    timed.add_argument("--copies", type=int, default=1, help="write the messages this many times, new ids")
    timed.add_argument("--repeat", type=int, default=1, help="rounds, each into a fresh store")
    timed.add_argument("--dump", type=Path, help="deterministic ids and clock; write the tables here (last round)")
    timed.add_argument("--profile", type=Path, help="cProfile stats of the last round's writes")
    args = parser.parse_args(argv)
    if args.command == "make":
        print(f"{make_messages(args.out, args.input, args.articles)} messages -> {args.out}")
        return 0
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
