"""read_questions_text(extra_fields=...): the one change classroom made to the catalog validator."""

from pathlib import Path

from studyapp.catalog.schema import Spec
from studyapp.catalog.validate import read_questions_text, read_registry

FIXTURES = Path(__file__).parent.parent / "catalog" / "fixtures"
REGISTRY, _ = read_registry(FIXTURES / "good" / "services.yaml", "services.yaml")
QUIZ = """title: T
questions:
  - id: q-1
    stem: Which pushes?
    choose: 1
    options:
      - {id: a, text: SNS, why: Right.}
      - {id: b, text: SQS, why: Pull.}
      - {id: c, text: Kinesis, why: Stream.}
      - {id: d, text: MQ, why: Broker.}
    answer: [a]
    services: [sns]
    exams: [CLF-C02]
    domains: [clf.technology]
    difficulty: 1
    source: aws-docs
    checked: https://docs.aws.amazon.com/sns/latest/dg/welcome.html
    points: 0
"""


def test_extra_field_is_unknown_without_extra_fields():
    data, errors = read_questions_text(QUIZ, "quiz.yaml", REGISTRY)
    assert data is None
    assert [(e.line, e.field) for e in errors] == [(18, "question q-1.points")]
    assert errors[0].message.startswith("unknown field (known fields: id, stem,")


def test_extra_field_is_accepted_and_type_checked_with_extra_fields():
    extra = {"points": Spec("int")}
    data, errors = read_questions_text(QUIZ, "quiz.yaml", REGISTRY, extra_fields=extra)
    assert (errors, data["questions"][0]["points"]) == ([], 0)
    data, errors = read_questions_text(
        QUIZ.replace("points: 0", "points: many"), "quiz.yaml", REGISTRY, extra_fields=extra
    )
    assert [str(e) for e in errors] == ["quiz.yaml:18: question q-1.points: must be a whole number"]
