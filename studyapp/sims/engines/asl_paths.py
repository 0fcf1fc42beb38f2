"""JSONPath as the Amazon States Language uses it: Paths, Reference Paths and ResultPath.

A Path (`$.order.items[0]`, `$..sku`, `$.items[?(@.qty > 1)]`) selects data from the state
input, or from the context object when it starts with `$$`. A Reference Path is a Path that
can name only one node (no `*`, `..`, `,`, `:` or `?`): InputPath-like fields that write,
such as ResultPath, must be Reference Paths.
https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache


class PathError(ValueError):
    """The text is not a JSONPath Step Functions accepts."""


class PathNotFound(LookupError):
    """A definite path selected nothing in the data."""


@dataclass(frozen=True)
class Segment:
    kind: str  # name | index | wildcard | descend | union | slice | filter | length
    value: object = None


@dataclass(frozen=True)
class JsonPath:
    text: str
    context: bool  # starts with $$: reads the context object
    segments: tuple[Segment, ...]

    @property
    def definite(self) -> bool:
        """True when the path can select at most one node (its result is not a list)."""
        return all(s.kind in ("name", "index", "length") for s in self.segments)

    @property
    def is_reference(self) -> bool:
        return all(s.kind in ("name", "index") for s in self.segments)


_NAME = re.compile(r"[^.\[\]()\s@$'\"*?,:]+|\*")
_FILTER = re.compile(
    r"\?\(\s*@((?:\.[\w-]+)*)\s*(?:(==|!=|<=|>=|<|>)\s*('(?:[^'\\]|\\.)*'|"
    r"\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?|true|false|null))?\s*\)"
)


@lru_cache(maxsize=4096)
def compile_path(text: str) -> JsonPath:
    if not isinstance(text, str) or not text.startswith("$"):
        raise PathError(f"{text!r} is not a path: a path starts with $.")
    context = text.startswith("$$")
    position = 2 if context else 1
    segments: list[Segment] = []
    while position < len(text):
        char = text[position]
        if text.startswith("..", position):
            match = _NAME.match(text, position + 2)
            if not match:
                raise PathError(f"{text!r}: a name must follow '..' at character {position + 2}.")
            segments.append(Segment("descend", match.group(0)))
            position = match.end()
        elif char == ".":
            if text.startswith(".length()", position) and position + 9 == len(text):
                segments.append(Segment("length"))
                position += 9
                continue
            match = _NAME.match(text, position + 1)
            if not match:
                raise PathError(f"{text!r}: a name must follow '.' at character {position + 1}.")
            name = match.group(0)
            segments.append(Segment("wildcard") if name == "*" else Segment("name", name))
            position = match.end()
        elif char == "[":
            end = _bracket_end(text, position)
            segments.append(_bracket(text, text[position + 1 : end]))
            position = end + 1
        else:
            raise PathError(f"{text!r}: unexpected {char!r} at character {position}.")
    return JsonPath(text, context, tuple(segments))


def _bracket_end(text: str, start: int) -> int:
    quote = None
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            if char == "\\":
                continue
            if char == quote and text[index - 1] != "\\":
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    raise PathError(f"{text!r}: the '[' at character {start} is never closed.")


def _bracket(text: str, inner: str) -> Segment:
    inner = inner.strip()
    if inner == "*":
        return Segment("wildcard")
    if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
        return Segment("name", inner[1:-1].replace("\\" + inner[0], inner[0]))
    if re.fullmatch(r"-?\d+", inner):
        return Segment("index", int(inner))
    if re.fullmatch(r"-?\d+(\s*,\s*-?\d+)+", inner):
        return Segment("union", tuple(int(i) for i in inner.split(",")))
    if re.fullmatch(r"-?\d*\s*:\s*-?\d*", inner):
        start, _, stop = inner.partition(":")
        return Segment(
            "slice", (int(start) if start.strip() else None, int(stop) if stop.strip() else None)
        )
    match = _FILTER.fullmatch(inner)
    if match:
        fields = tuple(f for f in match.group(1).split(".") if f)
        literal = match.group(3)
        return Segment("filter", (fields, match.group(2), _literal(literal)))
    raise PathError(f"{text!r}: cannot read [{inner}].")


def _literal(text: str | None):
    if text is None:
        return None
    if text[0] in "'\"":
        return text[1:-1]
    keywords = {"true": True, "false": False, "null": None}
    if text in keywords:
        return keywords[text]
    return float(text) if "." in text else int(text)


_MISSING = object()


def _step(segment: Segment, nodes: list) -> list:
    out: list = []
    for node in nodes:
        kind = segment.kind
        if kind == "name":
            if isinstance(node, dict) and segment.value in node:
                out.append(node[segment.value])
        elif kind == "index":
            if isinstance(node, list) and -len(node) <= segment.value < len(node):
                out.append(node[segment.value])
        elif kind == "wildcard":
            out.extend(
                node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
            )
        elif kind == "union":
            if isinstance(node, list):
                out.extend(node[i] for i in segment.value if -len(node) <= i < len(node))
        elif kind == "slice":
            if isinstance(node, list):
                out.extend(node[segment.value[0] : segment.value[1]])
        elif kind == "descend":
            out.extend(_descend(node, segment.value))
        elif kind == "filter":
            items = (
                node
                if isinstance(node, list)
                else list(node.values())
                if isinstance(node, dict)
                else []
            )
            out.extend(item for item in items if _keep(item, *segment.value))
        elif kind == "length":
            if isinstance(node, list | str | dict):
                out.append(len(node))
    return out


def _descend(node, name: str) -> list:
    found = []
    if isinstance(node, dict):
        if name in node:
            found.append(node[name])
        for child in node.values():
            found.extend(_descend(child, name))
    elif isinstance(node, list):
        for child in node:
            found.extend(_descend(child, name))
    return found


def _keep(item, fields: tuple, operator: str | None, literal) -> bool:
    value = item
    for field in fields:
        if not isinstance(value, dict) or field not in value:
            return False
        value = value[field]
    if operator is None:
        return True
    try:
        return {
            "==": lambda a, b: a == b,
            "!=": lambda a, b: a != b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
        }[operator](value, literal)
    except TypeError:
        return False


def read_path(text: str, data, context: dict | None = None):
    """The value the path selects; a definite path that selects nothing raises PathNotFound."""
    path = compile_path(text)
    nodes = [context if path.context else data]
    for segment in path.segments:
        nodes = _step(segment, nodes)
        if not nodes and path.definite:
            raise PathNotFound(f"Invalid path '{text}': no results for this path in the data.")
    return nodes[0] if path.definite else nodes


def write_result(data, text: str | None, result):
    """Apply a ResultPath: None discards the result, '$' replaces the input, else nests it.

    Raises PathNotFound (States.ResultPathMatchFailure) when the path goes through a value
    that is not an object, as AWS does.
    """
    if text is None:
        return data
    path = compile_path(text)
    if path.context or not path.is_reference:
        raise PathError(f"ResultPath {text!r} must be a reference path (like $.result).")
    if not path.segments:
        return result
    root = copy.deepcopy(data)
    if not isinstance(root, dict):
        raise PathNotFound(
            f"Unable to apply ResultPath {text!r}: the state input is not a JSON object."
        )
    node = root
    for segment in path.segments[:-1]:
        if segment.kind == "index":
            if not isinstance(node, list) or not -len(node) <= segment.value < len(node):
                raise PathNotFound(f"Unable to apply ResultPath {text!r} to the input.")
            node = node[segment.value]
            continue
        child = node.get(segment.value, _MISSING) if isinstance(node, dict) else _MISSING
        if child is _MISSING:
            child = {}
            node[segment.value] = child
        elif not isinstance(child, dict | list):
            raise PathNotFound(
                f"Unable to apply ResultPath {text!r}: {segment.value!r} is not an object."
            )
        node = child
    last = path.segments[-1]
    if last.kind == "index":
        if not isinstance(node, list) or not -len(node) <= last.value < len(node):
            raise PathNotFound(f"Unable to apply ResultPath {text!r} to the input.")
        node[last.value] = result
    elif isinstance(node, dict):
        node[last.value] = result
    else:
        raise PathNotFound(f"Unable to apply ResultPath {text!r}: the target is not an object.")
    return root
