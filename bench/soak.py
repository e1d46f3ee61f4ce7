"""Soak: many articles through one worker, its memory read every ``--every`` seconds (figure 6 of ``python -m bench``).

    .venv/bin/python -m bench.soak                       # 5,000 articles, RSS every 2 s (about an hour on 2 cores)
    .venv/bin/python -m bench.soak --articles 600 --out /tmp/soak.json   # a short check

A broker, a SQLite store and one worker of its own (bench/stream.py), on free ports in a temp dir.
The articles are the shared dev set if present, else seeds/, repeated with new ids to ``--articles``;
all are published at once, so the worker's stream buffer is full the whole time, as in a backlog.
It prints about 20 of the samples (articles stored, the worker's VmRSS in MiB) and the summary.

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
from dataclasses import asdict
from pathlib import Path

from bench.__main__ import load_articles
from bench.stream import (
    Soak,
    fresh_store,
    local_broker,
    run_soak,
    running_workers,
    wait_assigned,
    warm_up,
)
from db.store import make_engine
from processors.types import Article
from streams.broker import ensure_topics
from streams.settings import Settings
from streams.topics import topic_partitions

PARTITIONS = 2


def soak(articles: Sequence[Article], count: int, every: float, work_dir: Path) -> tuple[Soak, float]:
    """Run the soak (``bench.stream.run_soak``, figure 6 of ``python -m bench``) on a SQLite store; returns it
    and the worker's peak RSS (VmHWM, MiB) over the whole run."""
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
        with running_workers(["all"], env, work_dir / "run") as workers:
            wait_assigned(workers)
            before = warm_up(bootstrap, settings.topic_articles, PARTITIONS, articles[0], engine, workers)
            print(f"worker ready, RSS {workers[0].rss_mb():.0f} MiB; publishing {count} articles", flush=True)
            result = run_soak(bootstrap, settings.topic_articles, articles, count, engine, workers[:1], before, every)
            peak = workers[0].peak_rss_mb()
        engine.dispose()
    return result, peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="how many articles (default 5000)")
    parser.add_argument("--every", type=float, default=2.0, help="read RSS every this many seconds (default 2)")
    parser.add_argument("--input", type=Path, help="articles to repeat (default: the shared dev set, else seeds/)")
    parser.add_argument("--out", type=Path, help="write the samples and summary as JSON here")
    args = parser.parse_args(argv)
    _, articles = load_articles(args.input, None, Settings().max_text_chars)
    with tempfile.TemporaryDirectory(prefix="eventpipe-soak-") as work:
        result, peak = soak(articles, args.articles, args.every, Path(work))
    summary = asdict(result) | {"growth_mb": round(result.growth_mb, 1), "peak_rss_mb": round(peak, 1)}
    for stored, rss in result.samples[:: max(1, len(result.samples) // 20)]:
        print(f"{stored:>6} stored  RSS {rss:>7.1f} MiB")
    print(json.dumps({k: v for k, v in summary.items() if k != "samples"}))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
