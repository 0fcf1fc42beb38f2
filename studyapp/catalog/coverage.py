"""content/coverage.yaml: every section of every seed maps to the ids that teach it.

Each seed file lists its headings in document order (as `seed_headings` finds
them), each with `ids:` (content ids that teach the section) or `none:` (why it
teaches nothing: a navigation line, a blank quiz option). Ids are checked
always; the headings are checked against ../shared/seeds/ when it is present.
"""

from __future__ import annotations

import re
from pathlib import Path

from studyapp.catalog.seed_headings import seed_headings
from studyapp.catalog.yamlsource import ContentError, Located, parse_yaml

COVERAGE_FILE = "coverage.yaml"

# Some seed "headings" are whole table rows glued together. Quoting those in full
# would copy a seed sentence into our content, so a long heading is written as its
# first few words and an ellipsis; it still names its section unambiguously by order.
LONG_HEADING_WORDS = 7
SHORT_FORM_WORDS = 5
_WORD = re.compile(r"[a-z0-9]+", re.IGNORECASE)


def written_heading(heading: str) -> str:
    """How coverage.yaml writes a seed heading: in full, or shortened when long."""
    if len(_WORD.findall(heading)) <= LONG_HEADING_WORDS:
        return heading
    return " ".join(heading.split()[:SHORT_FORM_WORDS]) + " …"


def check_coverage(
    content_dir: Path, seeds_dir: Path | None, known_ids: set[str]
) -> list[ContentError]:
    path = Path(content_dir) / COVERAGE_FILE
    display = str(path)
    seeds = sorted(Path(seeds_dir).glob("*.txt")) if seeds_dir and Path(seeds_dir).is_dir() else []
    if not path.exists():
        if seeds:
            return [
                ContentError(
                    display, 1, "coverage", "the coverage map is missing (see content/AUTHORING.md)"
                )
            ]
        return []
    data, errors = parse_yaml(path.read_text(encoding="utf-8"), display)
    if errors:
        return errors
    if not isinstance(data, Located):
        return [
            ContentError(display, 1, "document", "must map seed file names to lists of sections")
        ]
    for seed_name, entries in data.items():
        line = data.line_of(seed_name)
        if not isinstance(entries, list):
            errors.append(
                ContentError(display, line, seed_name, "must be a list of {heading, ids | none}")
            )
            continue
        for index, entry in enumerate(entries):
            errors.extend(_check_entry(display, seed_name, index, entry, known_ids))
    for seed in seeds:
        if seed.name not in data:
            errors.append(ContentError(display, 1, seed.name, "no entry for this seed document"))
            continue
        errors.extend(_check_order(display, seed, data[seed.name], data.line_of(seed.name)))
    return errors


def _check_entry(display, seed_name, index, entry, known_ids) -> list[ContentError]:
    where = f"{seed_name}[{index}]"
    if not isinstance(entry, Located) or not isinstance(entry.get("heading"), str):
        return [ContentError(display, getattr(entry, "line", 1), where, "needs `heading:` text")]
    errors = []
    extra = set(entry) - {"heading", "ids", "none"}
    for key in sorted(extra):
        errors.append(
            ContentError(
                display,
                entry.line_of(key),
                f"{where}.{key}",
                "unknown field (known: heading, ids, none)",
            )
        )
    ids, none = entry.get("ids"), entry.get("none")
    if bool(ids) == bool(none):
        errors.append(
            ContentError(
                display,
                entry.line,
                where,
                f"heading {entry['heading']!r} needs either ids: [..] or none: <why>",
            )
        )
    for item_id in ids or []:
        if item_id not in known_ids:
            errors.append(
                ContentError(
                    display,
                    entry.line_of("ids"),
                    f"{where}.ids",
                    f"no content item has the id {item_id!r}",
                )
            )
    return errors


def _check_order(display, seed: Path, entries, seed_line) -> list[ContentError]:
    headings = seed_headings(seed)
    written = [e.get("heading") if isinstance(e, dict) else None for e in entries]
    for index, (number, heading) in enumerate(headings):
        if index >= len(written):
            return [
                ContentError(
                    display,
                    seed_line,
                    seed.name,
                    f"no entry for heading {heading!r} (seed line {number}) and the {len(headings) - index - 1} after it",
                )
            ]
        if written[index] != written_heading(heading):
            line = entries[index].line if isinstance(entries[index], Located) else seed_line
            return [
                ContentError(
                    display,
                    line,
                    f"{seed.name}[{index}]",
                    f"expected heading {written_heading(heading)!r} (seed line {number}), found {written[index]!r}",
                )
            ]
    if len(written) > len(headings):
        line = entries[len(headings)].line
        return [
            ContentError(
                display,
                line,
                f"{seed.name}[{len(headings)}]",
                f"{written[len(headings)]!r} is not a heading of this seed (it has {len(headings)})",
            )
        ]
    return []


def skeleton(seeds_dir: Path, existing: dict) -> dict:
    """The coverage map with every seed heading in order, keeping what is written."""
    result = {}
    for seed in sorted(Path(seeds_dir).glob("*.txt")):
        old = {}
        for entry in existing.get(seed.name, []) or []:
            old.setdefault(entry.get("heading"), []).append(entry)
        rows = []
        for _number, heading in seed_headings(seed):
            short = written_heading(heading)
            kept = old.get(heading) or old.get(short) or []
            entry = kept.pop(0) if kept else {"heading": short, "ids": []}
            rows.append({**entry, "heading": short})
        result[seed.name] = rows
    return result
