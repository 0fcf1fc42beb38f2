"""The review session's actions: rate, answer, undo, suspend -- each once, each checked.

A shown card carries a one-time token: the card id and the card's version,
signed for this learner. Any change to the card bumps the version, so the same
token can never record twice (double click, resent form, a second tab).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import transaction
from fsrs import Rating

from studyapp.catalog.models import Item
from studyapp.study import recording, scheduling
from studyapp.study.cards import CardCatalogue, CardSpec
from studyapp.study.faces import face
from studyapp.study.models import Card, Review
from studyapp.study.queue import refusal

ALREADY = (
    "That card was already answered (a second click or another tab): nothing was recorded twice."
)


class Refused(Exception):
    """A session action that changed nothing; the message says why."""


@dataclass
class Shown:
    spec: CardSpec
    card: Card
    item: Item
    token: str
    face: object
    outcomes: list


def _salt(learner) -> str:
    return f"study.card.{learner.pk}"


def make_token(learner, card: Card) -> str:
    return signing.dumps([card.card_id, card.version], salt=_salt(learner), compress=False)


def read_token(learner, token: str, card_id: str) -> int:
    """The card version the token was issued for; Refused if it is not this learner's token."""
    try:
        token_card, version = signing.loads(token or "", salt=_salt(learner))
    except (signing.BadSignature, ValueError, TypeError):
        raise Refused("This card's form is not valid any more: reload the page.") from None
    if token_card != card_id:
        raise Refused("The form and the card do not match: reload the page.")
    return int(version)


def show(learner, spec: CardSpec, now: datetime, item: Item | None = None) -> Shown:
    card = recording.card_for(learner, spec)
    item = item or Item.objects.get(pk=spec.item_id)
    card_face = face(spec, item, card.reps)
    outcomes = (
        [] if card_face.graded else scheduling.outcomes(card, now, recording.scheduler_for(learner))
    )
    return Shown(spec, card, item, make_token(learner, card), card_face, outcomes)


def _spec(cards: CardCatalogue, card_id: str) -> CardSpec:
    spec = cards.specs.get(card_id)
    if spec is None:
        raise Refused(f"There is no card {card_id!r} to study (it may have been retired).")
    return spec


def rate(learner, cards: CardCatalogue, card_id: str, token: str, rating, now: datetime) -> Review:
    try:
        rating = Rating(int(rating))
    except (TypeError, ValueError):
        raise Refused("Choose a rating from 1 (Again) to 4 (Easy).") from None
    spec = _spec(cards, card_id)
    version = read_token(learner, token, card_id)
    with transaction.atomic():
        card = recording.card_for(learner, spec)
        if card.version != version:
            raise Refused(ALREADY)
        reason = refusal(learner, card, now)
        if reason:
            raise Refused(reason)
        try:
            return recording.rate(
                learner, card, rating, now, Review.Source.REVIEW,
                recording.scheduler_for(learner), read_version=version,
            )  # fmt: skip
        except recording.AlreadyRecorded:
            raise Refused(ALREADY) from None


def answer(
    learner, cards: CardCatalogue, card_id: str, token: str, chosen: list[str], now: datetime
):
    """A graded card: right rates Good, wrong rates Again. Returns (review, correct, face)."""
    spec = _spec(cards, card_id)
    version = read_token(learner, token, card_id)
    card = recording.card_for(learner, spec)
    if card.version != version:
        raise Refused(ALREADY)
    card_face = face(spec, Item.objects.get(pk=spec.item_id), card.reps)
    valid = {choice_id for choice_id, _ in card_face.choices}
    chosen = sorted(set(chosen))
    if not chosen or not set(chosen) <= valid:
        raise Refused("Choose an answer first.")
    if card_face.choose > 1 and len(chosen) != card_face.choose:
        raise Refused(f"Choose exactly {card_face.choose} answers; nothing was recorded.")
    correct = chosen == sorted(card_face.correct)
    rating = Rating.Good if correct else Rating.Again
    review = rate(learner, cards, card_id, token, rating, now)
    return review, correct, card_face


@transaction.atomic
def undo_last(learner, now: datetime) -> Review:
    """Take back the learner's last session rating, if nothing happened to that card since."""
    last = (
        Review.objects.filter(learner=learner, source=Review.Source.REVIEW)
        .order_by("-reviewed_at", "-pk")
        .first()
    )
    if last is None or last.previous is None:
        raise Refused("There is no rating to undo.")
    newer = Review.objects.filter(
        learner=learner, card_id=last.card_id, rescheduled=True, reviewed_at__gt=last.reviewed_at
    ).exists()
    card = Card.objects.filter(learner=learner, card_id=last.card_id).first()
    if newer or card is None:
        raise Refused("That card was answered again since, so the last rating cannot be undone.")
    read_version = card.version
    scheduling.restore(card, last.previous)
    try:
        recording.save_if_unchanged(card, read_version)
    except recording.AlreadyRecorded:
        raise Refused("That card changed meanwhile; nothing was undone.") from None
    last.delete()
    return last


@transaction.atomic
def set_suspended(learner, cards: CardCatalogue, card_id: str, suspended: bool) -> Card:
    spec = _spec(cards, card_id)
    card = recording.card_for(learner, spec)
    if card.suspended == suspended:
        return card
    read_version = card.version
    card.suspended = suspended
    try:
        recording.save_if_unchanged(card, read_version)
    except recording.AlreadyRecorded:
        raise Refused("That card changed meanwhile; try again.") from None
    return card


@transaction.atomic
def reset(learner, cards: CardCatalogue, card_id: str, now: datetime) -> Card:
    """Forget the card's schedule (its log stays, as history before `reset_at`)."""
    spec = _spec(cards, card_id)
    card = recording.card_for(learner, spec)
    read_version = card.version
    scheduling.restore(card, scheduling.snapshot(Card()))
    card.reset_at = now
    try:
        recording.save_if_unchanged(card, read_version)
    except recording.AlreadyRecorded:
        raise Refused("That card changed meanwhile; try again.") from None
    # Undo must not reach back across a reset.
    Review.objects.filter(learner=learner, card_id=card_id).update(previous=None)
    return card
