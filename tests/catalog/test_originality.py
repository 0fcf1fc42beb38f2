"""Content states the sources' facts in our own words: no 9-word run of a seed."""

from pathlib import Path

import pytest
from django.conf import settings

from studyapp.catalog.originality import copied_runs, read_hashes, seed_hashes
from studyapp.catalog.yamlsource import parse_yaml

CONTENT = Path(settings.CONTENT_DIR)
HASHES = read_hashes(CONTENT / "seed_shingles.txt")
CONTENT_FILES = sorted(CONTENT.glob("topics/*.yaml")) + sorted(CONTENT.glob("simulations/*.yaml"))


def test_a_copied_sentence_is_caught_across_line_breaks():
    # A run of nine words from seed 001 ("Producer services run at different speeds than
    # consumers"), split over lines the way a folded YAML string would be.
    seeds = Path(settings.SEEDS_DIR)
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent; the committed hashes are checked by the test below")
    text = "producer services run at different\nspeeds than the consumers they feed"
    hashes = seed_hashes(seeds)
    assert copied_runs({"answer": text}, hashes) == []  # only 8 seed words in a row
    copied = "- Producer services run at different speeds than consumers\n- A failure"
    assert copied_runs({"answer": copied}, hashes) == [
        "producer services run at different speeds than consumers a",
        "services run at different speeds than consumers a failure",
    ]


def test_committed_hashes_match_the_seeds():
    seeds = Path(settings.SEEDS_DIR)
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent; nothing to compare the committed hashes with")
    assert seed_hashes(seeds) == HASHES


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_content_file_repeats_no_seed_sentence(path):
    data, errors = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    assert errors == []
    assert copied_runs(data, HASHES) == []
