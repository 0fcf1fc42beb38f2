"""Scenario picker, table drill and question decoder pages."""

from __future__ import annotations

import random
import secrets

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from studyapp.quiz import drill, picker
from studyapp.quiz.decoder import Decoding, decode
from studyapp.quiz.decoder_catalog import current_index, related_facts
from studyapp.quiz.decoder_marks import marked, ranked_reasons
from studyapp.quiz.errors import Refused
from studyapp.quiz.models_practice_tools import PickerAnswer
from studyapp.quiz.views import refused

MAX_DECODE_CHARS = 5000


def _page(request, template: str, context: dict, status: int = 200):
    """The whole page, or only its panel when htmx asks for it."""
    if request.htmx:
        # htmx leaves error responses unswapped; the message must reach the page.
        return render(request, template + "#panel", context)
    return render(request, template, context, status=status)


def _picker_context(request, requirement, **extra) -> dict:
    learner = request.existing_learner()
    return {
        "requirement": requirement,
        "tiles": picker.tiles(),
        "stats": picker.picker_stats(learner),
        **extra,
    }


@require_GET
def picker_page(request):
    rng = random.Random(secrets.randbits(64))
    requirement = picker.next_requirement(request.existing_learner(), rng)
    return _page(request, "quiz/picker.html", _picker_context(request, requirement))


@require_POST
def picker_pick(request):
    key = request.POST.get("requirement", "")
    service = request.POST.get("service", "")
    try:
        answer = picker.record_pick(request.learner, key, service, timezone.now())
    except Refused as error:
        try:
            requirement = picker.find_requirement(key)
        except Refused:
            return refused(request, error)
        context = _picker_context(request, requirement, error=error.message)
        return _page(request, "quiz/picker.html", context, status=error.status)
    return redirect("quiz:picker_answer", answer.pk)


@require_GET
def picker_answer(request, answer_id):
    learner = request.existing_learner()
    answer = PickerAnswer.objects.filter(pk=answer_id).first()
    if answer is None or learner is None or answer.learner_id != learner.pk:
        return refused(request, Refused(f"There is no pick {answer_id} of yours to show.", 404))
    try:
        requirement = picker.find_requirement(answer.requirement)
    except Refused as error:
        return refused(request, error)
    index = current_index()
    decoding = decode(requirement.text, index)
    # Only the phrases that point to the service that fits are marked: the lesson is
    # "these words mean that service", not everything the decoder noticed.
    fitting = [t for t in decoding.triggers if t.service == requirement.expected]
    rule = index.rules.get(requirement.rule_id) if requirement.rule_id else None
    fired = list({t.rule: index.rules[t.rule] for t in fitting}.values())
    names = dict((s.id, s.name) for s in picker.tiles())
    context = _picker_context(
        request,
        requirement,
        answer=answer,
        marked_text=marked(requirement.text, Decoding(decoding.services, fitting), index),
        rule=rule or (fired[0] if fired else None),
        expected_name=names.get(answer.expected, answer.expected),
        picked_name=names.get(answer.picked, answer.picked),
    )
    return _page(request, "quiz/picker.html", context)


@require_GET
def drill_index(request):
    tables = drill.drill_tables()
    return render(request, "quiz/drill_index.html", {"tables": tables})


@require_GET
def drill_page(request, table_id):
    try:
        table = drill.find_table(table_id)
    except Refused as error:
        return refused(request, error)
    seed = request.GET.get("seed", "")
    if not seed.isdigit():
        # The seed goes in the address, so a reload shows the same hidden cells.
        url = reverse("quiz:drill", args=[table.id])
        return redirect(f"{url}?seed={secrets.randbits(48)}")
    plan = drill.plan_drill(table, int(seed))
    return render(request, "quiz/drill.html", _drill_context(request, plan))


def _drill_context(request, plan, picked=None, error="") -> dict:
    checked = drill.checked_answers(request.existing_learner(), plan.table, plan.seed)
    rows = []
    for row in plan.table.data["rows"]:
        cells = []
        for column in plan.table.data["columns"]:
            hidden = plan.hidden_at(row["id"], column["id"])
            cells.append(
                {
                    "column": column,
                    "html": plan.table.html["rows"][plan.table.data["rows"].index(row)]["cells"][
                        column["id"]
                    ],
                    "hidden": hidden,
                    "checked": checked.get(hidden.key) if hidden else None,
                    "picked": (picked or {}).get(hidden.key, "") if hidden else "",
                }
            )
        rows.append({"row": row, "cells": cells})
    return {
        "plan": plan,
        "table": plan.table,
        "rows": rows,
        "checked": bool(checked),
        "right": sum(1 for a in checked.values() if a.correct),
        "error": error,
    }


@require_POST
def drill_check(request, table_id):
    try:
        table = drill.find_table(table_id)
    except Refused as error:
        return refused(request, error)
    seed = request.POST.get("seed", "")
    if not seed.isdigit():
        return refused(request, Refused(f"The drill's seed must be a whole number, not {seed!r}."))
    plan = drill.plan_drill(table, int(seed))
    picked = {cell.key: request.POST.get(cell.key, "") for cell in plan.hidden}
    try:
        drill.check_drill(request.learner, plan, picked, timezone.now())
    except Refused as error:
        context = _drill_context(request, plan, picked, error.message)
        return render(request, "quiz/drill.html", context, status=error.status)
    return redirect(f"{reverse('quiz:drill', args=[table.id])}?seed={plan.seed}#result")


@require_GET
def decoder_page(request):
    text = request.GET.get("text", "")
    context = {"text": text, "max_chars": MAX_DECODE_CHARS, "error": "", "decoded": False}
    if len(text) > MAX_DECODE_CHARS:
        context["error"] = (
            f"The text is {len(text)} characters long; paste at most {MAX_DECODE_CHARS} (one question)."
        )
        return _page(request, "quiz/decoder.html", context, status=400)
    if text.strip():
        index = current_index()
        decoding = decode(text, index)
        reasons = ranked_reasons(decoding, index)
        facts = related_facts(text, [row["service"].service for row in reasons])
        for row in reasons:
            row["facts"] = facts[row["service"].service]
        context.update(
            decoded=True,
            marked_text=marked(text, decoding, index),
            reasons=reasons,
            triggers=decoding.triggers,
        )
    return _page(request, "quiz/decoder.html", context)
