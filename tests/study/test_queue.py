from datetime import UTC, date, datetime, timedelta

from studyapp.learners.models import Learner
from studyapp.study.cards import catalogue
from studyapp.study.models import Card, CardState
from studyapp.study.queue import next_card, refusal

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def review_card(learner, card_id, due, stability=10.0, last_review=None, **extra):
    spec = catalogue().specs[card_id]
    return Card.objects.create(
        learner=learner,
        card_id=card_id,
        item_id=spec.item_id,
        topic_id=spec.topic_id,
        state=CardState.REVIEW,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=last_review or due - timedelta(days=10),
        reps=3,
        **extra,
    )


def suspend_all_but(learner, *keep):
    for spec in catalogue().specs.values():
        if spec.card_id not in keep:
            Card.objects.create(
                learner=learner,
                card_id=spec.card_id,
                item_id=spec.item_id,
                topic_id=spec.topic_id,
                suspended=True,
            )


def test_next_card_due_before_new(learner):
    review_card(learner, "t-trap-push", NOW - timedelta(hours=1))

    session = next_card(learner, catalogue(), NOW)

    assert (session.pick.spec.card_id, session.pick.reason, session.status.due) == (
        "t-trap-push",
        "due",
        1,
    )


def test_next_card_new_cards_in_study_order_then_limit(learner):
    learner.new_cards_per_day = 0
    learner.save()

    session = next_card(learner, catalogue(), NOW)

    assert (session.pick, session.status.new_left) == (None, 0)


def test_next_card_first_new_card_is_first_fact(learner):
    assert next_card(learner, catalogue(), NOW).pick.spec.card_id == "t-visibility"


def test_next_card_review_due_later_today_counts_by_study_day(learner):
    learner.time_zone, learner.day_rollover_hour = "Europe/Berlin", 4
    learner.save()
    # Due at 02:00 UTC tomorrow = 03:00 Berlin, before the 04:00 rollover: still today.
    review_card(learner, "t-trap-push", datetime(2025, 3, 2, 2, 0, tzinfo=UTC))
    review_card(learner, "t-rule-buffer", datetime(2025, 3, 2, 3, 30, tzinfo=UTC))

    session = next_card(learner, catalogue(), NOW)

    assert (session.pick.spec.card_id, session.status.due) == ("t-trap-push", 1)


def test_next_card_interleaves_topics(learner, small_catalog):
    # Only one topic in the fixture: interleaving falls back to the earliest due card.
    review_card(learner, "t-trap-push", NOW - timedelta(hours=2))
    review_card(learner, "t-rule-buffer", NOW - timedelta(hours=1))

    session = next_card(learner, catalogue(), NOW, after_topic="queues")

    assert session.pick.spec.card_id == "t-trap-push"


def test_next_card_exam_brings_forward_weak_cards(learner):
    learner.exam_date = date(2025, 3, 4)
    learner.save()
    suspend_all_but(learner, "t-trap-push", "t-rule-buffer")
    # Due after today but before the exam: recall on exam day falls below 0.9.
    review_card(learner, "t-trap-push", datetime(2025, 3, 3, 12, 0, tzinfo=UTC), stability=5.0)
    # Due long after the exam: strong enough.
    review_card(learner, "t-rule-buffer", datetime(2025, 6, 1, tzinfo=UTC), stability=90.0)

    session = next_card(learner, catalogue(), NOW)

    assert (session.pick.spec.card_id, session.pick.reason) == ("t-trap-push", "exam")


def test_next_card_no_exam_boost_outside_last_week(learner):
    learner.exam_date = date(2025, 4, 30)
    learner.save()
    suspend_all_but(learner, "t-trap-push")
    review_card(learner, "t-trap-push", datetime(2025, 3, 3, 12, 0, tzinfo=UTC), stability=5.0)

    assert next_card(learner, catalogue(), NOW).pick is None


def test_refusal_for_card_not_due(learner):
    card = review_card(learner, "t-trap-push", datetime(2025, 3, 5, 9, 0, tzinfo=UTC))

    assert (
        refusal(learner, card, NOW)
        == "This card is not due until 2025-03-05 09:00; nothing was recorded."
    )


def test_refusal_none_for_due_card(small_catalog):
    learner = Learner.objects.create()
    card = review_card(learner, "t-trap-push", NOW)

    assert refusal(learner, card, NOW) is None


def test_next_card_exam_plan_raises_new_limit(learner):
    learner.exam_date = date(2025, 3, 5)  # 4 days left: introduce everything by tomorrow
    learner.new_cards_per_day = 1
    learner.save()

    session = next_card(learner, catalogue(), NOW)

    assert (session.status.new_limit, session.status.new_left) == (10, 10)  # all ten fixture cards
