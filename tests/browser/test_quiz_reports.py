import re

from studyapp.quiz.models import ProblemReport
from tests.browser.conftest import serious_violations
from tests.quiz.conftest import bank  # noqa: F401 - fixture


def test_report_a_problem_from_a_question_and_come_back(page, live_server, bank):  # noqa: F811
    page.goto(live_server.url + "/quiz/")
    page.get_by_label("Queues for testing").check()
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_url(re.compile(r"/q/1/$"))
    question_url = page.url
    page.get_by_role("link", name=re.compile("Report a problem with this question")).click()
    page.wait_for_url(re.compile(r"/quiz/report/\?item="))
    assert serious_violations(page) == []
    page.get_by_label("What is wrong?").fill("Option C is also defensible.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(question_url)
    assert "your report on" in page.locator(".messages").inner_text()
    assert list(ProblemReport.objects.values_list("part", "note")) == [
        ("question", "Option C is also defensible.")
    ]


def test_history_page_has_no_serious_violations(page, live_server, bank):  # noqa: F811
    page.goto(live_server.url + "/quiz/history/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your attempts"
    assert serious_violations(page) == []
