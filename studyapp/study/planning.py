"""Planning across days: the daily new-card limit, exam-date pacing, and spreading a backlog.

Pure functions of numbers and dates, so the rules can be tested without a database.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date

# Every card should be introduced this many days before the exam, to leave time to review it.
EXAM_INTRODUCE_BY_DAYS = 3
# In this many last days before the exam, weak cards are brought forward.
EXAM_CRAM_DAYS = 7
# After a break, an overdue backlog larger than this is spread over BACKLOG_SPREAD_DAYS.
BACKLOG_THRESHOLD = 60
BACKLOG_SPREAD_DAYS = 5
MAX_NEW_PER_DAY = 500


def days_until(today: date, exam_date: date | None) -> int | None:
    return None if exam_date is None else (exam_date - today).days


def new_limit_for_today(
    per_day: int, unseen_at_day_start: int, today: date, exam_date: date | None
) -> int:
    """How many new cards today: the learner's own limit, or more if the exam needs it.

    With an exam date, the cards not yet introduced are paced over the days left
    before (exam - EXAM_INTRODUCE_BY_DAYS), so every card is introduced in time.
    """
    left = days_until(today, exam_date)
    if left is None or left < 0:
        return per_day
    pacing_days = max(1, left - EXAM_INTRODUCE_BY_DAYS)
    needed = math.ceil(unseen_at_day_start / pacing_days)
    return min(MAX_NEW_PER_DAY, max(per_day, needed))


def in_cram_window(today: date, exam_date: date | None) -> bool:
    left = days_until(today, exam_date)
    return left is not None and 0 <= left <= EXAM_CRAM_DAYS


def backlog_slot(card_id: str) -> int:
    """A stable slot 0..SPREAD-1 per card, so each day takes a different share of a backlog."""
    digest = hashlib.blake2s(card_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % BACKLOG_SPREAD_DAYS


def backlog_share_today(overdue_card_ids: list[str], today: date) -> set[str]:
    """The overdue cards to show today.

    A backlog up to BACKLOG_THRESHOLD is shown at once. A larger one is split into
    BACKLOG_SPREAD_DAYS stable slots and today shows one slot (each card's slot
    comes round within that many days, and a reviewed card leaves the backlog).
    """
    if len(overdue_card_ids) <= BACKLOG_THRESHOLD:
        return set(overdue_card_ids)
    slot_today = today.toordinal() % BACKLOG_SPREAD_DAYS
    return {card_id for card_id in overdue_card_ids if backlog_slot(card_id) == slot_today}
