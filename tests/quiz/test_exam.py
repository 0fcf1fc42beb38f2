import random
from collections import Counter
from datetime import timedelta

import pytest

from studyapp.catalog.models import Exam
from studyapp.quiz import exam
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Attempt
from studyapp.study.models import Review
from tests.quiz.conftest import NOW


def start(learner, count=None, minutes=None, seed=3):
    plan = exam.plan_exam("SAA-C03", count, minutes)
    return exam.start_exam(learner, plan, NOW, random.Random(seed))


def test_plan_exam_shrinks_65_in_130_in_proportion_to_the_bank(bank):
    plan = exam.plan_exam("SAA-C03")
    assert (plan.available, plan.count, plan.minutes) == (20, 20, 40)


def test_plan_exam_takes_the_learners_numbers(bank):
    plan = exam.plan_exam("SAA-C03", 10, 7)
    assert (plan.count, plan.minutes) == (10, 7)
    assert exam.plan_exam("SAA-C03", 10).minutes == 20


def test_plan_exam_default_is_65_questions_in_130_minutes_for_a_big_bank():
    assert (exam.DEFAULT_QUESTIONS, exam.default_minutes(65), exam.default_minutes(30)) == (
        65,
        130,
        60,
    )


@pytest.mark.parametrize(
    ("exam_id", "count", "minutes", "message"),
    [
        ("XYZ", None, None, "There is no exam 'XYZ'; choose one of the listed exams."),
        ("CLF-C02", None, None, "There are no questions for CLF-C02 yet."),
        (
            "SAA-C03",
            21,
            None,
            "SAA-C03 has 20 questions; the number of questions must be between 1 and 20, not 21.",
        ),
        ("SAA-C03", 5, 0, "The time limit must be between 1 and 600 minutes, not 0."),
    ],
)
def test_plan_exam_refuses_bad_choices(bank, exam_id, count, minutes, message):
    with pytest.raises(Refused) as refused:
        exam.plan_exam(exam_id, count, minutes)
    assert refused.value.message == message


def test_domain_quotas_follow_the_weights_and_add_up(bank):
    saa = Exam.objects.get(pk="SAA-C03")
    # 65 x 30/26/24/20% = 19.5 / 16.9 / 15.6 / 13: the two largest remainders round up.
    assert exam.domain_quotas(saa, 65) == {
        "saa.secure": 19,
        "saa.resilient": 17,
        "saa.performant": 16,
        "saa.cost": 13,
    }
    assert exam.domain_quotas(saa, 10) == {
        "saa.secure": 3,
        "saa.resilient": 3,
        "saa.performant": 2,
        "saa.cost": 2,
    }


def test_pick_questions_takes_each_domains_share_and_fills_shortfalls(bank):
    saa = Exam.objects.get(pk="SAA-C03")
    picked = exam.pick_questions(saa, exam.exam_questions(saa), 10, random.Random(5))
    assert Counter(domain for _, domain in picked) == Counter(
        {"saa.secure": 3, "saa.resilient": 3, "saa.performant": 2, "saa.cost": 2}
    )
    # 19 asked but saa.cost has only 2 questions: the others make up the difference.
    picked = exam.pick_questions(saa, exam.exam_questions(saa), 19, random.Random(5))
    assert (len(picked), len({item.id for item, _ in picked})) == (19, 19)


def test_start_exam_saves_questions_domains_and_the_time_limit(bank, account):
    attempt = start(account, count=8, minutes=16)
    assert (attempt.mode, attempt.exam, attempt.time_limit_seconds) == ("exam", "SAA-C03", 960)
    assert attempt.answers.count() == 8
    assert all(a.domain.startswith("saa.") for a in attempt.answers.all())


def test_touch_charges_time_between_requests_and_not_while_away(bank, account):
    attempt = start(account, count=4, minutes=10)
    exam.touch(attempt, NOW + timedelta(seconds=40))
    exam.touch(attempt, NOW + timedelta(hours=5))  # browser closed for hours
    assert attempt.time_used_seconds == 40 + 90
    assert exam.seconds_left(attempt) == 600 - 130


def test_touch_submits_the_attempt_once_time_is_up(bank, account):
    attempt = start(account, count=4, minutes=1)
    exam.touch(attempt, NOW + timedelta(seconds=61))
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.timed_out, attempt.scaled_score) == (
        NOW + timedelta(seconds=61),
        True,
        100,
    )


def test_save_answer_keeps_a_partial_choice_and_the_flag(bank, account):
    attempt = start(account, count=20)
    saved = exam.save_answer(attempt, "t-q-2", ["c"], True, NOW + timedelta(seconds=5))
    saved.refresh_from_db()
    assert (saved.chosen, saved.flagged, saved.answered_at) == (
        ["c"],
        True,
        NOW + timedelta(seconds=5),
    )
    cleared = exam.save_answer(attempt, "t-q-2", [], True, NOW + timedelta(seconds=9))
    cleared.refresh_from_db()
    assert (cleared.chosen, cleared.flagged, cleared.answered_at) == ([], True, None)


def test_save_answer_after_the_time_limit_is_refused_and_the_attempt_submitted(bank, account):
    attempt = start(account, count=4, minutes=1)
    question = attempt.answers.first()
    exam.touch(attempt, NOW + timedelta(seconds=50))
    with pytest.raises(Refused) as refused:
        exam.save_answer(attempt, question.item_id, ["a"], False, NOW + timedelta(seconds=71))
    assert refused.value.message == (
        "Time ran out before this answer arrived, so it was not saved; "
        "the exam was submitted at 09:01:11."
    )
    attempt.refresh_from_db()
    question.refresh_from_db()
    assert (attempt.timed_out, question.chosen) == (True, [])


def test_save_answer_after_submission_is_refused(bank, account):
    attempt = start(account, count=4)
    question = attempt.answers.first()
    exam.submit_exam(attempt, NOW + timedelta(minutes=1))
    with pytest.raises(Refused) as refused:
        exam.save_answer(attempt, question.item_id, ["a"], False, NOW + timedelta(minutes=2))
    assert refused.value.message == (
        "This exam was submitted on 2025-03-01 at 09:01; its answers can no longer change."
    )
    question.refresh_from_db()
    assert question.chosen == []


def test_save_answer_refuses_a_forged_option_and_a_stranger_question(bank, account):
    attempt = start(account, count=20)
    with pytest.raises(Refused):
        exam.save_answer(attempt, "t-q-1", ["q"], False, NOW)
    with pytest.raises(Refused) as refused:
        exam.save_answer(attempt, "not-a-question", ["a"], False, NOW)
    assert (
        refused.value.message
        == "Question 'not-a-question' is not part of this attempt; nothing was saved."
    )
    assert attempt.answers.filter(answered_at__isnull=False).count() == 0


def test_submit_exam_scores_and_feeds_only_answered_questions_into_study(bank, account):
    attempt = start(account, count=20)
    exam.save_answer(attempt, "t-q-1", ["a"], False, NOW + timedelta(seconds=10))  # right
    exam.save_answer(attempt, "t-q-2", ["a"], False, NOW + timedelta(seconds=20))  # half: wrong
    exam.submit_exam(attempt, NOW + timedelta(minutes=2))
    attempt.refresh_from_db()
    assert (attempt.correct_count, attempt.scaled_score, attempt.timed_out) == (1, 145, False)
    fed = Review.objects.filter(learner=account, card_id__in=["t-q-1", "t-q-2"])
    assert sorted(fed.values_list("card_id", "source", "rating")) == [
        ("t-q-1", "exam", 3),
        ("t-q-2", "exam", 1),
    ]


def test_submit_exam_twice_keeps_the_first_submission(bank, account):
    attempt = start(account, count=4)
    exam.submit_exam(attempt, NOW + timedelta(minutes=1))
    again = Attempt.objects.get(pk=attempt.pk)
    exam.submit_exam(again, NOW + timedelta(minutes=5), timed_out=True)
    assert (again.submitted_at, again.timed_out) == (NOW + timedelta(minutes=1), False)
