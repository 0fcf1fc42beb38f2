"""'Report a problem': learners' notes on items, and the queue instructors work through."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from studyapp.catalog.models import Item
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import ProblemReport

NOTE_MAX_LENGTH = 2000
PARTS = {
    "item": "the item",
    "question": "the question",
    "explanation": "the explanation",
    "card": "the card",
    "table": "the table",
    "rule": "the rule",
}


def reportable_item(item_id: str) -> Item:
    item = Item.objects.filter(pk=item_id).select_related("topic").first() if item_id else None
    if item is None:
        raise Refused(
            f"There is no item {item_id!r} to report a problem with."
            if item_id
            else "Say which item the problem is in: the link needs ?item=<id>."
        )
    return item


def file_report(learner, item_id: str, part: str, note: str, page: str, now: datetime):
    item = reportable_item(item_id)
    if part not in PARTS:
        raise Refused(f"{part!r} is not a part of an item; use one of {', '.join(PARTS)}.")
    note = note.strip()
    if not note:
        raise Refused("Describe the problem: the note is empty.")
    if len(note) > NOTE_MAX_LENGTH:
        raise Refused(f"The note is {len(note)} characters long; keep it under {NOTE_MAX_LENGTH}.")
    return ProblemReport.objects.create(
        item=item, part=part, note=note, learner=learner, page=page[:300], created_at=now
    )


def open_queue() -> list[dict]:
    """Open reports grouped by item, the item with the oldest waiting report first."""
    groups: dict[str, dict] = {}
    reports = ProblemReport.objects.filter(status=ProblemReport.Status.OPEN).select_related(
        "item", "item__topic"
    )
    for report in reports.order_by("created_at"):
        group = groups.setdefault(report.item_id, {"item": report.item, "reports": []})
        group["reports"].append(report)
    return list(groups.values())


def recently_fixed(limit: int = 20) -> list[ProblemReport]:
    return list(
        ProblemReport.objects.filter(status=ProblemReport.Status.FIXED)
        .select_related("item", "closed_by")
        .order_by("-closed_at")[:limit]
    )


@transaction.atomic
def mark_fixed(item_id: str, user, now: datetime) -> int:
    """Close every open report on the item; returns how many were closed."""
    reportable_item(item_id)
    return ProblemReport.objects.filter(item_id=item_id, status=ProblemReport.Status.OPEN).update(
        status=ProblemReport.Status.FIXED, closed_at=now, closed_by=user
    )
