"""Classes: the classroom home, creating a class, its roster, and joining by code or link."""

import random

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.classroom import classes
from studyapp.classroom.access import (
    account_required,
    instructor_required,
    local_time,
    not_yours,
    own_class,
)
from studyapp.classroom.assignments import assignments_for, status
from studyapp.classroom.forms import ClassForm, JoinForm
from studyapp.classroom.models import Classroom, InstructorQuiz
from studyapp.learners.identity import is_instructor

PENDING_JOIN = "classroom_pending_join"  # a code remembered while the student signs up


@local_time
@require_GET
def home(request):
    """Instructors see their classes and quizzes; students their classes and assignments."""
    context = {"join_form": JoinForm()}
    if request.user.is_authenticated:
        learner = request.learner
        context["assignments"] = assignments_for(learner, timezone.now())
        context["my_classes"] = classes.classes_of(learner)
        pending = classes.class_for_code(request.session.get(PENDING_JOIN, ""))
        if pending is not None and not classes.is_member(pending, learner):
            context["pending"] = pending
        if is_instructor(request.user):
            context["taught"] = Classroom.objects.filter(owner=request.user)
            context["quizzes"] = InstructorQuiz.objects.filter(owner=request.user)[:10]
    return render(request, "classroom/home.html", context)


@instructor_required
@require_http_methods(["GET", "POST"])
def class_new(request):
    form = ClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = classes.create_class(
            request.user, form.cleaned_data["name"], random.SystemRandom()
        )
        messages.success(
            request,
            f"Class “{classroom.name}” is ready. Give students its code {classroom.join_code}.",
        )
        return redirect("classroom:class_detail", pk=classroom.pk)
    return render(request, "classroom/class_new.html", {"form": form})


@instructor_required
@require_GET
def class_detail(request, pk):
    classroom = own_class(request, pk)
    if classroom is None:
        return not_yours(request, "class")
    now = timezone.now()
    assignments = [{"assignment": a, "status": status(a, now)} for a in classroom.assignments.all()]
    join_url = request.build_absolute_uri(
        reverse("classroom:join_link", kwargs={"code": classroom.join_code})
    )
    context = {
        "classroom": classroom,
        "roster": classes.roster(classroom),
        "assignments": assignments,
        "join_url": join_url,
    }
    return render(request, "classroom/class_detail.html", context)


@instructor_required
@require_POST
def class_new_code(request, pk):
    classroom = own_class(request, pk)
    if classroom is None:
        return not_yours(request, "class")
    code = classes.rotate_code(classroom, random.SystemRandom())
    messages.success(request, f"The new code is {code}; the old code and link no longer work.")
    return redirect("classroom:class_detail", pk=classroom.pk)


@instructor_required
@require_POST
def class_remove_student(request, pk):
    classroom = own_class(request, pk)
    if classroom is None:
        return not_yours(request, "class")
    learner_id = request.POST.get("learner", "")
    if learner_id.isdigit() and classes.remove_student(classroom, int(learner_id)):
        messages.success(request, "The student is off the roster. Their past results are kept.")
    else:
        messages.error(request, "That student is not on this class's roster; nothing changed.")
    return redirect("classroom:class_detail", pk=classroom.pk)


def _join(request, classroom):
    try:
        _membership, created = classes.join_class(classroom, request.learner, timezone.now())
    except classes.JoinRefused as refused:
        messages.error(request, str(refused))
        return redirect("classroom:home")
    request.session.pop(PENDING_JOIN, None)
    if created:
        messages.success(
            request, f"You joined “{classroom.name}”. Its assignments are listed below."
        )
    else:
        messages.info(request, f"You are already in “{classroom.name}”.")
    return redirect("classroom:home")


@local_time
@require_http_methods(["GET", "POST"])
def join(request):
    """Join with a typed code. Without an account: remember the code, then log in or sign up."""
    form = JoinForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        classroom = classes.class_for_code(form.cleaned_data["code"])
        if classroom is None:
            form.add_error("code", "No class has that code. Check it with your instructor.")
        elif request.method == "GET" or not request.user.is_authenticated:
            return redirect("classroom:join_link", code=classroom.join_code)
        else:
            return _join(request, classroom)
    return render(
        request, "classroom/join.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def join_link(request, code):
    """The link an instructor shares: asks to confirm (a GET never changes the roster)."""
    classroom = classes.class_for_code(code)
    if classroom is None:
        form = JoinForm(initial={"code": code})
        messages.error(
            request,
            "That class link is not valid any more. Ask your instructor for the current code.",
        )
        return render(request, "classroom/join.html", {"form": form}, status=404)
    if not request.user.is_authenticated:
        request.session[PENDING_JOIN] = classroom.join_code
        messages.info(
            request,
            f"Log in or sign up to join “{classroom.name}”: results are kept with your account.",
        )
        return redirect_to_login(request.get_full_path())
    return account_required(_join_link_signed_in)(request, classroom)


def _join_link_signed_in(request, classroom):
    if request.method == "POST":
        return _join(request, classroom)
    member = classes.is_member(classroom, request.learner)
    return render(
        request, "classroom/join_confirm.html", {"classroom": classroom, "member": member}
    )
