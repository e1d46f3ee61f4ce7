"""``python -m db.recluster``: a full re-clustering pass over the store's active canonical events.

The sink already re-clusters the canonical events of every batch it writes (docs/store.md,
"Re-clustering"); this pass is for what that leaves behind: a merge skipped on a lock conflict, a
store written before migration 0003, or a change to the matching rules. It only merges (never splits),
each merge in its own short transaction, so it can run beside live workers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select

from db.canonical import recluster
from db.models import CanonicalEventRow
from db.store import make_engine


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.recluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the configured EVENTPIPE_DATABASE_URL)")
    parser.add_argument("--since", type=date.fromisoformat, help="only events anchored on or after this date")
    args = parser.parse_args(argv)
    if args.database_url is None:
        from streams.settings import get_settings

        args.database_url = get_settings().database_url
    engine = make_engine(args.database_url)
    c = CanonicalEventRow
    stmt = select(c.id).where(c.status == "active").order_by(c.anchor_date, c.id)
    if args.since:
        stmt = stmt.where(c.anchor_date >= args.since)
    with engine.connect() as conn:
        ids = list(conn.execute(stmt).scalars())
    merges = recluster(engine, ids, datetime.now(UTC))
    print(f"{len(ids)} active canonical events looked at, {len(merges)} merged into another")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
