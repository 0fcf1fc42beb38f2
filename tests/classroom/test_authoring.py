import pytest

from studyapp.classroom import authoring
from studyapp.classroom.models import (
    InstructorQuiz,
    question_html,
    question_points,
    question_time_limit,
)
from tests.classroom.conftest import QUIZ_YAML

pytestmark = pytest.mark.django_db


def test_read_quiz_accepts_points_and_time_limit(small_catalog):
    data, errors = authoring.read_quiz(QUIZ_YAML)
    first, second = data["questions"]
    assert errors == []
    assert (question_points(first), question_time_limit(first)) == (2000, 30)
    assert (question_points(second), question_time_limit(second)) == (1000, 20)


def test_read_quiz_rejects_points_and_time_limit_out_of_range(small_catalog):
    text = QUIZ_YAML.replace("points: 2000", "points: 1500").replace(
        "time_limit: 30", "time_limit: 2"
    )
    data, errors = authoring.read_quiz(text)
    assert data is None
    assert [str(e) for e in errors] == [
        "quiz.yaml:19: question w3-1.points: must be 0 (no points), 1000 or 2000 (double)",
        "quiz.yaml:20: question w3-1.time_limit: must be between 5 and 600 seconds",
    ]


def test_read_quiz_lists_every_error_in_line_order(small_catalog):
    text = QUIZ_YAML.replace("answer: [a, c]", "answer: [a]").replace(
        "difficulty: 1", "difficulty: 9"
    )
    text = text.replace("    points: 2000\n", "    points: 2000\n    colour: red\n")
    data, errors = authoring.read_quiz(text)
    assert data is None
    assert [(e.line, e.field) for e in errors] == [
        (16, "question w3-1.difficulty"),
        (20, "question w3-1.colour"),
        (31, "question w3-2.answer"),
    ]


def test_read_quiz_names_facts_that_do_not_exist(small_catalog):
    text = QUIZ_YAML.replace(
        "    services: [sns]\n", "    tests: [t-visibility, no-such-fact]\n    services: [sns]\n"
    )
    _data, errors = authoring.read_quiz(text)
    assert [str(e) for e in errors] == [
        "quiz.yaml:13: question w3-1.tests[1]: no fact has the id 'no-such-fact'"
    ]


def test_invalid_edit_changes_nothing(quiz, instructor):
    before = (quiz.title, quiz.questions, quiz.source_yaml)
    with pytest.raises(authoring.QuizInvalid) as invalid:
        authoring.save_quiz(
            instructor, QUIZ_YAML.replace("title: Week 3 quiz", "title: New\ntitle: Twice"), quiz
        )
    quiz.refresh_from_db()
    assert (quiz.title, quiz.questions, quiz.source_yaml) == before
    assert [str(e) for e in invalid.value.errors] == [
        "quiz.yaml:2: title: duplicate key (first given on line 1)"
    ]


def test_saved_quiz_keeps_the_text_as_written(quiz):
    assert (quiz.title, quiz.description, quiz.source_yaml) == (
        "Week 3 quiz",
        "Queues and topics.",
        QUIZ_YAML,
    )
    assert [q["id"] for q in quiz.questions] == ["w3-1", "w3-2"]


def test_duplicate_quiz_is_a_separate_copy(quiz, instructor):
    copy = authoring.duplicate_quiz(quiz, instructor)
    authoring.move_question(copy, "w3-2", -1)
    quiz.refresh_from_db()
    assert (copy.title, [q["id"] for q in copy.questions]) == (
        "Copy of Week 3 quiz",
        ["w3-2", "w3-1"],
    )
    assert [q["id"] for q in quiz.questions] == ["w3-1", "w3-2"]


def test_move_question_rewrites_valid_yaml_in_the_new_order(quiz):
    assert authoring.move_question(quiz, "w3-1", 1) is True
    data, errors = authoring.read_quiz(quiz.source_yaml)
    assert errors == []
    assert [q["id"] for q in data["questions"]] == ["w3-2", "w3-1"]
    assert data["questions"][1]["points"] == 2000


def test_move_question_past_either_end_is_refused(quiz):
    assert (
        authoring.move_question(quiz, "w3-1", -1),
        authoring.move_question(quiz, "w3-2", 1),
    ) == (False, False)


def test_remove_question_keeps_at_least_one(quiz):
    assert authoring.remove_question(quiz, "w3-1") is True
    assert authoring.remove_question(quiz, "w3-2") is False
    assert [q["id"] for q in InstructorQuiz.objects.get(pk=quiz.pk).questions] == ["w3-2"]


def test_quiz_from_bank_keeps_the_order_picked_and_validates(instructor, small_catalog):
    quiz = authoring.quiz_from_bank(
        instructor, "Bank picks", ["t-q-2", "t-q-1", "t-q-2", "not-a-question"]
    )
    data, errors = authoring.read_quiz(quiz.source_yaml)
    assert ([q["id"] for q in quiz.questions], errors) == (["t-q-2", "t-q-1"], [])
    assert data["questions"] == quiz.questions


def test_add_bank_questions_skips_those_already_in_the_quiz(quiz, small_catalog):
    assert authoring.add_bank_questions(quiz, ["t-q-1"]) == 1
    assert authoring.add_bank_questions(quiz, ["t-q-1"]) == 0
    assert [q["id"] for q in quiz.questions] == ["w3-1", "w3-2", "t-q-1"]


def test_annotated_lines_put_each_error_beside_its_line(small_catalog):
    text = QUIZ_YAML.replace("difficulty: 1", "difficulty: 9")
    _data, errors = authoring.read_quiz(text)
    lines = authoring.annotated_lines(text, errors)
    flagged = [
        (line["number"], line["text"].strip(), [e.message for e in line["errors"]])
        for line in lines
        if line["errors"]
    ]
    assert flagged == [(16, "difficulty: 9", ["must be 1 (easy), 2 (medium) or 3 (hard)"])]


def test_question_html_renders_markdown_and_drops_html():
    question = {
        "stem": "Pick **one** <script>alert(1)</script>",
        "options": [
            {
                "id": "a",
                "text": "<img src=x onerror=alert(2)>SQS",
                "why": "[x](javascript:alert(3))",
            }
        ],
    }
    html = question_html(question)
    assert html["stem"] == "<p>Pick <strong>one</strong> </p>"
    assert html["options"] == [
        {"id": "a", "text": "SQS", "why": '<p><a rel="noopener noreferrer">x</a></p>'}
    ]
