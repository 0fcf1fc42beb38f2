"""EventBridge schedule expressions, rate() and cron(), evaluated on the virtual clock.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
cron has six fields (minutes hours day-of-month month day-of-week year), in UTC; one of
day-of-month and day-of-week must be '?'. Day-of-week runs 1-7 from SUN. The L, W and #
refinements are not simulated: such expressions are rejected with a note saying so.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from .core import EPOCH, AwsError

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
_DAYS = "SUN MON TUE WED THU FRI SAT".split()
# field -> (lowest, highest, names)
_FIELDS = [
    ("minutes", 0, 59, None),
    ("hours", 0, 23, None),
    ("day-of-month", 1, 31, None),
    ("month", 1, 12, _MONTHS),
    ("day-of-week", 1, 7, _DAYS),
    ("year", 1970, 2199, None),
]


def _bad(expression: str, why: str) -> AwsError:
    return AwsError(
        "ValidationException", f"Parameter ScheduleExpression is not valid: {expression!r}. {why}"
    )


def _field_values(
    text: str, low: int, high: int, names, expression: str, label: str
) -> set[int] | None:
    """Allowed values of one cron field, or None for '?' (no constraint)."""
    if text == "?":
        return None
    if any(ch in text for ch in "LW#"):
        raise _bad(expression, f"The L, W and # refinements ({label}) are not simulated here.")
    allowed: set[int] = set()

    def number(token: str) -> int:
        if names and token.upper() in names:
            return names.index(token.upper()) + 1
        if not token.isdigit() or not low <= int(token) <= high:
            raise _bad(expression, f"{label} must be between {low} and {high}; got {token!r}.")
        return int(token)

    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise _bad(expression, f"The increment in {label} must be a positive number.")
        if span == "*":
            start, end = low, high
        elif "-" in span:
            start, end = (number(x) for x in span.split("-", 1))
        else:
            start = number(span)
            end = high if step else start
        allowed.update(range(start, end + 1, step or 1))
    return allowed


class Schedule:
    def __init__(self, expression: str):
        if not isinstance(expression, str):
            raise _bad(str(expression), "Use rate(5 minutes) or cron(0 12 * * ? *).")
        self.expression = expression
        self.period: int | None = None
        rate = _RATE.match(expression)
        if rate:
            value, unit = int(rate.group(1)), rate.group(2).rstrip("s")
            if value < 1:
                raise _bad(expression, "The rate value must be a positive whole number.")
            if (value == 1) != (not rate.group(2).endswith("s")):
                raise _bad(
                    expression,
                    "Write rate(1 minute) in the singular and rate(5 minutes) in the plural.",
                )
            self.period = value * _UNIT_SECONDS[unit]
            return
        if not (expression.startswith("cron(") and expression.endswith(")")):
            raise _bad(expression, "Use rate(5 minutes) or cron(0 12 * * ? *).")
        parts = expression[5:-1].split()
        if len(parts) != 6:
            raise _bad(
                expression,
                "cron() takes six fields: minutes hours day-of-month month day-of-week year.",
            )
        self.fields = [
            _field_values(text, low, high, names, expression, label)
            for text, (label, low, high, names) in zip(parts, _FIELDS, strict=True)
        ]
        if (self.fields[2] is None) == (self.fields[4] is None):
            raise _bad(expression, "Exactly one of day-of-month and day-of-week must be '?'.")
        if self.fields[0] is None or self.fields[1] is None or self.fields[3] is None:
            raise _bad(expression, "Only day-of-month or day-of-week may be '?'.")

    def next_after(self, now: float, created: float) -> float | None:
        """Virtual time (seconds) of the next firing strictly after `now`."""
        if self.period is not None:
            elapsed = now - created
            return created + (int(elapsed // self.period) + 1) * self.period
        minutes, hours, days, months, weekdays, years = self.fields
        moment = EPOCH + timedelta(seconds=now)
        day = datetime(moment.year, moment.month, moment.day, tzinfo=moment.tzinfo)
        for _ in range(366 * 5):
            weekday = (day.weekday() + 1) % 7 + 1  # Python Monday=0 -> AWS Sunday=1
            if (
                day.year in years
                and day.month in months
                and (days is None or day.day in days)
                and (weekdays is None or weekday in weekdays)
            ):
                for hour in sorted(hours):
                    for minute in sorted(minutes):
                        at = (day + timedelta(hours=hour, minutes=minute) - EPOCH).total_seconds()
                        if at > now:
                            return at
            day += timedelta(days=1)
        return None
