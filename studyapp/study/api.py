"""The study API other apps call: answers given outside review sessions feed the schedule.

Quizzes, exams, the scenario picker, drills, assignments and live games (for
signed-in players) call `record_outside_answer` once per answered item:

- a wrong answer is a lapse: Again on the item's card and, for a question, on
  the cards of the facts it `tests:` -- they come back within the relearning step;
- a right answer is Good only on those cards that are due or new at `at`; on
  the others it is logged without rescheduling.

Every answer is logged with its `source`. Unlike review sessions, a card that is
not due is never refused here.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from fsrs import Rating

from studyapp.catalog.models import Item
from studyapp.study import recording
from studyapp.study.cards import catalogue
from studyapp.study.models import Review
from studyapp.study.scheduling import utc

OUTSIDE_SOURCES = tuple(s for s in Review.Source.values if s != Review.Source.REVIEW)
RETRIES = 3


def record_outside_answer(learner, item_id: str, correct: bool, at: datetime, source: str) -> None:
    """Feed one answer on `item_id` (a content id or a card id) into `learner`'s schedule.

    `at` is when the answer was given (aware). `source` is one of OUTSIDE_SOURCES.
    A learner of None (a live player who is not signed in) records nothing.
    Raises ValueError for an unknown source or an id the catalog never had; an item
    retired from the content records nothing.
    """
    if source not in OUTSIDE_SOURCES:
        raise ValueError(f"{source!r} is not an answer source; use one of {list(OUTSIDE_SOURCES)}.")
    at = utc(at)
    if learner is None:
        return
    specs = _specs_answered(item_id)
    scheduler = recording.scheduler_for(learner)
    for spec in specs:
        for attempt in range(RETRIES):
            try:
                with transaction.atomic():
                    _record_one(learner, spec, correct, at, source, scheduler)
                break
            except recording.AlreadyRecorded:
                # Someone changed the card between our read and write: read it again.
                if attempt == RETRIES - 1:
                    raise


def _specs_answered(item_id: str):
    cards = catalogue()
    if item_id in cards.specs:
        card_ids = [item_id]
    else:
        card_ids = list(cards.cards_for_item(item_id))
    if not card_ids:
        if Item.objects.filter(pk=item_id.split(":")[0]).exists():
            return []  # retired content: nothing left to schedule
        raise ValueError(f"There is no card or content item with id {item_id!r}.")
    for card_id in list(card_ids):
        for fact_id in cards.specs[card_id].tests:
            if fact_id in cards.specs and fact_id not in card_ids:
                card_ids.append(fact_id)
    return [cards.specs[card_id] for card_id in card_ids]


def _record_one(learner, spec, correct: bool, at: datetime, source: str, scheduler) -> None:
    card = recording.card_for(learner, spec)
    went_back_in_time = card.last_review is not None and at < card.last_review
    if card.suspended or went_back_in_time:
        # Suspended: the learner asked us not to schedule it. An answer older than the
        # card's last review cannot be replayed before it; both are history only.
        recording.log_only(learner, card, Rating.Good if correct else Rating.Again, at, source)
        return
    if not correct:
        recording.rate(learner, card, Rating.Again, at, source, scheduler)
        return
    is_new_or_due = card.pk is None or card.due is None or card.due <= at
    if is_new_or_due:
        recording.rate(learner, card, Rating.Good, at, source, scheduler)
    else:
        recording.log_only(learner, card, Rating.Good, at, source)
