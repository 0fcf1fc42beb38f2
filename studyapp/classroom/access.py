"""Who may do what in the classroom, and the pages that say no.

Authoring, classes and results are the instructor's own: another instructor's
quiz, class or assignment answers 404 with a message (it does not even say
whether it exists). Pages show times in the viewer's own time zone.
"""

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils import timezone

from studyapp.classroom.models import Assignment, Classroom, InstructorQuiz
from studyapp.learners.identity import is_instructor


def refusal(request, message: str, status: int = 403, heading: str = "Not possible"):
    return render(
        request, "classroom/refused.html", {"heading": heading, "message": message}, status=status
    )


def viewer_zone(request) -> ZoneInfo:
    learner = request.existing_learner() if hasattr(request, "existing_learner") else None
    return learner.zone if learner is not None else ZoneInfo("UTC")


def local_time(view):
    """Show and read times in the viewer's time zone (their study settings)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        timezone.activate(viewer_zone(request))
        try:
            return view(request, *args, **kwargs)
        finally:
            timezone.deactivate()

    return wrapper


def account_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return local_time(view)(request, *args, **kwargs)

    return wrapper


def instructor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_instructor(request.user):
            return refusal(
                request,
                "Only instructors can write quizzes and run classes. Ask the site's "
                "administrator to add your account to the Instructors group.",
                status=403,
                heading="For instructors",
            )
        return local_time(view)(request, *args, **kwargs)

    return wrapper


def not_yours(request, what: str):
    return refusal(
        request,
        f"There is no {what} with that number among yours. You can only open your own.",
        status=404,
        heading="Not found",
    )


def own_quiz(request, pk: int) -> InstructorQuiz | None:
    return InstructorQuiz.objects.filter(pk=pk, owner=request.user).first()


def own_class(request, pk: int) -> Classroom | None:
    return Classroom.objects.filter(pk=pk, owner=request.user).first()


def own_assignment(request, pk: int) -> Assignment | None:
    return (
        Assignment.objects.filter(pk=pk, classroom__owner=request.user)
        .select_related("classroom")
        .first()
    )
