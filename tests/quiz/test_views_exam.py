import re
from datetime import timedelta

import time_machine

from studyapp.quiz.models import Attempt
from tests.quiz.conftest import NOW


def start(client, count="5", minutes="10"):
    return client.post("/quiz/exam/start/", {"exam": "SAA-C03", "count": count, "minutes": minutes})


def only_attempt(account):
    return Attempt.objects.get(learner=account, mode="exam")


def test_exam_start_shows_question_one_with_clock_and_grid(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False):
        response = start(learner_client)
        attempt = only_attempt(account)
        assert response["Location"] == f"/quiz/exam/{attempt.pk}/q/1/"
        page = learner_client.get(response["Location"]).content.decode()
    assert 'data-seconds-left="600"' in page and ">10:00</span>" in page
    assert len(re.findall(r'aria-label="Question \d+, ', page)) == 5
    assert 'aria-label="Question 1, unanswered">1</button>' in page


def test_exam_start_refuses_too_many_questions(bank, learner_client):
    response = start(learner_client, count="99")
    assert response.status_code == 400
    assert (
        "SAA-C03 has 20 questions; the number of questions must be between 1 and 20, not 99."
        in (response.content.decode())
    )
    assert Attempt.objects.count() == 0


def test_exam_answer_saves_flags_and_moves_by_the_grid(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False) as clock:
        start(learner_client)
        attempt = only_attempt(account)
        first = attempt.answers.get(position=1)
        clock.shift(30)
        response = learner_client.post(
            f"/quiz/exam/{attempt.pk}/answer/",
            {"question": first.item_id, "option": "a", "flag": "1", "go": "4"},
        )
        assert response["Location"] == f"/quiz/exam/{attempt.pk}/q/4/"
        page = learner_client.get(response["Location"]).content.decode()
    first.refresh_from_db()
    assert (first.chosen, first.flagged) == (["a"], True)
    assert 'aria-label="Question 1, answered, flagged">1<span aria-hidden' in page
    assert 'data-seconds-left="570"' in page


def test_exam_review_and_submit_show_scaled_score_and_breakdowns(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False):
        start(learner_client, count="20", minutes="40")
        attempt = only_attempt(account)
        for answer in attempt.answers.select_related("item"):
            learner_client.post(
                f"/quiz/exam/{attempt.pk}/answer/",
                {"question": answer.item_id, "option": answer.item.data["answer"], "go": "review"},
            )
        review = learner_client.get(f"/quiz/exam/{attempt.pk}/review/").content.decode()
        assert "20 questions: 0 unanswered, 0 flagged for review." in review
        response = learner_client.post(f"/quiz/exam/{attempt.pk}/submit/")
        result = learner_client.get(response["Location"]).content.decode()
    assert '<span class="scaled-score">1000</span> of 1000: pass' in result
    assert "Design Secure Architectures</th><td>6 of 6</td>" in result
    assert "Extra questions</th><td>9 of 9</td>" in result
    assert result.count('class="explanation ') == sum(
        len(a.item.data["options"]) for a in attempt.answers.select_related("item")
    )


def test_exam_answer_after_the_time_limit_is_refused_and_says_so(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False) as clock:
        start(learner_client, count="3", minutes="1")
        attempt = only_attempt(account)
        question = attempt.answers.get(position=1)
        clock.shift(50)
        learner_client.post(f"/quiz/exam/{attempt.pk}/clock/")
        clock.shift(20)
        response = learner_client.post(
            f"/quiz/exam/{attempt.pk}/answer/", {"question": question.item_id, "option": "a"}
        )
    assert response.status_code == 409
    assert (
        "Time ran out before this answer arrived, so it was not saved" in response.content.decode()
    )
    question.refresh_from_db()
    attempt.refresh_from_db()
    assert (question.chosen, attempt.timed_out, attempt.scaled_score) == ([], True, 100)


def test_exam_page_after_the_deadline_submits_and_shows_the_result(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False) as clock:
        start(learner_client, count="3", minutes="1")
        attempt = only_attempt(account)
        for _ in range(3):
            clock.shift(15)
            learner_client.post(f"/quiz/exam/{attempt.pk}/clock/")  # the page's heartbeat
        clock.shift(20)
        response = learner_client.get(f"/quiz/exam/{attempt.pk}/q/2/", follow=True)
    assert response.redirect_chain == [(f"/quiz/exam/{attempt.pk}/result/", 302)]
    page = response.content.decode()
    assert "Time ran out, so your exam was submitted" in page
    assert "Time ran out and the exam submitted itself." in page


def test_exam_timeout_from_the_page_timer_saves_the_answer_then_submits(
    bank, learner_client, account
):
    with time_machine.travel(NOW, tick=False) as clock:
        start(learner_client, count="3", minutes="1")
        attempt = only_attempt(account)
        question = attempt.answers.get(position=1)
        clock.shift(59.5)
        response = learner_client.post(
            f"/quiz/exam/{attempt.pk}/answer/",
            {"question": question.item_id, "option": "a", "go": "timeout"},
        )
    attempt.refresh_from_db()
    question.refresh_from_db()
    assert response["Location"] == f"/quiz/exam/{attempt.pk}/result/"
    assert (question.chosen, attempt.timed_out, attempt.submitted_at is not None) == (
        ["a"],
        True,
        True,
    )


def test_exam_clock_reports_the_time_left_as_json(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False) as clock:
        start(learner_client, count="3", minutes="2")
        attempt = only_attempt(account)
        clock.shift(45)
        data = learner_client.post(f"/quiz/exam/{attempt.pk}/clock/").json()
    assert data == {
        "seconds_left": 75,
        "submitted": False,
        "result_url": f"/quiz/exam/{attempt.pk}/result/",
    }


def test_exam_resume_after_closing_the_browser_keeps_the_time_left(bank, learner_client, account):
    with time_machine.travel(NOW, tick=False) as clock:
        start(learner_client, count="3", minutes="10")
        attempt = only_attempt(account)
        first = attempt.answers.get(position=1)
        clock.shift(60)
        learner_client.post(
            f"/quiz/exam/{attempt.pk}/answer/", {"question": first.item_id, "option": "b"}
        )
        clock.shift(timedelta(days=1))  # browser closed; back the next day
        index = learner_client.get("/quiz/").content.decode()
        assert f'href="/quiz/exam/{attempt.pk}/">Resume the SAA-C03 exam</a>' in index
        response = learner_client.get(f"/quiz/exam/{attempt.pk}/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(f"/quiz/exam/{attempt.pk}/q/2/", 302)]
    assert 'data-seconds-left="450"' in page  # 600 - 60 - 90 s charged for leaving


def test_exam_answer_after_submission_is_refused(bank, learner_client, account):
    start(learner_client, count="3")
    attempt = only_attempt(account)
    question = attempt.answers.get(position=1)
    learner_client.post(f"/quiz/exam/{attempt.pk}/submit/")
    response = learner_client.post(
        f"/quiz/exam/{attempt.pk}/answer/", {"question": question.item_id, "option": "a"}
    )
    assert response.status_code == 409
    assert "its answers can no longer change" in response.content.decode()
    question.refresh_from_db()
    assert question.chosen == []


def test_exam_of_another_learner_is_refused_everywhere(bank, learner_client, other):
    import random

    from studyapp.quiz import exam

    theirs = exam.start_exam(other, exam.plan_exam("SAA-C03", 3), NOW, random.Random(1))
    question = theirs.answers.get(position=1)
    pages = [
        learner_client.get(f"/quiz/exam/{theirs.pk}/q/1/"),
        learner_client.post(
            f"/quiz/exam/{theirs.pk}/answer/", {"question": question.item_id, "option": "a"}
        ),
        learner_client.post(f"/quiz/exam/{theirs.pk}/submit/"),
        learner_client.get(f"/quiz/exam/{theirs.pk}/result/"),
    ]
    assert [p.status_code for p in pages] == [403, 403, 403, 403]
    theirs.refresh_from_db()
    question.refresh_from_db()
    assert (theirs.submitted_at, question.chosen) == (None, [])


def test_exam_unknown_attempt_and_position_are_not_found(bank, learner_client, account):
    start(learner_client, count="3")
    attempt = only_attempt(account)
    missing = learner_client.get("/quiz/exam/999999/q/1/")
    beyond = learner_client.get(f"/quiz/exam/{attempt.pk}/q/9/")
    assert (missing.status_code, beyond.status_code) == (404, 404)
    assert "This attempt has questions 1 to 3; there is no question 9." in beyond.content.decode()


def test_exam_click_saved_by_htmx_without_a_page_change(bank, learner_client, account):
    start(learner_client, count="3")
    attempt = only_attempt(account)
    question = attempt.answers.get(position=2)
    response = learner_client.post(
        f"/quiz/exam/{attempt.pk}/answer/",
        {"question": question.item_id, "option": "b", "go": ""},
        headers={"HX-Request": "true"},
    )
    question.refresh_from_db()
    assert (response.status_code, question.chosen) == (204, ["b"])


def test_exam_click_after_submission_by_htmx_redirects_to_the_result(bank, learner_client, account):
    start(learner_client, count="3")
    attempt = only_attempt(account)
    question = attempt.answers.get(position=1)
    learner_client.post(f"/quiz/exam/{attempt.pk}/submit/")
    response = learner_client.post(
        f"/quiz/exam/{attempt.pk}/answer/",
        {"question": question.item_id, "option": "a", "go": ""},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == f"/quiz/exam/{attempt.pk}/result/"
    question.refresh_from_db()
    assert question.chosen == []
