"""Is the stream moving? Readiness goes false when commits stop advancing while there is lag.

A transient failure (the store or the broker away) is retried without end, so the worker stays alive
and its partitions stay assigned while nothing moves. Liveness is still fine then (restarting would not
help), but readiness must say that the stream is stalled and why, so an operator or an orchestrator
notices. ``StreamHealth`` compares each assigned partition's committed offset between checks: a
partition with lag whose commit has not moved for ``stall_seconds`` is stalled. The reason comes from
the agents' own report (``StallReport``: "store unavailable (OperationalError)", "broker not taking
messages (KafkaTimeoutError)"), else it is said that the agent is busy or stuck.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from streams.agents import StallReport


class StreamHealth:
    """Commit progress per partition, remembered between checks (/healthz/ and the dashboard poll it)."""

    def __init__(self, stall_seconds: float, report: StallReport) -> None:
        self.stall_seconds = stall_seconds
        self.report = report
        self._progress: dict[tuple[str, int], tuple[int | None, float]] = {}  # -> (committed, moved at)

    def assess(self, lag_rows: Iterable[dict[str, Any]], now: float | None = None) -> dict[str, Any]:
        """``{"stalled", "why", "partitions", "waiting"}`` for the rows of ``dashboard.consumer_lag``."""
        now = time.time() if now is None else now
        stalled = []
        seen = set()
        for row in lag_rows:
            key = (row["topic"], row["partition"])
            seen.add(key)
            committed, lag = row.get("committed"), row.get("lag")
            previous = self._progress.get(key)
            if previous is None or previous[0] != committed or not lag:
                self._progress[key] = (committed, now)  # moved, or nothing to do: not stalled
                continue
            idle = now - previous[1]
            if idle >= self.stall_seconds:
                stalled.append({**row, "seconds_without_commit": round(idle)})
        for key in set(self._progress) - seen:  # revoked in a rebalance
            del self._progress[key]
        waiting = self.report.snapshot()
        why = None
        if stalled:
            reasons = [f"{agent}: {state['why']} for {state['seconds']:.0f}s" for agent, state in waiting.items()]
            longest = max(row["seconds_without_commit"] for row in stalled)
            why = "; ".join(reasons) or (f"no commit for {longest}s on {len(stalled)} partitions with lag: "
                                         "an agent is busy or stuck (see the worker log)")
        return {"stalled": bool(stalled), "why": why, "partitions": stalled, "waiting": waiting,
                "stall_seconds": self.stall_seconds}
