from pathlib import Path

from studyapp.catalog.coverage import check_coverage, skeleton, written_heading
from studyapp.catalog.seed_headings import seed_headings

SEED = """Queues in Brief
A queue holds messages until a consumer takes them.
- producers send
Visibility
While a message is being worked on it is hidden.
query {
"""


def write(tmp_path, coverage_text):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "000_0123456789abcdef.txt").write_text(SEED)
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    if coverage_text is not None:
        (content / "coverage.yaml").write_text(coverage_text)
    return content, seeds


def test_headings_are_short_lines_that_are_not_sentences_lists_or_code(tmp_path):
    _, seeds = write(tmp_path, None)
    assert seed_headings(seeds / "000_0123456789abcdef.txt") == [
        (1, "Queues in Brief"),
        (4, "Visibility"),
    ]


def test_markdown_seed_headings_are_hash_lines(tmp_path):
    seed = tmp_path / "004_0123456789abcdef.txt"
    seed.write_text("# Title\n\nText here\n## Part\nShort line\n")
    assert seed_headings(seed) == [(1, "Title"), (4, "Part")]


def test_complete_coverage_has_no_errors(tmp_path):
    content, seeds = write(
        tmp_path,
        "000_0123456789abcdef.txt:\n"
        "  - {heading: Queues in Brief, ids: [q-1]}\n"
        "  - {heading: Visibility, none: covered by the fact above}\n",
    )
    assert check_coverage(content, seeds, {"q-1"}) == []


def test_missing_heading_and_unknown_id_are_errors(tmp_path):
    content, seeds = write(
        tmp_path, "000_0123456789abcdef.txt:\n  - {heading: Queues in Brief, ids: [q-9]}\n"
    )
    errors = [
        str(e).replace(str(content) + "/", "") for e in check_coverage(content, seeds, {"q-1"})
    ]
    assert errors == [
        "coverage.yaml:2: 000_0123456789abcdef.txt[0].ids: no content item has the id 'q-9'",
        "coverage.yaml:1: 000_0123456789abcdef.txt: no entry for heading 'Visibility' (seed line 4) and the 0 after it",
    ]


def test_missing_coverage_file_is_an_error_only_where_seeds_exist(tmp_path):
    content, seeds = write(tmp_path, None)
    assert [e.message for e in check_coverage(content, seeds, set())] == [
        "the coverage map is missing (see content/AUTHORING.md)"
    ]
    assert check_coverage(content, tmp_path / "absent", set()) == []


def test_skeleton_keeps_written_entries_and_adds_new_headings(tmp_path):
    _, seeds = write(tmp_path, None)
    existing = {"000_0123456789abcdef.txt": [{"heading": "Visibility", "ids": ["v-1"]}]}
    assert skeleton(Path(seeds), existing) == {
        "000_0123456789abcdef.txt": [
            {"heading": "Queues in Brief", "ids": []},
            {"heading": "Visibility", "ids": ["v-1"]},
        ]
    }


def test_long_glued_heading_is_written_short_and_still_checked(tmp_path):
    # A glued table row of nine words would copy the seed if quoted in full.
    glued = "AWS AmplifyFull-stack web and mobile app development platform"
    assert written_heading(glued) == "AWS AmplifyFull-stack web and mobile …"
    assert written_heading("Queues in Brief") == "Queues in Brief"

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "003_0123456789abcdef.txt").write_text(f"Developer Tools\n{glued}\n")
    content = tmp_path / "content"
    content.mkdir()
    good = (
        "003_0123456789abcdef.txt:\n"
        "  - {heading: Developer Tools, none: a group title}\n"
        '  - {heading: "AWS AmplifyFull-stack web and mobile …", ids: [amp-1]}\n'
    )
    (content / "coverage.yaml").write_text(good)
    assert check_coverage(content, seeds, {"amp-1"}) == []

    (content / "coverage.yaml").write_text(good.replace("mobile …", "mobile app …"))
    [error] = check_coverage(content, seeds, {"amp-1"})
    assert "expected heading 'AWS AmplifyFull-stack web and mobile …'" in error.message

    # The skeleton writes the short form and keeps an entry written in full before.
    existing = {"003_0123456789abcdef.txt": [{"heading": glued, "ids": ["amp-1"]}]}
    assert skeleton(seeds, existing)["003_0123456789abcdef.txt"][1] == {
        "heading": "AWS AmplifyFull-stack web and mobile …",
        "ids": ["amp-1"],
    }
