"""The study day: the learner's calendar day in their time zone, starting at their rollover hour.

With a rollover at 04:00, a review at 01:30 local time still belongs to the day
before, as in Anki: a late-night session does not eat tomorrow's new cards.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def study_day(moment: datetime, zone: ZoneInfo, rollover_hour: int) -> date:
    local = moment.astimezone(zone)
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(day: date, zone: ZoneInfo, rollover_hour: int) -> datetime:
    """The UTC moment the study day `day` begins."""
    return datetime.combine(day, time(rollover_hour), tzinfo=zone).astimezone(UTC)


def day_bounds(moment: datetime, zone: ZoneInfo, rollover_hour: int) -> tuple[datetime, datetime]:
    day = study_day(moment, zone, rollover_hour)
    return day_start(day, zone, rollover_hour), day_start(
        day + timedelta(days=1), zone, rollover_hour
    )


def learner_day(learner, moment: datetime) -> date:
    return study_day(moment, learner.zone, learner.day_rollover_hour)


def learner_day_bounds(learner, moment: datetime) -> tuple[datetime, datetime]:
    return day_bounds(moment, learner.zone, learner.day_rollover_hour)
