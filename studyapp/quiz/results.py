"""What a finished exam shows: score, breakdowns by topic and domain, the review; history."""

from __future__ import annotations

from studyapp.catalog.models import Exam, Topic
from studyapp.quiz.attempts import facts_tested
from studyapp.quiz.models import Attempt
from studyapp.quiz.questions import shuffled_options
from studyapp.quiz.scoring import PASS_MARK, breakdown, passed, trend

HISTORY_LENGTH = 20


def review_rows(attempt: Attempt, answers) -> list[dict]:
    """Each question with its options in the order shown, marked chosen / right."""
    facts = facts_tested([a.item for a in answers])
    rows = []
    for answer in answers:
        right = set(answer.item.data["answer"])
        options = [
            {**option, "chosen": option["id"] in answer.chosen, "right": option["id"] in right}
            for option in shuffled_options(answer.item, attempt.seed)
        ]
        rows.append({"answer": answer, "options": options, "facts": facts[answer.item_id]})
    return rows


def exam_result(attempt: Attempt) -> dict:
    answers = list(attempt.answers.select_related("item", "item__topic"))
    exam = Exam.objects.filter(pk=attempt.exam).first()
    domain_names = {d["id"]: d["name"] for d in (exam.domains if exam else [])}
    topic_names = dict(Topic.objects.values_list("id", "title"))
    score = attempt.scaled_score or 0
    return {
        "exam": exam,
        "score": score,
        "pass_mark": PASS_MARK,
        "passed": passed(score),
        "correct": attempt.correct_count or 0,
        "total": len(answers),
        "unanswered": sum(1 for a in answers if not a.is_answered),
        "by_domain": breakdown([(a.domain, bool(a.correct)) for a in answers], domain_names),
        "by_topic": breakdown(
            [(a.item.topic_id, bool(a.correct)) for a in answers],
            {a.item.topic_id: topic_names.get(a.item.topic_id, a.item.topic_id) for a in answers},
        ),
        "review": review_rows(attempt, answers),
    }


def exam_history(learner) -> dict:
    """The learner's last submitted exams, oldest first, with the trend of their scores."""
    if learner is None:
        return {"exams": [], "trend": None, "practice": [], "pass_mark": PASS_MARK}
    exams = list(
        Attempt.objects.filter(
            learner=learner, mode=Attempt.Mode.EXAM, submitted_at__isnull=False
        ).order_by("-submitted_at")[:HISTORY_LENGTH]
    )[::-1]
    practice = list(
        Attempt.objects.filter(learner=learner, mode=Attempt.Mode.PRACTICE).order_by("-started_at")[
            :HISTORY_LENGTH
        ]
    )
    rows = [
        {"attempt": a, "passed": passed(a.scaled_score or 0), "percent": (a.scaled_score or 0) / 10}
        for a in exams
    ]
    change = trend([a.scaled_score or 0 for a in exams])
    return {
        "exams": rows,
        "trend": change,
        "trend_size": abs(change) if change is not None else None,
        "practice": practice,
        "pass_mark": PASS_MARK,
    }


def open_attempts(learner) -> list[Attempt]:
    if learner is None:
        return []
    return list(
        Attempt.objects.filter(learner=learner, submitted_at__isnull=True).order_by("-started_at")
    )
