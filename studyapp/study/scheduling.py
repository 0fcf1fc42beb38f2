"""The FSRS-6 schedule, through the `fsrs` package: we wrap it, we do not reimplement it.

Everything takes `now` (UTC-aware) from the caller. A Card model row is turned
into an fsrs Card, reviewed, and its fields copied back; `outcomes` reviews a
copy with each of the four ratings so the buttons can show where each leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from studyapp.study.models import Card, CardState

LEECH_LAPSES = 8
RATING_LABELS = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}
SNAPSHOT_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
)


def make_scheduler(desired_retention: float = 0.9, *, fuzz: bool = False) -> Scheduler:
    # fsrs's fuzz draws from the global `random`; tests and replays turn it off.
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone: pass an aware UTC datetime.")
    return moment.astimezone(UTC)


def to_fsrs(card: Card, now: datetime) -> FsrsCard:
    if card.state == CardState.NEW:
        return FsrsCard(card_id=0, due=utc(now))
    return FsrsCard(
        card_id=0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review) if card.last_review else None,
    )


def review(card: Card, rating: int, now: datetime, scheduler: Scheduler) -> Card:
    """Rate `card` at `now`: its fields change in place (not saved) and it is returned."""
    rating = Rating(rating)
    was_reviewing = card.state == CardState.REVIEW
    after, _log = scheduler.review_card(to_fsrs(card, now), rating, utc(now))
    card.state = int(after.state)
    card.step = after.step
    card.stability = after.stability
    card.difficulty = after.difficulty
    card.due = after.due
    card.last_review = after.last_review
    card.reps += 1
    if rating == Rating.Again and was_reviewing:
        card.lapses += 1
    card.leech = card.lapses >= LEECH_LAPSES
    return card


@dataclass(frozen=True)
class Outcome:
    rating: int
    label: str
    interval: timedelta
    due: datetime

    @property
    def interval_text(self) -> str:
        return format_interval(self.interval)


def outcomes(card: Card, now: datetime, scheduler: Scheduler) -> list[Outcome]:
    """The four ratings with the interval each would give, Again first."""
    result = []
    for rating in Rating:
        trial = Card(**{name: getattr(card, name) for name in SNAPSHOT_FIELDS})
        review(trial, rating, now, scheduler)
        result.append(Outcome(int(rating), RATING_LABELS[rating], trial.due - utc(now), trial.due))
    return result


def format_interval(interval: timedelta) -> str:
    """Anki-style short intervals: 1m, 6m, 3h, 4d, 2.5mo, 1.2y."""
    minutes = interval.total_seconds() / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def retrievability(card: Card, at: datetime, scheduler: Scheduler) -> float:
    """Predicted chance of recalling `card` at `at` (0 for a card never reviewed)."""
    if card.state == CardState.NEW or card.stability is None:
        return 0.0
    return scheduler.get_card_retrievability(to_fsrs(card, at), utc(at))


def snapshot(card: Card) -> dict:
    """The scheduling fields as JSON, for undo."""
    data = {name: getattr(card, name) for name in SNAPSHOT_FIELDS}
    for name in ("due", "last_review"):
        if data[name] is not None:
            data[name] = utc(data[name]).isoformat()
    return data


def restore(card: Card, data: dict) -> Card:
    for name in SNAPSHOT_FIELDS:
        value = data.get(name)
        if name in ("due", "last_review") and value is not None:
            value = datetime.fromisoformat(value)
        setattr(card, name, value)
    return card
