"""The quiz home page and history; helpers the quiz views share."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from studyapp.catalog.models import Exam
from studyapp.quiz import exam
from studyapp.quiz.errors import Refused
from studyapp.quiz.practice import DEFAULT_COUNT, practice_topics
from studyapp.quiz.results import exam_history, open_attempts


def refused(request, error: Refused, **context):
    """The page that says what was wrong with a request; nothing was changed."""
    return render(
        request, "quiz/refused.html", {"message": error.message, **context}, status=error.status
    )


def whole_number(value: str | None, what: str) -> int | None:
    """A form's optional whole number; blank means 'use the default'."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Refused(f"{what} must be a whole number, not {value!r}.") from None


def exam_choices() -> list[dict]:
    rows = []
    for each in Exam.objects.order_by("id"):
        available = len(exam.exam_questions(each))
        count = min(exam.DEFAULT_QUESTIONS, available)
        rows.append(
            {
                "exam": each,
                "available": available,
                "count": count,
                "minutes": exam.default_minutes(count) if count else 0,
            }
        )
    return rows


def index_context(request, **extra) -> dict:
    learner = request.existing_learner()
    return {
        "topics": practice_topics(),
        "default_count": DEFAULT_COUNT,
        "exams": exam_choices(),
        "chosen_exam": getattr(learner, "exam", "") or "",
        "open_attempts": open_attempts(learner),
        **extra,
    }


@require_GET
def index(request):
    return render(request, "quiz/index.html", index_context(request))


@require_GET
def history(request):
    return render(request, "quiz/history.html", exam_history(request.existing_learner()))
