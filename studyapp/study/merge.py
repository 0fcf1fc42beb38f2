"""Folding a guest's study history into an account on login: nothing lost, nothing doubled.

The guest's review log moves to the account. Each card both of them touched is
rebuilt by replaying every rescheduling review of both, in time order, through
the account's scheduler; a card only one of them touched keeps its state.
"""

from __future__ import annotations

from studyapp.study import scheduling
from studyapp.study.models import Card, Review
from studyapp.study.recording import scheduler_for


def merge_study(source, target) -> None:
    target_cards = {c.card_id: c for c in Card.objects.filter(learner=target)}
    shared = []
    for card in Card.objects.filter(learner=source):
        mine = target_cards.get(card.card_id)
        if mine is None:
            card.learner = target
            card.save(update_fields=["learner"])
        else:
            shared.append((card, mine))
    Review.objects.filter(learner=source).update(learner=target)
    scheduler = scheduler_for(target)
    for theirs, mine in shared:
        _replay(target, theirs, mine, scheduler)
        theirs.delete()
    # Undo never reaches back across a merge.
    Review.objects.filter(learner=target, card_id__in=[c.card_id for c, _ in shared]).update(
        previous=None
    )


def _replay(target, theirs: Card, mine: Card, scheduler) -> None:
    resets = [moment for moment in (theirs.reset_at, mine.reset_at) if moment is not None]
    since = max(resets) if resets else None
    log = Review.objects.filter(learner=target, card_id=mine.card_id, rescheduled=True)
    if since is not None:
        log = log.filter(reviewed_at__gte=since)
    fresh = Card(card_id=mine.card_id)
    for review in log.order_by("reviewed_at", "pk"):
        scheduling.review(fresh, review.rating, review.reviewed_at, scheduler)
    for name in scheduling.SNAPSHOT_FIELDS:
        setattr(mine, name, getattr(fresh, name))
    mine.suspended = mine.suspended or theirs.suspended
    mine.reset_at = since
    mine.version += 1
    mine.save()
