import random
from datetime import timedelta

import pytest
import time_machine

from studyapp.classroom import assignments as domain
from studyapp.classroom.classes import create_class, join_class
from studyapp.classroom.models import Assignment, Attempt
from tests.classroom.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(instructor, student):
    classroom = create_class(instructor, "Period 2", random.Random(1))
    join_class(classroom, student.learner, NOW)
    return classroom


@pytest.fixture
def assignment(classroom, quiz):
    return domain.create_assignment(
        classroom, quiz, NOW, NOW + timedelta(hours=1), 20, Assignment.Review.FEEDBACK
    )


def test_instructor_assigns_a_quiz_in_their_time_zone(client, instructor, classroom, quiz):
    instructor.learner.time_zone = "Europe/Berlin"
    instructor.learner.save()
    client.force_login(instructor)
    form = {
        "quiz": quiz.pk,
        "opens_at": "2025-03-10T10:00",
        "closes_at": "2025-03-10T11:00",
        "time_limit_minutes": "",
        "review": "score",
    }
    client.post(f"/class/classes/{classroom.pk}/assign/", form)
    assignment = Assignment.objects.get()
    assert (
        assignment.opens_at,
        assignment.closes_at,
        assignment.time_limit_minutes,
        assignment.review,
    ) == (
        NOW,
        NOW + timedelta(hours=1),
        None,
        "score",
    )


def test_assign_with_close_before_open_shows_the_error(client, instructor, classroom, quiz):
    client.force_login(instructor)
    form = {
        "quiz": quiz.pk,
        "opens_at": "2025-03-10T10:00",
        "closes_at": "2025-03-10T09:00",
        "review": "score",
    }
    response = client.post(f"/class/classes/{classroom.pk}/assign/", form)
    assert (response.status_code, Assignment.objects.count()) == (400, 0)
    assert "The close time must be after the open time." in response.content.decode()


def test_student_starts_saves_and_submits(client, student, assignment):
    client.force_login(student)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        start = client.get(f"/class/assignments/{assignment.pk}/take/").content.decode()
        client.post(f"/class/assignments/{assignment.pk}/take/")
        client.post(
            f"/class/assignments/{assignment.pk}/answers/", {"q-w3-1": "a", "action": "save"}
        )
        page = client.get(f"/class/assignments/{assignment.pk}/take/").content.decode()
        response = client.post(
            f"/class/assignments/{assignment.pk}/answers/",
            {"q-w3-1": "a", "q-w3-2": ["a", "c"], "action": "submit"},
            follow=True,
        )
    assert "20 minutes from when you start" in start
    assert 'name="q-w3-1" value="a" checked' in page
    assert Attempt.objects.get().score == 2
    assert 'You scored <strong id="score">2 of 2</strong>' in response.content.decode()


def test_htmx_autosave_answers_with_the_status_fragment(client, student, assignment):
    client.force_login(student)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        client.post(f"/class/assignments/{assignment.pk}/take/")
        response = client.post(
            f"/class/assignments/{assignment.pk}/answers/",
            {"q-w3-1": "b"},
            headers={"HX-Request": "true"},
        )
    assert (
        response.content.decode().strip()
        == '<p id="save-status" role="status" class="save-status">Saved at 09:01:00.</p>'
    )


def test_late_submission_is_refused_with_a_message(client, student, assignment):
    client.force_login(student)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        client.post(f"/class/assignments/{assignment.pk}/take/")
        client.post(f"/class/assignments/{assignment.pk}/answers/", {"q-w3-1": "b"})
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        response = client.post(
            f"/class/assignments/{assignment.pk}/answers/",
            {"q-w3-1": "a", "action": "submit"},
            follow=True,
        )
    page = response.content.decode()
    assert "Time is up: answers can no longer be saved or submitted." in page
    attempt = Attempt.objects.get()
    assert (attempt.submitted_at, attempt.score) == (NOW + timedelta(minutes=21), 0)


def test_starting_after_close_is_refused(client, student, assignment):
    client.force_login(student)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        response = client.post(f"/class/assignments/{assignment.pk}/take/", follow=True)
    assert "This assignment is closed: it can no longer be started." in response.content.decode()
    assert Attempt.objects.count() == 0


def test_feedback_appears_after_close(client, student, assignment):
    client.force_login(student)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        client.post(f"/class/assignments/{assignment.pk}/take/")
        client.post(
            f"/class/assignments/{assignment.pk}/answers/", {"q-w3-1": "b", "action": "submit"}
        )
        during = client.get(f"/class/assignments/{assignment.pk}/result/").content.decode()
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        after = client.get(f"/class/assignments/{assignment.pk}/result/").content.decode()
    assert (
        "Wrong: consumers pull." in during,
        "appear here once the assignment closes" in during,
    ) == (False, True)
    assert ("Wrong: consumers pull." in after, "right answer" in after) == (True, True)


def test_a_student_outside_the_class_cannot_see_the_assignment(
    client, other_instructor, assignment
):
    client.force_login(other_instructor)
    assert client.get(f"/class/assignments/{assignment.pk}/take/").status_code == 404


def test_results_page_and_csv(client, instructor, student, assignment):
    attempt = domain.start_attempt(assignment, student.learner, NOW)
    domain.submit(attempt, {"w3-1": ["b"], "w3-2": ["a", "c"]}, NOW + timedelta(minutes=3))
    client.force_login(instructor)
    page = client.get(f"/class/assignments/{assignment.pk}/results/").content.decode()
    csv_response = client.get(f"/class/assignments/{assignment.pk}/results.csv")
    assert "B (1×)" in page and "0% (0 of 1)" in page
    assert (
        csv_response["Content-Disposition"]
        == 'attachment; filename="period-2-week-3-quiz-results.csv"'
    )
    assert csv_response.content.decode().splitlines()[1].startswith("sam,yes,")


def test_another_instructor_gets_no_results(client, other_instructor, assignment):
    client.force_login(other_instructor)
    assert client.get(f"/class/assignments/{assignment.pk}/results.csv").status_code == 404


def test_extra_time_is_set_for_a_student_on_the_roster(client, instructor, student, assignment):
    client.force_login(instructor)
    client.post(
        f"/class/assignments/{assignment.pk}/extra-time/",
        {"learner": student.learner.pk, "minutes": 10},
    )
    assert domain.extra_minutes(assignment, student.learner) == 10
