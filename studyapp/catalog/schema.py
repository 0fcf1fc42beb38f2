"""The content schema: which fields each item kind has, and what each field holds.

One table of field specs drives three things, so they cannot drift apart:
the validator (`validate.py`), the JSON Schema in `content/schema.json`
(`python manage.py contentschema`), and which fields are Markdown to render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OPTION_ID_PATTERN = re.compile(r"^[a-z]$")
SEED_PATTERN = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")

KINDS = ("facts", "tables", "rules", "traps", "questions", "scenarios")
KIND_SINGULAR = {
    "facts": "fact",
    "tables": "table",
    "rules": "rule",
    "traps": "trap",
    "questions": "question",
    "scenarios": "scenario",
}


@dataclass(frozen=True)
class Spec:
    """What one field holds.

    type: id | text | md | int | url | source | service | services | exams | domains
          | fact-ids | words | columns | rows | options | answer | cells | choose | difficulty
    """

    type: str
    required: bool = False
    help: str = ""


SOURCE_FIELDS = {
    "source": Spec("source", True, "a seed file name, or aws-docs"),
    "checked": Spec("url", False, "the AWS documentation page a fact was checked against"),
    "note": Spec("md", False, "where older material says otherwise"),
    "tags": Spec("words", False, "free words for search and filters"),
}

TOPIC = {
    "id": Spec("id", True),
    "title": Spec("text", True),
    "summary": Spec("md", False),
    "services": Spec("services", False),
    "order": Spec("int", False),
}

ITEM_FIELDS: dict[str, dict[str, Spec]] = {
    "facts": {
        "id": Spec("id", True),
        "prompt": Spec("md", True, "the question side of the flashcard"),
        "answer": Spec("md", True, "the answer side: one or two sentences"),
        "detail": Spec("md", False),
        "services": Spec("services", False),
        **SOURCE_FIELDS,
    },
    "tables": {
        "id": Spec("id", True),
        "title": Spec("text", True),
        "caption": Spec("md", False),
        "columns": Spec("columns", True, "the things compared: [{id, label}]"),
        "rows": Spec("rows", True, "the features: [{id, label, cells: {column-id: text}}]"),
        "services": Spec("services", False),
        **SOURCE_FIELDS,
    },
    "rules": {
        "id": Spec("id", True),
        "triggers": Spec("words", True, "phrases an exam question would use"),
        "service": Spec("service", True),
        "think": Spec("text", True, "the short answer to think of"),
        "why": Spec("md", True),
        "examples": Spec("words", False, "requirement sentences that lead here"),
        **SOURCE_FIELDS,
    },
    "traps": {
        "id": Spec("id", True),
        "belief": Spec("text", True, "the tempting statement, which is false"),
        "reality": Spec("text", True, "the true statement"),
        "why": Spec("md", False),
        "services": Spec("services", False),
        **SOURCE_FIELDS,
    },
    "questions": {
        "id": Spec("id", True),
        "stem": Spec("md", True),
        "choose": Spec("choose", True, "1, 2 or 3 answers to pick"),
        "options": Spec("options", True, "[{id: a, text, why}]"),
        "answer": Spec("answer", True, "the right option ids"),
        "tests": Spec("fact-ids", False, "fact ids this question checks"),
        "services": Spec("services", True, "primary service first"),
        "exams": Spec("exams", True),
        "domains": Spec("domains", True),
        "difficulty": Spec("difficulty", True, "1 easy, 2 medium, 3 hard"),
        **SOURCE_FIELDS,
    },
    "scenarios": {
        "id": Spec("id", True),
        "title": Spec("text", True),
        "situation": Spec("md", True),
        "design": Spec("md", True),
        "why": Spec("md", True),
        "services": Spec("services", False),
        **SOURCE_FIELDS,
    },
}

COLUMN_FIELDS = {"id": Spec("id", True), "label": Spec("text", True)}
ROW_FIELDS = {"id": Spec("id", True), "label": Spec("text", True), "cells": Spec("cells", True)}
OPTION_FIELDS = {"id": Spec("id", True), "text": Spec("md", True), "why": Spec("md", True)}


def markdown_fields(kind: str) -> list[str]:
    return [name for name, spec in ITEM_FIELDS[kind].items() if spec.type == "md"]
