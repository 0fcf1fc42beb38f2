import random

from studyapp.quiz import exam
from studyapp.quiz.models import Attempt
from tests.quiz.conftest import NOW


def finished_exam(learner, correct, minutes_later):
    attempt = exam.start_exam(learner, exam.plan_exam("SAA-C03", 4), NOW, random.Random(correct))
    for answer in attempt.answers.select_related("item")[:correct]:
        exam.save_answer(attempt, answer.item_id, answer.item.data["answer"], False, NOW)
    return exam.submit_exam(attempt, NOW.replace(minute=minutes_later))


def test_history_lists_exams_oldest_first_with_the_trend(bank, account, learner_client):
    finished_exam(account, 1, 10)  # 325
    finished_exam(account, 4, 20)  # 1000
    page = learner_client.get("/quiz/history/").content.decode()
    assert "Trend: up 675 points since the first exam shown." in page
    assert page.index("325") < page.index("1000")


def test_history_for_a_new_visitor_creates_no_learner(bank, client):
    from studyapp.learners.models import Learner

    page = client.get("/quiz/history/").content.decode()
    assert ("No finished exams yet." in page, Learner.objects.count()) == (True, 0)


def test_index_for_a_visitor_offers_the_learners_chosen_exam(bank, account, learner_client):
    account.exam = "DVA-C02"
    account.save()
    page = learner_client.get("/quiz/").content.decode()
    assert 'value="DVA-C02" checked' in page


def test_guest_attempts_move_to_the_account_on_login(bank, client, account):
    client.post("/quiz/practice/start/", {"topic": ["extra"], "count": "2"})
    guest_attempt = Attempt.objects.get()
    client.post("/account/login/", {"username": "ada", "password": "pw-long-enough-1"})
    guest_attempt.refresh_from_db()
    assert guest_attempt.learner_id == account.pk
