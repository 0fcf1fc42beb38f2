"""`QueryLanguage: JSONata`: expressions in {% ... %}, the $states variable and Assign.

Any string written as "{% expression %}" inside Arguments, Output, Assign, Condition,
Items, Seconds, Timestamp, ... is evaluated by jsonata-python with `$states` bound to
{input, result, errorOutput, context} and every workflow variable bound by name. AWS's extra
functions ($partition, $range, $hash, $random, $uuid, $parse) are provided, and $now() /
$millis() read the simulator's clock, not the wall clock.
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from functools import lru_cache

from jsonata import Jsonata

EXPRESSION = re.compile(r"^\{%(.*)%\}$", re.DOTALL)
RESERVED = {"states"}


class JsonataError(ValueError):
    """States.QueryEvaluationError: the expression could not be parsed or evaluated."""


def is_expression(value) -> bool:
    return isinstance(value, str) and EXPRESSION.match(value) is not None


@lru_cache(maxsize=2048)
def compile_expression(text: str) -> Jsonata:
    match = EXPRESSION.match(text)
    body = match.group(1) if match else text
    try:
        return Jsonata(body.strip())
    except Exception as error:  # noqa: BLE001 - jsonata raises many kinds of errors
        raise JsonataError(f"Cannot parse the JSONata expression {text!r}: {error}") from None


def _aws_functions(rng: random.Random, now_iso: str, now_millis: int) -> dict:
    def partition(items, size):
        size = int(size)
        return [items[i : i + size] for i in range(0, len(items), size)]

    def numbers(start, end, step):
        return list(range(int(start), int(end), int(step)))

    def digest(data, algorithm):
        names = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384"}
        names["SHA-512"] = "sha512"
        text = data if isinstance(data, str) else json.dumps(data)
        return hashlib.new(names[algorithm], text.encode()).hexdigest()

    def uuid():
        h = f"{rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    return {
        "partition": Jsonata.JLambda(partition),
        "range": Jsonata.JLambda(numbers),
        "hash": Jsonata.JLambda(digest),
        "random": Jsonata.JLambda(lambda *seed: rng.random()),
        "uuid": Jsonata.JLambda(uuid),
        "parse": Jsonata.JLambda(lambda text: json.loads(text)),
        "now": Jsonata.JLambda(lambda *args: now_iso),
        "millis": Jsonata.JLambda(lambda: now_millis),
    }


class Evaluator:
    """Evaluates templates for one state: $states plus the workflow's variables."""

    def __init__(self, states: dict, variables: dict, rng, now_iso: str, now_millis: int):
        self.bindings = {**variables, "states": states, **_aws_functions(rng, now_iso, now_millis)}

    def expression(self, text: str):
        compiled = compile_expression(text)
        try:
            return _plain(compiled.evaluate(None, self.bindings))
        except RecursionError:
            raise JsonataError(f"The JSONata expression {text!r} recursed too deeply.") from None
        except Exception as error:  # noqa: BLE001
            raise JsonataError(f"The JSONata expression {text!r} failed: {error}") from None

    def template(self, value):
        """Evaluate every {% %} string inside a JSON value; other values stay as written."""
        if is_expression(value):
            return self.expression(value)
        if isinstance(value, dict):
            return {k: self.template(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.template(v) for v in value]
        return value


def _plain(value):
    """jsonata-python returns its own sequence and float types: make plain JSON values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if callable(value):
        raise JsonataError("A JSONata expression returned a function, which is not JSON.")
    return value


def expression_problems(value, where: str) -> list[tuple[str, str]]:
    """Validation: every {% %} in a value must parse."""
    problems = []
    if is_expression(value):
        try:
            compile_expression(value)
        except JsonataError as error:
            problems.append((where, str(error)))
    elif isinstance(value, dict):
        for key, inner in value.items():
            problems += expression_problems(inner, f"{where}/{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            problems += expression_problems(inner, f"{where}[{index}]")
    return problems
