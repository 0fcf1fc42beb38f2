"""Load a validated catalog into the database: atomic, idempotent, never deleting.

A second load of unchanged files changes nothing. An item that disappeared from
the files is retired (hidden from study, its learners' history kept); if it
comes back it is un-retired. Any error anywhere means nothing is written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from studyapp.catalog.markup import render_inline, render_markdown
from studyapp.catalog.models import Exam, Item, Service, Topic
from studyapp.catalog.schema import KIND_SINGULAR, markdown_fields
from studyapp.catalog.validate import Catalog


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated) + len(self.retired)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.retired)} retired, {self.unchanged} unchanged "
            f"({self.changes} changes)"
        )


def fingerprint(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def render_item(kind: str, data: dict) -> dict:
    """The item's Markdown fields as sanitised HTML, in the item's own shape."""
    html = {name: render_markdown(data[name]) for name in markdown_fields(kind) if data.get(name)}
    if kind == "questions":
        html["options"] = [
            {"id": o["id"], "text": render_inline(o["text"]), "why": render_markdown(o["why"])}
            for o in data["options"]
        ]
    if kind == "tables":
        html["rows"] = [
            {
                "id": row["id"],
                "label": row["label"],
                "cells": {col: render_inline(text) for col, text in row["cells"].items()},
            }
            for row in data["rows"]
        ]
    return html


def plain(value):
    """Located dicts/lists -> plain JSON-able values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def load_catalog(catalog: Catalog) -> LoadReport:
    report = LoadReport()
    registry = catalog.registry
    for position, service_id in enumerate(registry.service_order):
        _upsert(Service, service_id, {"name": registry.services[service_id], "position": position})
    for exam_id, exam in registry.exams.items():
        _upsert(Exam, exam_id, {"name": exam["name"], "domains": plain(exam["domains"])})

    seen_topics, seen_items = set(), set()
    for topic_file in catalog.topics:
        topic = plain(topic_file.topic)
        values = {
            "title": topic["title"],
            "summary_html": render_markdown(topic.get("summary", "")),
            "services": topic.get("services", []),
            "position": topic.get("order", 100),
            "retired": False,
        }
        values["content_hash"] = fingerprint(values)
        _record(report, topic["id"], _upsert(Topic, topic["id"], values))
        seen_topics.add(topic["id"])
        for kind, items in topic_file.items.items():
            for position, located in enumerate(items):
                data = plain(located)
                services = data.get("services") or (
                    [data["service"]] if data.get("service") else topic.get("services", [])
                )
                values = {
                    "topic_id": topic["id"],
                    "kind": KIND_SINGULAR[kind],
                    "position": position,
                    "data": data,
                    "html": render_item(kind, data),
                    "services": services,
                    "source": data["source"],
                    "retired": False,
                }
                values["content_hash"] = fingerprint(values)
                _record(report, data["id"], _upsert(Item, data["id"], values))
                seen_items.add(data["id"])

    for item in Item.objects.filter(retired=False).exclude(id__in=seen_items):
        item.retired = True
        item.save(update_fields=["retired", "updated_at"])
        report.retired.append(item.id)
    for topic in Topic.objects.filter(retired=False).exclude(id__in=seen_topics):
        topic.retired = True
        topic.save(update_fields=["retired"])
        report.retired.append(f"topic {topic.id}")
    return report


def _upsert(model, pk, values) -> str:
    """Create or update one row; return 'created', 'updated' or 'unchanged'."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        model.objects.create(pk=pk, **values)
        return "created"
    if all(getattr(obj, k) == v for k, v in values.items()):
        return "unchanged"
    for key, value in values.items():
        setattr(obj, key, value)
    obj.save()
    return "updated"


def _record(report: LoadReport, ident: str, outcome: str) -> None:
    if outcome == "created":
        report.created.append(ident)
    elif outcome == "updated":
        report.updated.append(ident)
    else:
        report.unchanged += 1
