import pytest

from studyapp.learners.identity import make_instructor
from studyapp.quiz.models import ProblemReport


@pytest.fixture
def instructor_client(client, django_user_model):
    user = django_user_model.objects.create_user("teach", password="pw-long-enough-1")
    make_instructor(user)
    client.force_login(user)
    return client


def test_report_form_names_the_item_and_returns_to_the_page(small_catalog, client):
    page = client.get("/quiz/report/?item=t-q-1&part=question&next=/quiz/practice/1/q/2/")
    body = page.content.decode()
    assert "<strong>t-q-1</strong>" in body
    assert 'name="next" value="/quiz/practice/1/q/2/"' in body
    response = client.post(
        "/quiz/report/",
        {
            "item": "t-q-1",
            "part": "question",
            "note": "Option B is right too.",
            "next": "/quiz/practice/1/q/2/",
        },
    )
    assert response["Location"] == "/quiz/practice/1/q/2/"
    assert list(ProblemReport.objects.values_list("item_id", "part", "note", "page")) == [
        ("t-q-1", "question", "Option B is right too.", "/quiz/practice/1/q/2/")
    ]


def test_report_refuses_an_empty_note_and_an_outside_next(small_catalog, client):
    response = client.post(
        "/quiz/report/", {"item": "t-q-1", "note": " ", "next": "https://evil.example/"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Describe the problem: the note is empty." in body
    assert 'name="next" value=""' in body
    assert ProblemReport.objects.count() == 0


def test_report_for_an_unknown_item_says_so(small_catalog, client):
    response = client.get("/quiz/report/?item=ghost")
    assert response.status_code == 400
    assert (
        "There is no item &#x27;ghost&#x27; to report a problem with." in response.content.decode()
    )


def test_report_queue_is_for_instructors_only(small_catalog, learner_client):
    assert learner_client.get("/quiz/reports/").status_code == 403
    assert learner_client.post("/quiz/reports/fixed/", {"item": "t-q-1"}).status_code == 403


def test_instructor_sees_the_queue_and_marking_fixed_closes_the_items_reports(
    small_catalog, client, instructor_client
):
    for note in ("first", "second"):
        client.post("/quiz/report/", {"item": "t-q-1", "part": "question", "note": note})
    client.post("/quiz/report/", {"item": "t-visibility", "part": "card", "note": "typo"})
    queue = instructor_client.get("/quiz/reports/").content.decode()
    assert "2 items with open reports" in queue
    assert queue.index("first") < queue.index("second")
    response = instructor_client.post("/quiz/reports/fixed/", {"item": "t-q-1"}, follow=True)
    assert "t-q-1 marked fixed: 2 reports closed." in response.content.decode()
    assert sorted(ProblemReport.objects.values_list("note", "status")) == [
        ("first", "fixed"),
        ("second", "fixed"),
        ("typo", "open"),
    ]


def test_report_link_partial_points_back_to_the_page_it_is_on(rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "quiz/_report_link.html",
        {"item_id": "t-visibility", "part": "card"},
        request=rf.get("/study/session/?topic=sqs"),
    )
    assert (
        'href="/quiz/report/?item=t-visibility&amp;part=card&amp;next=/study/session/%3Ftopic%3Dsqs"'
        in html
    )
    assert "Report a problem with this card" in html
