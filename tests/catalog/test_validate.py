from pathlib import Path

from studyapp.catalog.validate import read_content, read_registry, read_topic_text

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY, _ = read_registry(FIXTURES / "good" / "services.yaml", "services.yaml")

HEADER = "topic:\n  id: t\n  title: T\n"
GOOD_FACT = "  - id: f-1\n    prompt: P?\n    answer: A.\n    source: aws-docs\n    checked: https://docs.aws.amazon.com/x\n"


def errors_of(text):
    _, errors = read_topic_text(text, "t.yaml", REGISTRY)
    return [str(e) for e in errors]


def question(**overrides):
    fields = {
        "id": "q-1",
        "stem": "Which?",
        "choose": "1",
        "options": "\n".join(
            f"      - {{id: {letter}, text: {letter.upper()}, why: because}}" for letter in "abcd"
        ),
        "answer": "[a]",
        "services": "[sqs]",
        "exams": "[SAA-C03]",
        "domains": "[saa.resilient]",
        "difficulty": "2",
        "source": "002_adff30d41b85c7f1.txt",
    }
    fields.update(overrides)
    lines = ["questions:", f"  - id: {fields.pop('id')}"]
    for key, value in fields.items():
        if key == "options":
            lines.append("    options:")
            lines.append(value)
        else:
            lines.append(f"    {key}: {value}")
    return HEADER + "\n".join(lines) + "\n"


def test_good_fixture_has_no_errors():
    _, errors = read_content(FIXTURES / "good")
    assert errors == []


def test_syntax_error_names_file_and_line():
    assert errors_of(HEADER + "facts:\n  - id: [unclosed\n") == [
        "t.yaml:6: yaml: syntax error: expected ',' or ']', but got '<stream end>'"
    ]


def test_unknown_field_is_named_with_its_line():
    text = HEADER + "facts:\n" + GOOD_FACT + "    colour: blue\n"
    assert errors_of(text) == [
        "t.yaml:10: fact f-1.colour: unknown field (known fields: id, prompt, answer, detail,"
        " services, source, checked, note, tags)"
    ]


def test_missing_required_field_is_reported():
    text = (
        HEADER
        + "facts:\n  - id: f-1\n    prompt: P?\n    source: aws-docs\n    checked: https://a\n"
    )
    assert errors_of(text) == ["t.yaml:5: fact f-1.answer: required field is missing"]


def test_duplicate_key_is_an_error_not_an_overwrite():
    text = HEADER + "facts:\n" + GOOD_FACT + "    answer: Another.\n"
    assert errors_of(text) == ["t.yaml:10: facts[0].answer: duplicate key (first given on line 7)"]


def test_python_object_tag_is_an_error_not_an_object():
    text = HEADER + "facts:\n  - !!python/object:os.system {}\n"
    errors = errors_of(text)
    assert errors == [
        "t.yaml:5: facts[0]: the YAML tag 'tag:yaml.org,2002:python/object:os.system' "
        "is not allowed in content"
    ]


def test_answer_letter_must_be_an_option():
    assert errors_of(question(answer="[e]")) == [
        "t.yaml:13: question q-1.answer: 'e' is not one of the options (a, b, c, d)"
    ]


def test_choose_two_needs_exactly_two_answers():
    five = "\n".join(f"      - {{id: {x}, text: {x}, why: w}}" for x in "abcde")
    assert errors_of(question(choose="2", options=five, answer="[a]")) == [
        "t.yaml:14: question q-1.answer: choose: 2 needs exactly two answers, found 1"
    ]


def test_domain_must_belong_to_a_listed_exam():
    assert errors_of(question(domains="[dva.development]")) == [
        "t.yaml:16: question q-1.domains: 'dva.development' belongs to DVA-C02, which is not in exams"
    ]


def test_unknown_service_and_exam_are_named():
    assert errors_of(question(services="[sqs, kafka]", exams="[SAA-C03, XYZ-01]")) == [
        "t.yaml:14: question q-1.services[1]: unknown service 'kafka' (see content/services.yaml)",
        "t.yaml:15: question q-1.exams[1]: unknown exam 'XYZ-01' (known: SAA-C03, DVA-C02, SOA-C02, CLF-C02)",
    ]


def test_aws_docs_source_needs_checked_page():
    text = HEADER + "facts:\n  - id: f-1\n    prompt: P?\n    answer: A.\n    source: aws-docs\n"
    assert errors_of(text) == [
        "t.yaml:8: fact f-1.source: source aws-docs needs `checked:` with the page it was checked against"
    ]


def test_table_cells_must_match_columns():
    text = HEADER + (
        "tables:\n  - id: tb\n    title: T\n    source: aws-docs\n    checked: https://a\n"
        "    columns: [{id: x, label: X}, {id: y, label: Y}]\n"
        "    rows:\n      - id: r\n        label: R\n        cells: {x: 1, z: 2}\n"
    )
    assert errors_of(text) == [
        "t.yaml:13: table tb.rows[0].cells.z: no column has the id 'z'",
        "t.yaml:13: table tb.rows[0].cells: no cell for column 'y'",
    ]


def test_duplicate_ids_across_files_and_dangling_tests_are_reported(tmp_path):
    (tmp_path / "topics").mkdir()
    (tmp_path / "services.yaml").write_text((FIXTURES / "good" / "services.yaml").read_text())
    (tmp_path / "topics" / "a.yaml").write_text(HEADER + "facts:\n" + GOOD_FACT)
    (tmp_path / "topics" / "b.yaml").write_text(
        "topic:\n  id: b\n  title: B\nfacts:\n"
        + GOOD_FACT
        + question(id="q-9", tests="[nope]")[len(HEADER) :]
    )
    _, errors = read_content(tmp_path)
    rendered = [str(e).replace(str(tmp_path) + "/", "") for e in errors]
    assert rendered == [
        "topics/b.yaml:5: id: duplicate id 'f-1' (first used at topics/a.yaml:5)",
        "topics/b.yaml:25: question q-9.tests[0]: no fact has the id 'nope'",
    ]
