"""Hooks the study app registers with the catalog (home-page progress) and learners (merge)."""

from __future__ import annotations

from django.db.models import Count

from studyapp.study.models import Card, CardState


def studied_per_topic(learner, topic_ids: list[str]) -> dict[str, int]:
    """Items with at least one studied card, per topic (a table counts once)."""
    rows = (
        Card.objects.filter(learner=learner, topic_id__in=topic_ids, state__gt=CardState.NEW)
        .values("topic_id")
        .annotate(items=Count("item_id", distinct=True))
    )
    return {row["topic_id"]: row["items"] for row in rows}
