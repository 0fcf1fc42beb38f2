"""Numbers for the stats page: reviews per day, true retention by week, forecast, mastery.

Days are the learner's study days (time zone and rollover hour). Reads a year
of the learner's log at most.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studyapp.study.cards import CardCatalogue
from studyapp.study.days import learner_day, learner_day_bounds
from studyapp.study.models import Card, CardState, Review

HEATMAP_DAYS = 7 * 53
RETENTION_WEEKS = 12
FORECAST_DAYS = 30
MASTERED_STABILITY_DAYS = 21


@dataclass
class Stats:
    today: date
    reviews_per_day: dict[date, int]  # the last HEATMAP_DAYS study days, oldest first
    retention_by_week: list[tuple[date, int, int]]  # (week start, passed, total), oldest first
    forecast: list[tuple[date, int]]  # today (with overdue) .. FORECAST_DAYS-1
    mastery: list[tuple[str, str, int, int]]  # (topic id, title, mastered, cards)
    total_reviews: int


def learner_stats(learner, cards: CardCatalogue, now: datetime) -> Stats:
    today = learner_day(learner, now)
    first_day = today - timedelta(days=HEATMAP_DAYS - 1)
    since = learner_day_bounds(learner, now)[0] - timedelta(days=HEATMAP_DAYS - 1)
    log = Review.objects.filter(learner=learner, reviewed_at__gte=since).values_list(
        "reviewed_at", "rating", "state_before"
    )
    per_day: Counter = Counter()
    week_passed: Counter = Counter()
    week_total: Counter = Counter()
    this_week = today - timedelta(days=today.weekday())
    first_week = this_week - timedelta(weeks=RETENTION_WEEKS - 1)
    for reviewed_at, rating, state_before in log:
        day = learner_day(learner, reviewed_at)
        per_day[day] += 1
        week = day - timedelta(days=day.weekday())
        # True retention: of the cards that were due for review, how many were recalled.
        if state_before == CardState.REVIEW and week >= first_week:
            week_total[week] += 1
            week_passed[week] += rating > 1
    reviews_per_day = {first_day + timedelta(days=i): 0 for i in range(HEATMAP_DAYS)}
    for day, n in per_day.items():
        if day in reviews_per_day:
            reviews_per_day[day] = n
    weeks = [first_week + timedelta(weeks=i) for i in range(RETENTION_WEEKS)]
    retention = [(w, week_passed[w], week_total[w]) for w in weeks]

    horizon = learner_day_bounds(learner, now)[0] + timedelta(days=FORECAST_DAYS)
    due_counts: Counter = Counter()
    mastered: Counter = Counter()
    for card_id, due, stability in Card.objects.filter(
        learner=learner, suspended=False, state__gt=CardState.NEW
    ).values_list("card_id", "due", "stability"):
        spec = cards.specs.get(card_id)
        if spec is None:
            continue
        if stability is not None and stability > MASTERED_STABILITY_DAYS:
            mastered[spec.topic_id] += 1
        if due is not None and due < horizon:
            due_counts[max(today, learner_day(learner, due))] += 1
    forecast = [
        (today + timedelta(days=i), due_counts[today + timedelta(days=i)])
        for i in range(FORECAST_DAYS)
    ]
    mastery = [
        (topic_id, title, mastered[topic_id], len(cards.by_topic.get(topic_id, [])))
        for topic_id, title in cards.topic_titles.items()
    ]
    return Stats(today, reviews_per_day, retention, forecast, mastery, sum(per_day.values()))
