"""Choice rules: every comparison operator, their *Path variants, And / Or / Not, Is* tests.

A rule is {"Variable": "$.x", "<Operator>": value, "Next": "State"}; the *Path variant
compares with another path instead of a literal. A Variable that does not exist makes a
comparison false (AWS raises States.Runtime only for a malformed rule, which validation
catches first); use IsPresent to test existence.
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

from __future__ import annotations

import re
from datetime import datetime

from .asl_paths import PathNotFound, read_path

_MISSING = object()

TYPE_TESTS = ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")
_ORDER = {
    "Equals": lambda a, b: a == b,
    "LessThan": lambda a, b: a < b,
    "GreaterThan": lambda a, b: a > b,
    "LessThanEquals": lambda a, b: a <= b,
    "GreaterThanEquals": lambda a, b: a >= b,
}
COMPARISONS = {
    f"{kind}{order}{suffix}"
    for kind in ("String", "Numeric", "Timestamp")
    for order in _ORDER
    for suffix in ("", "Path")
} | {"BooleanEquals", "BooleanEqualsPath", "StringMatches"}
OPERATORS = COMPARISONS | set(TYPE_TESTS)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def parse_timestamp(value) -> datetime | None:
    """An RFC 3339 timestamp with a time zone ('2026-01-01T10:00:00Z'), else None."""
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def wildcard_regex(pattern: str) -> re.Pattern:
    """StringMatches: * matches any run of characters; \\* is a literal star."""
    parts, literal, index = [], [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            literal.append(pattern[index + 1])
            index += 2
            continue
        if char == "*":
            parts.append(re.escape("".join(literal)))
            parts.append(".*")
            literal = []
        else:
            literal.append(char)
        index += 1
    parts.append(re.escape("".join(literal)))
    return re.compile("".join(parts), re.DOTALL)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _read(path: str, data, context):
    try:
        return read_path(path, data, context)
    except PathNotFound:
        return _MISSING


def evaluate_rule(rule: dict, data, context: dict | None = None) -> bool:
    if "And" in rule:
        return all(evaluate_rule(r, data, context) for r in rule["And"])
    if "Or" in rule:
        return any(evaluate_rule(r, data, context) for r in rule["Or"])
    if "Not" in rule:
        return not evaluate_rule(rule["Not"], data, context)
    operator = next(k for k in rule if k in OPERATORS)
    value = _read(rule["Variable"], data, context)
    expected = rule[operator]
    if operator in TYPE_TESTS:
        return _type_test(operator, value) == expected
    if value is _MISSING:
        return False
    if operator.endswith("Path"):
        expected = _read(expected, data, context)
        if expected is _MISSING:
            return False
        operator = operator[: -len("Path")]
    if operator == "StringMatches":
        return isinstance(value, str) and wildcard_regex(expected).fullmatch(value) is not None
    if operator == "BooleanEquals":
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    kind = next(k for k in ("String", "Numeric", "Timestamp") if operator.startswith(k))
    compare = _ORDER[operator[len(kind) :]]
    if kind == "String":
        return isinstance(value, str) and isinstance(expected, str) and compare(value, expected)
    if kind == "Numeric":
        return _is_number(value) and _is_number(expected) and compare(value, expected)
    left, right = parse_timestamp(value), parse_timestamp(expected)
    return left is not None and right is not None and compare(left, right)


def _type_test(operator: str, value) -> bool:
    if operator == "IsPresent":
        return value is not _MISSING
    if value is _MISSING:
        return False
    return {
        "IsNull": value is None,
        "IsNumeric": _is_number(value),
        "IsString": isinstance(value, str),
        "IsBoolean": isinstance(value, bool),
        "IsTimestamp": parse_timestamp(value) is not None,
    }[operator]


def rule_problems(rule, where: str) -> list[tuple[str, str]]:
    """Validation of one rule: a list of (location, message)."""
    if not isinstance(rule, dict):
        return [(where, "a choice rule must be a JSON object")]
    problems: list[tuple[str, str]] = []
    for combinator in ("And", "Or"):
        if combinator in rule:
            rules = rule[combinator]
            if not isinstance(rules, list) or not rules:
                return [(f"{where}/{combinator}", f"{combinator} needs a non-empty list of rules")]
            for index, inner in enumerate(rules):
                problems += rule_problems(inner, f"{where}/{combinator}[{index}]")
            return problems
    if "Not" in rule:
        return rule_problems(rule["Not"], f"{where}/Not")
    operators = [k for k in rule if k in OPERATORS]
    if "Variable" not in rule:
        problems.append((where, "a comparison needs a Variable (like $.status)"))
    if len(operators) != 1:
        found = ", ".join(operators) or "none"
        problems.append((where, f"a comparison needs exactly one operator (found: {found})"))
    for key in rule:
        if key not in OPERATORS | {"Variable", "Next", "Comment"}:
            problems.append((f"{where}/{key}", f"The field '{key}' is not supported here"))
    if len(operators) == 1:
        operator, value = operators[0], rule[operators[0]]
        if operator.endswith("Path") and not (isinstance(value, str) and value.startswith("$")):
            problems.append((f"{where}/{operator}", f"{operator} needs a path like $.limit"))
        elif operator in TYPE_TESTS and not isinstance(value, bool):
            problems.append((f"{where}/{operator}", f"{operator} needs true or false"))
        elif operator.startswith("Numeric") and not operator.endswith("Path"):
            if not _is_number(value):
                problems.append((f"{where}/{operator}", f"{operator} needs a number"))
        elif operator.startswith(("String", "Timestamp")) and not operator.endswith("Path"):
            if not isinstance(value, str):
                problems.append((f"{where}/{operator}", f"{operator} needs a string"))
            elif operator.startswith("Timestamp") and parse_timestamp(value) is None:
                problems.append((f"{where}/{operator}", f"{operator} needs an RFC 3339 timestamp"))
        elif operator == "BooleanEquals" and not isinstance(value, bool):
            problems.append((f"{where}/{operator}", "BooleanEquals needs true or false"))
    return problems
