"""The intrinsic functions of the States language: States.Format('{} items', $.count) and co.

An intrinsic is written as the value of a `.$` field. Its arguments are string literals in
single quotes (with \\' \\{ \\} \\\\ escapes), numbers, true/false/null, JSONPaths and nested
intrinsics. Failures raise IntrinsicFailure, which the interpreter reports as the error
States.IntrinsicFailure, as AWS does.
https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .asl_paths import PathError, compile_path

FUNCTION_START = re.compile(r"States\.[A-Za-z0-9]+\(")


class IntrinsicFailure(ValueError):
    pass


class IntrinsicSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple


@dataclass(frozen=True)
class PathArg:
    text: str


def is_intrinsic(text: object) -> bool:
    return isinstance(text, str) and FUNCTION_START.match(text) is not None


@lru_cache(maxsize=2048)
def parse_intrinsic(text: str) -> Call:
    parser = _Parser(text)
    call = parser.call()
    parser.skip_space()
    if parser.position != len(text):
        parser.fail("unexpected text after the closing parenthesis")
    return call


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.position = 0

    def fail(self, why: str):
        raise IntrinsicSyntaxError(f"{self.text!r}: {why} (at character {self.position}).")

    def skip_space(self):
        while self.position < len(self.text) and self.text[self.position] == " ":
            self.position += 1

    def call(self) -> Call:
        match = FUNCTION_START.match(self.text, self.position)
        if not match:
            self.fail("expected an intrinsic function like States.Format(...)")
        name = match.group(0)[:-1]
        if name not in FUNCTIONS:
            self.fail(f"{name} is not an intrinsic function")
        self.position = match.end()
        args = []
        self.skip_space()
        if self.peek() == ")":
            self.position += 1
            return Call(name, ())
        while True:
            self.skip_space()
            args.append(self.argument())
            self.skip_space()
            char = self.peek()
            self.position += 1
            if char == ")":
                return Call(name, tuple(args))
            if char != ",":
                self.position -= 1
                self.fail("expected ',' or ')'")

    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def argument(self):
        char = self.peek()
        if char == "'":
            return self.string()
        if char == "$":
            return self.path()
        if self.text.startswith("States.", self.position):
            return self.call()
        match = re.compile(r"-?\d+(\.\d+)?|true|false|null").match(self.text, self.position)
        if not match:
            self.fail("expected a 'string', a number, true, false, null, a $.path or a call")
        self.position = match.end()
        return json.loads(match.group(0))

    def string(self) -> str:
        self.position += 1
        out = []
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == "\\" and self.position + 1 < len(self.text):
                out.append("\\" + self.text[self.position + 1])
                self.position += 2
                continue
            if char == "'":
                self.position += 1
                return "".join(out)
            out.append(char)
            self.position += 1
        self.fail("a string literal is never closed")

    def path(self) -> PathArg:
        start, depth, quote = self.position, 0, None
        while self.position < len(self.text):
            char = self.text[self.position]
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"" and depth:
                quote = char
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and char in ",)":
                break
            self.position += 1
        text = self.text[start : self.position].strip()
        try:
            compile_path(text)
        except PathError as error:
            raise IntrinsicSyntaxError(str(error)) from None
        return PathArg(text)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def evaluate_intrinsic(text: str, read: Callable[[str], object], rng: random.Random):
    """Evaluate an intrinsic; `read(path)` resolves a JSONPath argument."""
    return _evaluate(parse_intrinsic(text), read, rng)


def _evaluate(call: Call, read, rng):
    values = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, Call):
            values.append(_evaluate(arg, read, rng))
        elif isinstance(arg, PathArg):
            values.append(read(arg.text))
        elif isinstance(arg, str) and not (call.name == "States.Format" and index == 0):
            values.append(_unescape(arg))
        else:
            values.append(arg)
    try:
        return FUNCTIONS[call.name](values, rng)
    except IntrinsicFailure:
        raise
    except (TypeError, ValueError, IndexError, KeyError, ArithmeticError) as error:
        raise IntrinsicFailure(f"{call.name} failed: {error}") from None


def _count(name: str, values: list, *allowed: int):
    if len(values) not in allowed:
        wanted = " or ".join(str(a) for a in allowed)
        raise IntrinsicFailure(f"{name} takes {wanted} arguments, got {len(values)}.")


def _format(values, rng):
    if not values or not isinstance(values[0], str):
        raise IntrinsicFailure("States.Format needs a template string first.")
    template, args = values[0], values[1:]
    pieces = re.split(r"(?<!\\)\{\}", template)
    if len(pieces) - 1 != len(args):
        raise IntrinsicFailure(
            f"States.Format: the template has {len(pieces) - 1} {{}} but {len(args)} values "
            "were given."
        )
    out = [_unescape(pieces[0])]
    for arg, piece in zip(args, pieces[1:], strict=True):
        if isinstance(arg, dict | list):
            raise IntrinsicFailure("States.Format accepts strings, numbers, booleans or null.")
        out.append(arg if isinstance(arg, str) else json.dumps(arg))
        out.append(_unescape(piece))
    return "".join(out)


def _integer(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise IntrinsicFailure(f"{name} needs whole numbers, got {value!r}.")
    return int(value)


def _array_range(values, rng):
    _count("States.ArrayRange", values, 3)
    start, end, step = (_integer(v, "States.ArrayRange") for v in values)
    if step == 0:
        raise IntrinsicFailure("States.ArrayRange: the step cannot be 0.")
    result = list(range(start, end + (1 if step > 0 else -1), step))
    if len(result) > 1000:
        raise IntrinsicFailure("States.ArrayRange can make at most 1,000 items.")
    return result


def _hash(values, rng):
    _count("States.Hash", values, 2)
    algorithms = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384"}
    algorithms["SHA-512"] = "sha512"
    if values[1] not in algorithms:
        raise IntrinsicFailure(f"States.Hash: the algorithm must be one of {sorted(algorithms)}.")
    data = values[0] if isinstance(values[0], str) else json.dumps(values[0])
    return hashlib.new(algorithms[values[1]], data.encode()).hexdigest()


def _json_merge(values, rng):
    _count("States.JsonMerge", values, 3)
    left, right, deep = values
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise IntrinsicFailure("States.JsonMerge merges two JSON objects.")
    if deep is not False:
        raise IntrinsicFailure("States.JsonMerge: only a shallow merge (false) is supported.")
    return {**left, **right}


def _partition(values, rng):
    _count("States.ArrayPartition", values, 2)
    items, size = values[0], _integer(values[1], "States.ArrayPartition")
    if size <= 0:
        raise IntrinsicFailure("States.ArrayPartition: the chunk size must be above 0.")
    return [items[i : i + size] for i in range(0, len(items), size)]


def _unique(values, rng):
    out = []
    for item in values[0]:
        if item not in out:
            out.append(item)
    return out


def _random(values, rng):
    _count("States.MathRandom", values, 2, 3)
    start, end = _integer(values[0], "States.MathRandom"), _integer(values[1], "MathRandom")
    source = random.Random(values[2]) if len(values) == 3 else rng
    return source.randrange(start, end) if end > start else start


def _uuid(values, rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _one_string(name):
    def check(values):
        _count(name, values, 1)
        if not isinstance(values[0], str):
            raise IntrinsicFailure(f"{name} needs a string.")
        return values[0]

    return check


FUNCTIONS: dict[str, Callable] = {
    "States.Format": _format,
    "States.StringToJson": lambda v, r: json.loads(_one_string("States.StringToJson")(v)),
    "States.JsonToString": lambda v, r: (
        _count("States.JsonToString", v, 1) or json.dumps(v[0], separators=(",", ":"))
    ),
    "States.Array": lambda v, r: list(v),
    "States.ArrayPartition": _partition,
    "States.ArrayContains": lambda v, r: _count("States.ArrayContains", v, 2) or v[1] in v[0],
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": lambda v, r: (
        _count("States.ArrayGetItem", v, 2) or v[0][_integer(v[1], "States.ArrayGetItem")]
    ),
    "States.ArrayLength": lambda v, r: _count("States.ArrayLength", v, 1) or len(v[0]),
    "States.ArrayUnique": _unique,
    "States.Base64Encode": lambda v, r: base64.b64encode(
        _one_string("States.Base64Encode")(v).encode()
    ).decode(),
    "States.Base64Decode": lambda v, r: base64.b64decode(
        _one_string("States.Base64Decode")(v), validate=True
    ).decode(),
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _random,
    "States.MathAdd": lambda v, r: (
        _count("States.MathAdd", v, 2)
        or _integer(v[0], "States.MathAdd") + _integer(v[1], "States.MathAdd")
    ),
    "States.StringSplit": lambda v, r: [
        part
        for part in re.split(
            "[" + re.escape(_one_string("States.StringSplit")(v[1:])) + "]",
            _one_string("States.StringSplit")(v[:1]),
        )
        if part
    ],
    "States.UUID": _uuid,
}
