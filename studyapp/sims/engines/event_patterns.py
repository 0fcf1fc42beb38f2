"""EventBridge event patterns: validation as AWS validates them, and fast matching.

A pattern is compiled once (`compile_pattern`) into small objects that test an event
without re-reading the pattern, and `RuleIndex` files rules under one exact-valued
top-level field so an event is only tested against rules that could match it. The
semantics follow AWS's event-ruler (the matcher behind EventBridge and Pipes filters):
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html

- a field's list of values matches when any value matches (OR); fields combine with AND;
- an array in the event matches when any element matches;
- fields matched inside an array of objects must come from the same element;
- numbers compare by their JSON text for exact matching (300 is not 300.0), numerically
  for `numeric` and `anything-but`;
- `exists` looks at leaf values only: an object-valued field does not "exist".
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from typing import Any

from .core import AwsError

_MISSING = object()
OR_KEY = "$or"


def invalid(reason: str, path: str = "") -> AwsError:
    where = f' (at "{path}")' if path else ""
    return AwsError(
        "InvalidEventPatternException", f"Event pattern is not valid. Reason: {reason}{where}"
    )


def load_pattern(pattern: str | dict) -> dict:
    """Accept the JSON string AWS takes (or an already-parsed map) and return the map."""
    if isinstance(pattern, str):
        try:
            pattern = json.loads(pattern)
        except (ValueError, RecursionError) as exc:
            raise invalid(f"the pattern is not valid JSON ({exc})") from None
    if not isinstance(pattern, dict):
        raise invalid(
            'Filter is not an object: a pattern is a JSON object such as {"source": ["my.app"]}'
        )
    return pattern


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def exact_key(value: Any) -> str:
    """How event-ruler compares exact values: by JSON text, so "1" != 1 and 300 != 300.0."""
    if isinstance(value, str):
        return '"' + value
    return json.dumps(value)


def _scalars(value: Any, out: list) -> list:
    """Leaf values at a field: arrays (nested too) flatten, objects are not leaves."""
    if isinstance(value, list):
        for item in value:
            _scalars(item, out)
    elif not isinstance(value, dict):
        out.append(value)
    return out


def _objects(value: Any, out: list) -> list:
    if isinstance(value, list):
        for item in value:
            _objects(item, out)
    elif isinstance(value, dict):
        out.append(value)
    return out


# -- value matchers: compiled from one entry of a field's value list -----------------
def _wildcard_regex(text: str, path: str) -> re.Pattern:
    if "**" in text:
        raise invalid(f"Consecutive wildcard characters at pos {text.index('**') + 1}", path)
    parts, literal, i = [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "*\\":
            literal += text[i + 1]
            i += 2
            continue
        if ch == "\\":
            raise invalid("Invalid escape character: only \\* and \\\\ may be escaped", path)
        if ch == "*":
            parts.append(re.escape(literal))
            parts.append(".*")
            literal = ""
        else:
            literal += ch
        i += 1
    parts.append(re.escape(literal))
    return re.compile("".join(parts), re.DOTALL)


def _string_operand(op: str, value: Any, path: str) -> tuple[str, bool]:
    """Operand of prefix/suffix: a string, or {"equals-ignore-case": string}."""
    if isinstance(value, dict) and list(value) == ["equals-ignore-case"]:
        inner = value["equals-ignore-case"]
        if not isinstance(inner, str):
            raise invalid(f"{op} equals-ignore-case match pattern must be a string", path)
        return inner.casefold(), True
    if not isinstance(value, str):
        raise invalid(f"{op} match pattern must be a string", path)
    return value, False


def _string_test(op: str, operand: Any, path: str) -> Callable[[str], bool]:
    if op in ("prefix", "suffix"):
        text, fold = _string_operand(op, operand, path)
        if op == "prefix":
            return (
                (lambda v: v.casefold().startswith(text))
                if fold
                else (lambda v: v.startswith(text))
            )
        return (lambda v: v.casefold().endswith(text)) if fold else (lambda v: v.endswith(text))
    if op == "equals-ignore-case":
        if not isinstance(operand, str):
            raise invalid("equals-ignore-case match pattern must be a string", path)
        folded = operand.casefold()
        return lambda v: v.casefold() == folded
    if op == "wildcard":
        if not isinstance(operand, str):
            raise invalid("wildcard match pattern must be a string", path)
        regex = _wildcard_regex(operand, path)
        return lambda v: regex.fullmatch(v) is not None
    raise invalid(f"Unrecognized match type {op}", path)


_LOWER = {">": float.__gt__, ">=": float.__ge__}
_UPPER = {"<": float.__lt__, "<=": float.__le__}


def _numeric_test(spec: Any, path: str) -> Callable[[Any], bool]:
    if not isinstance(spec, list) or not spec or len(spec) % 2:
        raise invalid(
            'Value of numeric must be an array of operator/number pairs, e.g. [">", 0, "<=", 5]',
            path,
        )
    checks = []
    bounds: dict[str, float] = {}
    for op, number in zip(spec[::2], spec[1::2], strict=True):
        if op not in ("=", "<", "<=", ">", ">="):
            raise invalid(f"Unrecognized numeric range operator: {op!r}", path)
        if not _is_number(number):
            raise invalid(f"Value of {op} must be numeric", path)
        side = "=" if op == "=" else ("lower" if op in _LOWER else "upper")
        if side in bounds or (side == "=" and bounds) or ("=" in bounds):
            raise invalid(
                "Bad numeric range: give '=' alone, or at most one lower bound followed by one upper bound",
                path,
            )
        if side == "upper" and "lower" in bounds and not bounds["lower"] < number:
            raise invalid("Bottom must be less than top", path)
        if side == "upper" and not bounds and len(spec) > 2:
            raise invalid("Bad numeric range: the lower bound comes first", path)
        bounds[side] = float(number)
        compare = float.__eq__ if op == "=" else _LOWER.get(op) or _UPPER[op]
        checks.append((compare, float(number)))
    return lambda v: _is_number(v) and all(cmp(float(v), n) for cmp, n in checks)


def _cidr_test(spec: Any, path: str) -> Callable[[Any], bool]:
    if not isinstance(spec, str):
        raise invalid("cidr match pattern must be a string such as 10.0.0.0/24", path)
    try:
        network = ipaddress.ip_network(spec, strict=False)
    except (TypeError, ValueError):
        raise invalid(f"Malformed CIDR, one '/' is required: {spec!r}", path) from None

    def test(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        try:
            return ipaddress.ip_address(value) in network
        except ValueError:
            return False

    return test


def _anything_but_test(spec: Any, path: str) -> Callable[[Any], bool]:
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise invalid(
                "anything-but takes one of prefix, suffix, equals-ignore-case or wildcard", path
            )
        ((op, operand),) = spec.items()
        if op not in ("prefix", "suffix", "equals-ignore-case", "wildcard"):
            raise invalid(f"Unsupported anything-but pattern: {op}", path)
        operands = (
            operand
            if isinstance(operand, list) and op in ("equals-ignore-case", "wildcard")
            else [operand]
        )
        if not operands:
            raise invalid("Empty arrays are not allowed", path)
        tests = [_string_test(op, item, path) for item in operands]
        return lambda v: not (isinstance(v, str) and any(t(v) for t in tests))
    values = spec if isinstance(spec, list) else [spec]
    if not values:
        raise invalid("Empty arrays are not allowed", path)
    strings, numbers = set(), set()
    for item in values:
        if isinstance(item, str):
            strings.add(item)
        elif _is_number(item):
            numbers.add(float(item))
        else:
            raise invalid("Inside anything-but list, only strings and numbers are supported", path)
    return lambda v: (
        not ((isinstance(v, str) and v in strings) or (_is_number(v) and float(v) in numbers))
    )


class Leaf:
    """A field's value list: exact values (a set lookup) plus operator tests, any may match."""

    __slots__ = ("exact", "tests", "exists")

    def __init__(self, values: list, path: str):
        if not values:
            raise invalid("Empty arrays are not allowed", path)
        self.exact: set[str] = set()
        self.tests: list[Callable[[Any], bool]] = []
        self.exists: bool | None = None
        for item in values:
            if isinstance(item, dict):
                self._operator(item, path)
            elif isinstance(item, list):
                raise invalid("Match value must be String, number, true, false, or null", path)
            else:
                self.exact.add(exact_key(item))

    def _operator(self, item: dict, path: str) -> None:
        if len(item) != 1:
            raise (
                invalid("Only one key allowed in match expression", path)
                if item
                else invalid("Empty objects are not allowed", path)
            )
        ((op, spec),) = item.items()
        if op == "exists":
            if not isinstance(spec, bool):
                raise invalid("exists match pattern must be either true or false.", path)
            if self.exists is not None and self.exists != spec:
                # exists:true OR exists:false is always true.
                self.tests.append(lambda v: True)
            self.exists = spec
        elif op == "numeric":
            self.tests.append(_numeric_test(spec, path))
        elif op == "anything-but":
            self.tests.append(_anything_but_test(spec, path))
        elif op == "cidr":
            self.tests.append(_cidr_test(spec, path))
        elif op in ("prefix", "suffix", "equals-ignore-case", "wildcard"):
            test = _string_test(op, spec, path)
            self.tests.append(lambda v, t=test: isinstance(v, str) and t(v))
        else:
            raise invalid(f"Unrecognized match type {op}", path)

    def matches(self, value: Any) -> bool:
        values = [] if value is _MISSING else _scalars(value, [])
        if not values:
            return self.exists is False
        if self.exists is True:
            return True
        exact, tests = self.exact, self.tests
        for v in values:
            if exact and exact_key(v) in exact:
                return True
            for test in tests:
                if test(v):
                    return True
        return False


class Node:
    """An object level of a pattern: every field must match, and one branch of $or."""

    __slots__ = ("fields", "branches")

    def __init__(self, pattern: dict, path: str = ""):
        if not pattern:
            raise invalid("Empty objects are not allowed", path)
        self.fields: list[tuple[str, Leaf | Node]] = []
        self.branches: list[Node] = []
        for key, value in pattern.items():
            where = f"{path}.{key}" if path else key
            if (
                key == OR_KEY
                and isinstance(value, list)
                and any(isinstance(v, dict) for v in value)
            ):
                if len(value) < 2 or not all(isinstance(v, dict) for v in value):
                    raise invalid("There must be at least 2 objects in an $or relationship", where)
                self.branches = [Node(branch, path) for branch in value]
            elif isinstance(value, dict):
                self.fields.append((key, Node(value, where)))
            elif isinstance(value, list):
                self.fields.append((key, Leaf(value, where)))
            else:
                raise invalid(f'"{key}" must be an object or an array', where)

    def matches(self, event: Any) -> bool:
        obj = event if isinstance(event, dict) else {}
        for key, sub in self.fields:
            value = obj.get(key, _MISSING)
            if isinstance(sub, Leaf):
                if not sub.matches(value):
                    return False
            else:
                candidates = _objects(value, []) if value is not _MISSING else []
                if not candidates:
                    if not sub.matches(None):
                        return False
                elif not any(sub.matches(c) for c in candidates):
                    return False
        return not self.branches or any(b.matches(event) for b in self.branches)

    def first_mismatch(self, event: Any, path: str = "") -> str | None:
        """The first field (dotted path) that stops this pattern from matching, for narration."""
        obj = event if isinstance(event, dict) else {}
        for key, sub in self.fields:
            where = f"{path}.{key}" if path else key
            value = obj.get(key, _MISSING)
            if isinstance(sub, Leaf):
                if not sub.matches(value):
                    return where
                continue
            candidates = (_objects(value, []) if value is not _MISSING else []) or [None]
            if not any(sub.matches(c) for c in candidates):
                return sub.first_mismatch(candidates[0], where) or where
        if self.branches and not any(b.matches(event) for b in self.branches):
            return f"{path or 'the event'}: no $or branch"
        return None


class CompiledPattern:
    def __init__(self, pattern: str | dict):
        self.source = load_pattern(pattern)
        self.root = Node(self.source)

    def matches(self, event: dict) -> bool:
        return self.root.matches(event)

    def why_not(self, event: dict) -> str | None:
        return self.root.first_mismatch(event)

    def index_keys(self) -> dict[str, set[str]]:
        """Top-level fields whose values are plain exact values: usable as an index."""
        keys = {}
        if self.root.branches:
            return keys
        for key, sub in self.root.fields:
            if isinstance(sub, Leaf) and sub.exact and not sub.tests and sub.exists is None:
                keys[key] = sub.exact
        return keys


def compile_pattern(pattern: str | dict) -> CompiledPattern:
    """Validate and compile; raises AwsError(InvalidEventPatternException) when invalid."""
    try:
        return CompiledPattern(pattern)
    except RecursionError:
        raise invalid("the pattern is nested too deeply") from None


def matches(pattern: str | dict, event: dict) -> bool:
    return compile_pattern(pattern).matches(event)


class RuleIndex:
    """Rules filed under one exact-valued top-level field each, so an event meets few rules.

    `candidates(event)` returns the positions of rules that may match (in rule order); each
    still needs `matches`. Rules without an indexable field are always candidates.
    """

    def __init__(self, patterns: list[CompiledPattern]):
        self.patterns = patterns
        index_keys = [p.index_keys() for p in patterns]
        distinct: dict[str, set[str]] = {}
        for keys in index_keys:
            for key, values in keys.items():
                distinct.setdefault(key, set()).update(values)
        self.buckets: dict[str, dict[str, list[int]]] = {}
        self.always: list[int] = []
        for position, keys in enumerate(index_keys):
            if not keys:
                self.always.append(position)
                continue
            # File each rule under its most selective field: the one with most distinct values.
            key = max(keys, key=lambda k: (len(distinct[k]), k))
            bucket = self.buckets.setdefault(key, {})
            for value in keys[key]:
                bucket.setdefault(value, []).append(position)

    def candidates(self, event: dict) -> list[int]:
        found = list(self.always)
        for key, bucket in self.buckets.items():
            value = event.get(key, _MISSING)
            if value is _MISSING:
                continue
            for leaf in _scalars(value, []):
                found.extend(bucket.get(exact_key(leaf), ()))
        return sorted(set(found))

    def matching(self, event: dict) -> list[int]:
        patterns = self.patterns
        return [i for i in self.candidates(event) if patterns[i].matches(event)]
