"""Scenario picker pages: a requirement with tiles, a pick, its feedback, refusals."""

import re

import pytest

from studyapp.quiz.models_practice_tools import PickerAnswer
from tests.quiz.test_picker import add_rule


@pytest.fixture
def picker_catalog(small_catalog):
    add_rule(
        "t-rule-fan",
        "sns",
        ["many subscribers", "fan out"],
        ["One event must reach many subscribers."],
    )
    return small_catalog


def test_picker_page_shows_a_requirement_and_one_tile_per_service(client, picker_catalog):
    html = client.get("/quiz/picker/").content.decode()
    assert re.findall(r'name="service" value="([a-z-]+)"', html) == ["sqs", "sns"]
    assert 'name="requirement" value="' in html


def test_pick_redirects_to_feedback_with_marks_and_the_rule(client, picker_catalog):
    response = client.post("/quiz/picker/pick/", {"requirement": "t-rule-fan#1", "service": "sqs"})
    answer = PickerAnswer.objects.get()
    assert response["Location"] == f"/quiz/picker/pick/{answer.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "you picked Amazon SQS; Amazon SNS fits" in html
    assert '<mark title="points to Amazon SNS">many subscribers</mark>' in html
    assert 'href="/topics/queues/#t-rule-fan"' in html
    assert "You picked Amazon SQS where Amazon SNS fit 1 time." in html


def test_pick_with_htmx_gets_the_panel_only(client, picker_catalog):
    response = client.post(
        "/quiz/picker/pick/",
        {"requirement": "t-rule-fan#1", "service": "sns"},
        follow=True,
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode().strip()
    assert (html[:24], "<html" in html) == ('<div id="picker-panel" c', False)
    assert '<span class="good">Right:</span> Amazon SNS' in html


def test_pick_of_a_forged_service_is_refused_and_saves_nothing(client, picker_catalog):
    response = client.post("/quiz/picker/pick/", {"requirement": "t-rule-fan#1", "service": "ec2"})
    assert response.status_code == 400
    assert (
        "&#x27;ec2&#x27; is not one of the services to pick from; nothing was recorded."
        in response.content.decode()
    )
    assert PickerAnswer.objects.count() == 0


def test_pick_of_an_unknown_requirement_is_refused(client, picker_catalog):
    response = client.post("/quiz/picker/pick/", {"requirement": "nope#1", "service": "sqs"})
    assert (response.status_code, PickerAnswer.objects.count()) == (400, 0)


def test_another_learners_pick_is_not_shown(client, picker_catalog, django_user_model):
    client.post("/quiz/picker/pick/", {"requirement": "t-rule-fan#1", "service": "sns"})
    answer = PickerAnswer.objects.get()
    client.cookies.clear()
    response = client.get(f"/quiz/picker/pick/{answer.pk}/")
    assert response.status_code == 404
    assert f"There is no pick {answer.pk} of yours to show." in response.content.decode()


def test_picker_get_refuses_post(client, picker_catalog):
    assert client.post("/quiz/picker/").status_code == 405


def test_feedback_marks_only_the_phrases_pointing_to_the_service_that_fits(client, picker_catalog):
    add_rule("t-rule-mixed", "sns", ["fan out"], ["Fan out each order, not one buffer."])
    client.post("/quiz/picker/pick/", {"requirement": "t-rule-mixed#1", "service": "sqs"})
    html = client.get(f"/quiz/picker/pick/{PickerAnswer.objects.get().pk}/").content.decode()
    requirement = re.search(r'<p class="requirement">(.*?)</p>', html).group(1)
    assert requirement == (
        '<mark title="points to Amazon SNS">Fan out</mark> each order, not one buffer.'
    )
    assert "Phrases that call for it: fan out" in html


def test_picker_progress_survives_a_new_page_load(client, picker_catalog):
    client.post("/quiz/picker/pick/", {"requirement": "t-rule-fan#1", "service": "sns"})
    client.post("/quiz/picker/pick/", {"requirement": "t-rule-buffer#1", "service": "sqs"})
    html = client.get("/quiz/picker/").content.decode()
    assert "2 right of 2 · current streak <strong>2</strong> · best streak 2" in html
