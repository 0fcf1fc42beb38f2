"""Load and check a scenario file (content/simulations/*.yaml), keeping line numbers.

The file is composed with PyYAML's SafeLoader into a node tree and built by hand, so that
duplicate keys and `!!python/...` tags are errors, and every error names its place as
`file:line: step N: what is wrong`. The format is specified in DESIGN.md ("Simulators").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jmespath
import jmespath.exceptions
import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .engines.world import build_world

REFERENCE = re.compile(r"\$\{([^}]*)\}")
STEP_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_LEVEL_KEYS = {"id", "title", "teaches", "seed", "steps", "realism", "description", "service"}
REQUIRED_KEYS = ("id", "title", "teaches", "seed", "steps")
STEP_KEYS = {"id", "action", "say", "expect"}
EXPECT_KEYS = {"response", "events", "no_events", "error"}
RUNNER_ACTIONS = {"x-Wait", "x-SetRealism"}


class ScenarioError(Exception):
    """One or more problems in a scenario file, each as `file:line: step N: what`."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Step:
    number: int  # 1-based, as errors and the trace count them
    line: int
    action: str
    params: dict
    id: str | None = None
    say: str | None = None
    expect: dict = field(default_factory=dict)


@dataclass
class Scenario:
    id: str
    title: str
    teaches: list[str]
    seed: int
    steps: list[Step]
    path: str = "<scenario>"
    realism: bool = False
    description: str = ""


class _Builder:
    """Turns a composed node tree into Python values, with errors instead of surprises."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []
        self.scalars = SafeConstructor()

    def error(self, node_or_line, message: str, step: int | None = None) -> None:
        line = node_or_line if isinstance(node_or_line, int) else node_or_line.start_mark.line + 1
        where = f"step {step}: " if step is not None else ""
        self.errors.append(f"{self.filename}:{line}: {where}{message}")

    def build(self, node, step: int | None = None):
        if node.tag.startswith("tag:yaml.org,2002:python/") or node.tag.startswith("!"):
            self.error(node, f"the tag {node.tag} is not allowed in a scenario file", step)
            return None
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, step)
                if not isinstance(key, str | int | float | bool) or key is None:
                    self.error(key_node, "a map key must be a plain word or number", step)
                    continue
                if key in result:
                    self.error(key_node, f"the key {key!r} appears twice in this map", step)
                    continue
                result[key] = self.build(value_node, step)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, step) for item in node.value]
        try:
            return self.scalars.construct_object(node, deep=True)
        except ConstructorError as exc:
            self.error(node, f"cannot read this value: {exc.problem}", step)
            return None


def load_scenario_text(text: str, filename: str = "<scenario>") -> Scenario:
    builder = _Builder(filename)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ScenarioError(
            [f"{filename}:{line}: this is not valid YAML: {getattr(exc, 'problem', exc)}"]
        ) from None
    if not isinstance(root, yaml.MappingNode):
        raise ScenarioError([f"{filename}:1: a scenario file must be a map (id, title, steps...)"])
    data, lines = {}, {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key in data:
            builder.error(key_node, f"the key {key!r} appears twice in this map")
            continue
        lines[key] = key_node.start_mark.line + 1
        # Steps are built one by one below, so that their errors name the step.
        data[key] = value_node if key == "steps" else builder.build(value_node)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            builder.error(
                lines.get(key, 1),
                f"unknown key {key!r} (allowed: {', '.join(sorted(TOP_LEVEL_KEYS))})",
            )
    for key in REQUIRED_KEYS:
        if key not in data:
            builder.error(1, f"the key {key!r} is missing")
    _check_header(builder, data, lines)
    steps_node = next((v for k, v in root.value if k.value == "steps"), None)
    steps = _check_steps(builder, steps_node) if steps_node is not None else []
    if builder.errors:
        raise ScenarioError(builder.errors)
    return Scenario(
        id=data["id"],
        title=data["title"],
        teaches=list(data["teaches"]),
        seed=data["seed"],
        steps=steps,
        path=filename,
        realism=bool(data.get("realism", False)),
        description=data.get("description") or "",
    )


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}:1: cannot read the file: {exc}"]) from None
    return load_scenario_text(text, str(path))


def _check_header(builder: _Builder, data: dict, lines: dict) -> None:
    if "id" in data and not (isinstance(data["id"], str) and ITEM_ID.match(data["id"])):
        builder.error(lines["id"], "id must be lowercase letters, digits and hyphens")
    if "title" in data and not (isinstance(data["title"], str) and data["title"].strip()):
        builder.error(lines["title"], "title must be a non-empty text")
    teaches = data.get("teaches", [])
    if not isinstance(teaches, list) or not all(isinstance(t, str) for t in teaches):
        builder.error(lines.get("teaches", 1), "teaches must be a list of fact ids")
    if "seed" in data and (not isinstance(data["seed"], int) or isinstance(data["seed"], bool)):
        builder.error(lines["seed"], "seed must be a whole number")
    if "realism" in data and not isinstance(data["realism"], bool):
        builder.error(lines["realism"], "realism must be true or false")


def known_actions() -> set[str]:
    world = build_world(0)
    names = set(RUNNER_ACTIONS)
    for engine in world.engines.values():
        names.update(engine.actions())
    return names


def _check_steps(builder: _Builder, node) -> list[Step]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        builder.error(node, "steps must be a non-empty list of steps")
        return []
    actions = known_actions()
    seen_ids: set[str] = set()
    steps = []
    for number, step_node in enumerate(node.value, start=1):
        line = step_node.start_mark.line + 1
        if not isinstance(step_node, yaml.MappingNode):
            builder.error(step_node, "a step must be a map with at least an action", number)
            continue
        raw = builder.build(step_node, number)
        key_lines = {k.value: k.start_mark.line + 1 for k, _ in step_node.value}
        action = raw.get("action")
        if not isinstance(action, str):
            builder.error(line, "the step has no action (e.g. action: SendMessage)", number)
            continue
        if action not in actions:
            close = difflib.get_close_matches(action, sorted(actions), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            builder.error(key_lines["action"], f"unknown action {action!r}{hint}", number)
        step_id = raw.get("id")
        if step_id is not None:
            if not isinstance(step_id, str) or not STEP_ID.match(step_id):
                builder.error(
                    key_lines["id"], "a step id is a word: letters, digits, - or _", number
                )
            elif step_id in seen_ids:
                builder.error(key_lines["id"], f"the step id {step_id!r} is used twice", number)
        say = raw.get("say")
        if say is not None and not isinstance(say, str):
            builder.error(key_lines["say"], "say must be text", number)
        expect = raw.get("expect") or {}
        _check_expect(builder, expect, key_lines.get("expect", line), number)
        params = {k: v for k, v in raw.items() if k not in STEP_KEYS}
        _check_references(builder, params, seen_ids, key_lines, number, line)
        _check_references(builder, expect, seen_ids, key_lines, number, line, "expect")
        if isinstance(step_id, str):
            seen_ids.add(step_id)
        steps.append(Step(number, line, action, params, step_id, say, expect))
    return steps


def _check_expect(builder: _Builder, expect, line: int, number: int) -> None:
    if not isinstance(expect, dict):
        builder.error(line, "expect must be a map (response, events, no_events or error)", number)
        return
    for key in expect:
        if key not in EXPECT_KEYS:
            builder.error(
                line,
                f"expect has an unknown key {key!r} (allowed: {', '.join(sorted(EXPECT_KEYS))})",
                number,
            )
    response = expect.get("response", {})
    if not isinstance(response, dict):
        builder.error(line, "expect.response must map JMESPath expressions to values", number)
    else:
        for path in response:
            try:
                jmespath.compile(str(path))
            except jmespath.exceptions.JMESPathError:
                builder.error(
                    line, f"expect.response: {path!r} is not a JMESPath expression", number
                )
    for key in ("events", "no_events"):
        events = expect.get(key, [])
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            builder.error(line, f"expect.{key} must be a list of maps like {{kind: sent}}", number)
    if "error" in expect and not isinstance(expect["error"], str):
        builder.error(line, "expect.error must be an AWS error code", number)


def _check_references(builder, value, seen_ids, key_lines, number, line, key=None) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _check_references(builder, v, seen_ids, key_lines, number, line, key or k)
    elif isinstance(value, list):
        for item in value:
            _check_references(builder, item, seen_ids, key_lines, number, line, key)
    elif isinstance(value, str):
        for reference in REFERENCE.findall(value):
            where = key_lines.get(key, line)
            step_id, _, path = reference.partition(".")
            if step_id not in seen_ids:
                builder.error(
                    where,
                    f"${{{reference}}} refers to {step_id!r}, which is not the "
                    "id of an earlier step",
                    number,
                )
                continue
            if path:
                try:
                    jmespath.compile(path)
                except jmespath.exceptions.JMESPathError:
                    builder.error(
                        where, f"${{{reference}}}: {path!r} is not a JMESPath expression", number
                    )
