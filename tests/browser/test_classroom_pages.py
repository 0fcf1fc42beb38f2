"""Every classroom page an instructor or student opens: fits 360 px, no serious axe violations."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from studyapp.classroom import assignments
from studyapp.classroom.authoring import save_quiz
from studyapp.classroom.classes import create_class, join_class
from tests.browser.conftest import serious_violations
from tests.browser.test_classroom_assignments import log_in
from tests.classroom.conftest import QUIZ_YAML, make_user


@pytest.fixture
def world(small_catalog):
    teacher = make_user("teacher", instructor=True)
    student = make_user("sam")
    classroom = create_class(teacher, "Period 2", random.Random(3))
    join_class(classroom, student.learner, timezone.now())
    quiz = save_quiz(teacher, QUIZ_YAML)
    now = timezone.now()
    assignment = assignments.create_assignment(
        classroom, quiz, now - timedelta(hours=1), now + timedelta(hours=1)
    )
    return {"classroom": classroom, "quiz": quiz, "assignment": assignment}


def check(phone, url):
    phone.goto(url)
    assert (url, phone.evaluate("document.documentElement.scrollWidth") <= 360) == (url, True)
    assert (url, serious_violations(phone)) == (url, [])


def test_instructor_pages_fit_a_phone_and_pass_axe(phone, live_server, world):
    base = live_server.url
    log_in(phone, base, "teacher", "/class/")
    for path in (
        "/class/",
        "/class/quizzes/",
        f"/class/quizzes/{world['quiz'].pk}/",
        f"/class/quizzes/{world['quiz'].pk}/edit/",
        "/class/quizzes/upload/",
        "/class/quizzes/bank/",
        f"/class/classes/{world['classroom'].pk}/",
        f"/class/classes/{world['classroom'].pk}/assign/",
        f"/class/assignments/{world['assignment'].pk}/",
        f"/class/assignments/{world['assignment'].pk}/results/",
    ):
        check(phone, base + path)


def test_editor_errors_fit_a_phone_and_pass_axe(phone, live_server, world):
    base = live_server.url
    log_in(phone, base, "teacher", "/class/quizzes/new/")
    editor = phone.get_by_label("Quiz (YAML)")
    editor.fill(QUIZ_YAML.replace("choose: 2", "choose: 5"))
    phone.get_by_role("button", name="Check and save").click()
    assert "must be 1, 2 or 3" in phone.locator("#line-23").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone) == []


def test_student_pages_fit_a_phone_and_pass_axe(phone, live_server, world):
    base = live_server.url
    log_in(phone, base, "sam", "/class/")
    pk = world["assignment"].pk
    check(phone, base + "/class/")
    check(phone, base + f"/class/assignments/{pk}/take/")
    check(phone, base + f"/class/join/{world['classroom'].join_code}/")
