import random
from datetime import timedelta

import pytest

from studyapp.classroom import assignments as domain
from studyapp.classroom.classes import create_class, join_class
from studyapp.classroom.models import Assignment, AttemptAnswer
from studyapp.study.models import Review
from tests.classroom.conftest import NOW

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def classroom(instructor, student):
    classroom = create_class(instructor, "P2", random.Random(1))
    join_class(classroom, student.learner, NOW)
    return classroom


def assign(classroom, quiz, **kwargs):
    values = {"opens_at": NOW, "closes_at": NOW + 2 * HOUR, "time_limit_minutes": None}
    values.update(kwargs)
    return domain.create_assignment(classroom, quiz, **values)


def test_assignment_copies_the_questions_so_quiz_edits_do_not_change_it(classroom, quiz):
    assignment = assign(classroom, quiz)
    quiz.questions = quiz.questions[:1]
    quiz.save()
    assignment.refresh_from_db()
    assert [q["id"] for q in assignment.questions] == ["w3-1", "w3-2"]


def test_close_before_open_is_refused(classroom, quiz):
    with pytest.raises(
        domain.AssignmentRefused, match="The close time must be after the open time."
    ):
        assign(classroom, quiz, closes_at=NOW)
    assert Assignment.objects.count() == 0


def test_status_follows_the_clock(classroom, quiz):
    assignment = assign(classroom, quiz)
    statuses = [domain.status(assignment, NOW + t) for t in (-HOUR, timedelta(0), 2 * HOUR)]
    assert statuses == ["upcoming", "open", "closed"]


def test_deadline_is_the_time_limit_or_the_close_whichever_first(classroom, quiz):
    assignment = assign(classroom, quiz, time_limit_minutes=30)
    early = domain.deadline_for(assignment, NOW, extra=0)
    late = domain.deadline_for(assignment, NOW + 110 * timedelta(minutes=1), extra=0)
    assert (early, late) == (NOW + timedelta(minutes=30), NOW + 2 * HOUR)


def test_extra_time_extends_both_the_limit_and_the_close(classroom, quiz, student):
    assignment = assign(classroom, quiz, time_limit_minutes=30)
    domain.set_extra_time(assignment, student.learner, 15)
    attempt = domain.start_attempt(assignment, student.learner, NOW + 119 * timedelta(minutes=1))
    assert attempt.deadline == NOW + 2 * HOUR + timedelta(minutes=15)
    assert domain.answers_released_at(assignment) == NOW + 2 * HOUR + timedelta(minutes=15)


def test_start_is_refused_before_open_after_close_and_for_strangers(
    classroom, quiz, student, other_instructor
):
    assignment = assign(classroom, quiz)
    refusals = []
    for learner, at in (
        (student.learner, NOW - HOUR),
        (student.learner, NOW + 2 * HOUR),
        (other_instructor.learner, NOW),
    ):
        with pytest.raises(domain.AssignmentRefused) as refused:
            domain.start_attempt(assignment, learner, at)
        refusals.append(str(refused.value))
    assert refusals == [
        "This assignment has not opened yet.",
        "This assignment is closed: it can no longer be started.",
        "Only students of this class can take this assignment.",
    ]


def test_starting_twice_returns_the_same_attempt(classroom, quiz, student):
    assignment = assign(classroom, quiz)
    first = domain.start_attempt(assignment, student.learner, NOW)
    assert domain.start_attempt(assignment, student.learner, NOW + HOUR).pk == first.pk


def test_saving_keeps_the_latest_choices_and_drops_blanks(classroom, quiz, student):
    attempt = domain.start_attempt(assign(classroom, quiz), student.learner, NOW)
    domain.save_answers(attempt, {"w3-1": ["b"], "w3-2": ["c", "a"]}, NOW)
    domain.save_answers(attempt, {"w3-1": ["a"], "w3-2": []}, NOW + timedelta(minutes=1))
    saved = list(AttemptAnswer.objects.values_list("question_id", "chosen", "correct"))
    assert saved == [("w3-1", ["a"], True)]


def test_a_choice_that_is_not_an_option_saves_nothing(classroom, quiz, student):
    attempt = domain.start_attempt(assign(classroom, quiz), student.learner, NOW)
    with pytest.raises(
        domain.AssignmentRefused, match="Question 2 has no option 'z'; nothing was saved."
    ):
        domain.save_answers(attempt, {"w3-1": ["a"], "w3-2": ["a", "z"]}, NOW)
    assert AttemptAnswer.objects.count() == 0


def test_submit_scores_all_or_nothing_per_question(classroom, quiz, student):
    attempt = domain.start_attempt(assign(classroom, quiz), student.learner, NOW)
    attempt = domain.submit(
        attempt, {"w3-1": ["a"], "w3-2": ["a", "b"]}, NOW + timedelta(minutes=5)
    )
    assert (attempt.score, attempt.submitted_at) == (1, NOW + timedelta(minutes=5))


def test_late_submission_is_refused_and_changes_nothing(classroom, quiz, student):
    assignment = assign(classroom, quiz, time_limit_minutes=10)
    attempt = domain.start_attempt(assignment, student.learner, NOW)
    domain.save_answers(attempt, {"w3-1": ["b"]}, NOW + timedelta(minutes=9))
    late = NOW + timedelta(minutes=10) + domain.SUBMIT_GRACE + timedelta(seconds=1)
    with pytest.raises(domain.AssignmentRefused, match="Time is up"):
        domain.submit(attempt, {"w3-1": ["a"]}, late)
    assert list(AttemptAnswer.objects.values_list("chosen", flat=True)) == [["b"]]


def test_a_submit_within_the_grace_is_accepted(classroom, quiz, student):
    attempt = domain.start_attempt(
        assign(classroom, quiz, time_limit_minutes=10), student.learner, NOW
    )
    attempt = domain.submit(
        attempt, {"w3-1": ["a"]}, NOW + timedelta(minutes=10) + domain.SUBMIT_GRACE
    )
    assert attempt.score == 1


def test_an_abandoned_attempt_counts_as_submitted_at_its_deadline(classroom, quiz, student):
    attempt = domain.start_attempt(
        assign(classroom, quiz, time_limit_minutes=10), student.learner, NOW
    )
    domain.save_answers(attempt, {"w3-1": ["a"]}, NOW + timedelta(minutes=2))
    unchanged = domain.close_if_expired(attempt, NOW + timedelta(minutes=10))
    closed = domain.close_if_expired(attempt, NOW + HOUR)
    assert (unchanged.submitted_at, closed.submitted_at, closed.score) == (
        None,
        NOW + timedelta(minutes=10),
        1,
    )


def test_submitting_twice_counts_once(classroom, quiz, student):
    attempt = domain.start_attempt(assign(classroom, quiz), student.learner, NOW)
    domain.submit(attempt, {"w3-1": ["a"]}, NOW + timedelta(minutes=1))
    with pytest.raises(domain.AssignmentRefused, match="already submitted"):
        domain.submit(attempt, {"w3-1": ["b"]}, NOW + timedelta(minutes=2))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.submitted_at) == (1, NOW + timedelta(minutes=1))


def test_review_shows_score_at_once_and_answers_after_close(classroom, quiz, student):
    assignment = assign(classroom, quiz, review=Assignment.Review.ANSWERS)
    attempt = domain.start_attempt(assignment, student.learner, NOW)
    before = domain.review_for(assignment, attempt, NOW)
    attempt = domain.submit(attempt, {}, NOW)
    during = domain.review_for(assignment, attempt, NOW + HOUR)
    after = domain.review_for(assignment, attempt, NOW + 2 * HOUR)
    assert (before, during, after) == (
        domain.Review(False, False, False),
        domain.Review(True, False, False),
        domain.Review(True, True, False),
    )


def test_answers_to_bank_questions_feed_study_and_own_questions_do_not(
    classroom, instructor, student, small_catalog
):
    from studyapp.classroom.authoring import add_bank_questions, save_quiz
    from tests.classroom.conftest import QUIZ_YAML

    quiz = save_quiz(instructor, QUIZ_YAML)
    add_bank_questions(quiz, ["t-q-1"])
    attempt = domain.start_attempt(assign(classroom, quiz), student.learner, NOW)
    domain.submit(attempt, {"w3-1": ["a"], "t-q-1": ["b"]}, NOW + timedelta(minutes=3))
    reviews = (
        Review.objects.filter(learner=student.learner).values_list("item_id", "source").distinct()
    )
    assert sorted(reviews) == [("t-q-1", "assignment"), ("t-visibility", "assignment")]


def test_a_bank_id_reused_with_another_answer_does_not_feed_study(small_catalog):
    questions = [{"id": "t-q-1", "answer": ["b"]}, {"id": "t-q-2", "answer": ["c", "a"]}]
    assert domain.bank_question_ids(questions) == {"t-q-2"}
