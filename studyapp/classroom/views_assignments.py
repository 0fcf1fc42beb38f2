"""Assignments: the instructor sets and watches them; students take them and see results."""

import random

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.classroom import assignments as domain
from studyapp.classroom.access import (
    account_required,
    instructor_required,
    not_yours,
    own_assignment,
    own_class,
)
from studyapp.classroom.classes import is_member, roster
from studyapp.classroom.forms import AssignmentForm, ExtraTimeForm
from studyapp.classroom.models import Assignment, ExtraTime, question_html
from studyapp.classroom.results import results_csv, results_grid


@instructor_required
@require_http_methods(["GET", "POST"])
def assignment_new(request, pk):
    classroom = own_class(request, pk)
    if classroom is None:
        return not_yours(request, "class")
    initial = {"quiz": request.GET.get("quiz")}
    form = AssignmentForm(request.POST or None, owner=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = domain.create_assignment(
            classroom,
            data["quiz"],
            data["opens_at"],
            data["closes_at"],
            data["time_limit_minutes"],
            data["review"],
        )
        messages.success(request, f"“{assignment.title}” is assigned to {classroom.name}.")
        return redirect("classroom:assignment_detail", pk=assignment.pk)
    if not form.fields["quiz"].queryset.exists():
        messages.info(request, "Write a quiz first: an assignment hands out one of your quizzes.")
    status = 400 if form.errors else 200
    return render(
        request,
        "classroom/assignment_new.html",
        {"form": form, "classroom": classroom},
        status=status,
    )


@instructor_required
@require_GET
def assignment_detail(request, pk):
    assignment = own_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment")
    students = roster(assignment.classroom)
    context = {
        "assignment": assignment,
        "status": domain.status(assignment, timezone.now()),
        "extra_times": ExtraTime.objects.filter(assignment=assignment).select_related(
            "learner__user"
        ),
        "extra_form": ExtraTimeForm(students=students),
        "has_students": bool(students),
    }
    return render(request, "classroom/assignment_detail.html", context)


@instructor_required
@require_POST
def assignment_extra_time(request, pk):
    assignment = own_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment")
    form = ExtraTimeForm(request.POST, students=roster(assignment.classroom))
    if form.is_valid():
        member = assignment.classroom.memberships.get(learner_id=form.cleaned_data["learner"])
        domain.set_extra_time(assignment, member.learner, form.cleaned_data["minutes"])
        messages.success(
            request, f"{member.learner} has {form.cleaned_data['minutes']} extra minute(s)."
        )
    else:
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
        )
        messages.error(request, f"Extra time not changed. {problems}")
    return redirect("classroom:assignment_detail", pk=assignment.pk)


@instructor_required
@require_POST
def assignment_close(request, pk):
    """Close now: nobody can start any more; those working keep until their deadline or now, whichever is first."""
    assignment = own_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment")
    now = timezone.now()
    if assignment.closes_at > now:
        assignment.closes_at = max(now, assignment.opens_at)
        assignment.save(update_fields=["closes_at"])
        assignment.attempts.filter(submitted_at__isnull=True, deadline__gt=now).update(deadline=now)
        messages.success(request, "The assignment is closed.")
    return redirect("classroom:assignment_detail", pk=assignment.pk)


@instructor_required
@require_GET
def assignment_results(request, pk):
    assignment = own_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment")
    domain.close_expired_attempts(assignment, timezone.now())
    grid = results_grid(assignment)
    return render(request, "classroom/results.html", {"assignment": assignment, "grid": grid})


@instructor_required
@require_GET
def assignment_results_csv(request, pk):
    assignment = own_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment")
    domain.close_expired_attempts(assignment, timezone.now())
    response = HttpResponse(
        results_csv(results_grid(assignment)), content_type="text/csv; charset=utf-8"
    )
    name = slugify(f"{assignment.classroom.name} {assignment.title}") or "results"
    response["Content-Disposition"] = f'attachment; filename="{name}-results.csv"'
    return response


def _student_assignment(request, pk):
    """The assignment if the student is (or was, with an attempt) in its class."""
    assignment = Assignment.objects.filter(pk=pk).select_related("classroom").first()
    if assignment is None:
        return None
    learner = request.learner
    if is_member(assignment.classroom, learner) or domain.attempt_of(assignment, learner):
        return assignment
    return None


def _shuffled_questions(attempt, answers):
    """Each question's options in a fixed shuffle for this attempt (a reload shows the same order)."""
    shown = []
    for number, question in enumerate(attempt.assignment.questions, 1):
        html = question_html(question)
        options = list(html["options"])
        random.Random(f"{attempt.pk}:{question['id']}").shuffle(options)
        shown.append(
            {
                "number": number,
                "data": question,
                "html": html,
                "options": options,
                "chosen": answers.get(question["id"], []),
            }
        )
    return shown


@account_required
@require_http_methods(["GET", "POST"])
def take(request, pk):
    """GET: the start page or the questions; POST: start the attempt."""
    assignment = _student_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment in your classes")
    learner, now = request.learner, timezone.now()
    attempt = domain.attempt_of(assignment, learner)
    if request.method == "POST" and attempt is None:
        try:
            attempt = domain.start_attempt(assignment, learner, now)
        except domain.AssignmentRefused as refused:
            messages.error(request, str(refused))
        return redirect("classroom:take", pk=assignment.pk)
    if attempt is not None:
        attempt = domain.close_if_expired(attempt, now)
        if attempt.submitted_at is not None:
            return redirect("classroom:result", pk=assignment.pk)
        answers = {a.question_id: a.chosen for a in attempt.answers.all()}
        context = {
            "assignment": assignment,
            "attempt": attempt,
            "questions": _shuffled_questions(attempt, answers),
        }
        return render(request, "classroom/take.html", context)
    extra = domain.extra_minutes(assignment, learner)
    context = {
        "assignment": assignment,
        "status": domain.status(assignment, now),
        "extra": extra,
        "personal_close": domain.personal_close(assignment, extra),
        "can_start": assignment.opens_at <= now < domain.personal_close(assignment, extra),
    }
    return render(request, "classroom/take_start.html", context)


@account_required
@require_POST
def save_answers(request, pk):
    """Save (the default, and htmx's autosave on every change) or submit the answers."""
    assignment = _student_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment in your classes")
    attempt = domain.attempt_of(assignment, request.learner)
    if attempt is None:
        messages.error(request, "Start the assignment first.")
        return redirect("classroom:take", pk=assignment.pk)
    answers = {q["id"]: request.POST.getlist(f"q-{q['id']}") for q in assignment.questions}
    now = timezone.now()
    submitting = request.POST.get("action") == "submit"
    try:
        if submitting:
            domain.submit(attempt, answers, now)
        else:
            domain.save_answers(attempt, answers, now)
    except domain.AssignmentRefused as refused:
        if request.htmx:
            return render(request, "classroom/take.html#save_status", {"error": str(refused)})
        messages.error(request, str(refused))
        return redirect("classroom:take", pk=assignment.pk)
    if submitting:
        messages.success(request, "Submitted. Your answers are in.")
        return redirect("classroom:result", pk=assignment.pk)
    if request.htmx:
        return render(request, "classroom/take.html#save_status", {"saved_at": now})
    messages.success(request, "Your answers are saved. You can change them until you submit.")
    return redirect("classroom:take", pk=assignment.pk)


@account_required
@require_GET
def result(request, pk):
    assignment = _student_assignment(request, pk)
    if assignment is None:
        return not_yours(request, "assignment in your classes")
    now = timezone.now()
    attempt = domain.attempt_of(assignment, request.learner)
    if attempt is not None:
        attempt = domain.close_if_expired(attempt, now)
    if attempt is None or attempt.submitted_at is None:
        return redirect("classroom:take", pk=assignment.pk)
    review = domain.review_for(assignment, attempt, now)
    answers = {a.question_id: a for a in attempt.answers.all()}
    questions = []
    for number, question in enumerate(assignment.questions, 1):
        answer = answers.get(question["id"])
        questions.append(
            {
                "number": number,
                "data": question,
                "html": question_html(question),
                "chosen": answer.chosen if answer else [],
                "correct": bool(answer and answer.correct),
            }
        )
    context = {
        "assignment": assignment,
        "attempt": attempt,
        "review": review,
        "questions": questions,
        "released_at": domain.answers_released_at(assignment),
        "total": len(assignment.questions),
    }
    return render(request, "classroom/result.html", context)
