import re

from studyapp.quiz.models import Attempt
from tests.browser.conftest import serious_violations
from tests.quiz.conftest import bank  # noqa: F401 - fixture


def answer_right(page, attempt, position):
    answer = attempt.answers.select_related("item").get(position=position)
    for option in answer.item.data["options"]:
        if option["id"] in answer.item.data["answer"]:
            page.locator(f'input[name="option"][value="{option["id"]}"]').check()
    page.get_by_role("button", name="Check my answer").click()


def test_practice_quiz_from_start_to_summary(page, live_server, bank):  # noqa: F811
    page.goto(live_server.url + "/quiz/")
    assert serious_violations(page) == []
    page.get_by_label("Extra questions").check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_url(re.compile(r"/quiz/practice/\d+/q/1/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Question 1 of 2"
    assert serious_violations(page) == []

    attempt = Attempt.objects.get()
    answer_right(page, attempt, 1)
    feedback = page.get_by_role("heading", name="Right")
    feedback.wait_for()
    # htmx swapped the feedback in place and moved focus to it.
    assert page.evaluate("document.activeElement.id") == "feedback-heading"
    assert page.locator(".explanation").count() == 4
    assert serious_violations(page) == []

    page.get_by_role("link", name="Next question").click()
    page.wait_for_url(re.compile(r"/q/2/$"))
    answer = attempt.answers.select_related("item").get(position=2)
    wrong = next(
        o["id"] for o in answer.item.data["options"] if o["id"] not in answer.item.data["answer"]
    )
    page.locator(f'input[name="option"][value="{wrong}"]').check()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_role("heading", name="Not quite").wait_for()
    page.get_by_role("link", name="See the summary").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    assert page.locator(".score-line").inner_text() == "You answered 1 of 2 right."
    fact = page.get_by_role("link", name="What hides a received message from other consumers?")
    assert fact.get_attribute("href") == "/topics/queues/#t-visibility"
    assert serious_violations(page) == []


def test_practice_quiz_fits_a_phone(phone, live_server, bank):  # noqa: F811
    phone.goto(live_server.url + "/quiz/")
    phone.get_by_label("Queues for testing").check()
    phone.get_by_role("button", name="Start practising").click()
    phone.wait_for_url(re.compile(r"/q/1/$"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
