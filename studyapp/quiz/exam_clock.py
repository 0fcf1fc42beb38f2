"""The exam clock: time is charged for the gaps between a learner's requests.

The page asks the server for the time left every HEARTBEAT_SECONDS while it is
open, so an open page is charged in full. A gap longer than AWAY_AFTER_SECONDS
means the learner closed the browser or walked away: only AWAY_AFTER_SECONDS of
it is charged, and coming back resumes with (almost) the time that was left.
The server alone decides when time has run out.
"""

from __future__ import annotations

from datetime import datetime

HEARTBEAT_SECONDS = 15
# Background tabs may be throttled to one timer a minute; stay above that.
AWAY_AFTER_SECONDS = 90


def charged(used_seconds: float, last_seen: datetime | None, now: datetime) -> float:
    """Seconds used after a request at `now`, given the previous request at `last_seen`."""
    if last_seen is None:
        return used_seconds
    gap = (now - last_seen).total_seconds()
    return used_seconds + min(max(gap, 0.0), AWAY_AFTER_SECONDS)


def seconds_left(limit_seconds: int, used_seconds: float) -> float:
    return max(0.0, limit_seconds - used_seconds)


def clock_text(seconds: float) -> str:
    """1:05:09 or 4:07, for people and for the page before its script runs."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
