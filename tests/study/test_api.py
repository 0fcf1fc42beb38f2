from datetime import UTC, datetime, timedelta

import pytest

from studyapp.study.api import record_outside_answer
from studyapp.study.models import Card, CardState, Review

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def cards(learner):
    return {c.card_id: c for c in Card.objects.filter(learner=learner)}


def test_record_outside_answer_wrong_is_again_on_question_and_tested_facts(learner):
    record_outside_answer(learner, "t-q-1", False, NOW, "quiz")

    got = cards(learner)
    assert sorted(got) == ["t-q-1", "t-visibility"]
    assert [(c.state, c.due - NOW) for c in got.values()] == [
        (CardState.LEARNING, timedelta(minutes=1)),
        (CardState.LEARNING, timedelta(minutes=1)),
    ]
    log = list(Review.objects.filter(learner=learner).values_list("card_id", "rating", "source"))
    assert sorted(log) == [("t-q-1", 1, "quiz"), ("t-visibility", 1, "quiz")]


def test_record_outside_answer_wrong_on_review_card_is_a_lapse_back_within_relearning_step(
    learner,
):
    record_outside_answer(learner, "t-visibility", True, NOW, "drill")  # new -> Good: learning
    card = cards(learner)["t-visibility"]
    record_outside_answer(learner, "t-visibility", True, card.due, "drill")  # due -> Good: review
    card = cards(learner)["t-visibility"]
    assert card.state == CardState.REVIEW
    later = card.due + timedelta(hours=1)

    record_outside_answer(learner, "t-q-1", False, later, "exam")

    fact = cards(learner)["t-visibility"]
    assert (fact.state, fact.lapses, fact.due - later) == (
        CardState.RELEARNING,
        1,
        timedelta(minutes=10),
    )


def test_record_outside_answer_right_on_new_card_rates_good(learner):
    record_outside_answer(learner, "t-rule-buffer", True, NOW, "picker")

    card = cards(learner)["t-rule-buffer"]
    assert (card.state, card.reps, card.due - NOW) == (CardState.LEARNING, 1, timedelta(minutes=10))


def test_record_outside_answer_right_on_card_not_due_is_logged_without_rescheduling(learner):
    record_outside_answer(learner, "t-trap-push", True, NOW, "quiz")
    before = cards(learner)["t-trap-push"]

    record_outside_answer(learner, "t-trap-push", True, NOW + timedelta(minutes=2), "assignment")

    after = cards(learner)["t-trap-push"]
    assert (after.due, after.reps, after.version) == (before.due, before.reps, before.version)
    log = list(
        Review.objects.filter(learner=learner)
        .order_by("reviewed_at")
        .values_list("rating", "source", "rescheduled")
    )
    assert log == [(3, "quiz", True), (3, "assignment", False)]


def test_record_outside_answer_right_question_goes_good_only_where_due(learner):
    record_outside_answer(learner, "t-visibility", True, NOW, "drill")  # fact due in 10 minutes
    fact_before = cards(learner)["t-visibility"]

    record_outside_answer(learner, "t-q-1", True, NOW + timedelta(minutes=1), "live")

    got = cards(learner)
    assert got["t-visibility"].due == fact_before.due
    assert got["t-q-1"].reps == 1
    rescheduled = dict(
        Review.objects.filter(learner=learner, source="live").values_list("card_id", "rescheduled")
    )
    assert rescheduled == {"t-q-1": True, "t-visibility": False}


def test_record_outside_answer_table_cell_card_id(learner):
    record_outside_answer(learner, "t-std-vs-fifo:order:fifo", False, NOW, "drill")

    assert list(cards(learner)) == ["t-std-vs-fifo:order:fifo"]


def test_record_outside_answer_unknown_source_changes_nothing(learner):
    with pytest.raises(ValueError, match="'homework' is not an answer source"):
        record_outside_answer(learner, "t-q-1", False, NOW, "homework")
    assert Review.objects.count() == 0


def test_record_outside_answer_unknown_id_is_refused(learner):
    with pytest.raises(ValueError, match="no card or content item with id 'nope'"):
        record_outside_answer(learner, "nope", False, NOW, "quiz")


def test_record_outside_answer_naive_time_is_refused(learner):
    with pytest.raises(ValueError, match="has no time zone"):
        record_outside_answer(learner, "t-q-1", False, datetime(2025, 3, 1), "quiz")


def test_record_outside_answer_without_learner_records_nothing(small_catalog):
    record_outside_answer(None, "t-q-1", False, NOW, "live")

    assert Review.objects.count() == 0


def test_record_outside_answer_on_suspended_card_is_logged_only(learner):
    Card.objects.create(
        learner=learner, card_id="t-q-1", item_id="t-q-1", topic_id="queues", suspended=True
    )

    record_outside_answer(learner, "t-q-1", False, NOW, "quiz")

    card = cards(learner)["t-q-1"]
    assert (card.state, card.reps) == (CardState.NEW, 0)
    assert list(Review.objects.filter(card_id="t-q-1").values_list("rescheduled", flat=True)) == [
        False
    ]
