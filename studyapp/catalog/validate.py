"""Validate content files and build the in-memory catalog from them.

`read_content(content_dir)` returns a `Catalog` and a list of `ContentError`s.
Each error names file, line and field. Checks that span files (duplicate ids,
references to facts that do not exist) run after every file has been read.
Instructor uploads use `read_topic_text` with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from studyapp.catalog.schema import (
    COLUMN_FIELDS,
    ID_PATTERN,
    ITEM_FIELDS,
    KIND_SINGULAR,
    KINDS,
    OPTION_FIELDS,
    OPTION_ID_PATTERN,
    ROW_FIELDS,
    SEED_PATTERN,
    TOPIC,
    Spec,
)
from studyapp.catalog.yamlsource import ContentError, Located, LocatedList, parse_yaml


@dataclass
class Registry:
    services: dict[str, str] = field(default_factory=dict)  # id -> display name
    service_order: list[str] = field(default_factory=list)
    exams: dict[str, dict] = field(
        default_factory=dict
    )  # id -> {name, domains: [{id,name,weight}]}
    domain_exam: dict[str, str] = field(default_factory=dict)  # domain id -> exam id


@dataclass
class TopicFile:
    path: str
    topic: dict
    items: dict[str, list[dict]]  # kind -> items (validated Located dicts)


@dataclass
class Catalog:
    registry: Registry
    topics: list[TopicFile] = field(default_factory=list)

    def items(self):
        for topic_file in self.topics:
            for kind in KINDS:
                for item in topic_file.items.get(kind, []):
                    yield topic_file, kind, item


def read_registry(path: Path, display: str) -> tuple[Registry, list[ContentError]]:
    registry = Registry()
    if not path.exists():
        return registry, [ContentError(display, 1, "services", "the file is missing")]
    data, errors = parse_yaml(path.read_text(encoding="utf-8"), display)
    if errors or not isinstance(data, Located):
        return registry, errors or [ContentError(display, 1, "document", "must be a mapping")]
    for index, service in enumerate(data.get("services") or []):
        if not isinstance(service, Located) or not service.get("id") or not service.get("name"):
            errors.append(
                ContentError(
                    display, data.line_of("services"), f"services[{index}]", "needs id and name"
                )
            )
            continue
        if service["id"] in registry.services:
            errors.append(
                ContentError(
                    display,
                    service.line,
                    f"services[{index}].id",
                    f"duplicate service id {service['id']!r}",
                )
            )
        registry.services[service["id"]] = service["name"]
        registry.service_order.append(service["id"])
    for exam in data.get("exams") or []:
        domains = [dict(d) for d in exam.get("domains") or []]
        registry.exams[exam["id"]] = {"name": exam["name"], "domains": domains}
        for domain in domains:
            registry.domain_exam[domain["id"]] = exam["id"]
    return registry, errors


class _FileChecker:
    """Checks one topic file's fields against the schema."""

    def __init__(self, display: str, registry: Registry):
        self.display = display
        self.registry = registry
        self.errors: list[ContentError] = []

    def error(self, line: int, fieldname: str, message: str) -> None:
        self.errors.append(ContentError(self.display, line, fieldname, message))

    def check_fields(self, data, specs: dict[str, Spec], where: str) -> bool:
        if not isinstance(data, Located):
            line = getattr(data, "line", 1)
            self.error(line, where, "must be a mapping of fields")
            return False
        for key in data:
            if key not in specs:
                known = ", ".join(specs)
                self.error(
                    data.line_of(key), f"{where}.{key}", f"unknown field (known fields: {known})"
                )
        for name, spec in specs.items():
            if name not in data or data[name] is None or data[name] == "":
                if spec.required:
                    self.error(data.line, f"{where}.{name}", "required field is missing")
                continue
            self.check_value(data, name, spec, f"{where}.{name}")
        return True

    def check_value(self, data: Located, name: str, spec: Spec, where: str) -> None:
        value, line = data[name], data.line_of(name)
        kind = spec.type
        if kind == "id":
            if not isinstance(value, str) or not ID_PATTERN.match(value):
                self.error(
                    line, where, f"{value!r} is not an id (lowercase letters, digits, hyphens)"
                )
        elif kind in {"text", "md", "url"}:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                self.error(line, where, "must be text")
            elif kind == "url" and not str(value).startswith("https://"):
                self.error(line, where, f"{value!r} is not an https:// URL")
            else:
                data[name] = str(value)
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                self.error(line, where, "must be a whole number")
        elif kind == "source":
            if value != "aws-docs" and not (isinstance(value, str) and SEED_PATTERN.match(value)):
                self.error(
                    line,
                    where,
                    f"{value!r} is neither a seed file name (NNN_<16 hex>.txt) nor aws-docs",
                )
            elif value == "aws-docs" and not data.get("checked"):
                self.error(
                    line,
                    where,
                    "source aws-docs needs `checked:` with the page it was checked against",
                )
        elif kind == "service":
            if value not in self.registry.services:
                self.error(line, where, f"unknown service {value!r} (see content/services.yaml)")
        elif kind in {"services", "exams", "domains", "fact-ids", "words"}:
            self.check_list(data, name, kind, where)
        elif kind == "choose":
            if value not in (1, 2, 3):
                self.error(line, where, "must be 1, 2 or 3")
        elif kind == "difficulty":
            if value not in (1, 2, 3):
                self.error(line, where, "must be 1 (easy), 2 (medium) or 3 (hard)")
        elif kind == "columns":
            self.check_rows_of(data, name, COLUMN_FIELDS, where)
        elif kind == "rows":
            self.check_rows_of(data, name, ROW_FIELDS, where)
        elif kind == "options":
            self.check_rows_of(data, name, OPTION_FIELDS, where)
        elif kind == "answer":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.error(line, where, "must be a list of option ids, such as [a] or [b, d]")
        elif kind == "cells":
            if not isinstance(value, Located):
                self.error(line, where, "must map column ids to text")

    def check_list(self, data: Located, name: str, kind: str, where: str) -> None:
        value, line = data[name], data.line_of(name)
        if not isinstance(value, list):
            self.error(line, where, "must be a list")
            return
        for index, entry in enumerate(value):
            entry_line = value.item_lines[index] if isinstance(value, LocatedList) else line
            spot = f"{where}[{index}]"
            if not isinstance(entry, str) or not entry.strip():
                self.error(entry_line, spot, "must be text")
            elif kind == "services" and entry not in self.registry.services:
                self.error(
                    entry_line, spot, f"unknown service {entry!r} (see content/services.yaml)"
                )
            elif kind == "exams" and entry not in self.registry.exams:
                known = ", ".join(self.registry.exams)
                self.error(entry_line, spot, f"unknown exam {entry!r} (known: {known})")
            elif kind == "domains" and entry not in self.registry.domain_exam:
                self.error(
                    entry_line, spot, f"unknown exam domain {entry!r} (see content/services.yaml)"
                )
        if len(set(map(str, value))) != len(value):
            self.error(line, where, "lists the same entry twice")

    def check_rows_of(self, data: Located, name: str, specs: dict, where: str) -> None:
        value, line = data[name], data.line_of(name)
        if not isinstance(value, list) or not value:
            self.error(line, where, "must be a non-empty list")
            return
        seen: set = set()
        for index, row in enumerate(value):
            spot = f"{where}[{index}]"
            if self.check_fields(row, specs, spot):
                row_id = row.get("id")
                if row_id in seen:
                    self.error(row.line, f"{spot}.id", f"duplicate id {row_id!r} in {name}")
                seen.add(row_id)


def check_item(checker: _FileChecker, kind: str, item: Located, where: str) -> None:
    """Rules that tie one item's fields together."""
    if kind == "questions":
        options = [o for o in item.get("options") or [] if isinstance(o, Located)]
        option_ids = [o.get("id") for o in options]
        for option_id in option_ids:
            if isinstance(option_id, str) and not OPTION_ID_PATTERN.match(option_id):
                checker.error(
                    item.line_of("options"),
                    f"{where}.options",
                    f"option id {option_id!r} must be one letter a–z",
                )
        answer = item.get("answer") if isinstance(item.get("answer"), list) else []
        for letter in answer:
            if letter not in option_ids:
                checker.error(
                    item.line_of("answer"),
                    f"{where}.answer",
                    f"{letter!r} is not one of the options ({', '.join(map(str, option_ids))})",
                )
        choose = item.get("choose")
        if choose in (1, 2, 3):
            if len(answer) != choose:
                word = {1: "one answer", 2: "exactly two answers", 3: "exactly three answers"}[
                    choose
                ]
                checker.error(
                    item.line_of("answer"),
                    f"{where}.answer",
                    f"choose: {choose} needs {word}, found {len(answer)}",
                )
            minimum = 4 if choose == 1 else choose + 3
            if len(options) < minimum:
                checker.error(
                    item.line_of("options"),
                    f"{where}.options",
                    f"choose: {choose} needs at least {minimum} options, found {len(options)}",
                )
        exams = set(item.get("exams") or [])
        for domain in item.get("domains") or []:
            exam = checker.registry.domain_exam.get(domain)
            if exam and exam not in exams:
                checker.error(
                    item.line_of("domains"),
                    f"{where}.domains",
                    f"{domain!r} belongs to {exam}, which is not in exams",
                )
    if kind == "tables":
        columns = [c.get("id") for c in item.get("columns") or [] if isinstance(c, Located)]
        for index, row in enumerate(item.get("rows") or []):
            cells = row.get("cells") if isinstance(row, Located) else None
            if not isinstance(cells, Located):
                continue
            for column in cells:
                if column not in columns:
                    checker.error(
                        cells.line_of(column),
                        f"{where}.rows[{index}].cells.{column}",
                        f"no column has the id {column!r}",
                    )
            for column in columns:
                if column not in cells or cells[column] in (None, ""):
                    checker.error(
                        cells.line, f"{where}.rows[{index}].cells", f"no cell for column {column!r}"
                    )
                else:
                    cells[column] = str(cells[column])


def read_topic_text(
    text: str, display: str, registry: Registry
) -> tuple[TopicFile | None, list[ContentError]]:
    data, errors = parse_yaml(text, display)
    if errors:
        return None, errors
    checker = _FileChecker(display, registry)
    if not isinstance(data, Located):
        checker.error(1, "document", "a topic file is a mapping with `topic:` and item lists")
        return None, checker.errors
    for key in data:
        if key != "topic" and key not in KINDS:
            checker.error(
                data.line_of(key), key, f"unknown section (known: topic, {', '.join(KINDS)})"
            )
    topic = data.get("topic")
    if topic is None:
        checker.error(1, "topic", "required section is missing")
    else:
        checker.check_fields(topic, TOPIC, "topic")
    items: dict[str, list[dict]] = {}
    for kind in KINDS:
        entries = data.get(kind)
        if entries is None:
            continue
        if not isinstance(entries, list):
            checker.error(data.line_of(kind), kind, "must be a list")
            continue
        items[kind] = []
        for index, item in enumerate(entries):
            where = f"{kind}[{index}]"
            if isinstance(item, Located) and isinstance(item.get("id"), str):
                where = f"{KIND_SINGULAR[kind]} {item['id']}"
            if checker.check_fields(item, ITEM_FIELDS[kind], where):
                check_item(checker, kind, item, where)
                items[kind].append(item)
    return TopicFile(display, topic or Located(), items), checker.errors


def check_references(catalog: Catalog) -> list[ContentError]:
    """Checks across files: ids unique everywhere, references point at real facts."""
    errors: list[ContentError] = []
    first_seen: dict[str, tuple[str, int]] = {}
    topic_ids: dict[str, str] = {}
    for topic_file in catalog.topics:
        topic_id = topic_file.topic.get("id")
        if topic_id in topic_ids:
            errors.append(
                ContentError(
                    topic_file.path,
                    topic_file.topic.line,
                    "topic.id",
                    f"topic {topic_id!r} is also defined in {topic_ids[topic_id]}",
                )
            )
        topic_ids[topic_id] = topic_file.path
    for topic_file, _kind, item in catalog.items():
        item_id = item["id"]
        if item_id in first_seen:
            other_file, other_line = first_seen[item_id]
            errors.append(
                ContentError(
                    topic_file.path,
                    item.line_of("id"),
                    "id",
                    f"duplicate id {item_id!r} (first used at {other_file}:{other_line})",
                )
            )
        else:
            first_seen[item_id] = (topic_file.path, item.line_of("id"))
    fact_ids = {item["id"] for _, kind, item in catalog.items() if kind == "facts"}
    for topic_file, kind, item in catalog.items():
        if kind != "questions":
            continue
        for index, fact_id in enumerate(item.get("tests") or []):
            if fact_id not in fact_ids:
                errors.append(
                    ContentError(
                        topic_file.path,
                        item.line_of("tests"),
                        f"question {item['id']}.tests[{index}]",
                        f"no fact has the id {fact_id!r}",
                    )
                )
    return errors


def read_content(
    content_dir: Path, paths: list[Path] | None = None
) -> tuple[Catalog, list[ContentError]]:
    """Read services.yaml and topic files (all of them, or the given ones)."""
    content_dir = Path(content_dir)
    registry, errors = read_registry(
        content_dir / "services.yaml", _display(content_dir / "services.yaml")
    )
    catalog = Catalog(registry)
    all_topics = sorted((content_dir / "topics").glob("*.yaml"))
    known = {p.resolve() for p in all_topics}
    # A file named on the command line is checked even when it lives elsewhere.
    all_topics += [p for p in paths or [] if p.resolve() not in known]
    for path in all_topics:
        text = path.read_text(encoding="utf-8")
        topic_file, file_errors = read_topic_text(text, _display(path), registry)
        if paths is None or path.resolve() in {p.resolve() for p in paths}:
            errors.extend(file_errors)
        if topic_file is not None:
            catalog.topics.append(topic_file)
    errors.extend(e for e in check_references(catalog) if paths is None or _named(e, paths))
    return catalog, errors


def _named(error: ContentError, paths: list[Path]) -> bool:
    return any(error.file == _display(p) for p in paths)


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_questions_text(
    text: str,
    display: str,
    registry: Registry,
    fact_ids: set[str] | None = None,
    extra_fields: dict[str, Spec] | None = None,
) -> tuple[dict | None, list[ContentError]]:
    """An instructor's quiz file: `title:` and `questions:` in the content schema.

    The same field rules and messages as content/topics; `tests:` may only name
    facts that exist when `fact_ids` is given; `extra_fields` allows more fields
    per question (a live game's `points`, `time_limit`). Returns plain data, or the errors.
    """
    question_fields = {**ITEM_FIELDS["questions"], **(extra_fields or {})}
    data, errors = parse_yaml(text, display)
    if errors:
        return None, errors
    checker = _FileChecker(display, registry)
    if not isinstance(data, Located):
        checker.error(1, "document", "a quiz file is a mapping with `title:` and `questions:`")
        return None, checker.errors
    for key in data:
        if key not in {"title", "description", "questions"}:
            checker.error(
                data.line_of(key), key, "unknown section (known: title, description, questions)"
            )
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        checker.error(data.line, "title", "required field is missing")
    entries = data.get("questions")
    if not isinstance(entries, list) or not entries:
        checker.error(
            data.line_of("questions"), "questions", "must be a non-empty list of questions"
        )
        return None, checker.errors
    seen: dict[str, int] = {}
    for index, item in enumerate(entries):
        where = f"questions[{index}]"
        if isinstance(item, Located) and isinstance(item.get("id"), str):
            where = f"question {item['id']}"
        if not checker.check_fields(item, question_fields, where):
            continue
        check_item(checker, "questions", item, where)
        item_id = item.get("id")
        if item_id in seen:
            checker.error(
                item.line_of("id"), f"{where}.id", f"duplicate id (first on line {seen[item_id]})"
            )
        seen[item_id] = item.line_of("id")
        if fact_ids is not None:
            for n, fact_id in enumerate(item.get("tests") or []):
                if fact_id not in fact_ids:
                    checker.error(
                        item.line_of("tests"),
                        f"{where}.tests[{n}]",
                        f"no fact has the id {fact_id!r}",
                    )
    if checker.errors:
        return None, checker.errors
    from studyapp.catalog.loader import plain

    return plain(data), []
