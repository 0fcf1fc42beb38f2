"""Recording one rating: one short transaction, and never twice.

Every change to a card bumps its `version`; a save only happens if the version
is still the one read (a conditional UPDATE, or the unique constraint for a
card's first row), so two submits racing for the same card record one rating.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from studyapp.study import scheduling
from studyapp.study.cards import CardSpec
from studyapp.study.models import Card, Review

SOURCES = set(Review.Source.values)
CARD_FIELDS = (*scheduling.SNAPSHOT_FIELDS, "suspended", "reset_at")


class AlreadyRecorded(Exception):
    """The card changed since it was shown: this submit is a repeat or from a stale tab."""


def scheduler_for(learner):
    return scheduling.make_scheduler(
        learner.desired_retention, fuzz=getattr(settings, "STUDY_FSRS_FUZZ", False)
    )


def card_for(learner, spec: CardSpec) -> Card:
    """The learner's row for this card, or an unsaved new one."""
    card = Card.objects.filter(learner=learner, card_id=spec.card_id).first()
    if card is None:
        return Card(
            learner=learner, card_id=spec.card_id, item_id=spec.item_id, topic_id=spec.topic_id
        )
    # An item moved to another topic file keeps its id and history; follow it.
    card.item_id, card.topic_id = spec.item_id, spec.topic_id
    return card


def save_if_unchanged(card: Card, read_version: int, fields=CARD_FIELDS) -> None:
    """Write `card` only if nobody changed it since it was read at `read_version`."""
    if card.pk is None:
        card.version = read_version + 1
        try:
            with transaction.atomic():
                card.save(force_insert=True)
        except IntegrityError:
            raise AlreadyRecorded(card.card_id) from None
        return
    values = {name: getattr(card, name) for name in fields}
    values.update(item_id=card.item_id, topic_id=card.topic_id, version=read_version + 1)
    updated = Card.objects.filter(pk=card.pk, version=read_version).update(**values)
    if updated != 1:
        raise AlreadyRecorded(card.card_id)
    card.version = read_version + 1


def rate(
    learner,
    card: Card,
    rating: int,
    now: datetime,
    source: str,
    scheduler,
    *,
    read_version: int | None = None,
) -> Review:
    """Reschedule `card` with `rating` at `now` and log it. Call inside a transaction."""
    if source not in SOURCES:
        raise ValueError(f"{source!r} is not a review source; use one of {sorted(SOURCES)}.")
    version = card.version if read_version is None else read_version
    if card.version != version:
        raise AlreadyRecorded(card.card_id)
    previous = scheduling.snapshot(card)
    state_before = card.state
    scheduling.review(card, rating, now, scheduler)
    save_if_unchanged(card, version)
    return Review.objects.create(
        learner=learner,
        card_id=card.card_id,
        item_id=card.item_id,
        topic_id=card.topic_id,
        rating=rating,
        source=source,
        reviewed_at=now,
        rescheduled=True,
        state_before=state_before,
        due_after=card.due,
        previous=previous,
    )


def log_only(learner, card: Card, rating: int, now: datetime, source: str) -> Review:
    """An answer that does not move the schedule (a right answer on a card not due)."""
    if source not in SOURCES:
        raise ValueError(f"{source!r} is not a review source; use one of {sorted(SOURCES)}.")
    return Review.objects.create(
        learner=learner,
        card_id=card.card_id,
        item_id=card.item_id,
        topic_id=card.topic_id,
        rating=rating,
        source=source,
        reviewed_at=now,
        rescheduled=False,
        state_before=card.state,
        due_after=card.due,
        previous=None,
    )
