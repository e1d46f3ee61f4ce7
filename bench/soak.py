"""Soak: many articles through one worker, its memory read every ``--every`` stored articles.

    .venv/bin/python -m bench.soak                       # 5,000 articles, RSS every 500 (about an hour on 2 cores)
    .venv/bin/python -m bench.soak --articles 600 --every 200 --out /tmp/soak.json   # a short check

A broker, a SQLite store and one worker of its own (bench/stream.py), on free ports in a temp dir.
The articles are the shared dev set if present, else seeds/, repeated with new ids to ``--articles``;
all are published at once, so the worker's stream buffer is full the whole time, as in a backlog.
Each line: articles stored, the worker's VmRSS and VmHWM (peak) in MiB, seconds since the publish.

A bounded worker's RSS levels off once warm: the stream buffer holds at most
``EVENTPIPE_STREAM_BUFFER_BYTES`` of messages per stream, and each NLP batch runs in
``nlp.memory_zone()``, so the vocabulary does not grow with every new word. Nothing here asserts
(figures depend on the machine and its load); ``growth_mb`` is the last quarter's peak minus the peak
just after warm-up (the first 20 %), and a leak shows as a growth well beyond the noise.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bench.__main__ import load_articles
from bench.stream import (
    BenchError,
    fresh_store,
    local_broker,
    publish_all,
    running_workers,
    stored_count,
    wait_assigned,
    warm_up,
)
from db.store import make_engine
from processors.types import Article
from streams.broker import ensure_topics
from streams.settings import Settings
from streams.topics import topic_partitions

PARTITIONS = 2
WARM_SHARE = 0.2  # the first 20 % of the articles warm the worker up (model, caches, buffers)


def memory_mb(pid: int, field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak) of a process in MiB, from /proc; 0 where there is none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def soak(articles: Sequence[Article], count: int, every: int, work_dir: Path) -> dict[str, object]:
    """Run the soak; returns the samples and the summary (also printed as it goes)."""
    batch = [replace(articles[i % len(articles)], id=f"{articles[i % len(articles)].id}~soak{i}")
             for i in range(count)]
    with local_broker(work_dir / "kafka") as bootstrap, fresh_store("sqlite", work_dir, "soak", None) as url:
        suffix = f"soak-{int(time.time())}"
        env = {"EVENTPIPE_BROKER_URL": f"kafka://{bootstrap}", "EVENTPIPE_DATABASE_URL": url,
               "EVENTPIPE_APP_ID": f"eventpipe-{suffix}", "EVENTPIPE_TOPIC_ARTICLES": f"articles-{suffix}",
               "EVENTPIPE_TOPIC_EXTRACTIONS": f"extractions-{suffix}",
               "EVENTPIPE_TOPIC_DEAD_LETTERS": f"articles-dlq-{suffix}",
               "EVENTPIPE_TOPIC_PARTITIONS": str(PARTITIONS)}
        settings = Settings(_env_file=None, **{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
        ensure_topics(bootstrap, topic_partitions(settings))
        engine = make_engine(url)
        with running_workers(1, env, work_dir / "run") as workers:
            worker = workers[0]
            wait_assigned(workers)
            before = warm_up(bootstrap, settings.topic_articles, PARTITIONS, articles[0], engine, workers)
            print(f"worker ready, RSS {memory_mb(worker.proc.pid, 'VmRSS'):.0f} MiB; publishing {count} articles",
                  flush=True)
            started = time.monotonic()
            publish_all(bootstrap, settings.topic_articles, batch)
            samples: list[dict[str, float]] = []
            next_mark = every
            deadline = time.monotonic() + 300 + 10 * count
            while next_mark <= count:
                done = stored_count(engine) - before
                if done >= next_mark:
                    sample = {"stored": done, "rss_mb": round(memory_mb(worker.proc.pid, "VmRSS"), 1),
                              "peak_mb": round(memory_mb(worker.proc.pid, "VmHWM"), 1),
                              "seconds": round(time.monotonic() - started, 1)}
                    samples.append(sample)
                    print(f"{sample['stored']:>6} stored  RSS {sample['rss_mb']:>7.1f} MiB  peak "
                          f"{sample['peak_mb']:>7.1f} MiB  {sample['seconds']:>7.1f} s", flush=True)
                    while next_mark <= done:
                        next_mark += every
                    continue
                if worker.proc.poll() is not None:
                    raise BenchError(f"the worker exited:\n{worker.log_tail()}")
                if time.monotonic() > deadline:
                    raise BenchError(f"only {done} of {count} stored in time:\n{worker.log_tail()}")
                time.sleep(1)
        engine.dispose()
    warm = [s["rss_mb"] for s in samples if WARM_SHARE * count <= s["stored"] <= (WARM_SHARE + 0.25) * count]
    end = [s["rss_mb"] for s in samples if s["stored"] >= 0.75 * count]
    summary = {"articles": count, "every": every, "samples": samples,
               "warm_peak_mb": max(warm, default=None), "end_peak_mb": max(end, default=None)}
    if warm and end:
        summary["growth_mb"] = round(max(end) - max(warm), 1)
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="how many articles (default 5000)")
    parser.add_argument("--every", type=int, default=500, help="read RSS every this many stored (default 500)")
    parser.add_argument("--input", type=Path, help="articles to repeat (default: the shared dev set, else seeds/)")
    parser.add_argument("--out", type=Path, help="write the samples and summary as JSON here")
    args = parser.parse_args(argv)
    _, articles = load_articles(args.input, None, Settings().max_text_chars)
    with tempfile.TemporaryDirectory(prefix="eventpipe-soak-") as work:
        summary = soak(articles, args.articles, args.every, Path(work))
    print(json.dumps({k: v for k, v in summary.items() if k != "samples"}))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
