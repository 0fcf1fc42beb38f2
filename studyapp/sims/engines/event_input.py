"""What an EventBridge target (or a Pipes target) receives: Input, InputPath, InputTransformer.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
EventBridge reads JSON paths in a small dialect ($.detail.items[0].sku, wildcards) and
fills <variable> placeholders: inside a quoted JSON string a value is inserted as text,
outside quotes as JSON, and in a plain-text template strings go in without quotes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .core import AwsError

MAX_INPUT_PATHS = 100
_PLACEHOLDER = re.compile(r"<([^<>\s]+)>")
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+|\*)\]")
_NOT_FOUND = object()


def check_path(path: Any, what: str = "InputPath") -> str:
    if not isinstance(path, str) or not path.startswith("$"):
        raise AwsError(
            "ValidationException",
            f"{what} {path!r} is not a JSON path: start it with $, e.g. $.detail.",
        )
    rest = path[1:]
    if "".join(m.group(0) for m in _STEP.finditer(rest)) != rest:
        raise AwsError(
            "ValidationException",
            f"{what} {path!r} is not a JSON path EventBridge understands: use dot notation and [n].",
        )
    return path


def read_path(document: Any, path: str) -> Any:
    """The value at a JSON path, a list for wildcard paths, or _NOT_FOUND."""
    values, wildcard = [document], False
    for match in _STEP.finditer(path[1:]):
        key, index = match.groups()
        found = []
        for value in values:
            if key is not None:
                if key == "*" and isinstance(value, dict):
                    wildcard = True
                    found.extend(value.values())
                elif isinstance(value, dict) and key in value:
                    found.append(value[key])
            elif index == "*" and isinstance(value, list):
                wildcard = True
                found.extend(value)
            elif isinstance(value, list) and index != "*" and int(index) < len(value):
                found.append(value[int(index)])
        values = found
    if wildcard:
        return values
    return values[0] if values else _NOT_FOUND


def _inside_string(template: str, position: int) -> bool:
    """Whether `position` in a JSON template falls inside a double-quoted string."""
    inside, i = False, 0
    while i < position:
        ch = template[i]
        if ch == "\\" and inside:
            i += 2
            continue
        if ch == '"':
            inside = not inside
        i += 1
    return inside


def fill_template(template: str, lookup: Callable[[str], Any]) -> str:
    """Replace <name> placeholders; `lookup(name)` returns a value or _NOT_FOUND to keep it."""
    is_json = template.lstrip()[:1] in ("{", "[", '"')

    def replace(match: re.Match) -> str:
        value = lookup(match.group(1))
        if value is _NOT_FOUND:
            return match.group(0)
        raw = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        if not is_json:
            return "" if value is None else raw
        if _inside_string(template, match.start()):
            return json.dumps(raw)[1:-1] if value is not None else ""
        return json.dumps(value, separators=(",", ":"))

    return _PLACEHOLDER.sub(replace, template)


def check_transformer(transformer: Any) -> None:
    if not isinstance(transformer, dict) or "InputTemplate" not in transformer:
        raise AwsError("ValidationException", "InputTransformer needs an InputTemplate.")
    paths = transformer.get("InputPathsMap") or {}
    if not isinstance(paths, dict) or len(paths) > MAX_INPUT_PATHS:
        raise AwsError(
            "ValidationException",
            f"InputPathsMap is a map of at most {MAX_INPUT_PATHS} variable names to JSON paths.",
        )
    for name, path in paths.items():
        if name.startswith("aws."):
            raise AwsError(
                "ValidationException",
                f"InputPathsMap key {name!r} is reserved: names starting with aws. belong to EventBridge.",
            )
        check_path(path, f"InputPathsMap value for {name!r}")


def transform(transformer: dict, event: dict, rule_name: str, rule_arn: str, ingested: str) -> str:
    predefined = {
        "aws.events.rule-arn": rule_arn,
        "aws.events.rule-name": rule_name,
        "aws.events.event.ingestion-time": ingested,
        "aws.events.event": {k: v for k, v in event.items() if k != "detail"},
        "aws.events.event.json": event,
    }
    variables = {
        name: read_path(event, path)
        for name, path in (transformer.get("InputPathsMap") or {}).items()
    }

    def lookup(name: str) -> Any:
        if name in predefined:
            return predefined[name]
        if name in variables:
            value = variables[name]
            return None if value is _NOT_FOUND else value
        return _NOT_FOUND

    return fill_template(transformer["InputTemplate"], lookup)


def pipes_template(template: str, item: Any, extra: dict | None = None) -> str:
    """Pipes templates name JSON paths directly: <$.body.orderId>, plus <aws.pipes.*> values."""
    extra = extra or {}

    def lookup(name: str) -> Any:
        if name in extra:
            return extra[name]
        if name.startswith("$"):
            value = read_path(item, name)
            return None if value is _NOT_FOUND else value
        return _NOT_FOUND

    return fill_template(template, lookup)


def target_input(target: dict, event: dict, rule_name: str, rule_arn: str, ingested: str) -> str:
    """The body a target receives: the event, a constant Input, a part of it, or a transform."""
    if target.get("Input") is not None:
        return target["Input"]
    if target.get("InputPath"):
        value = read_path(event, target["InputPath"])
        return json.dumps(None if value is _NOT_FOUND else value)
    if target.get("InputTransformer"):
        return transform(target["InputTransformer"], event, rule_name, rule_arn, ingested)
    return json.dumps(event)
