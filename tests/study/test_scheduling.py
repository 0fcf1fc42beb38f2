from datetime import UTC, datetime, timedelta

import pytest

from studyapp.study.models import Card, CardState
from studyapp.study.scheduling import format_interval, make_scheduler, outcomes, review

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_outcomes_new_card_button_intervals():
    labels = [(o.label, o.interval_text) for o in outcomes(Card(), NOW, make_scheduler(0.9))]

    assert labels == [("Again", "1m"), ("Hard", "6m"), ("Good", "10m"), ("Easy", "8d")]


def test_outcomes_do_not_change_the_card():
    card = Card()
    outcomes(card, NOW, make_scheduler(0.9))

    assert (card.state, card.reps, card.due) == (CardState.NEW, 0, None)


def test_review_good_every_time_exact_interval_sequence():
    scheduler, card, now, intervals = make_scheduler(0.9), Card(), NOW, []
    for _ in range(6):
        review(card, 3, now, scheduler)
        intervals.append(card.due - now)
        now = card.due

    days = [timedelta(days=n) for n in (2, 11, 46, 163, 498)]
    assert intervals == [timedelta(minutes=10), *days]


def test_review_desired_retention_changes_intervals():
    def good_twice(retention):
        scheduler, card = make_scheduler(retention), Card()
        review(card, 3, NOW, scheduler)
        review(card, 3, card.due, scheduler)
        return (card.due - card.last_review).days

    assert (good_twice(0.8), good_twice(0.9), good_twice(0.95)) == (8, 2, 1)


def test_review_lapse_counts_and_flags_leech_at_eight():
    scheduler, card, now = make_scheduler(0.9), Card(), NOW
    review(card, 4, now, scheduler)  # straight to review
    lapses = []
    for _ in range(8):
        now = card.due
        review(card, 1, now, scheduler)  # lapse -> relearning
        lapses.append((card.lapses, card.leech))
        now = card.due
        review(card, 3, now, scheduler)  # back to review
    assert lapses[-2:] == [(7, False), (8, True)]
    assert card.due - now == timedelta(days=1)


def test_review_rejects_naive_time():
    with pytest.raises(ValueError, match="has no time zone"):
        review(Card(), 3, datetime(2025, 3, 1), make_scheduler(0.9))


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=4), "4d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=730), "2y"),
    ],
)
def test_format_interval_short_forms(interval, text):
    assert format_interval(interval) == text
