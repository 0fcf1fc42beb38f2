"""The real content/ bank: exams can be drawn, and every question renders and grades."""

import random

from studyapp.catalog.models import Exam
from studyapp.quiz import exam, practice
from studyapp.quiz.questions import is_correct, shuffled_options
from tests.quiz.conftest import NOW


def test_real_bank_every_exam_with_questions_draws_a_full_attempt(full_catalog, account):
    drawn = {}
    for each in Exam.objects.all():
        if not exam.exam_questions(each):
            continue
        plan = exam.plan_exam(each.id)
        attempt = exam.start_exam(account, plan, NOW, random.Random(1))
        drawn[each.id] = (attempt.answers.count(), plan.count)
    assert drawn and all(got == wanted for got, wanted in drawn.values())


def test_real_bank_every_question_renders_in_practice_and_its_answer_grades_right(
    full_catalog, account, client
):
    client.force_login(account.user)
    topics = [row["topic"].id for row in practice.practice_topics()]
    total = sum(row["count"] for row in practice.practice_topics())
    attempt = practice.start_practice(account, topics, total, NOW, random.Random(2))
    for answer in attempt.answers.select_related("item"):
        page = client.get(f"/quiz/practice/{attempt.pk}/q/{answer.position}/")
        assert page.status_code == 200, answer.item_id
        assert len(shuffled_options(answer.item, attempt.seed)) == len(answer.item.data["options"])
        assert is_correct(answer.item, answer.item.data["answer"]) is True
