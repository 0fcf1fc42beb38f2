"""The section headings of the seed documents, in order, for the coverage map.

Seed 004 is Markdown: its headings are the `#` lines. The others are plain text
saved from web pages: a heading there is a short line that is not a list item,
not a table row and not a sentence (it does not end in . , ; or :), and has at
most ten words. Repeated identical headings are kept: each is its own section.
"""

import re
from pathlib import Path

LIST_OR_TABLE = re.compile(r"^\s*(?:[-*•|>]|\d+[.)]\s)")
SENTENCE_END = (".", ",", ";", ":", "?", "!")
CODE_CHARS = re.compile(r'[{}\[\]"=]')


def is_heading(line: str, markdown: bool) -> bool:
    text = line.strip()
    if markdown:
        return text.startswith("#")
    if len(text) < 3 or len(text) > 80 or LIST_OR_TABLE.match(text):
        return False
    if text.endswith(SENTENCE_END) or text.startswith(("|", "```")):
        return False
    if CODE_CHARS.search(text) or text[0].islower():
        return False  # a line of a code sample, not a heading
    return len(text.split()) <= 10


def heading_text(line: str) -> str:
    return line.strip().lstrip("#").strip()


def seed_headings(path: Path) -> list[tuple[int, str]]:
    """[(line number, heading text)] in document order."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    markdown = any(line.startswith("# ") for line in text.splitlines()[:5])
    return [
        (number, heading_text(line))
        for number, line in enumerate(text.splitlines(), start=1)
        if is_heading(line, markdown)
    ]
