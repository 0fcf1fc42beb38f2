"""content/schema.json, generated from the field specs in schema.py (never by hand)."""

from studyapp.catalog.schema import (
    COLUMN_FIELDS,
    ITEM_FIELDS,
    KINDS,
    OPTION_FIELDS,
    ROW_FIELDS,
    TOPIC,
    Spec,
)

ID = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
TEXT_LIST = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}


def _object(fields: dict[str, Spec]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, spec in fields.items() if spec.required],
        "properties": {name: _field(spec) for name, spec in fields.items()},
    }


def _field(spec: Spec) -> dict:
    by_type = {
        "id": ID,
        "text": {"type": ["string", "number"]},
        "md": {"type": "string", "description": "Markdown"},
        "url": {"type": "string", "pattern": "^https://"},
        "int": {"type": "integer"},
        "source": {"type": "string", "pattern": r"^(aws-docs|\d{3}_[0-9a-f]{16}\.txt)$"},
        "service": {"type": "string"},
        "services": TEXT_LIST,
        "exams": TEXT_LIST,
        "domains": TEXT_LIST,
        "fact-ids": TEXT_LIST,
        "words": TEXT_LIST,
        "choose": {"enum": [1, 2, 3]},
        "difficulty": {"enum": [1, 2, 3]},
        "answer": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]$"}},
        "cells": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
    }
    nested = {"columns": (COLUMN_FIELDS, 1), "rows": (ROW_FIELDS, 1), "options": (OPTION_FIELDS, 4)}
    if spec.type in nested:
        fields, minimum = nested[spec.type]
        result = {"type": "array", "items": _object(fields), "minItems": minimum}
    else:
        result = dict(by_type[spec.type])
    if spec.help:
        result["description"] = spec.help
    return result


def topic_file_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Decoupled topic file (content/topics/*.yaml)",
        "type": "object",
        "additionalProperties": False,
        "required": ["topic"],
        "properties": {
            "topic": _object(TOPIC),
            **{kind: {"type": "array", "items": _object(ITEM_FIELDS[kind])} for kind in KINDS},
        },
    }
