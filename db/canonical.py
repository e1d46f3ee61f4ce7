"""Canonical events: link every report (a row of ``events``) to one real-world event and reconcile.

Runs inside the sink's transaction (``db.store.save_extractions``). Streaming-friendly: a report is
compared only with canonical events of its *block* (type family + country + anchor date within
``DATE_WINDOW`` days), one indexed query per article for the blocks of its new reports, so blocks
never look at each other.
The rules and their limits are documented in docs/store.md; keep the two in step.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, Select, and_, bindparam, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from db.models import ArticleRow, CanonicalEventRow, EntityMentionRow, EventRow
from processors.gazetteer import county_states, find_place, population_at, town_counties, town_in_county

# CAMEO 18 (assault), 19 (fight) and 20 (mass violence) describe the same attack in different
# reports often enough ("bombing" vs "clashes") that they form one block; other roots block alone.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
DATE_WINDOW = 2  # days either side of a report's anchor date in which candidates are looked for
# A violent report that tells no date happened on or before the day it was reported: a follow-up ("police
# arrested a man in the shooting that killed ...") comes days later. It is one incident with an event of its town
# (not of a city of millions, which has shootings every day, nor of no place) with the same dead told up to this
# many days before its day.
UNDATED_LOOKBACK_DAYS = 7
MATCH_THRESHOLD = 3  # the smallest score that links a report to an existing canonical event
# Events without violence carry no figures to agree on, and "police said" or "the mayor met" happens every
# day in every city: a town and one actor (3 points) is a coincidence there, so they need one point more.
QUIET_THRESHOLD = 4
NEAR_KM = 25.0  # two city-level places this close are the same place
BIG_CITY_PEOPLE = 1_000_000  # a city this large is weaker evidence of one incident (1 point, not a town's 2)
TOWN_POINTS = 2  # ``_place_evidence`` of one town (or a town and its county), not of a city of millions
# A US town this small (or one the city index does not know) has a shooting a month or fewer: violence its local news
# tells without a date within UNDATED_LOOKBACK_DAYS after one of its shootings is most likely that one again.
SMALL_TOWN_PEOPLE = 50_000
LOCK_BUCKET_DAYS = 7  # PostgreSQL advisory locks cover (block, week) so concurrent workers serialise
LATEST_HOURS = 24  # the "latest reports" whose figures decide the best estimate
COARSE_PRECISIONS = frozenset({"country", "admin1"})
PLACE_COLUMNS = ("location_name", "location_country", "location_admin1", "location_lat", "location_lon",
                 "location_precision")
# A report whose place the article gives elsewhere carries this key (never stored): its place is
# evidence for a match, but a weaker one than the report's own (it may be another incident's).
FROM_ARTICLE = "place_from_article"
# What matching (``evidence``) reads of a canonical event or a report.
MATCH_COLUMNS = (*PLACE_COLUMNS, "event_date", "date_precision", "historical", "source_code", "source_country",
                 "target_code", "target_country", "killed_best", "injured_best", "sentence")
# What reconciling (``_reconciled``) and matching read of a report: ``_reports_of`` selects only these
# (not the evidence texts, roles, offsets, ...), so a batch touching events of many reports stays small.
REPORT_COLUMNS = (*dict.fromkeys((
    "event_id", "article_id", "canonical_id", "cameo", "cameo_root", "plover", "quad_class", "goldstein",
    "historical", "confidence", "source_text", "target_text", "killed_low", "killed_high", "injured_low",
    "injured_high", *MATCH_COLUMNS)),)
# Re-clustering also merges two violent events whose articles name the same person in no office (a victim,
# a suspect): follow-up and court stories tell the shooting weeks later without its date. Within this many
# days of each other's anchor; two events that both give their day may differ by FOLLOW_UP_DAYS at most
# (a follow-up reads "Saturday" against its own publication date); an event that tells no date at all (a plea,
# a sentence months later, anchored on its publication) may lie UNDATED_PEOPLE_WINDOW_DAYS from the other.
PEOPLE_WINDOW_DAYS = 120
UNDATED_PEOPLE_WINDOW_DAYS = 365
FOLLOW_UP_DAYS = 7
SAME_DEAD_AT_LEAST = 2  # the toll two events of the same people must both give to join beyond FOLLOW_UP_DAYS
# An article that tells one incident twice (the extractor kept two accounts apart) can leave its second account
# on a canonical event of its own, an echo; re-clustering merges an echo into the event whose articles include
# all of the echo's, with at least one more, when the two score this many points above the block's threshold.
ECHO_MARGIN = 2
# Roles of people named for their office: a police spokesman, a mayor, a coroner, a principal appear in
# story after story of their town, so their names tell no incident apart; so does an activist (OPP: 'Andrew
# Holmes, a community activist', quoted after shooting after shooting in Chicago).
OFFICE_ROLES = frozenset("COP GOV JUD MIL MED HLH LEG EDU BUS LAB IGO AGR REF PTY OPP".split())
# Words that make a "PERSON" the small model tagged a place or an institution ("Stroger Hospital").
_NOT_A_PERSON = re.compile(r"\b(?:hospital|medical|center|centre|memorial|county|police|department|school|street|"
                           r"avenue|park|university|college|church|road|court|office|news|station|mall|apartments?)\b",
                           re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# A street as an entity names it: 'Gilmer Street', 'the 400 block of W. Gilmer St.', 'North Rio Vista Drive'.
STREET_KINDS = {"st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "dr": "drive", "blvd": "boulevard",
                "ln": "lane", "pkwy": "parkway", "cir": "circle", "pl": "place", "hwy": "highway"}
MAX_STREETS = 2  # an article naming more streets is a round-up or gives directions: its streets key nothing
STREET_NAME = re.compile(
    r"(?:the\s+)?(?:\d+\s+block\s+of\s+|\d+[A-Za-z]?\s+)?(?:(?:North|South|East|West|[NSEW])\.?\s+)?"
    r"(?P<name>[A-Z0-9][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})\s+"
    r"(?P<kind>Street|Avenue|Road|Drive|Boulevard|Lane|Parkway|Circle|Place|Highway|Trail|Terrace|"
    r"St\.?|Ave\.?|Av\.|Rd\.?|Dr\.?|Blvd\.?|Ln\.?|Pkwy\.?|Cir\.?|Pl\.?|Hwy\.?)")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'\u2019-]*[a-z]")  # 'Keon', 'McCowan', "O'Neal"; not 'CBS'
# Canonical ids are uuid5 names of the founding report's id in this namespace (``_founding_ids``).
CANONICAL_NAMESPACE = uuid.UUID("6f1c2a9e-5d3b-4e8a-9c27-0b8d4e6f3a15")
# Canonical events whose reports ``reconcile`` reads at once: bounds a batch's memory.
REPORTS_CHUNK = 100

Row = dict[str, Any]

log = logging.getLogger(__name__)

# The reconciled columns: any change among them bumps ``revision`` and ``updated_at``.
RECONCILED = (
    "block_type", "country", "anchor_date", "event_date", "date_precision", "historical", "cameo",
    "cameo_root", "plover", "quad_class", "goldstein", "source_text", "source_code", "source_country",
    "target_text", "target_code", "target_country", "location_name", "location_country", "location_admin1",
    "location_lat", "location_lon", "location_precision", "killed_low", "killed_best", "killed_high",
    "injured_low", "injured_best", "injured_high", "confidence", "sentence", "report_count", "article_count",
    "source_count", "first_seen", "last_seen",
)


def block_type(cameo_root: str) -> str:
    return "violence" if cameo_root in VIOLENT_ROOTS else cameo_root


def threshold(block: str) -> int:
    """The smallest score that makes two reports of this block type one event."""
    return MATCH_THRESHOLD if block == "violence" else QUIET_THRESHOLD


def report_country(row: Mapping[str, Any]) -> str | None:
    """Where the event happened: the place's country, else the target's, else the source's."""
    return row.get("location_country") or row.get("target_country") or row.get("source_country")


def anchor_date(row: Mapping[str, Any], seen: datetime) -> date:
    """The date a report is blocked on: the event's date when known, else when it was reported."""
    return row.get("event_date") or seen.date()


def article_places(rows: Iterable[Mapping[str, Any]]) -> dict[str, Row]:
    """Each article's own place: the place its current reports name most often, for reports naming none.

    A local news story names its town once (the dateline, the first sentence) and then tells the
    shooting in sentences without a place; the extractor places only the events of the sentences
    that name one. Ties go to the more precise place, then to the one named first.
    """
    votes: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    first: dict[tuple[str, tuple[Any, ...]], tuple[int, int]] = {}
    for row in rows:
        if row.get("historical") or not row.get("location_name"):
            continue
        place = tuple(row.get(k) for k in PLACE_COLUMNS)
        votes[row["article_id"]][place] += 1
        key = (row["article_id"], place)
        first[key] = min(first.get(key, (_precision_rank(row), row.get("start_char") or 0)),
                         (_precision_rank(row), row.get("start_char") or 0))
    return {article_id: dict(zip(PLACE_COLUMNS, max(counted, key=lambda p: (
                counted[p], -first[(article_id, p)][0], -first[(article_id, p)][1])), strict=True))
            for article_id, counted in votes.items()}


def with_article_place(row: Row, places: Mapping[str, Row]) -> Row:
    """The report as matched: its own place, else its article's place (marked ``FROM_ARTICLE``)."""
    place = places.get(row["article_id"])
    if row.get("location_name") or place is None:
        return row
    return {**row, **place, FROM_ARTICLE: True}


def link_reports(conn: Connection, reports: list[Row], previous: Mapping[str, tuple[str | None, int | None]],
                 seen: Mapping[str, datetime], now: datetime) -> set[str]:
    """Set ``canonical_id`` and ``match_score`` on each report row; returns the canonical ids touched.

    A report already stored under the same deterministic id keeps its canonical event (a re-sent or
    replayed article changes nothing); a new report is matched within its block or founds a new one.
    Two reports of one article never share a canonical event: the extractor already merged those.
    """
    used: dict[str, set[str]] = defaultdict(set)
    fresh: list[Row] = []
    for row in reports:
        canonical_id, score = previous.get(row["event_id"], (None, None))
        if canonical_id:
            row["canonical_id"], row["match_score"] = canonical_id, score
            used[row["article_id"]].add(canonical_id)
        else:
            fresh.append(row)
    places = article_places(reports)  # ``reports`` holds every current report of the batch's articles
    matched = {id(row): with_article_place(row, places) for row in fresh}
    _lock_blocks(conn, matched.values(), seen)
    by_article: dict[str, list[Row]] = defaultdict(list)
    for row in fresh:
        by_article[row["article_id"]].append(row)
    for article_id, rows in by_article.items():
        when = seen[article_id]
        candidates = _candidates(conn, [matched[id(row)] for row in rows], when)
        # One article often tells one incident in several events: the reports that carry casualty
        # figures (the incident itself, usually) choose first, then the more confident ones; each
        # takes its best-scoring candidate that no report of the article holds yet.
        pairs = sorted((_priority(row), -score, age, i, cand_id) for i, row in enumerate(rows)
                       for age, (cand_id, score) in enumerate(candidates[i]))
        for _priority_key, neg_score, _age, i, cand_id in pairs:
            row = rows[i]
            if "canonical_id" not in row and cand_id not in used[article_id]:
                row["canonical_id"], row["match_score"] = cand_id, -neg_score
                used[article_id].add(cand_id)
        founders = [row for row in rows if "canonical_id" not in row]
        ids = _founding_ids(conn, [row["event_id"] for row in founders])
        founded = [_founding(matched[id(row)], canonical_id, when, now)
                   for row, canonical_id in zip(founders, ids, strict=True)]
        for row, canonical in zip(founders, founded, strict=True):
            row["canonical_id"], row["match_score"] = canonical["id"], None
        if founded:  # one statement for the article's new events, before the next article looks for candidates
            conn.execute(CanonicalEventRow.__table__.insert(), founded)
    return {row["canonical_id"] for row in reports}


def _priority(row: Mapping[str, Any]) -> tuple[bool, float, int, int]:
    """The article's main account first: with a casualty figure, most confident, highest toll, first told."""
    return (not _has_figures(row), -row.get("confidence", 0.5), -(row.get("killed_best") or 0),
            row.get("start_char") or 0)


def _has_figures(row: Mapping[str, Any]) -> bool:
    return row.get("killed_best") is not None or row.get("injured_best") is not None


def _candidates(conn: Connection, rows: list[Row], seen: datetime) -> list[list[tuple[str, int]]]:
    """For each report of one article: the canonical events of its block scoring at least the block's
    ``threshold``, oldest first. One query for all the reports' blocks (``_blocks``): the reports of one article are
    matched before any of them founds an event, so they all see the same canonical events.

    A town alone (2 points) is not enough, even when the block holds a single event in that town:
    on the dev shootings one such link in four to two in five was wrong (docs/store.md).
    """
    by_block: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_block[(block_type(row["cameo_root"]), report_country(row))].append(i)
    found: list[list[tuple[str, int]]] = [[] for _ in rows]
    anchors = [anchor_date(row, seen) for row in rows]
    reach = {key: [day for i in members for day in _reach(rows[i], anchors[i])] for key, members in by_block.items()}
    blocks = _blocks(conn, "candidates", reach)
    for key, members in by_block.items():
        block, enough = blocks.get(key, []), threshold(key[0])
        for i in members:
            dated = {**rows[i], "anchor_date": anchors[i]}  # the day an undated violent report is guessed on
            near = (cand for cand in block if within_reach(dated, cand))
            scored = ((cand["id"], match_score(dated, cand)) for cand in near)
            found[i] = [(cand_id, score) for cand_id, score in scored if score is not None and score >= enough]
    return found


def within_reach(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two reports or events may be one incident by their anchor days: within DATE_WINDOW of each other, or
    the later one a violent account that tells no date, within UNDATED_LOOKBACK_DAYS after the other, both telling
    the same dead in one town, or figures that agree in one small town (``_same_dead_in_town``)."""
    days = (b["anchor_date"] - a["anchor_date"]).days
    if _older_background(a, b) or _older_background(b, a):
        return False
    if abs(days) <= DATE_WINDOW:
        return True
    later = b if days > 0 else a
    return abs(days) <= UNDATED_LOOKBACK_DAYS and _undated_violence(later) and _same_dead_in_town(a, b)


def _older_background(told: Mapping[str, Any], background: Mapping[str, Any]) -> bool:
    """``background`` is violence its article told without a date as background ('follows a shooting last week'),
    and ``told`` one told to a day no earlier than DATE_WINDOW days before that article: background is older news."""
    if not background.get("historical") or background.get("date_precision") is not None \
            or told.get("date_precision") != "day" or told.get("historical"):
        return False
    return 0 <= (background["anchor_date"] - told["anchor_date"]).days <= DATE_WINDOW


def _undated_violence(row: Mapping[str, Any]) -> bool:
    kind = row.get("block_type") or block_type(row["cameo_root"])
    return kind == "violence" and row.get("date_precision") is None and not row.get("historical")


def _same_dead_in_town(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same dead (a death brings the follow-up, an arrest or a name; one wounded is every week's news of a city)
    in the same town; in a small town (``_small_towns``), figures that do not disagree (a boy wounded, then a
    follow-up that tells no figure)."""
    if _place_evidence(a, b) != TOWN_POINTS:
        return False
    killed = a.get("killed_best")
    if killed and killed == b.get("killed_best"):
        return True
    return _small_towns(a, b) and all(_counts_agree(a.get(f"{kind}_best"), b.get(f"{kind}_best")) != -1
                                      for kind in ("killed", "injured"))


def _small_towns(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Both are placed in one US town, by its name, of fewer than SMALL_TOWN_PEOPLE people (a town the city index
    does not list is smaller than any it does); not two places near each other (a city's neighbourhood and a suburb).
    US only: what was measured is US local news (GVA); a small town in a war has attacks every week."""
    return _norm(a.get("location_name")) == _norm(b.get("location_name")) and all(
        row.get("location_precision") == "city" and row.get("location_country") == "USA" and population_at(
            row["location_name"], row.get("location_lat"), row.get("location_lon")) < SMALL_TOWN_PEOPLE
        for row in (a, b))


def _reach(row: Mapping[str, Any], anchor: date) -> tuple[date, date]:
    """The first and last anchor days of the canonical events that may be this report's candidates
    (``within_reach``)."""
    days = UNDATED_LOOKBACK_DAYS if block_type(row["cameo_root"]) == "violence" else DATE_WINDOW
    return anchor - timedelta(days=days), anchor + timedelta(days=days)


def _blocks(conn: Connection, query: str, anchors: Mapping[tuple[str, str | None], list[date]],
            ) -> dict[tuple[str, str | None], list[Row]]:
    """The active canonical events of these blocks ((type, country) -> the anchor dates looked for), anchored
    within DATE_WINDOW days of the block's anchors, by block, in the order of ``query`` ("candidates": as
    ``_candidates`` ranks them; "partners": oldest first). One query for all the blocks: each canonical event is
    in one block, so each block's rows keep the query's order.

    The blocks with no country come first, each group repeated up to a power of two (a repeated condition
    selects nothing more), so the statement takes one of a few shapes, each built and compiled once
    (``_blocks_statement``): building the conditions and their cache key anew cost ~4 ms a query.
    """
    window = timedelta(days=DATE_WINDOW)
    ranges = sorted(((kind, country, min(dates) - window, max(dates) + window)
                     for (kind, country), dates in anchors.items()), key=lambda r: (r[1] is not None, r[:2]))
    without_country = _padded([r for r in ranges if r[1] is None])
    with_country = _padded([r for r in ranges if r[1] is not None])
    params: dict[str, Any] = {}
    for i, (kind, country, low, high) in enumerate([*without_country, *with_country]):
        params |= {f"kind_{i}": kind, f"low_{i}": low, f"high_{i}": high}
        if country is not None:
            params[f"country_{i}"] = country
    stmt = _blocks_statement(query, len(without_country), len(with_country))
    found: dict[tuple[str, str | None], list[Row]] = defaultdict(list)
    for row in conn.execute(stmt, params).mappings():
        found[(row["block_type"], row["country"])].append(dict(row))
    return found


@lru_cache(maxsize=64)
def _blocks_statement(query: str, without_country: int, with_country: int) -> Select[Any]:
    """The statement of ``_blocks`` for this many blocks without and with a country (parameters: kind_i,
    country_i, low_i, high_i)."""
    c = CanonicalEventRow
    conditions = [and_(c.block_type == bindparam(f"kind_{i}"),
                       c.country.is_(None) if i < without_country else c.country == bindparam(f"country_{i}"),
                       c.anchor_date.between(bindparam(f"low_{i}"), bindparam(f"high_{i}")))
                  for i in range(without_country + with_country)]
    if query == "partners":
        return select(*_PARTNER_COLUMNS).where(c.status == "active", or_(*conditions)).order_by(
            c.created_at, c.first_seen, c.id)
    # Ties go to the oldest canonical event; events founded in one batch share created_at (often the
    # pieces of one article), so the earliest reported, then one with a toll, then the most confident,
    # then the highest killed decide before the (random) id: the piece an article's main account
    # founded (chosen as bench.merge chooses an article's main report), and reproducible runs.
    return select(*_CANDIDATE_COLUMNS).where(c.status == "active", or_(*conditions)).order_by(
        c.created_at, c.first_seen, and_(c.killed_best.is_(None), c.injured_best.is_(None)),
        c.confidence.desc(), c.killed_best.is_(None), c.killed_best.desc(), c.sentence, c.id)


def _padded(items: list[Any]) -> list[Any]:
    """The items, the last one repeated up to the next power of two (none stay none)."""
    return items + items[-1:] * ((1 << (len(items) - 1).bit_length()) - len(items)) if items else items


_CANDIDATE_COLUMNS = tuple(CanonicalEventRow.__table__.c[k] for k in dict.fromkeys((
    "id", "block_type", "country", "anchor_date", *MATCH_COLUMNS)))


def match_score(report: Mapping[str, Any], canonical: Mapping[str, Any]) -> int | None:
    """Evidence that a report describes the canonical event; None when the places rule it out.

    The sum of ``evidence``'s points, computed without building them: the sink scores every candidate of
    a block this way (tens of thousands of pairs per batch), so this is its hottest Python. The two must
    agree (tests/test_canonical.py checks it on many pairs): change both, or neither.
    """
    place = _place_evidence(report, canonical)
    if place is None:
        return None
    score = place
    mine_get, theirs_get = report.get, canonical.get
    day = _date_points(report, canonical, place)
    if day is not None:
        score += day
    for code, country in (("source_code", "source_country"), ("target_code", "target_country")):
        mine, theirs = mine_get(code), theirs_get(code)
        if mine and theirs:
            if mine == theirs:
                score += 1
            else:
                mine_country, their_country = mine_get(country), theirs_get(country)
                if mine_country is not None and their_country is not None and mine_country != their_country:
                    score -= 1
    killed, their_killed = mine_get("killed_best"), theirs_get("killed_best")
    injured, their_injured = mine_get("injured_best"), theirs_get("injured_best")
    counts = _counts_agree(killed, their_killed)
    injured_counts = _counts_agree(injured, their_injured)
    if counts is None:
        counts = injured_counts
    elif counts == 1 and injured_counts == -1:
        counts = 0  # one killed in both, but 8 wounded and 1: two shootings of one night
    if counts is not None:
        score += counts
    if killed is not None and killed == their_killed and injured is not None and injured == their_injured \
            and (killed or injured):
        score += 1
    sentence = _norm(mine_get("sentence"))
    if len(sentence) >= 20 and sentence == _norm(theirs_get("sentence")):
        score += 3
    return score


def _date_points(a: Mapping[str, Any], b: Mapping[str, Any], place: int) -> int | None:
    """Days as evidence: +1 the same day, 0 a day apart, -1 further apart; None when either has no day.

    A violent report that tells no date is taken as of the day it was reported (its anchor): local news
    tells a shooting the day it happens or the morning after ("police are investigating a shooting that left
    one man dead"). That day is a guess: it agrees (+1) with a day another report tells that is the same day or
    the day before, never with another guess (two undated shootings reported in one town on one day are as
    likely two), only where the places agree (``place`` points above 0: the guess stands for a town's news of the
    day; two reports that name no place share no town), and it is never evidence against (0). In one small town
    (``_small_towns``) it agrees with a day up to UNDATED_LOOKBACK_DAYS before: a follow-up of its week's shooting.
    """
    day_a, guessed_a = _evidence_day(a)
    day_b, guessed_b = _evidence_day(b)
    if day_a is None or day_b is None:
        return None
    if guessed_a or guessed_b:
        if (guessed_a and guessed_b) or place <= 0:
            return 0
        reported, told = (day_a, day_b) if guessed_a else (day_b, day_a)
        reach = UNDATED_LOOKBACK_DAYS if place == TOWN_POINTS and _small_towns(a, b) else 1
        return 1 if 0 <= (reported - told).days <= reach else 0
    days = abs((day_a - day_b).days)
    return 1 if days == 0 else 0 if days == 1 else -1


def _evidence_day(row: Mapping[str, Any]) -> tuple[date | None, bool]:
    """The day a row is dated by for evidence, and whether it is guessed: its own day, else (a violent row
    that tells no date) its anchor date or, for a stored report, the day it was reported. Not for background told
    without a date ('follows a shooting last week'): that was before the day it was reported."""
    precision = row.get("date_precision")
    if precision == "day":
        return row.get("event_date"), False
    if precision is None and not row.get("historical") and (
            row.get("block_type") == "violence" or row.get("cameo_root") in VIOLENT_ROOTS):
        anchor = row.get("anchor_date") or (row["seen"].date() if row.get("seen") else None)
        return anchor, True
    return None, False


def evidence(report: Mapping[str, Any], canonical: Mapping[str, Any]) -> dict[str, int] | None:
    """The points of each kind of evidence (docs/store.md has the table); None when the places rule it out."""
    place = _place_evidence(report, canonical)
    if place is None:
        return None
    points = {"place": place}
    day = _date_points(report, canonical, place)
    if day is not None:
        points["date"] = day
    for side in ("source", "target"):
        mine, theirs = report.get(f"{side}_code"), canonical.get(f"{side}_code")
        if mine and theirs:
            # Outlets name the same people differently ("a man", "a bystander", "an officer"), so a
            # different role is no evidence; actors of different countries are.
            countries = {report.get(f"{side}_country"), canonical.get(f"{side}_country")}
            points[side] = 1 if mine == theirs else -1 if None not in countries and len(countries) == 2 else 0
    # Casualty figures: killed when both give it, else injured (one count of evidence, not two).
    counts = _counts_agree(report.get("killed_best"), canonical.get("killed_best"))
    injured_counts = _counts_agree(report.get("injured_best"), canonical.get("injured_best"))
    if counts is None:
        counts = injured_counts
    elif counts == 1 and injured_counts == -1:
        counts = 0  # the same killed, wounded far apart
    if counts is not None:
        points["counts"] = counts
    figures = [(report.get(f"{kind}_best"), canonical.get(f"{kind}_best")) for kind in ("killed", "injured")]
    if all(None not in pair and pair[0] == pair[1] for pair in figures) and any(mine for mine, _ in figures):
        points["both_figures"] = 1  # the same killed *and* injured: rarely a coincidence
    sentence = _norm(report.get("sentence"))
    if len(sentence) >= 20 and sentence == _norm(canonical.get("sentence")):
        points["sentence"] = 3  # a reprint or the same wire copy
    return points


def _place_evidence(a: Mapping[str, Any], b: Mapping[str, Any]) -> int | None:
    name_a, name_b = a.get("location_name"), b.get("location_name")
    if not name_a or not name_b:
        return 0
    same_name = name_a == name_b or _norm(name_a) == _norm(name_b)
    if a.get("location_precision") not in COARSE_PRECISIONS and b.get("location_precision") not in COARSE_PRECISIONS:
        # Two city-level places: the same place, or two different incidents; a place taken from the
        # article (not from the report's own sentence) may be another incident's: evidence, no veto.
        if same_name or (_km(a, b) <= NEAR_KM and not _separate_towns(a, b)):
            # a city of millions has shootings every day: its name tells two reports apart less than a town's
            return 1 if _big_city(a) or _big_city(b) else 2
        return -1 if a.get(FROM_ARTICLE) or b.get(FROM_ARTICLE) else None
    if _different_states(a, b) or (not same_name and _separate_towns(a, b)):
        # 'Brown County, Wisconsin' and Philadelphia; 'Indiana' and 'Missouri'; Pine Bluff and a town the gazetteer
        # does not know, placed in its state (Mountainburg, Arkansas)
        return -1 if a.get(FROM_ARTICLE) or b.get(FROM_ARTICLE) else None
    contained = _town_in_county(a, b) if _is_county(name_b) else _town_in_county(b, a) if _is_county(name_a) else None
    if contained is not None:
        # A town and the county it lies in are one place (one outlet names the town, another the sheriff's
        # county); a town outside the county is another place, as two towns far apart are.
        if contained:
            return 2
        return -1 if a.get(FROM_ARTICLE) or b.get(FROM_ARTICLE) else None
    if same_name and _is_county(name_a):
        return 2  # 'Navarro County' in both: an area like a town's, not a state's
    if _is_county(name_a) and _is_county(name_b) and a.get("location_admin1") == b.get("location_admin1"):
        # two counties of one state do not overlap: Travis County and Brewster County are two places
        return -1 if a.get(FROM_ARTICLE) or b.get(FROM_ARTICLE) else None
    if same_name or (a.get("location_admin1") and a.get("location_admin1") == b.get("location_admin1")):
        return 1
    return 0


def _separate_towns(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two US towns whose ZIP codes lie in no common county: two places however near (Newark and Paterson; Memphis
    and Horn Lake, Mississippi), also a town the gazetteer does not know, placed in its state. Not a city of
    millions: New York's boroughs are counties of their own, and USPS names Brooklyn apart from New York."""
    if a.get("location_country") != "USA" or b.get("location_country") != "USA" or _big_city(a) or _big_city(b):
        return False
    counties_a, counties_b = _town_counties(a), _town_counties(b)
    if not counties_a or not counties_b:
        return False  # a county, a state, or a town the ZIP code list does not know: nothing to tell them apart
    return not counties_a & counties_b


def _town_counties(row: Mapping[str, Any]) -> frozenset[str] | None:
    name, state = row.get("location_name"), row.get("location_admin1")
    if not name or not state or _is_county(name) or _norm(name) == _norm(state):
        return None  # a county or a state is no town
    return town_counties(name, state)


def _big_city(row: Mapping[str, Any]) -> bool:
    name, lat, lon = row.get("location_name"), row.get("location_lat"), row.get("location_lon")
    return bool(name) and lat is not None and population_at(name, lat, lon) >= BIG_CITY_PEOPLE


def _different_states(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Both places lie in one country, each in a known first-level division (a state), and those differ. A US
    county whose state the story did not tell lies in one of the states that have a county of that name ('Clayton
    County' is Georgia's or Iowa's, so not in Florida)."""
    if not a.get("location_country") or a.get("location_country") != b.get("location_country"):
        return False
    states_a, states_b = _possible_states(a), _possible_states(b)
    return bool(states_a and states_b and not states_a & states_b)


def _town_in_county(town: Mapping[str, Any], county: Mapping[str, Any]) -> bool | None:
    """Whether a US town-level place lies in a US county (``town_in_county``); None when either is not one, or
    the ZIP code list does not know the town in the county's state."""
    state = town.get("location_admin1")
    if town.get("location_precision") in COARSE_PRECISIONS or town.get("location_country") != "USA" \
            or county.get("location_country") != "USA" or not state or state not in _possible_states(county):
        return None
    return town_in_county(town["location_name"], state, county["location_name"])


def _possible_states(row: Mapping[str, Any]) -> frozenset[str]:
    state = row.get("location_admin1")
    if state:
        return frozenset((state,))
    name = row.get("location_name")
    if row.get("location_country") == "USA" and name and _is_county(name):
        return county_states(name)
    return frozenset()


def _is_county(name: str) -> bool:
    return _norm(name).endswith((" county", " parish"))


def _counts_agree(a: int | None, b: int | None) -> int | None:
    """Casualty figures as evidence: +1 compatible (tolls rise: the larger <= 2 x the smaller + 3),
    -1 not, None when one is unknown."""
    if a is None or b is None:
        return None
    low, high = sorted((a, b))
    return 1 if high <= 2 * low + 3 else -1


def _km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    if None in (a.get("location_lat"), a.get("location_lon"), b.get("location_lat"), b.get("location_lon")):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a["location_lat"], a["location_lon"],
                                                b["location_lat"], b["location_lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@lru_cache(maxsize=8192)  # the same sentences and places are compared with every candidate of their block
def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def person_keys(entities: Sequence[Mapping[str, Any]]) -> list[str | None]:
    """The key of each named entity of one article (extract format) under which re-clustering matches a person
    across articles, or None: a person named in full ("Jamal Carter", "Jamal Carter's"), folded ("jamal
    carter"), whom the article names again (in full or by the surname: a story names its victims and suspects
    more than once, a byline, a link to another story or a passing mention once), not in an office
    (``OFFICE_ROLES``), and not a place the small model took for a person ("Stroger Hospital"). A full name the
    small model took for an organisation ("Lakeem Keon Scott") is a person's when the article names that surname
    alone as a person ("Scott")."""
    names = [_POSSESSIVE.sub("", e["text"].strip()).split() for e in entities]
    lone = {name[0].lower() for e, name in zip(entities, names, strict=True)
            if e["label"] == "PERSON" and len(name) == 1}
    words = [name if e["label"] == "PERSON" or (e["label"] == "ORG" and _misread_person(name, lone)) else []
             for e, name in zip(entities, names, strict=True)]
    surnames = Counter(w[-1].lower() for w in words if w)
    keys: list[str | None] = []
    for entity, name in zip(entities, words, strict=True):
        role = (entity.get("actor") or {}).get("role")
        capitalised = [w for w in name if w[:1].isupper()]
        if len(capitalised) < 2 or role in OFFICE_ROLES or _NOT_A_PERSON.search(entity["text"]) \
                or surnames[name[-1].lower()] < 2:
            keys.append(None)
            continue
        folded = unicodedata.normalize("NFKD", " ".join(capitalised))
        keys.append("".join(c for c in folded if not unicodedata.combining(c)).lower()[:200])
    return keys


def street_keys(entities: Sequence[Mapping[str, Any]]) -> list[str | None]:
    """The key of each named entity of one article under which re-clustering matches a street across articles, or
    None: a street named by its name and kind ('Gilmer Street', 'the 400 block of W. Gilmer St.'), folded, its
    kind written out and its compass word left out ('gilmer street'); 'Main Street' too (the town must agree). An
    article naming more than ``MAX_STREETS`` streets tells several places (a round-up, a chase, directions): none
    of its streets says which incident it is."""
    keys: list[str | None] = []
    for entity in entities:
        match = STREET_NAME.fullmatch(entity["text"].strip())
        if match is None:
            keys.append(None)
            continue
        kind = match.group("kind").lower().rstrip(".")
        name = unicodedata.normalize("NFKD", match.group("name")).lower()
        keys.append(f"{' '.join(name.split())} {STREET_KINDS.get(kind, kind)}"[:200])
    if len({key for key in keys if key}) > MAX_STREETS:
        return [None] * len(keys)
    return keys


def _misread_person(name: list[str], surnames: set[str]) -> bool:
    """An "organisation" of two or three capitalised words ending in a surname the article names alone as a
    person, not opening with a place ('Houston Chronicle', 'Chicago Public Schools')."""
    return (2 <= len(name) <= 3 and name[-1].lower() in surnames and all(_NAME_WORD.fullmatch(w) for w in name)
            and find_place(name[0]) is None)


def _founding_ids(conn: Connection, event_ids: Sequence[str]) -> list[str]:
    """The ids of the canonical events these reports found: derived from the report's id, not drawn at random.

    Canonical events founded in one batch share ``created_at``, and matching breaks ties between them by id,
    so random ids made two stores built from the same articles in the same order link some reports
    differently. A report that founds a second time (its event was dropped by a re-extraction, its canonical
    event retracted, and a later version brings the event back) takes the next generation's id.
    """
    c = CanonicalEventRow
    generation = dict.fromkeys(event_ids, 0)
    while True:
        ids = {event_id: _derived_id(event_id, n) for event_id, n in generation.items()}
        taken = set(conn.execute(select(c.id).where(c.id.in_(sorted(ids.values())))).scalars())
        if not taken:
            return [ids[event_id] for event_id in event_ids]
        generation.update({event_id: generation[event_id] + 1 for event_id, id_ in ids.items() if id_ in taken})


def _derived_id(event_id: str, generation: int) -> str:
    name = event_id if generation == 0 else f"{event_id}#{generation}"
    return uuid.uuid5(CANONICAL_NAMESPACE, name).hex


def _founding(row: Row, canonical_id: str, seen: datetime, now: datetime) -> Row:
    """The row of a new canonical event founded by this report; ``reconcile`` fills the counts (revision 0 -> 1)."""
    values = _reconciled([{**row, "seen": seen, "source": None}])
    return {**values, "id": canonical_id, "status": "active", "report_count": 0, "article_count": 0,
            "source_count": 0, "revision": 0, "created_at": now, "updated_at": now}


def _lock_blocks(conn: Connection, reports: Iterable[Row], seen: Mapping[str, datetime]) -> None:
    """PostgreSQL: serialise workers matching into the same blocks (taken in one order: no deadlock).

    Every candidate of a report is anchored within its ``_reach`` and the report locks every week of that range, so
    two reports that could meet on one canonical event always share the lock of that event's (block, week).
    SQLite needs nothing: the sink's first write already holds the database's only write lock.
    """
    if conn.dialect.name != "postgresql":
        return
    keys = set()
    for row in reports:
        first, last = _reach(row, anchor_date(row, seen[row["article_id"]]))
        for bucket in range(first.toordinal() // LOCK_BUCKET_DAYS, last.toordinal() // LOCK_BUCKET_DAYS + 1):
            name = f"{block_type(row['cameo_root'])}|{report_country(row)}|{bucket}"
            keys.add(_lock_key(name))
    _advisory_locks(conn, keys)


def reconcile(conn: Connection, canonical_ids: Iterable[str], now: datetime) -> set[str]:
    """Recompute the canonical events from their reports; bump revision only when something changed.

    Returns the ids whose row changed (new revision).
    A canonical event left without reports is marked ``retracted`` (kept, so its id stays valid and a
    consumer polling ``updated_at`` learns that it is gone). Merged events are left as they are.
    The rows are locked first (``lock_canonical``) and the reports read after the lock, so a
    concurrent writer's committed reports are always counted (PostgreSQL READ COMMITTED reads each
    statement's own snapshot).
    """
    ids = sorted(set(canonical_ids))
    changed: set[str] = set()
    if not ids:
        return changed
    updates: list[Row] = []
    lock_canonical(conn, ids)
    c = CanonicalEventRow
    current_columns = [c.id, c.status, c.revision, *(c.__table__.c[k] for k in RECONCILED)]
    for start in range(0, len(ids), REPORTS_CHUNK):  # a chunk's reports at a time: a batch's memory stays bounded
        chunk = ids[start:start + REPORTS_CHUNK]
        reports = _reports_of(conn, chunk)
        current = {r["id"]: r for r in conn.execute(select(*current_columns).where(c.id.in_(chunk))).mappings()}
        for canonical_id in chunk:
            old = current.get(canonical_id)
            if old is None or old["status"] == "merged":
                continue
            if reports[canonical_id]:
                values = {**_reconciled(reports[canonical_id]), "status": "active"}
            else:
                values = {"status": "retracted", "report_count": 0, "article_count": 0, "source_count": 0}
            if old["revision"] == 0 or any(not _same(old[k], v) for k, v in values.items()):
                updates.append({**values, "revision": old["revision"] + 1, "updated_at": now, "row_id": canonical_id})
                changed.add(canonical_id)
        del reports, current
    # One statement per set of columns, each run over all its rows (executemany): building and sending an
    # UPDATE per event cost the sink more than the rest of its batch.
    by_columns: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for values in updates:
        by_columns[tuple(sorted(values))].append(values)
    table = CanonicalEventRow.__table__
    for rows in by_columns.values():
        conn.execute(update(table).where(table.c.id == bindparam("row_id")), rows)
    return changed


def _reports_of(conn: Connection, ids: list[str]) -> dict[str, list[Row]]:
    """The reports of each canonical event as matched (with their article's place and "seen" time)."""
    e = EventRow.__table__.c
    stmt = (select(*(e[k] for k in REPORT_COLUMNS), ArticleRow.source, ArticleRow.published_at,
                   ArticleRow.first_processed_at, ArticleRow.processed_at)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id).where(EventRow.canonical_id.in_(ids)))
    reports: dict[str, list[Row]] = defaultdict(list)
    texts: dict[str, str] = {}  # reprints and wire copy repeat sentences: one string each
    names = (*REPORT_COLUMNS, "source")
    for r in conn.execute(stmt):
        row = dict(zip(names, r, strict=False))
        for key in ("sentence", "source_text", "target_text"):
            if row[key] is not None:
                row[key] = texts.setdefault(row[key], row[key])
        # An article without a publication time counts from when the sink first stored it (replays keep it).
        published_at, first_processed_at, processed_at = r[-3:]
        row["seen"] = aware(published_at or first_processed_at or processed_at)
        reports[row["canonical_id"]].append(row)
    places = _stored_article_places(conn, {r["article_id"] for rows in reports.values() for r in rows
                                           if not r.get("location_name")})
    for canonical_id, rows in reports.items():
        reports[canonical_id] = [with_article_place(r, places) for r in rows]
    return reports


# --- locks: articles, then blocks (link_reports), then canonical rows in id order --------------------


def take_write_lock(conn: Connection) -> None:
    """SQLite: make the transaction a writer now, so what it reads next is what it will write over
    (pysqlite starts the transaction at the first write; one writer at a time)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("UPDATE articles SET id = id WHERE 0 = 1"))


def lock_articles(conn: Connection, article_ids: Iterable[str]) -> None:
    """Serialise the writers of the same articles: PostgreSQL transaction advisory locks in key order
    (taken before any other lock of the transaction); SQLite: the database's write lock."""
    if conn.dialect.name != "postgresql":
        take_write_lock(conn)
        return
    _advisory_locks(conn, {_lock_key(f"article|{article_id}") for article_id in article_ids})


def lock_canonical(conn: Connection, canonical_ids: Iterable[str]) -> dict[str, str]:
    """Lock canonical rows (PostgreSQL ``FOR NO KEY UPDATE`` in id order; it does not block the
    foreign-key checks of reports being inserted) and return ``{merged id: id it was merged into}``
    for those merged meanwhile, following chains and locking their targets too.

    The targets are locked after the first set, out of id order: only when a merge ran concurrently;
    a deadlock there is a transient error, and the sink retries the batch.
    """
    redirect: dict[str, str] = {}
    locked: set[str] = set()
    pending = sorted(set(canonical_ids))
    c = CanonicalEventRow
    while pending:
        stmt = select(c.id, c.status, c.merged_into).where(c.id.in_(pending)).order_by(c.id)
        if conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(key_share=True)
        locked |= set(pending)
        targets = set()
        for row in conn.execute(stmt):
            if row.status == "merged" and row.merged_into:
                redirect[row.id] = row.merged_into
                targets.add(row.merged_into)
        pending = sorted(targets - locked)
    for merged in redirect:
        target, hops = redirect[merged], 0
        while target in redirect and hops < len(redirect):
            target, hops = redirect[target], hops + 1
        redirect[merged] = target
    return redirect


# The keys as one array, locked in the array's order (``unnest`` yields its elements in order): one round
# trip per set instead of one per key (the sink took ~50 a batch, 45 % of its statements).
_ADVISORY_LOCKS = text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k")


def _advisory_locks(conn: Connection, keys: Iterable[int]) -> None:
    """PostgreSQL transaction advisory locks on these keys, taken in key order (no deadlock between sets)."""
    ordered = sorted(set(keys))
    if ordered:
        conn.execute(_ADVISORY_LOCKS, {"keys": ordered})


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big", signed=True)


# --- re-clustering: merge canonical events that later reports show to be one ------------------------


def recluster(engine: Engine, canonical_ids: Iterable[str], now: datetime) -> list[tuple[str, str]]:
    """Merge each of these canonical events with any of its block that shares enough evidence now.

    Run by the sink after each batch, for the canonical events the batch created or revised (so only
    their blocks are read: an event that did not change cannot newly meet another). Two canonical
    events merge when they share no article, their places do not rule each other out, and one of
    them, or one of its reports (as ``link_reports`` would score it today), scores at least the block's
    ``threshold`` against the other. The older keeps its id and takes the
    reports; the other gets status ``merged`` and ``merged_into``. Each merge is its own transaction;
    returns the (kept, absorbed) pairs.

    The partners of all the events are looked for at once (one query for all their blocks, not one per
    event: per event, the reads cost a sink most of its time on PostgreSQL), in rounds: a round merges each
    pair whose events no earlier merge of the round touched; the next round looks again, at once, for the
    events kept (a merged event may meet another: ``_should_merge`` is symmetric, so whatever can now join
    it is found from its side) and those whose pair a merge of the round changed.
    """
    pending = sorted(set(canonical_ids))
    merges: list[tuple[str, str]] = []
    for _ in range(20):  # a bound keeps a pathological block finite
        if not pending:
            break
        with engine.connect() as conn:
            partners = _merge_partners(conn, pending)
        touched: set[str] = set()
        again: set[str] = set()
        for canonical_id in pending:
            pair = partners.get(canonical_id)
            if pair is None:
                continue
            if touched.intersection(pair):
                again.add(canonical_id)
                continue
            try:
                with engine.begin() as conn:
                    take_write_lock(conn)
                    done = merge_events(conn, *pair, now)
            except OperationalError:  # a deadlock with a concurrent writer: the next touch retries it
                log.warning("merging %s into %s deadlocked; left for the next pass", pair[1], pair[0])
                continue
            if done:
                merges.append(pair)
                touched.update(pair)
                again.add(pair[0])
        pending = sorted(again - {absorbed for _, absorbed in merges})
    return merges


def merge_events(conn: Connection, keep: str, absorb: str, now: datetime) -> bool:
    """Move ``absorb``'s reports to ``keep`` and mark ``absorb`` merged (locks both, checks again)."""
    if lock_canonical(conn, [keep, absorb]):
        return False  # one of them was merged meanwhile
    c = CanonicalEventRow
    rows = {r["id"]: r for r in conn.execute(
        select(*_PARTNER_COLUMNS).where(c.id.in_([keep, absorb]))).mappings()}
    if len(rows) != 2 or any(r["status"] != "active" for r in rows.values()):
        return False
    reports = _reports_of(conn, [keep, absorb])
    people = _keys_of(conn, [keep, absorb], EntityMentionRow.person_key)
    streets = _keys_of(conn, [keep, absorb], EntityMentionRow.street_key)
    same_people = bool(people.get(keep, set()) & people.get(absorb, set()))
    if not _should_merge(rows[keep], rows[absorb], reports[keep], reports[absorb], same_people,
                         bool(streets.get(keep, set()) & streets.get(absorb, set())),
                         same_people and _named_apart(conn, reports[keep], reports[absorb])):
        return False
    conn.execute(update(EventRow).where(EventRow.canonical_id == absorb).values(canonical_id=keep))
    conn.execute(update(c).where(c.id == absorb).values(
        status="merged", merged_into=keep, report_count=0, article_count=0, source_count=0,
        revision=c.revision + 1, updated_at=now))
    # Consumers follow one hop: what was merged into ``absorb`` now points at ``keep``.
    conn.execute(update(c).where(c.merged_into == absorb).values(
        merged_into=keep, revision=c.revision + 1, updated_at=now))
    reconcile(conn, [keep], now)
    return True


def _merge_partners(conn: Connection, canonical_ids: list[str]) -> dict[str, tuple[str, str]]:
    """For each of these active canonical events that should merge with another of its block: (older id,
    newer id) of the first such pair. One query for the events, one for their blocks, and one for the reports
    of every candidate."""
    c = CanonicalEventRow
    events = [dict(e) for e in conn.execute(select(*_PARTNER_COLUMNS).where(c.id.in_(canonical_ids))).mappings()
              if e["status"] == "active"]
    if not events:
        return {}
    by_block: dict[tuple[str, str | None], list[Row]] = defaultdict(list)
    for event in events:
        by_block[(event["block_type"], event["country"])].append(event)
    blocks = _blocks(conn, "partners", {key: [e["anchor_date"] for e in members] for key, members in by_block.items()})
    candidates: dict[str, list[Row]] = {}
    for key, members in by_block.items():
        block = blocks.get(key, [])
        for event in members:
            # Places that rule each other out (two towns) settle most of a block without reading reports.
            candidates[event["id"]] = [
                other for other in block
                if other["id"] != event["id"] and abs((other["anchor_date"] - event["anchor_date"]).days) <= DATE_WINDOW
                and match_score(event, other) is not None
            ]
    violent = [e["id"] for e in events if e["block_type"] == "violence"]
    # a street counts in a town only (``_should_merge``): the events of cities of millions or of no town need no read
    towns = [e["id"] for e in events if e["block_type"] == "violence" and e.get("location_precision") not in
             COARSE_PRECISIONS and e.get("location_name") and not _big_city(e)]
    named = _alike_by_id(conn, events, violent, EntityMentionRow.person_key)
    addressed = _alike_by_id(conn, events, towns, EntityMentionRow.street_key)
    for event in events:
        known = {other["id"] for other in candidates[event["id"]]}
        for alike in (named, addressed):
            found = [other for other_id, other in alike.get(event["id"], {}).items() if other_id not in known]
            candidates[event["id"]] += found
            known.update(other["id"] for other in found)
    wanted = {event_id for event_id, others in candidates.items() if others}
    if not wanted:
        return {}
    # One read for every candidate (chunks would read the candidates they share again: the sink was about
    # 20 % slower on SQLite, more on PostgreSQL); only the columns matching needs (REPORT_COLUMNS).
    reports = _reports_of(conn, sorted(wanted | {o["id"] for i in wanted for o in candidates[i]}))
    pairs = {}
    decided: dict[tuple[str, str], bool] = {}  # both events of a pair may be in ``events``: decide it once
    for event in events:
        for other in candidates.get(event["id"], ()):
            key = (event["id"], other["id"]) if event["id"] < other["id"] else (other["id"], event["id"])
            if key not in decided:
                same_people = other["id"] in named.get(event["id"], {})
                mine, theirs = reports[event["id"]], reports[other["id"]]
                decided[key] = _should_merge(event, other, mine, theirs, same_people,
                                             other["id"] in addressed.get(event["id"], {}),
                                             same_people and _named_apart(conn, mine, theirs))
            if decided[key]:
                older = min((event, other), key=lambda r: (aware(r["created_at"]), r["id"]))
                newer = other if older is event else event
                pairs[event["id"]] = (older["id"], newer["id"])
                break
    return pairs


_PARTNER_COLUMNS = tuple(CanonicalEventRow.__table__.c[k] for k in dict.fromkeys((
    "id", "status", "block_type", "country", "anchor_date", "created_at", *MATCH_COLUMNS)))


def _should_merge(a: Row, b: Row, reports_a: list[Row], reports_b: list[Row], same_people: bool = False,
                  same_street: bool = False, people_apart: bool = False) -> bool:
    """Whether canonical events ``a`` and ``b`` are one: their places do not rule each other out, and either the
    pair, or a report of one against the other, scores at least the block's ``threshold`` (anchors within
    DATE_WINDOW days), or their articles name the same person (``same_people``) and ``_one_incident_of_people``
    allows it (also in two towns of one state when both are told to the day: ``_placed_apart_by_outlets``), or the
    same street (``same_street``) of one town, as ``_one_incident_of_people`` allows. Two events that share an article
    (it told two events) are one only when one is an echo (its articles are all among the other's, which has more)
    and either the pair scores ``ECHO_MARGIN`` above the threshold, or the articles name the same person (or, in a
    town, the same street) and ``_one_incident_of_people`` allows it: a follow-up's two accounts of its shooting; or,
    neither an echo, the articles each has that the other lacks name the same person (``people_apart``,
    ``_named_apart``) and ``_one_incident_of_people`` allows it: an article that split one incident in two, and the
    stories that told either part. Symmetric (``match_score`` is), and it stops at the first score that is enough."""
    if not reports_a or not reports_b or _older_background(a, b) or _older_background(b, a):
        return False
    score, enough = match_score(a, b), threshold(a["block_type"])
    near = abs((a["anchor_date"] - b["anchor_date"]).days) <= DATE_WINDOW
    articles_a, articles_b = {r["article_id"] for r in reports_a}, {r["article_id"] for r in reports_b}
    if articles_a & articles_b:
        echo = a if articles_a < articles_b else b if articles_b < articles_a else None
        if echo is not None and score is not None and _one_incident_of_people(a, b) and (
                same_people or (same_street and _place_evidence(a, b) == TOWN_POINTS)):
            # a follow-up tells its shooting twice, as background to its day and as today's without one ('accused
            # of killing ...'), and names its people as the first stories did
            return True
        if echo is None and people_apart and score is not None and _one_incident_of_people(a, b):
            # the shared article's names say nothing (it names everyone of both); the others' do: 'Family identifies
            # teen shot, killed by Fremont police' and 'Hayward: Woman dies in officer-involved shooting' both name her
            return True
        return score is not None and near and echo is not None and score >= enough + ECHO_MARGIN
    if same_people and _one_incident_of_people(a, b) and (score is not None or _placed_apart_by_outlets(a, b)):
        return True
    if same_street and _one_incident_of_people(a, b) and _place_evidence(a, b) == TOWN_POINTS:
        return True  # the same street of one town; a city of millions has shooting after shooting on a street
    if score is None:
        return False
    if not near:
        return False
    return score >= enough or any(
        (found := match_score(r, other)) is not None and found >= enough
        for reports, other in ((reports_a, b), (reports_b, a)) for r in reports)


def _placed_apart_by_outlets(a: Row, b: Row) -> bool:
    """Two events of the same people in two towns of one state, both told to the day within FOLLOW_UP_DAYS: one
    outlet places a shooting where the victim lived or where its police spoke ('Hartsville man shot' and
    'Bartholomew County'), another where it happened; the victim's name outweighs the towns."""
    return a.get("date_precision") == "day" and b.get("date_precision") == "day" and not _different_states(a, b)


def _one_incident_of_people(a: Row, b: Row) -> bool:
    """Two violent events whose articles name the same person: one incident unless something says otherwise,
    namely another country, a date told only by its year, two days told more than FOLLOW_UP_DAYS apart,
    anchors more than PEOPLE_WINDOW_DAYS apart (UNDATED_PEOPLE_WINDOW_DAYS when one tells no date at all, or both
    tell the same dead in places that agree: ``_same_dead``), or casualty figures that disagree (``_counts_agree``)."""
    if a["block_type"] != "violence" or b["block_type"] != "violence":
        return False
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    if "year" in (a.get("date_precision"), b.get("date_precision")):
        return False  # "shootings last year" is anchored on January 1st: no distance in days says anything
    days = abs((a["anchor_date"] - b["anchor_date"]).days)
    precisions = (a.get("date_precision"), b.get("date_precision"))
    window = (UNDATED_PEOPLE_WINDOW_DAYS if None in precisions or _same_dead(a, b)
              else FOLLOW_UP_DAYS if precisions == ("day", "day") else PEOPLE_WINDOW_DAYS)
    if days > window:
        return False
    return all(_counts_agree(a.get(f"{kind}_best"), b.get(f"{kind}_best")) != -1 for kind in ("killed", "injured"))


def _same_dead(a: Row, b: Row) -> bool:
    """The same several dead (SAME_DEAD_AT_LEAST), in places that agree: a story weeks or months later (a trial, an
    arrest, a funeral) that the extractor dated by its own day, not the shooting's, names the people of the first
    stories and repeats their toll. One dead is the commonest toll of local news: a killing weeks after another that
    names its victim (a retaliation) is as likely; several dead twice, with the same names, are not."""
    killed = a.get("killed_best")
    return (killed is not None and killed >= SAME_DEAD_AT_LEAST and killed == b.get("killed_best")
            and (_place_evidence(a, b) or 0) > 0)


def _named_apart(conn: Connection, reports_a: list[Row], reports_b: list[Row]) -> bool:
    """Two events that share an article, each with an article the other lacks: whether those articles (not the shared
    ones, which name everyone of both) name the same person. Read only for such pairs of events named alike (rare)."""
    articles_a, articles_b = {r["article_id"] for r in reports_a}, {r["article_id"] for r in reports_b}
    shared = articles_a & articles_b
    own_a, own_b = articles_a - shared, articles_b - shared
    if not shared or not own_a or not own_b:
        return False
    m = EntityMentionRow
    keys: dict[bool, set[str]] = {True: set(), False: set()}
    for article_id, key in conn.execute(select(m.article_id, m.person_key).where(
            m.article_id.in_(sorted(own_a | own_b)), m.person_key.is_not(None)).distinct()):
        keys[article_id in own_a].add(key)
    return bool(keys[True] & keys[False])


def _keys_of(conn: Connection, canonical_ids: list[str], column: Any) -> dict[str, set[str]]:
    """The keys of this column (``person_key``, ``street_key``) named by the articles of each of these canonical
    events."""
    if not canonical_ids:
        return {}
    e = EventRow
    stmt = (select(e.canonical_id, column).join(EntityMentionRow, EntityMentionRow.article_id == e.article_id)
            .where(e.canonical_id.in_(canonical_ids), column.is_not(None)).distinct())
    found: dict[str, set[str]] = defaultdict(set)
    for canonical_id, key in conn.execute(stmt):
        found[canonical_id].add(key)
    return found


def _alike_by_id(conn: Connection, events: list[Row], keyed_ids: list[str], column: Any) -> dict[str, dict[str, Row]]:
    """``_named_alike`` of the events ``keyed_ids`` by this key column, each event's partners by id."""
    alike = _named_alike(conn, events, _keys_of(conn, keyed_ids, column), column)
    return {event_id: {other["id"]: other for other in others} for event_id, others in alike.items()}


def _named_alike(conn: Connection, events: list[Row], keys: Mapping[str, set[str]], column: Any,
                 ) -> dict[str, list[Row]]:
    """For each of these events with keys of this column (a person's, a street's): the other active violent
    canonical events, anchored within UNDATED_PEOPLE_WINDOW_DAYS days (``_one_incident_of_people`` tells the
    narrower windows), whose articles name one of the same keys (one query for all), oldest first."""
    keyed = [event for event in events if keys.get(event["id"])]
    if not keyed:
        return {}
    window = timedelta(days=UNDATED_PEOPLE_WINDOW_DAYS)
    c, e, m = CanonicalEventRow, EventRow, EntityMentionRow
    stmt = (select(column.label("key"), *_PARTNER_COLUMNS).select_from(m)
            .join(e, e.article_id == m.article_id).join(c, c.id == e.canonical_id)
            .where(column.in_(sorted(set().union(*(keys[event["id"]] for event in keyed)))),
                   c.status == "active", c.block_type == "violence",
                   c.anchor_date.between(min(ev["anchor_date"] for ev in keyed) - window,
                                         max(ev["anchor_date"] for ev in keyed) + window))
            .distinct())
    by_key: dict[str, dict[str, Row]] = defaultdict(dict)
    for row in conn.execute(stmt).mappings():
        other = dict(row)
        by_key[other.pop("key")][other["id"]] = other
    found: dict[str, list[Row]] = {}
    for event in keyed:
        others = {other["id"]: other for key in keys[event["id"]] for other in by_key[key].values()
                  if other["id"] != event["id"] and abs((other["anchor_date"] - event["anchor_date"]).days)
                  <= UNDATED_PEOPLE_WINDOW_DAYS}
        found[event["id"]] = sorted(others.values(), key=lambda r: (aware(r["created_at"]), r["id"]))
    return found


def _stored_article_places(conn: Connection, article_ids: set[str]) -> dict[str, Row]:
    """``article_places`` of stored articles (one query, for the reports that name no place)."""
    if not article_ids:
        return {}
    e = EventRow
    stmt = select(e.article_id, e.historical, e.start_char, *(getattr(e, k) for k in PLACE_COLUMNS)).where(
        e.article_id.in_(sorted(article_ids)), e.location_name.is_not(None))
    return article_places(conn.execute(stmt).mappings())


def _reconciled(reports: list[Row]) -> Row:
    """The canonical values of a group of reports (the rules are in docs/store.md)."""
    by_trust = sorted(reports, key=lambda r: (-r.get("confidence", 0.5), r["seen"], r["event_id"]))
    rep = by_trust[0]  # the most confident report (earliest on ties) gives type, actors and sentence
    # The most precise place of a report's own, else of its article; ties to the trusted report.
    place = min(by_trust, key=lambda r: (not r.get("location_name"), bool(r.get(FROM_ARTICLE)),
                                         _precision_rank(r)))
    days = Counter(r["event_date"] for r in reports if r.get("event_date") and r.get("date_precision") == "day")
    if days:
        event_date, precision = min(days, key=lambda d: (-days[d], d)), "day"  # most reported day, else earliest
    else:
        event_date, precision = rep.get("event_date"), rep.get("date_precision")
    seen = [r["seen"] for r in reports]
    values = {
        "cameo": rep["cameo"], "cameo_root": rep["cameo_root"], "block_type": block_type(rep["cameo_root"]),
        "plover": rep.get("plover"), "quad_class": rep.get("quad_class"), "goldstein": rep.get("goldstein"),
        "historical": bool(rep.get("historical")), "sentence": rep.get("sentence") or "",
        "event_date": event_date, "date_precision": precision,
        "confidence": max(r.get("confidence", 0.5) for r in reports),
        "report_count": len(reports), "article_count": len({r["article_id"] for r in reports}),
        "source_count": len({r.get("source") or f"article:{r['article_id']}" for r in reports}),
        "first_seen": min(seen), "last_seen": max(seen),
    }
    for key in ("source_text", "source_code", "source_country", "target_text", "target_code", "target_country"):
        values[key] = rep.get(key)
    for key in PLACE_COLUMNS:
        values[key] = place.get(key)
    values["country"] = report_country(values) or next(
        (c for c in (report_country(r) for r in by_trust) if c), None)
    values["anchor_date"] = event_date or min(seen).date()
    for kind in ("killed", "injured"):
        values.update(_range(kind, reports))
    return values


def _range(kind: str, reports: list[Row]) -> Row:
    """low = min of lows, high = max of highs, best = upper median of the latest reports' bests."""
    counted = [r for r in reports if r.get(f"{kind}_best") is not None]
    if not counted:
        return {f"{kind}_low": None, f"{kind}_best": None, f"{kind}_high": None}
    latest = max(r["seen"] for r in counted) - timedelta(hours=LATEST_HOURS)
    bests = sorted(r[f"{kind}_best"] for r in counted if r["seen"] >= latest)
    best = bests[len(bests) // 2]
    low = min(r.get(f"{kind}_low") if r.get(f"{kind}_low") is not None else r[f"{kind}_best"] for r in counted)
    high = max(r.get(f"{kind}_high") if r.get(f"{kind}_high") is not None else r[f"{kind}_best"] for r in counted)
    return {f"{kind}_low": min(low, best), f"{kind}_best": best, f"{kind}_high": max(high, best)}


def _precision_rank(row: Mapping[str, Any]) -> int:
    if not row.get("location_name"):
        return 3
    return {"country": 2, "admin1": 1}.get(row.get("location_precision") or "city", 0)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns: they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return aware(old) == aware(new)
    if isinstance(old, float) or isinstance(new, float):
        return old is not None and new is not None and math.isclose(old, new) or old is new
    return bool(old == new)
