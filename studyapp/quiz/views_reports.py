"""'Report a problem' form, and the queue instructors and admins work through."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from studyapp.learners.identity import is_instructor
from studyapp.quiz import reports
from studyapp.quiz.errors import Refused
from studyapp.quiz.views import refused


def _safe_next(request, value: str) -> str:
    ok = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and ok else ""


@require_http_methods(["GET", "POST"])
def report(request):
    data = request.POST if request.method == "POST" else request.GET
    item_id = data.get("item", "")
    part = data.get("part", "item")
    back = _safe_next(request, data.get("next", ""))
    try:
        item = reports.reportable_item(item_id)
    except Refused as error:
        return refused(request, error)
    context = {"item": item, "part": part, "next": back, "note": "", "error": ""}
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            reports.file_report(request.learner, item_id, part, note, back, timezone.now())
        except Refused as error:
            context.update(note=note, error=error.message)
            return render(request, "quiz/report_form.html", context, status=error.status)
        messages.success(
            request, f"Thank you: your report on {item.id} is in the queue for an instructor."
        )
        return redirect(back or "quiz:index")
    return render(request, "quiz/report_form.html", context)


def _require_instructor(request):
    if not is_instructor(request.user):
        raise PermissionDenied("Only instructors and admins can see the problem reports.")


@require_http_methods(["GET"])
def queue(request):
    _require_instructor(request)
    return render(
        request,
        "quiz/report_queue.html",
        {"groups": reports.open_queue(), "fixed": reports.recently_fixed()},
    )


@require_POST
def mark_fixed(request):
    _require_instructor(request)
    item_id = request.POST.get("item", "")
    try:
        closed = reports.mark_fixed(item_id, request.user, timezone.now())
    except Refused as error:
        return refused(request, error)
    messages.success(
        request, f"{item_id} marked fixed: {closed} report{'s' * (closed != 1)} closed."
    )
    return redirect("quiz:report_queue")
