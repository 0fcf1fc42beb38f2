from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import User

from studyapp.learners.identity import merge_learners
from studyapp.learners.models import Learner
from studyapp.study.api import record_outside_answer
from studyapp.study.models import Card, Review
from studyapp.study.recording import scheduler_for
from studyapp.study.scheduling import review

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_merge_replays_each_cards_reviews_in_time_order(small_catalog):
    guest = Learner.objects.create()
    account = Learner.objects.create(user=User.objects.create(username="ana"))
    # Interleaved in time: account at 12:00, guest at 12:10, account at 2 days later.
    record_outside_answer(account, "t-visibility", True, NOW, "quiz")
    record_outside_answer(guest, "t-visibility", True, NOW + timedelta(minutes=10), "quiz")
    record_outside_answer(account, "t-visibility", False, NOW + timedelta(days=2), "quiz")
    record_outside_answer(guest, "t-retention", False, NOW, "exam")

    merge_learners(guest, account)

    expected = Card()
    scheduler = scheduler_for(account)
    for rating, at in ((3, NOW), (3, NOW + timedelta(minutes=10)), (1, NOW + timedelta(days=2))):
        review(expected, rating, at, scheduler)
    merged = Card.objects.get(learner=account, card_id="t-visibility")
    assert (merged.state, merged.due, merged.reps, merged.lapses, merged.stability) == (
        expected.state,
        expected.due,
        3,
        1,
        expected.stability,
    )
    assert Card.objects.get(learner=account, card_id="t-retention").reps == 1
    assert Review.objects.filter(learner=account).count() == 4
    assert Learner.objects.filter(pk=guest.pk).exists() is False
    assert Card.objects.count() == 2


def test_merge_keeps_logged_only_answers_out_of_replay(small_catalog):
    guest = Learner.objects.create()
    account = Learner.objects.create(user=User.objects.create(username="bo"))
    record_outside_answer(account, "t-trap-push", True, NOW, "quiz")
    record_outside_answer(guest, "t-trap-push", True, NOW + timedelta(minutes=1), "quiz")
    record_outside_answer(guest, "t-trap-push", True, NOW + timedelta(minutes=2), "quiz")  # not due

    merge_learners(guest, account)

    card = Card.objects.get(learner=account, card_id="t-trap-push")
    assert (card.reps, Review.objects.filter(learner=account).count()) == (2, 3)
