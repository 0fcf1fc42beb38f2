"""Read YAML safely and keep line numbers, so every content error can name its line.

Only PyYAML's SafeLoader is used. We compose the node tree (which keeps marks) and
build the values ourselves: mappings become `Located` dicts that remember the line
of each key, duplicate keys are reported instead of silently overwritten, and any
tag the safe loader cannot construct (`!!python/object`, `!custom`) is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class Located(dict):
    """A mapping that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    line: int = 0
    item_lines: list


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def parse_yaml(text: str, filename: str) -> tuple[object, list[ContentError]]:
    """Parse text; return (value, errors). On a syntax error the value is None."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        return None, [ContentError(filename, line, "yaml", f"syntax error: {problem}")]
    except yaml.YAMLError as exc:
        return None, [ContentError(filename, 1, "yaml", f"syntax error: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, []
    errors: list[ContentError] = []
    value = _build(node, loader, filename, errors)
    return value, errors


def _build(node, loader, filename, errors, path="document"):
    line = node.start_mark.line + 1
    if node.tag not in _SAFE_TAGS:
        errors.append(
            ContentError(
                filename, line, path, f"the YAML tag {node.tag!r} is not allowed in content"
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result = Located()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                errors.append(
                    ContentError(filename, line, path, "YAML merge keys (<<) are not allowed")
                )
                continue
            key = _build(key_node, loader, filename, errors, path)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                errors.append(
                    ContentError(
                        filename,
                        key_line,
                        f"{path}.{key}" if path != "document" else key,
                        f"duplicate key (first given on line {result.key_lines[key]})",
                    )
                )
                continue
            child_path = key if path == "document" else f"{path}.{key}"
            result[key] = _build(value_node, loader, filename, errors, child_path)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LocatedList()
        result.line = line
        result.item_lines = []
        for index, item in enumerate(node.value):
            result.append(_build(item, loader, filename, errors, f"{path}[{index}]"))
            result.item_lines.append(item.start_mark.line + 1)
        return result
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        errors.append(ContentError(filename, line, path, f"cannot read value: {exc}"))
        return None
