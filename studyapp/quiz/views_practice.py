"""Practice quiz pages: start, one question at a time with feedback, summary."""

from __future__ import annotations

import random
import secrets

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from studyapp.quiz import practice
from studyapp.quiz.attempts import answer_at, own_attempt
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Attempt
from studyapp.quiz.questions import choose_label, shuffled_options
from studyapp.quiz.views import index_context, refused, whole_number

MODE = Attempt.Mode.PRACTICE


@require_POST
def start(request):
    topic_ids = request.POST.getlist("topic")
    try:
        count = whole_number(request.POST.get("count"), "The number of questions")
        attempt = practice.start_practice(
            request.learner,
            topic_ids,
            practice.DEFAULT_COUNT if count is None else count,
            timezone.now(),
            random.Random(secrets.randbits(64)),
        )
    except Refused as error:
        context = index_context(request, practice_error=error.message, chosen_topics=topic_ids)
        return render(request, "quiz/index.html", context, status=error.status)
    return redirect("quiz:practice_question", attempt.pk, 1)


@require_GET
def resume(request, attempt_id):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return refused(request, error)
    following = practice.next_unanswered(attempt)
    if following is None:
        return redirect("quiz:practice_summary", attempt.pk)
    return redirect("quiz:practice_question", attempt.pk, following.position)


def question_context(attempt, answer, error: str = "", picked=()) -> dict:
    item = answer.item
    right = set(item.data["answer"])
    options = [
        {
            **option,
            "chosen": option["id"] in (answer.chosen or picked),
            "right": option["id"] in right,
        }
        for option in shuffled_options(item, attempt.seed)
    ]
    total = attempt.answers.count()
    return {
        "attempt": attempt,
        "answer": answer,
        "item": item,
        "options": options,
        "choose_label": choose_label(item),
        "multiple": item.data["choose"] > 1,
        "total": total,
        "is_last": answer.position == total,
        "error": error,
    }


@require_GET
def question(request, attempt_id, position):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
        answer = answer_at(attempt, position)
    except Refused as error:
        return refused(request, error)
    return render(request, "quiz/practice_question.html", question_context(attempt, answer))


@require_POST
def answer(request, attempt_id):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return refused(request, error)
    item_id = request.POST.get("question", "")
    picked = request.POST.getlist("option")
    try:
        saved = practice.answer_practice(attempt, item_id, picked, timezone.now())
    except Refused as error:
        shown = attempt.answers.select_related("item").filter(item_id=item_id).first()
        if shown is None or error.status == 409:
            return refused(request, error, attempt=attempt)
        context = question_context(attempt, shown, error.message, picked)
        if request.htmx:
            # htmx leaves error responses unswapped; the message must reach the page.
            return render(request, "quiz/practice_question.html#panel", context)
        return render(request, "quiz/practice_question.html", context, status=error.status)
    attempt.refresh_from_db()
    if request.htmx:
        return render(
            request, "quiz/practice_question.html#panel", question_context(attempt, saved)
        )
    return redirect("quiz:practice_question", attempt.pk, saved.position)


@require_GET
def summary(request, attempt_id):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return refused(request, error)
    return render(
        request,
        "quiz/practice_summary.html",
        {"attempt": attempt, **practice.practice_summary(attempt)},
    )
