"""Keep content in our own words without keeping the sources' text in the repository.

`content/seed_shingles.txt` holds a short hash of every run of 9 consecutive words
in the seed documents (the same tokens as ../shared/tools/seedcopy.py). A test
hashes every 9-word run of every string parsed from content/ and fails on any
match, so a copied sentence is caught even where the seeds are not present.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 9
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def run_hash(run: Iterable[str]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=8).hexdigest()


def runs(sequence: list[str], n: int = RUN) -> Iterator[tuple[str, ...]]:
    for i in range(len(sequence) - n + 1):
        yield tuple(sequence[i : i + n])


def seed_hashes(seeds_dir: Path) -> set[str]:
    hashes: set[str] = set()
    for seed in sorted(Path(seeds_dir).glob("*.txt")):
        text = seed.read_text(encoding="utf-8", errors="replace")
        hashes.update(run_hash(r) for r in runs(words(text)))
    return hashes


def read_hashes(path: Path) -> set[str]:
    return {line.strip() for line in Path(path).read_text().splitlines() if line.strip()}


def strings_in(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def copied_runs(value, hashes: set[str]) -> list[str]:
    """Every 9-word run of the strings in `value` whose hash is a seed's."""
    found = []
    for text in strings_in(value):
        for run in runs(words(text)):
            if run_hash(run) in hashes:
                found.append(" ".join(run))
    return found
