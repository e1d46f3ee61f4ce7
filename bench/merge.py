"""``python -m bench.merge``: do the reports of one real incident end on one canonical event?

Measured on the shared GVA dev set (``../shared/eval/dev/casualties-gva``, read in place, never
copied): each gold incident lists the local news articles that reported it. The bench extracts those
articles with ``processors.pipeline.extract_batch``, stores them through ``db.store.save_extractions``
in publication order (a fresh SQLite file in a temp dir, or a throwaway schema of ``--database-url``),
as the stream's sink would, and then compares the canonical events with the gold incidents.

Figures (docs/store.md, "How reports become canonical events", says how to read them):

- **merge rate**: the share of incidents (with 2+ articles) whose articles end on exactly one
  canonical event. What an article "ends on" is its *main report*, chosen without looking at the
  linking: among its non-historical reports, those with a casualty figure, else the violent ones
  (CAMEO 18-20), else all; the most confident, then the highest toll, then the earliest in the text.
  An incident counts only when every one of its articles has a main report and all of them share
  one canonical event. Also printed: the looser *any-report* rate (the articles' canonical events,
  over all their reports, have one in common) and the *pairwise* rate (the share of same-incident
  article pairs whose main reports meet), plus the *violent-main* variant (main report chosen among
  violent reports only) and the *follow-up* variant: an article that tells no current violence (a plea, an
  arrest months later, whose shooting the extractor rightly flags as background) ends on the past violence it
  tells, not on its arrest; the main figure counts such an article as unmerged whatever it links.
- **late incidents**: those with an article published more than ``LATE_DAYS`` after the incident's date (court,
  arrest and anniversary stories), which the matching's date window cannot reach, and the merge rate of the late
  ones and of the others apart: a matcher within a week merges at most the others.
- **background stored as news**: the incidents' articles' current violent reports dated more than ``LATE_DAYS``
  after their incident (a court story's shooting dated to the verdict), which a consumer would count twice and on
  the wrong day, and the dead they carry.
- **mixing**: the share of canonical events whose reports come from two gold incidents (two of its
  articles have no gold incident in common); of all canonical events, of those with 2+ articles, and
  of those holding a main report.

Diagnostics: how many main reports have a place (their own, or their article's, as the matcher
uses it), and for every same-incident pair of main reports that did not meet, the first reason found
(no report, different block type, missing or different country, anchor dates more than
``DATE_WINDOW`` apart, places that rule each other out, a score below the threshold, or "would
match": the pair scores enough but the order of arrival, a canonical event's anchor or the
one-article rule kept them apart), with examples, so a change to ``db.canonical`` can be aimed.

By default only the articles of the measured incidents are stored; ``--with-singletons`` adds the
other incidents' articles as distractors (more chances to mix; the GVA set is still far sparser than
a real feed, so a low mixing rate here is a floor, not a promise). Extraction takes 3-4 min on 2
idle cores; ``--cache FILE`` keeps the extractions between runs (re-used when it has every article;
pass ``--refresh`` after a processors/ change). ``--keep-sqlite FILE`` keeps the store to look at.

``--stream`` measures the same figures through the real stream: a broker and one worker of their own,
the articles published in publication order (one partition by default, ``--stream-partitions N``),
extracted and stored by the worker (its sink re-clusters after each batch, as in production); the
figures are computed from the store exactly as in-process. The worker extracts with the current
processors/, so compare it with an in-process run on fresh extractions (``--refresh``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import select

from bench.evaluate import EVAL_DEV, dev_articles
from bench.stream import fresh_store
from db import canonical
from db.migrate import upgrade
from db.models import ArticleRow, EventRow
from db.store import make_engine, save_extractions
from processors.types import Article
from streams.settings import Settings

DEFAULT_SET = "casualties-gva"
VIOLENT = canonical.VIOLENT_ROOTS

# Targets from the issue; reported as met / missed, never asserted.
TARGET_MERGE_RATE = 0.8
TARGET_MIXING = 0.05

Report = dict[str, Any]


@dataclass
class Incident:
    id: str
    article_ids: list[str]
    late: bool = False  # an article appeared more than LATE_DAYS after the incident (a follow-up, a court story)
    day: date | None = None  # the incident's date, when the gold gives it


# Articles published this long after their incident are follow-ups that the matching's date window cannot reach.
LATE_DAYS = 7


@dataclass
class Figures:
    incidents: int = 0
    late: int = 0  # incidents with an article published more than LATE_DAYS after the incident
    merged: int = 0  # every article's main report on one canonical event
    merged_late: int = 0  # ... of the late ones
    merged_violent: int = 0  # same, main report among violent reports only
    merged_follow_ups: int = 0  # same, an article that tells no current violence ending on the past one it tells
    any_shared: int = 0  # the articles' canonical events have one in common
    pairs: int = 0
    pairs_met: int = 0
    article_without_main: int = 0  # incidents with an article that has no (non-historical) report
    canonical_events: int = 0
    multi_article: int = 0
    main_canonical: int = 0
    mixing: int = 0
    mixing_main: int = 0
    mains: int = 0  # articles with a main report
    main_placed_own: int = 0  # ... whose main report names a place
    main_placed: int = 0  # ... or whose article names one in another report
    current_violent: int = 0  # the incidents' articles' current violent reports
    stale: int = 0  # ... dated more than LATE_DAYS after their incident: background stored as news
    stale_killed: int = 0  # the dead those stale reports carry
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


# --- input ----------------------------------------------------------------------------------------


def load(name: str, min_articles: int, with_singletons: bool) -> tuple[list[Incident], list[Article]]:
    """The incidents with ``min_articles``+ articles, and the articles to store (publication order).

    ``with_singletons`` also stores the articles of the other incidents, as distractors that may
    wrongly join (mixing gets harder); the merge rate is still computed on the 2+ incidents only.
    """
    records = {a.id: replace(a, source=a.source or publisher(a.url)) for a in dev_articles(name)}
    gold = [json.loads(line) for line in (EVAL_DEV / f"{name}.gold.jsonl").open(encoding="utf-8")]
    incidents = []
    for g in gold:
        ids = [a for a in g["article_ids"] if a in records]
        day = date.fromisoformat(g["date"][:10]) if g.get("date") else None
        incidents.append(Incident(str(g["id"]), ids, late=_late(day, [records[a] for a in ids]), day=day))
    measured = [i for i in incidents if len(i.article_ids) >= min_articles]
    wanted = {a for i in (incidents if with_singletons else measured) for a in i.article_ids}
    articles = sorted((records[a] for a in wanted), key=lambda a: (published(a), a.id))
    return measured, articles


def _late(day: date | None, articles: Sequence[Article]) -> bool:
    return day is not None and any(
        a.published_at is not None and (a.published_at.date() - day).days > LATE_DAYS for a in articles)


def publisher(url: str | None) -> str | None:
    """The publisher's host; archive.org copies name the original in their path."""
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.netloc.endswith("archive.org") and "/http" in parsed.path:
        return urlparse(parsed.path[parsed.path.index("/http") + 1:]).netloc or parsed.netloc
    return parsed.netloc or None


def published(article: Article) -> datetime:
    when = article.published_at or datetime.min
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def extractions(articles: Sequence[Article], cache: Path | None, refresh: bool, model: str) -> list[dict[str, Any]]:
    """``extract_batch`` over the articles (or the cache when it has them all), as JSON."""
    wanted = {a.id for a in articles}
    if cache and cache.exists() and not refresh:
        cached = {e["article_id"]: e for e in map(json.loads, cache.open(encoding="utf-8"))}
        if wanted <= set(cached):
            print(f"extractions from the cache {cache}", flush=True)
            return [cached[a.id] for a in articles]
        print(f"the cache {cache} lacks {len(wanted - set(cached))} articles: extracting", flush=True)
    from processors.nlp import build_nlp
    from processors.pipeline import extract_batch

    started = time.perf_counter()
    nlp = build_nlp(model)
    out = [extraction.to_json() for extraction in extract_batch(nlp, articles)]
    print(f"extracted {len(out)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("w", encoding="utf-8") as f:
            for item in out:
                f.write(json.dumps(item) + "\n")
    return out


def store(url: str, articles: Sequence[Article], extracted: Sequence[dict[str, Any]], batch: int) -> float:
    """Save in publication order, ``batch`` articles per sink transaction; returns the seconds taken."""
    engine = make_engine(url)
    items = [{"article": {"id": a.id, "url": a.url, "source": a.source, "title": a.title,
                          "published_at": a.published_at.isoformat() if a.published_at else None,
                          "text_chars": len(a.text)}, "extraction": e}
             for a, e in zip(articles, extracted, strict=True)]
    started = time.perf_counter()
    for start in range(0, len(items), batch):
        save_extractions(engine, items[start:start + batch])
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def store_through_stream(url: str, articles: Sequence[Article], partitions: int, work_dir: Path,
                         idle_timeout: float = 600.0) -> float:
    """Publish the articles in publication order to a real broker and let a real worker extract and store
    them (``--stream``); returns the seconds until every article is stored.

    A worker of its own (topics and consumer group named for the run) on a LocalBroker of its own; the
    articles go out keyed by id as ``eventpipe publish`` sends them. With one partition (the default)
    the worker sees them in publication order; with more, in the order the partitions interleave.
    Articles the worker dead-letters are never stored: the wait ends when nothing new was stored for
    ``idle_timeout`` seconds, and the shortfall is printed.
    """
    from bench.stream import local_broker, publish_all, running_workers, stored_count, wait_assigned

    name = f"merge-stream-{int(time.time())}"
    env = {
        "EVENTPIPE_APP_ID": f"eventpipe-bench-{name}", "EVENTPIPE_DATABASE_URL": url,
        "EVENTPIPE_TOPIC_ARTICLES": f"bench-articles-{name}",
        "EVENTPIPE_TOPIC_EXTRACTIONS": f"bench-extractions-{name}", "EVENTPIPE_TOPIC_DEAD_LETTERS": f"bench-dlq-{name}",
        "EVENTPIPE_TOPIC_PARTITIONS": str(partitions),
    }
    engine = make_engine(url)
    try:
        with local_broker(work_dir / "kafka") as bootstrap:
            env["EVENTPIPE_BROKER_URL"] = f"kafka://{bootstrap}"
            with running_workers(["all"], env, work_dir / "run") as workers:
                wait_assigned(workers)
                print(f"worker ready; publishing {len(articles)} articles in publication order", flush=True)
                started = time.perf_counter()
                publish_all(bootstrap, env["EVENTPIPE_TOPIC_ARTICLES"], articles)
                stored, last_change = 0, time.monotonic()
                while stored < len(articles) and time.monotonic() - last_change < idle_timeout:
                    time.sleep(2)
                    if workers[0].proc.poll() is not None:
                        raise RuntimeError(f"the worker exited:\n{workers[0].log_tail()}")
                    now_stored = stored_count(engine)
                    if now_stored != stored:
                        stored, last_change = now_stored, time.monotonic()
                seconds = time.perf_counter() - started
                if stored < len(articles):
                    print(f"only {stored} of {len(articles)} articles stored (the rest dead-lettered?); the "
                          "worker's warnings:", flush=True)
                    lines = workers[0].log_path.read_text(errors="replace").splitlines()
                    print("\n".join(line[:300] for line in lines if "WARN" in line or "ERROR" in line
                                     or "dead" in line.lower())[-6000:], flush=True)
                time.sleep(5)  # the last batch's re-clustering runs after its commit
                return seconds
    finally:
        engine.dispose()


def stored_reports(url: str) -> dict[str, list[Report]]:
    """Every stored report with its article's publication time, by article."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(EventRow.__table__, ArticleRow.published_at, ArticleRow.processed_at)
                            .join(ArticleRow, ArticleRow.id == EventRow.article_id)).mappings().all()
    engine.dispose()
    by_article: dict[str, list[Report]] = defaultdict(list)
    for row in rows:
        by_article[row["article_id"]].append(dict(row))
    return by_article


# --- figures --------------------------------------------------------------------------------------


def main_report(reports: Iterable[Report], violent_only: bool = False, follow_ups: bool = False) -> Report | None:
    """The report an article is about, chosen without looking at its canonical event (module doc).
    ``follow_ups``: an article that tells no current violence is about the past violence it tells, if any."""
    reports = list(reports)
    current = [r for r in reports if not r["historical"]]
    violent = [r for r in current if r["cameo_root"] in VIOLENT]
    if follow_ups and not violent:
        current = violent = [r for r in reports if r["historical"] and r["cameo_root"] in VIOLENT] or current
    if violent_only:
        current = violent
    with_toll = [r for r in current if r["killed_best"] is not None or r["injured_best"] is not None]
    pool = with_toll or violent or current
    if not pool:
        return None
    return min(pool, key=lambda r: (-r["confidence"], -(r["killed_best"] or 0), r["start_char"]))


def news_after(day: date | None, reports: Iterable[Report]) -> tuple[list[Report], list[Report]]:
    """The current violent reports of an incident's articles, and those of them dated more than ``LATE_DAYS`` after
    the incident's ``day``: its background stored as news (a court story's shooting dated to the verdict), which a
    consumer would count twice and on the wrong day."""
    current = [r for r in reports if not r["historical"] and r["cameo_root"] in VIOLENT]
    stale = [r for r in current if day is not None and r["event_date"] is not None
             and (r["event_date"] - day).days > LATE_DAYS]
    return current, stale


def figures(incidents: Sequence[Incident], reports: Mapping[str, list[Report]], examples: int) -> Figures:
    fig = Figures(incidents=len(incidents), late=sum(i.late for i in incidents))
    incident_of: dict[str, set[str]] = defaultdict(set)
    for incident in incidents:
        for article_id in incident.article_ids:
            incident_of[article_id].add(incident.id)
    mains = {a: main_report(rs) for a, rs in reports.items()}
    # Diagnose with the place the matcher used: the report's own, else its article's.
    places = canonical.article_places(r for rs in reports.values() for r in rs)
    matched = {a: canonical.with_article_place(m, places) for a, m in mains.items() if m}
    fig.main_placed = sum(bool(m.get("location_name")) for m in matched.values())
    fig.main_placed_own = sum(bool(m.get("location_name")) for m in mains.values() if m)
    fig.mains = len(matched)
    for incident in incidents:
        chosen = [mains.get(a) for a in incident.article_ids]
        if any(m is None for m in chosen):
            fig.article_without_main += 1
        if all(chosen) and len({m["canonical_id"] for m in chosen if m}) == 1:
            fig.merged += 1
            fig.merged_late += incident.late
        violent = [main_report(reports.get(a, []), violent_only=True) for a in incident.article_ids]
        if all(violent) and len({m["canonical_id"] for m in violent if m}) == 1:
            fig.merged_violent += 1
        past = [main_report(reports.get(a, []), follow_ups=True) for a in incident.article_ids]
        if all(past) and len({m["canonical_id"] for m in past if m}) == 1:
            fig.merged_follow_ups += 1
        current, stale = news_after(incident.day, [r for a in incident.article_ids for r in reports.get(a, [])])
        fig.current_violent += len(current)
        fig.stale += len(stale)
        fig.stale_killed += sum(r["killed_best"] or 0 for r in stale)
        sets = [{r["canonical_id"] for r in reports.get(a, [])} for a in incident.article_ids]
        if all(sets) and set.intersection(*sets):
            fig.any_shared += 1
        for a, b in combinations(incident.article_ids, 2):
            fig.pairs += 1
            first, second = mains.get(a), mains.get(b)
            if first and second and first["canonical_id"] == second["canonical_id"]:
                fig.pairs_met += 1
                continue
            first, second = matched.get(a), matched.get(b)
            reason = why_apart(first, second)
            fig.reasons[reason] += 1
            if len(fig.examples[reason]) < examples:
                fig.examples[reason].append(f"incident {incident.id}: {describe(first)}  |  {describe(second)}")
    articles_of: dict[str, set[str]] = defaultdict(set)
    for article_id, rs in reports.items():
        for r in rs:
            articles_of[r["canonical_id"]].add(article_id)
    main_ids = {m["canonical_id"] for m in mains.values() if m}
    fig.canonical_events = len(articles_of)
    fig.multi_article = sum(len(arts) >= 2 for arts in articles_of.values())
    fig.main_canonical = len(main_ids)
    for canonical_id, arts in articles_of.items():
        groups = [frozenset(incident_of.get(a, {f"other:{a}"})) for a in arts]
        if any(not (x & y) for x, y in combinations(set(groups), 2)):
            fig.mixing += 1
            fig.mixing_main += canonical_id in main_ids
    return fig


def why_apart(a: Report | None, b: Report | None) -> str:
    """The first reason two main reports of one incident are on different canonical events."""
    if a is None or b is None:
        return "an article has no current report"
    if canonical.block_type(a["cameo_root"]) != canonical.block_type(b["cameo_root"]):
        return "different block type"
    country_a, country_b = canonical.report_country(a), canonical.report_country(b)
    if country_a is None or country_b is None:
        return "country missing on one" if country_a or country_b else "country missing on both"
    if country_a != country_b:
        return "different countries"
    seen_a, seen_b = (canonical.aware(r["published_at"] or r["processed_at"]) for r in (a, b))
    anchor_a, anchor_b = canonical.anchor_date(a, seen_a), canonical.anchor_date(b, seen_b)
    if not canonical.within_reach({**a, "anchor_date": anchor_a}, {**b, "anchor_date": anchor_b}):
        return "anchor dates too far apart"
    score = canonical.match_score({**a, "anchor_date": anchor_a}, {**b, "anchor_date": anchor_b})
    if score is None:
        return "places rule each other out"
    if score < canonical.threshold(canonical.block_type(a["cameo_root"])):
        return f"score {score} below threshold"
    return "would match: order, anchor window or one-article rule"


def describe(r: Report | None) -> str:
    if r is None:
        return "(none)"
    seen = canonical.aware(r["published_at"] or r["processed_at"])
    borrowed = "^" if r.get(canonical.FROM_ARTICLE) else ""
    return (f"{r['cameo']} {r['event_date'] or '-'}({r['date_precision'] or '-'}) pub {seen.date()} "
            f"{borrowed}{r['location_name'] or '-'}[{r['location_precision'] or '-'}/{r['location_admin1'] or '-'}/"
            f"{canonical.report_country(r) or '-'}] k={r['killed_best']} i={r['injured_best']} "
            f"{r['source_code'] or '-'}>{r['target_code'] or '-'}")


def render(fig: Figures, articles: int, reports: int, store_seconds: float) -> str:
    def share(n: int, d: int) -> str:
        return f"{n}/{d} = {n / d:.3f}" if d else f"{n}/0"

    met = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    merge_rate = fig.merged / fig.incidents if fig.incidents else 0.0
    mixing_rate = fig.mixing / fig.canonical_events if fig.canonical_events else 0.0
    lines = [
        f"{articles} articles, {reports} reports, stored in {store_seconds:.1f} s; "
        f"{fig.incidents} incidents with 2+ articles",
        "",
        f"merge rate (main reports on one canonical event)   {share(fig.merged, fig.incidents)}   "
        f"target >= {TARGET_MERGE_RATE}: {met(merge_rate >= TARGET_MERGE_RATE)}",
        f"  variant: violent main reports only                {share(fig.merged_violent, fig.incidents)}",
        f"  variant: follow-ups end on the past violence      {share(fig.merged_follow_ups, fig.incidents)}",
        f"  looser: articles share any canonical event        {share(fig.any_shared, fig.incidents)}",
        f"  pairwise: same-incident article pairs that meet   {share(fig.pairs_met, fig.pairs)}",
        f"  incidents with an article more than {LATE_DAYS} days late     {fig.late}: merged "
        f"{share(fig.merged_late, fig.late)}; the others "
        f"{share(fig.merged - fig.merged_late, fig.incidents - fig.late)}",
        f"  incidents with an article without a report        {fig.article_without_main}",
        f"  current violent reports dated over {LATE_DAYS} days after  {share(fig.stale, fig.current_violent)}, "
        f"killed {fig.stale_killed}",
        "    their incident (background stored as news)",
        f"  main reports with a place of their own            {share(fig.main_placed_own, fig.mains)}",
        f"  ... or of their article (another report's)        {share(fig.main_placed, fig.mains)}",
        f"mixing (canonical events holding 2 incidents)       {share(fig.mixing, fig.canonical_events)}   "
        f"target <= {TARGET_MIXING}: {met(mixing_rate <= TARGET_MIXING)}",
        f"  of canonical events with 2+ articles              {share(fig.mixing, fig.multi_article)}",
        f"  of canonical events holding a main report         {share(fig.mixing_main, fig.main_canonical)}",
        "",
        "why same-incident main reports did not meet (pairs; ^ = place taken from the article):",
    ]
    for reason, count in fig.reasons.most_common():
        lines.append(f"  {count:5d}  {reason}")
        lines.extend(f"         {example}" for example in fig.examples.get(reason, []))
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.merge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=DEFAULT_SET, help=f"dev set with incidents (default {DEFAULT_SET})")
    parser.add_argument("--database-url", help="PostgreSQL SQLAlchemy URL: store in a throwaway schema of it "
                                               "(default: a temporary SQLite file)")
    parser.add_argument("--cache", type=Path, help="extractions cache (JSONL), re-used when it has every article")
    parser.add_argument("--refresh", action="store_true", help="extract again even when the cache exists")
    parser.add_argument("--batch", type=int, default=20, help="articles per sink transaction (default 20)")
    parser.add_argument("--min-articles", type=int, default=2, help="incidents measured (default: 2+ articles)")
    parser.add_argument("--with-singletons", action="store_true",
                        help="also store the other incidents' articles, as distractors for mixing")
    parser.add_argument("--examples", type=int, default=3, help="examples printed per reason (default 3)")
    parser.add_argument("--keep-sqlite", type=Path, help="store into this SQLite file (replaced) and keep it, "
                                                        "to look at the canonical events afterwards")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--stream", action="store_true",
                        help="publish the articles in publication order to a real worker (its own broker and "
                             "topics) instead of storing cached extractions in-process")
    parser.add_argument("--stream-partitions", type=int, default=1,
                        help="partitions of the --stream articles topic (default 1: publication order kept)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (EVAL_DEV / f"{args.set}.gold.jsonl").exists():
        print(f"no labelled data at {EVAL_DEV / args.set}: nothing to measure")
        return 0
    incidents, articles = load(args.set, args.min_articles, args.with_singletons)
    if args.stream:
        with tempfile.TemporaryDirectory(prefix="eventpipe-merge-stream-") as work_dir, \
                fresh_store("postgresql" if args.database_url else "sqlite", Path(work_dir),
                            f"merge_stream_{int(time.time())}", args.database_url) as url:
            seconds = store_through_stream(url, articles, args.stream_partitions, Path(work_dir))
            reports = stored_reports(url)
        return report(args, incidents, articles, reports, seconds)
    extracted = extractions(articles, args.cache, args.refresh, Settings().spacy_model)
    if args.keep_sqlite:
        args.keep_sqlite.unlink(missing_ok=True)
        url = f"sqlite:///{args.keep_sqlite}"
        upgrade(url)
        seconds = store(url, articles, extracted, args.batch)
        reports = stored_reports(url)
    else:
        with tempfile.TemporaryDirectory(prefix="eventpipe-merge-") as work_dir, \
                fresh_store("postgresql" if args.database_url else "sqlite", Path(work_dir),
                            f"merge_{int(time.time())}", args.database_url) as url:
            seconds = store(url, articles, extracted, args.batch)
            reports = stored_reports(url)
    return report(args, incidents, articles, reports, seconds)


def report(args: argparse.Namespace, incidents: Sequence[Incident], articles: Sequence[Article],
           reports: Mapping[str, list[Report]], seconds: float) -> int:
    fig = figures(incidents, reports, args.examples)
    print(render(fig, len(articles), sum(map(len, reports.values())), seconds))
    if args.json:
        out = {k: v for k, v in fig.__dict__.items() if k != "examples"}
        out["merge_rate"] = fig.merged / fig.incidents if fig.incidents else None
        out["mixing_rate"] = fig.mixing / fig.canonical_events if fig.canonical_events else None
        args.json.write_text(json.dumps(out, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
