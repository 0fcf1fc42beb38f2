"""Exam pages: start, the question with its navigation grid, review, submit, result."""

from __future__ import annotations

import random
import secrets

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from studyapp.quiz import exam, exam_clock
from studyapp.quiz.attempts import answer_at, own_attempt
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Attempt
from studyapp.quiz.questions import choose_label, shuffled_options
from studyapp.quiz.results import exam_result
from studyapp.quiz.views import index_context, refused, whole_number

MODE = Attempt.Mode.EXAM
TIMEOUT_MESSAGE = "Time ran out, so your exam was submitted with the answers you had saved."


@require_POST
def start(request):
    exam_id = request.POST.get("exam", "")
    try:
        count = whole_number(request.POST.get("count"), "The number of questions")
        minutes = whole_number(request.POST.get("minutes"), "The time limit in minutes")
        plan = exam.plan_exam(exam_id, count, minutes)
    except Refused as error:
        context = index_context(request, exam_error=error.message, chosen_exam=exam_id)
        return render(request, "quiz/index.html", context, status=error.status)
    attempt = exam.start_exam(
        request.learner, plan, timezone.now(), random.Random(secrets.randbits(64))
    )
    return redirect("quiz:exam_question", attempt.pk, 1)


def _open_attempt(request, attempt_id):
    """(attempt, None) while it runs; (None, response) once it is over or not this learner's."""
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return None, refused(request, error)
    was_open = not attempt.is_submitted
    exam.touch(attempt, timezone.now())
    if attempt.is_submitted:
        if was_open:
            messages.warning(request, TIMEOUT_MESSAGE)
        return None, redirect("quiz:exam_result", attempt.pk)
    return attempt, None


def grid(attempt) -> list[dict]:
    return [
        {
            "position": a.position,
            "answered": a.is_answered,
            "flagged": a.flagged,
            "status": ", ".join(
                s
                for s in ("answered" if a.is_answered else "unanswered", a.flagged and "flagged")
                if s
            ),
        }
        for a in attempt.answers.all()
    ]


def clock_context(attempt) -> dict:
    left = exam.seconds_left(attempt)
    return {
        "seconds_left": int(left),
        "clock_text": exam_clock.clock_text(left),
        "heartbeat_seconds": exam_clock.HEARTBEAT_SECONDS,
    }


@require_GET
def resume(request, attempt_id):
    attempt, response = _open_attempt(request, attempt_id)
    if response:
        return response
    first_open = attempt.answers.filter(answered_at__isnull=True).first()
    return redirect("quiz:exam_question", attempt.pk, first_open.position if first_open else 1)


def question_context(attempt, answer, error: str = "", picked=None) -> dict:
    chosen = answer.chosen if picked is None else picked
    items = grid(attempt)
    return {
        "attempt": attempt,
        "answer": answer,
        "item": answer.item,
        "options": [
            {**option, "chosen": option["id"] in chosen}
            for option in shuffled_options(answer.item, attempt.seed)
        ],
        "choose_label": choose_label(answer.item),
        "multiple": answer.item.data["choose"] > 1,
        "grid": items,
        "total": len(items),
        "error": error,
        **clock_context(attempt),
    }


@require_GET
def question(request, attempt_id, position):
    attempt, response = _open_attempt(request, attempt_id)
    if response:
        return response
    try:
        answer = answer_at(attempt, position)
    except Refused as error:
        return refused(request, error, attempt=attempt)
    return render(request, "quiz/exam_question.html", question_context(attempt, answer))


@require_POST
def answer(request, attempt_id):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return refused(request, error)
    item_id = request.POST.get("question", "")
    picked = request.POST.getlist("option")
    go = request.POST.get("go", "")
    now = timezone.now()
    try:
        saved = exam.save_answer(attempt, item_id, picked, request.POST.get("flag") == "1", now)
    except Refused as error:
        if request.htmx and attempt.is_submitted:
            return HttpResponse(
                headers={"HX-Redirect": reverse("quiz:exam_result", args=[attempt.pk])}
            )
        if attempt.is_submitted and go == "timeout":
            messages.warning(request, TIMEOUT_MESSAGE)  # the page's own timer, a moment late
            return redirect("quiz:exam_result", attempt.pk)
        shown = attempt.answers.select_related("item").filter(item_id=item_id).first()
        if attempt.is_submitted or shown is None:
            return refused(request, error, attempt=attempt)
        context = question_context(attempt, shown, error.message, picked)
        return render(request, "quiz/exam_question.html", context, status=error.status)
    if request.htmx and not go:
        return HttpResponse(status=204)  # saved as the learner clicks: nothing to redraw
    if go == "timeout":
        exam.submit_exam(attempt, now, timed_out=True)
        messages.warning(request, TIMEOUT_MESSAGE)
        return redirect("quiz:exam_result", attempt.pk)
    if go == "review":
        return redirect("quiz:exam_review", attempt.pk)
    target = int(go) if go.isdigit() else saved.position
    total = attempt.answers.count()
    return redirect("quiz:exam_question", attempt.pk, min(max(target, 1), total))


@require_GET
def review(request, attempt_id):
    attempt, response = _open_attempt(request, attempt_id)
    if response:
        return response
    items = grid(attempt)
    return render(
        request,
        "quiz/exam_review.html",
        {
            "attempt": attempt,
            "grid": items,
            "total": len(items),
            "unanswered": sum(1 for g in items if not g["answered"]),
            "flagged": sum(1 for g in items if g["flagged"]),
            **clock_context(attempt),
        },
    )


@require_POST
def submit(request, attempt_id):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return refused(request, error)
    if attempt.is_submitted:
        messages.info(request, "This exam was already submitted; here is its result.")
        return redirect("quiz:exam_result", attempt.pk)
    now = timezone.now()
    exam.touch(attempt, now)
    if not attempt.is_submitted:
        exam.submit_exam(attempt, now, timed_out=request.POST.get("reason") == "timeout")
    if attempt.timed_out:
        messages.warning(request, TIMEOUT_MESSAGE)
    return redirect("quiz:exam_result", attempt.pk)


@require_POST
def clock(request, attempt_id):
    """The page's heartbeat: charges the time and says how much is left (JSON)."""
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return JsonResponse({"error": error.message}, status=error.status)
    exam.touch(attempt, timezone.now())
    return JsonResponse(
        {
            "seconds_left": int(exam.seconds_left(attempt)),
            "submitted": attempt.is_submitted,
            "result_url": reverse("quiz:exam_result", args=[attempt.pk]),
        }
    )


@require_GET
def result(request, attempt_id):
    try:
        attempt = own_attempt(request.existing_learner(), attempt_id, MODE)
    except Refused as error:
        return refused(request, error)
    exam.touch(attempt, timezone.now())
    if not attempt.is_submitted:
        messages.info(request, "This exam is still running; submit it to see the result.")
        return redirect("quiz:exam_review", attempt.pk)
    return render(request, "quiz/exam_result.html", {"attempt": attempt, **exam_result(attempt)})
