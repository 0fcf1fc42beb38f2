"""What the review session shows next, and whether a card may be rated now.

Order: learning cards that are due, then review cards due today (a large
overdue backlog spread over several days), then new cards up to the day's
limit, then -- in the last days before an exam -- review cards whose predicted
recall on exam day is below the desired retention, then learning cards due
within LEARN_AHEAD. Cards are interleaved across topics: the next card comes
from a different topic than the one just rated where there is a choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from studyapp.study import planning
from studyapp.study.cards import CardCatalogue, CardSpec
from studyapp.study.days import day_start, learner_day, learner_day_bounds
from studyapp.study.models import Card, CardState, Review
from studyapp.study.recording import scheduler_for
from studyapp.study.scheduling import retrievability

LEARN_AHEAD = timedelta(minutes=20)
LEARNING_STATES = (CardState.LEARNING, CardState.RELEARNING)
DUE_FIELDS = ("card_id", "topic_id", "state", "due")


@dataclass(frozen=True)
class Pick:
    spec: CardSpec
    reason: str  # "learning" | "due" | "new" | "exam" | "ahead"


@dataclass
class SessionStatus:
    due: int
    new_left: int
    new_limit: int
    next_due: datetime | None  # when the next learning card comes back, if nothing is left


@dataclass
class Session:
    pick: Pick | None
    status: SessionStatus


def exam_end(learner):
    """The UTC moment the exam day ends (the day after it starts)."""
    return day_start(learner.exam_date + timedelta(days=1), learner.zone, learner.day_rollover_hour)


def _interleave(candidates: list[tuple[str, str]], after_topic: str | None) -> str | None:
    """The first candidate (card_id, topic) not from `after_topic`, else the first."""
    for card_id, topic_id in candidates:
        if topic_id != after_topic:
            return card_id
    return candidates[0][0] if candidates else None


def _topic_rotation(topic_ids: list[str], after_topic: str | None) -> list[str]:
    if after_topic in topic_ids:
        i = topic_ids.index(after_topic) + 1
        return topic_ids[i:] + topic_ids[:i]
    return topic_ids


def next_card(
    learner,
    cards: CardCatalogue,
    now: datetime,
    *,
    topic_id: str | None = None,
    after_topic: str | None = None,
    skip: tuple[str, ...] = (),
) -> Session:
    today_start, today_end = learner_day_bounds(learner, now)
    today = learner_day(learner, now)
    in_scope = (
        (lambda cid: cid in cards.specs)
        if topic_id is None
        else (lambda cid: cid in cards.specs and cards.specs[cid].topic_id == topic_id)
    )
    rows = Card.objects.filter(learner=learner, suspended=False).filter(
        Q(state=CardState.REVIEW, due__lt=today_end)
        | Q(state__in=LEARNING_STATES, due__lte=now + LEARN_AHEAD)
    )
    if topic_id is not None:
        rows = rows.filter(topic_id=topic_id)
    due_rows = [r for r in rows.order_by("due").values_list(*DUE_FIELDS) if in_scope(r[0])]
    due_rows = [r for r in due_rows if r[0] not in skip]

    learning_now = [(r[0], r[1]) for r in due_rows if r[2] in LEARNING_STATES and r[3] <= now]
    learning_soon = [(r[0], r[1]) for r in due_rows if r[2] in LEARNING_STATES and r[3] > now]
    reviews = [r for r in due_rows if r[2] == CardState.REVIEW]
    overdue = [r[0] for r in reviews if r[3] < today_start]
    shown_overdue = planning.backlog_share_today(overdue, today)
    reviews_today = [(r[0], r[1]) for r in reviews if r[3] >= today_start or r[0] in shown_overdue]

    new_limit, new_left, unseen = _new_cards_today(learner, cards, now, today, today_start)
    if topic_id is not None:
        unseen = {t: ids for t, ids in unseen.items() if t == topic_id}
    unseen_count = sum(len(ids) for ids in unseen.values())
    status = SessionStatus(
        due=len(learning_now) + len(reviews_today),
        new_left=min(new_left, unseen_count),
        new_limit=new_limit,
        next_due=None,
    )

    if learning_now:
        return Session(
            Pick(cards.specs[_interleave(learning_now, after_topic)], "learning"), status
        )
    if reviews_today:
        return Session(Pick(cards.specs[_interleave(reviews_today, after_topic)], "due"), status)
    if status.new_left > 0:
        for topic in _topic_rotation(list(unseen), after_topic):
            fresh = [cid for cid in unseen[topic] if cid not in skip]
            if fresh:
                return Session(Pick(cards.specs[fresh[0]], "new"), status)
    boosted = exam_boost_candidates(learner, cards, now, topic_id=topic_id, skip=skip)
    if boosted:
        return Session(Pick(cards.specs[boosted[0]], "exam"), status)
    if learning_soon:
        return Session(Pick(cards.specs[learning_soon[0][0]], "ahead"), status)
    status.next_due = (
        Card.objects.filter(learner=learner, suspended=False, state__in=LEARNING_STATES)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    return Session(None, status)


def _new_cards_today(learner, cards: CardCatalogue, now, today, today_start):
    """(limit today, how many more today, {topic: unseen card ids in study order})."""
    seen = set(
        Card.objects.filter(learner=learner)
        .filter(Q(state__gt=CardState.NEW) | Q(suspended=True))
        .values_list("card_id", flat=True)
    )
    unseen: dict[str, list[str]] = {}
    for topic, card_ids in cards.by_topic.items():
        fresh = [cid for cid in card_ids if cid not in seen]
        if fresh:
            unseen[topic] = fresh
    introduced_today = Review.objects.filter(
        learner=learner,
        reviewed_at__gte=today_start,
        state_before=CardState.NEW,
        source=Review.Source.REVIEW,
    ).count()
    unseen_total = sum(len(ids) for ids in unseen.values())
    limit = planning.new_limit_for_today(
        learner.new_cards_per_day, unseen_total + introduced_today, today, learner.exam_date
    )
    return limit, max(0, limit - introduced_today), unseen


def exam_boost_candidates(learner, cards, now, *, topic_id=None, skip=(), limit=50) -> list[str]:
    """Review cards predicted below the desired retention on exam day, weakest first."""
    today = learner_day(learner, now)
    if not planning.in_cram_window(today, learner.exam_date):
        return []
    end = exam_end(learner)
    rows = Card.objects.filter(
        learner=learner, suspended=False, state=CardState.REVIEW, due__lt=end
    ).exclude(last_review__gte=learner_day_bounds(learner, now)[0])
    if topic_id is not None:
        rows = rows.filter(topic_id=topic_id)
    scheduler = scheduler_for(learner)
    weak = []
    for card in rows.order_by("due")[:limit]:
        if card.card_id in skip or card.card_id not in cards.specs:
            continue
        recall = retrievability(card, end, scheduler)
        if recall < learner.desired_retention:
            weak.append((recall, card.card_id))
    return [card_id for _, card_id in sorted(weak)]


def refusal(learner, card: Card, now: datetime) -> str | None:
    """Why a review session may not rate `card` now, or None if it may."""
    if card.suspended:
        return "This card is suspended; unsuspend it in the card browser to study it."
    if card.state == CardState.NEW or card.due is None:
        return None
    if card.state in LEARNING_STATES and card.due <= now + LEARN_AHEAD:
        return None
    today_start, today_end = learner_day_bounds(learner, now)
    if card.state == CardState.REVIEW and card.due < today_end:
        return None
    if card.state == CardState.REVIEW and planning.in_cram_window(
        learner_day(learner, now), learner.exam_date
    ):
        if card.due < exam_end(learner) and not (
            card.last_review and card.last_review >= today_start
        ):
            return None
    local_due = card.due.astimezone(learner.zone)
    return f"This card is not due until {local_due:%Y-%m-%d %H:%M}; nothing was recorded."
