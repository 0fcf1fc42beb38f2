import random
from datetime import timedelta

import pytest

from studyapp.quiz import practice
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Attempt
from studyapp.study.models import Review
from tests.quiz.conftest import NOW


def start(learner, topics=("queues", "extra"), count=5, seed=1):
    return practice.start_practice(learner, list(topics), count, NOW, random.Random(seed))


def test_practice_topics_lists_topics_with_question_counts(bank):
    rows = [(row["topic"].id, row["count"]) for row in practice.practice_topics()]
    assert sorted(rows) == [("extra", 9), ("queues", 11)]


def test_start_practice_draws_the_number_asked_from_the_chosen_topics(bank, account):
    attempt = start(account, topics=["extra"], count=4)
    answers = list(attempt.answers.select_related("item"))
    assert [a.position for a in answers] == [1, 2, 3, 4]
    assert {a.item.topic_id for a in answers} == {"extra"}
    assert len({a.item_id for a in answers}) == 4


def test_start_practice_same_seed_same_questions(bank, account):
    first = list(start(account, seed=9).answers.values_list("item_id", flat=True))
    second = list(start(account, seed=9).answers.values_list("item_id", flat=True))
    assert first == second


@pytest.mark.parametrize(
    ("topics", "count", "message"),
    [
        ([], 5, "Choose at least one topic to practise."),
        (["nope"], 5, "There is no topic with questions called 'nope'."),
        (["extra"], 10, "The number of questions must be between 1 and 9; got 10."),
        (["extra"], 0, "The number of questions must be between 1 and 9; got 0."),
    ],
)
def test_start_practice_refuses_bad_choices_and_creates_nothing(
    bank, account, topics, count, message
):
    with pytest.raises(Refused) as refused:
        start(account, topics=topics, count=count)
    assert (refused.value.message, Attempt.objects.count()) == (message, 0)


def test_answer_practice_grades_at_once_and_feeds_study(bank, account):
    attempt = start(account, topics=["queues"], count=11)
    answer = attempt.answers.get(item_id="t-q-1")
    saved = practice.answer_practice(attempt, "t-q-1", ["b"], NOW + timedelta(minutes=1))
    assert (saved.chosen, saved.correct, saved.position) == (["b"], False, answer.position)
    reviews = Review.objects.filter(learner=account).values_list("card_id", "source", "rating")
    # A wrong answer is Again on the question's card and on the fact it tests.
    assert sorted(reviews) == [("t-q-1", "quiz", 1), ("t-visibility", "quiz", 1)]


def test_answer_practice_refuses_a_second_answer_and_keeps_the_first(bank, account):
    attempt = start(account, topics=["queues"], count=11)
    practice.answer_practice(attempt, "t-q-1", ["a"], NOW)
    with pytest.raises(Refused) as refused:
        practice.answer_practice(attempt, "t-q-1", ["b"], NOW)
    assert refused.value.status == 409
    assert attempt.answers.get(item_id="t-q-1").chosen == ["a"]


def test_answer_practice_refuses_a_question_not_in_the_attempt(bank, account):
    attempt = start(account, topics=["extra"], count=2)
    with pytest.raises(Refused) as refused:
        practice.answer_practice(attempt, "t-q-1", ["a"], NOW)
    assert (
        refused.value.message == "Question 't-q-1' is not part of this attempt; nothing was saved."
    )
    assert attempt.answers.filter(answered_at__isnull=False).count() == 0


def test_answer_practice_last_answer_finishes_the_quiz(bank, account):
    attempt = start(account, topics=["extra"], count=2)
    for answer in attempt.answers.select_related("item"):
        practice.answer_practice(attempt, answer.item_id, answer.item.data["answer"], NOW)
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.correct_count) == (NOW, 2)
    with pytest.raises(Refused) as refused:
        practice.answer_practice(attempt, answer.item_id, ["a"], NOW)
    assert (
        refused.value.message == "This practice quiz is finished; its answers can no longer change."
    )


def test_practice_summary_links_wrong_answers_to_the_facts_they_test(bank, account):
    attempt = start(account, topics=["queues"], count=11)
    practice.answer_practice(attempt, "t-q-2", ["a", "b"], NOW)
    practice.answer_practice(attempt, "t-q-1", ["a"], NOW)
    summary = practice.practice_summary(attempt)
    assert (summary["total"], summary["answered"], summary["correct"]) == (11, 2, 1)
    assert [(row["answer"].item_id, [f.id for f in row["facts"]]) for row in summary["wrong"]] == [
        ("t-q-2", ["t-visibility"])
    ]


def test_next_unanswered_is_the_first_open_position(bank, account):
    attempt = start(account, topics=["extra"], count=3)
    first = attempt.answers.get(position=1)
    practice.answer_practice(attempt, first.item_id, first.item.data["answer"], NOW)
    assert practice.next_unanswered(attempt).position == 2
