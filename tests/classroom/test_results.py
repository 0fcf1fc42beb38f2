import csv
import io
import random
from datetime import timedelta

import pytest

from studyapp.classroom import assignments as domain
from studyapp.classroom.classes import create_class, join_class, remove_student
from studyapp.classroom.results import results_csv, results_grid
from tests.classroom.conftest import NOW, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(instructor, quiz):
    classroom = create_class(instructor, "P2", random.Random(1))
    return domain.create_assignment(classroom, quiz, NOW, NOW + timedelta(hours=2))


def take(assignment, username, answers, submit=True):
    user = make_user(username)
    join_class(assignment.classroom, user.learner, NOW)
    attempt = domain.start_attempt(assignment, user.learner, NOW)
    if submit:
        domain.submit(attempt, answers, NOW + timedelta(minutes=5))
    else:
        domain.save_answers(attempt, answers, NOW + timedelta(minutes=5))
    return user


def test_grid_has_a_row_per_student_and_a_cell_per_question(assignment):
    take(assignment, "bea", {"w3-1": ["a"], "w3-2": ["a", "b"]})
    take(assignment, "al", {"w3-1": ["c"]})
    make_user("cy")
    join_class(assignment.classroom, make_user("dee").learner, NOW)
    grid = results_grid(assignment)
    rows = [(r.name, r.score, r.cells) for r in grid.rows]
    assert rows == [
        ("al", 0, [{"chosen": ["c"], "correct": False}, None]),
        ("bea", 1, [{"chosen": ["a"], "correct": True}, {"chosen": ["a", "b"], "correct": False}]),
        ("dee", None, [None, None]),
    ]


def test_difficulty_counts_submitted_attempts_and_blanks_as_wrong(assignment):
    take(assignment, "bea", {"w3-1": ["a"], "w3-2": ["a", "c"]})
    take(assignment, "al", {"w3-1": ["c"]})
    take(assignment, "cy", {"w3-1": ["a"]}, submit=False)  # still working: not counted
    stats = results_grid(assignment).stats
    assert [(s.correct, s.answered, s.percent_correct) for s in stats] == [(1, 2, 50), (1, 2, 50)]


def test_most_chosen_wrong_option_counts_each_wrong_pick(assignment):
    take(assignment, "a1", {"w3-2": ["a", "b"]})
    take(assignment, "a2", {"w3-2": ["b", "d"]})
    take(assignment, "a3", {"w3-2": ["d", "e"]})
    take(assignment, "a4", {"w3-1": ["c"]})
    stats = results_grid(assignment).stats
    assert (stats[0].top_wrong, stats[1].top_wrong) == (("c", 1), ("b", 2))


def test_a_student_who_left_keeps_their_row(assignment):
    user = take(assignment, "bea", {"w3-1": ["a"]})
    remove_student(assignment.classroom, user.learner.pk)
    rows = [(r.name, r.on_roster, r.score) for r in results_grid(assignment).rows]
    assert rows == [("bea", False, 1)]


def test_csv_has_answers_per_question_and_the_question_summary(assignment):
    take(assignment, "bea", {"w3-1": ["a"], "w3-2": ["c", "a"]})
    take(assignment, "-al", {"w3-1": ["b"]})
    rows = list(csv.reader(io.StringIO(results_csv(results_grid(assignment)))))
    assert rows[0] == [
        "student",
        "on roster",
        "started",
        "submitted",
        "score",
        "out of",
        "Q1 w3-1 answer",
        "Q1 correct",
        "Q2 w3-2 answer",
        "Q2 correct",
    ]
    submitted = (NOW + timedelta(minutes=5)).isoformat()
    assert rows[1] == ["'-al", "yes", NOW.isoformat(), submitted, "0", "2", "b", "0", "", ""]
    assert rows[2] == ["bea", "yes", NOW.isoformat(), submitted, "2", "2", "a", "1", "a c", "1"]
    assert rows[4:] == [
        ["question", "id", "share correct", "most-chosen wrong option", "times chosen"],
        ["Q1", "w3-1", "0.50", "b", "1"],
        ["Q2", "w3-2", "0.50", "", ""],
    ]
