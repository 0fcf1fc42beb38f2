import pytest

from studyapp.classroom.models import Classroom, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(client, instructor):
    client.force_login(instructor)
    client.post("/class/classes/new/", {"name": "Period 2"})
    client.logout()
    return Classroom.objects.get()


def test_instructor_creates_a_class_and_sees_its_code_and_link(client, instructor):
    client.force_login(instructor)
    response = client.post("/class/classes/new/", {"name": "Period 2"}, follow=True)
    classroom = Classroom.objects.get()
    page = response.content.decode()
    assert (classroom.owner, classroom.name) == (instructor, "Period 2")
    assert f"http://testserver/class/join/{classroom.join_code}/" in page


def test_join_link_without_an_account_goes_to_login_and_remembers_the_class(
    client, classroom, student
):
    response = client.get(f"/class/join/{classroom.join_code}/")
    assert response["Location"] == f"/account/login/?next=/class/join/{classroom.join_code}/"
    client.force_login(student)  # as if they logged in (or signed up: the session keeps the code)
    page = client.get("/class/").content.decode()
    assert "You were joining <strong>Period 2</strong>" in page


def test_join_link_get_asks_and_post_joins(client, classroom, student):
    client.force_login(student)
    ask = client.get(f"/class/join/{classroom.join_code}/")
    assert Membership.objects.count() == 0
    client.post(f"/class/join/{classroom.join_code}/")
    assert ("Join the class" in ask.content.decode(), Membership.objects.get().learner) == (
        True,
        student.learner,
    )


def test_join_by_typed_code(client, classroom, student):
    client.force_login(student)
    response = client.post("/class/join/", {"code": classroom.join_code.lower()}, follow=True)
    assert Membership.objects.filter(learner=student.learner).count() == 1
    assert "You joined “Period 2”." in response.content.decode()


def test_join_with_a_wrong_code_says_so(client, classroom, student):
    client.force_login(student)
    response = client.post("/class/join/", {"code": "NOPE2345"})
    assert (response.status_code, Membership.objects.count()) == (400, 0)
    assert "No class has that code." in response.content.decode()


def test_an_old_link_says_it_is_not_valid(client, classroom, student):
    client.force_login(student)
    response = client.get("/class/join/ABCDEFGH/")
    assert response.status_code == 404
    assert "That class link is not valid any more." in response.content.decode()


def test_instructor_removes_a_student(client, classroom, instructor, student):
    Membership.objects.create(
        classroom=classroom, learner=student.learner, joined_at=classroom.created_at
    )
    client.force_login(instructor)
    client.post(f"/class/classes/{classroom.pk}/remove/", {"learner": student.learner.pk})
    assert Membership.objects.count() == 0


def test_new_code_replaces_the_old(client, classroom, instructor):
    old = classroom.join_code
    client.force_login(instructor)
    client.post(f"/class/classes/{classroom.pk}/code/")
    classroom.refresh_from_db()
    assert classroom.join_code != old


def test_another_instructors_class_is_not_found(client, classroom, other_instructor):
    client.force_login(other_instructor)
    pages = [
        client.get(f"/class/classes/{classroom.pk}/").status_code,
        client.post(f"/class/classes/{classroom.pk}/code/").status_code,
    ]
    assert pages == [404, 404]


def test_home_lists_a_students_assignments(client, classroom, student, quiz):
    from datetime import timedelta

    from django.utils import timezone

    from studyapp.classroom.assignments import create_assignment

    Membership.objects.create(
        classroom=classroom, learner=student.learner, joined_at=timezone.now()
    )
    now = timezone.now()
    create_assignment(classroom, quiz, now - timedelta(hours=1), now + timedelta(hours=1))
    client.force_login(student)
    response = client.get("/class/")
    rows = [
        (r["assignment"].title, r["status"], r["attempt"]) for r in response.context["assignments"]
    ]
    assert rows == [("Week 3 quiz", "open", None)]
    assert "open until" in response.content.decode()


def test_home_for_a_visitor_explains_that_joining_needs_an_account(client, db):
    page = client.get("/class/").content.decode()
    assert "Joining a class needs an account, so your results follow you." in page
