"""SNS subscription filter policies: validation as SNS validates them, and matching.

Operators (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html):
exact strings/numbers/booleans/null, prefix, suffix, anything-but (values, prefix, suffix),
numeric (=, <, <=, >, >= and ranges), exists, equals-ignore-case, cidr, and $or.
Scope MessageAttributes matches the message attributes (a flat policy); scope MessageBody
matches the JSON body (policies may nest). Keys are ANDed, the values in a key's array ORed.
"""

from __future__ import annotations

import ipaddress
import json

from .core import AwsError

MAX_KEYS = 5  # "A filter policy can have a maximum of 5 attribute names"
MAX_COMBINATIONS = 150  # "the total combination of values must not exceed 150"
NUMERIC_LIMIT = 1e9  # SNS compares numbers between -1e9 and 1e9
OPERATORS = {"prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "cidr"}
SCOPES = ("MessageAttributes", "MessageBody")
_ABSENT = object()


def invalid(reason: str) -> AwsError:
    return AwsError("InvalidParameter", f"Invalid parameter: FilterPolicy: {reason}")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- validation -----------------------------------------------------------------------
def parse_filter_policy(policy, scope: str = "MessageAttributes") -> dict:
    """Parse and validate a policy (JSON text or dict); raise AWS's InvalidParameter."""
    if scope not in SCOPES:
        raise AwsError(
            "InvalidParameter",
            f"Invalid parameter: FilterPolicyScope: {scope!r} is neither MessageAttributes "
            "nor MessageBody.",
        )
    if isinstance(policy, str):
        if len(policy.encode()) > 256 * 1024:
            raise invalid("Filter policy is too large (over 256 KB).")
        try:
            policy = json.loads(policy)
        except ValueError as exc:
            raise invalid(
                f"the policy is not valid JSON ({exc.msg} at character {exc.pos})."
            ) from None
    if not isinstance(policy, dict):
        raise invalid('the policy must be a JSON object such as {"store": ["example_corp"]}.')
    keys = _validate_object(policy, scope, nested=False)
    if keys > MAX_KEYS:
        raise invalid(
            f"Filter policy can not have more than {MAX_KEYS} keys (this one has {keys})."
        )
    combinations = _combinations(policy)
    if combinations > MAX_COMBINATIONS:
        raise invalid(
            f"Filter policy is too complex: {combinations} combinations of values; the limit "
            f"is {MAX_COMBINATIONS}."
        )
    return policy


def _validate_object(node: dict, scope: str, nested: bool) -> int:
    """Validate one level; return the number of leaf keys it names."""
    keys = 0
    for key, value in node.items():
        if key == "$or":
            if not isinstance(value, list) or len(value) < 2:
                raise invalid("$or must be an array of at least two filter policies.")
            for branch in value:
                if not isinstance(branch, dict) or not branch:
                    raise invalid("every $or branch must be a non-empty object.")
                keys = max(keys, _validate_object(branch, scope, nested))
            continue
        if isinstance(value, dict):
            if scope == "MessageAttributes":
                raise invalid(
                    f"{key!r} holds an object, but a MessageAttributes policy is flat: nested "
                    "keys need FilterPolicyScope MessageBody."
                )
            if not value:
                raise invalid(f"{key!r} holds an empty object.")
            keys += _validate_object(value, scope, True)
        elif isinstance(value, list):
            if not value:
                raise invalid(f"Empty arrays are not allowed (key {key!r}).")
            for condition in value:
                _validate_condition(key, condition)
            keys += 1
        else:
            raise invalid(
                f'{key!r} must be an array of conditions, for example {{"{key}": '
                f"[{json.dumps(value)}]}}."
            )
    return keys


def _validate_condition(key: str, condition) -> None:
    if condition is None or isinstance(condition, str | bool) or _is_number(condition):
        if _is_number(condition) and abs(condition) > NUMERIC_LIMIT:
            raise invalid(f"{condition} is out of range: numbers must be within ±1e9.")
        return
    if not isinstance(condition, dict):
        raise invalid(f"{key!r}: a condition must be a value or an operator object.")
    if len(condition) != 1:
        raise invalid(f"{key!r}: an operator object holds exactly one operator.")
    ((operator, operand),) = condition.items()
    if operator not in OPERATORS:
        raise invalid(f"Unrecognized match type {operator}")
    if operator in ("prefix", "suffix", "equals-ignore-case"):
        if not isinstance(operand, str):
            raise invalid(f"Value of {operator} must be a string (key {key!r}).")
    elif operator == "exists":
        if not isinstance(operand, bool):
            raise invalid(f"exists match pattern must be either true or false (key {key!r}).")
    elif operator == "cidr":
        try:
            ipaddress.ip_network(operand, strict=False)
        except (ValueError, TypeError):
            raise invalid(
                f"Malformed CIDR, {operand!r} is not an IP range (key {key!r})."
            ) from None
    elif operator == "numeric":
        _validate_numeric(key, operand)
    elif operator == "anything-but":
        _validate_anything_but(key, operand)


def _validate_numeric(key: str, operand) -> None:
    if not isinstance(operand, list) or len(operand) not in (2, 4):
        raise invalid(f'Value of numeric must be an array like [">", 0, "<=", 150] ({key!r}).')
    pairs = list(zip(operand[::2], operand[1::2], strict=True))
    for op, number in pairs:
        if op not in ("=", "<", "<=", ">", ">="):
            raise invalid(f"Unrecognized numeric range operator: {op} ({key!r}).")
        if not _is_number(number):
            raise invalid(f"Value of {op} must be numeric ({key!r}).")
        if abs(number) > NUMERIC_LIMIT:
            raise invalid(f"{number} is out of range: numbers must be within ±1e9.")
    if len(pairs) == 2:
        (low_op, low), (high_op, high) = pairs
        if low_op not in (">", ">=") or high_op not in ("<", "<="):
            raise invalid(
                f"Too many elements in numeric expression ({key!r}): a range is a "
                "lower bound (> or >=) then an upper bound (< or <=)."
            )
        if low >= high:
            raise invalid(f"Bottom must be less than top ({key!r}).")
    elif pairs[0][0] == "=" and len(operand) != 2:
        raise invalid(f"= takes one number ({key!r}).")


def _validate_anything_but(key: str, operand) -> None:
    if isinstance(operand, dict):
        if len(operand) != 1 or next(iter(operand)) not in ("prefix", "suffix"):
            raise invalid(
                f"Value of anything-but must be an array or single string/number "
                f"value, or a prefix/suffix object ({key!r})."
            )
        if not isinstance(next(iter(operand.values())), str):
            raise invalid(f"prefix/suffix match pattern must be a string ({key!r}).")
        return
    values = operand if isinstance(operand, list) else [operand]
    if not values:
        raise invalid(f"Empty arrays are not allowed (anything-but of {key!r}).")
    for value in values:
        if not (isinstance(value, str) or _is_number(value)):
            raise invalid(f"anything-but list must contain only strings or only numbers ({key!r}).")
    if len({isinstance(v, str) for v in values}) > 1:
        raise invalid(f"anything-but list must contain only strings or only numbers ({key!r}).")


def _combinations(node: dict) -> int:
    total = 1
    for key, value in node.items():
        if key == "$or":
            total *= sum(_combinations(branch) for branch in value)
        elif isinstance(value, dict):
            total *= _combinations(value)
        else:
            total *= len(value)
    return total


# -- matching -------------------------------------------------------------------------
def attribute_values(attributes: dict | None) -> dict:
    """SNS message attributes ({Name: {DataType, StringValue}}) -> policy-comparable values."""
    values = {}
    for name, attr in (attributes or {}).items():
        data_type = str(attr.get("DataType", attr.get("Type", "String")))
        raw = attr.get("StringValue", attr.get("Value"))
        if data_type.startswith("Binary"):
            continue  # SNS never matches binary attributes
        if data_type.startswith("Number"):
            try:
                values[name] = float(raw)
            except (TypeError, ValueError):
                continue
        elif data_type == "String.Array":
            try:
                parsed = json.loads(raw)
            except (TypeError, ValueError):
                continue
            values[name] = parsed if isinstance(parsed, list) else [parsed]
        else:
            values[name] = raw
    return values


def matches(policy: dict, scope: str, attributes: dict | None = None, body: str = "") -> bool:
    if not policy:
        return True
    if scope == "MessageBody":
        try:
            document = json.loads(body) if isinstance(body, str) else body
        except ValueError:
            return False
        if not isinstance(document, dict):
            return False
        return _match_object(policy, document)
    return _match_object(policy, attribute_values(attributes))


def _match_object(policy: dict, document: dict) -> bool:
    for key, conditions in policy.items():
        if key == "$or":
            if not any(_match_object(branch, document) for branch in conditions):
                return False
            continue
        value = document.get(key, _ABSENT) if isinstance(document, dict) else _ABSENT
        if isinstance(conditions, dict):
            if not isinstance(value, dict):
                value = {}
            if not _match_object(conditions, value):
                return False
        elif not any(_match_condition(c, value) for c in conditions):
            return False
    return True


def _match_condition(condition, value) -> bool:
    if isinstance(condition, dict) and "exists" in condition:
        present = value is not _ABSENT and not isinstance(value, dict)
        return present == condition["exists"]
    if value is _ABSENT or isinstance(value, dict):
        return False
    if isinstance(condition, dict) and "anything-but" in condition:
        items = value if isinstance(value, list) else [value]
        return any(_not_excluded(condition["anything-but"], item) for item in items)
    items = value if isinstance(value, list) else [value]
    return any(_match_scalar(condition, item) for item in items)


def _equal(condition, item) -> bool:
    if _is_number(condition):
        return _is_number(item) and float(condition) == float(item)
    if isinstance(condition, bool) or isinstance(item, bool):
        return condition is item
    return condition == item


def _match_scalar(condition, item) -> bool:
    if not isinstance(condition, dict):
        return _equal(condition, item)
    ((operator, operand),) = condition.items()
    if operator == "numeric":
        return _is_number(item) and _numeric(operand, float(item))
    if not isinstance(item, str):
        return False
    if operator == "prefix":
        return item.startswith(operand)
    if operator == "suffix":
        return item.endswith(operand)
    if operator == "equals-ignore-case":
        return item.casefold() == operand.casefold()
    if operator == "cidr":
        try:
            return ipaddress.ip_address(item) in ipaddress.ip_network(operand, strict=False)
        except ValueError:
            return False
    return False


def _not_excluded(operand, item) -> bool:
    if isinstance(operand, dict):
        ((kind, text),) = operand.items()
        if not isinstance(item, str):
            return False
        return not (item.startswith(text) if kind == "prefix" else item.endswith(text))
    excluded = operand if isinstance(operand, list) else [operand]
    return not any(_equal(e, item) for e in excluded)


def _numeric(operand: list, number: float) -> bool:
    for op, bound in zip(operand[::2], operand[1::2], strict=True):
        ok = {
            "=": number == bound,
            "<": number < bound,
            "<=": number <= bound,
            ">": number > bound,
            ">=": number >= bound,
        }[op]
        if not ok:
            return False
    return True
