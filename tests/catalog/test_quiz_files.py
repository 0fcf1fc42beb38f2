from pathlib import Path

from studyapp.catalog.validate import read_questions_text, read_registry

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY, _ = read_registry(FIXTURES / "good" / "services.yaml", "services.yaml")

QUIZ = """title: Week 3 quiz
questions:
  - id: w3-1
    stem: Which service pushes to subscribers?
    choose: 1
    options:
      - {id: a, text: SNS, why: Right.}
      - {id: b, text: SQS, why: Pull.}
      - {id: c, text: Kinesis, why: Stream.}
      - {id: d, text: MQ, why: Broker.}
    answer: [a]
    tests: [t-visibility]
    services: [sns]
    exams: [CLF-C02]
    domains: [clf.technology]
    difficulty: 1
    source: aws-docs
    checked: https://docs.aws.amazon.com/sns/latest/dg/welcome.html
"""


def test_valid_quiz_file_reads_as_plain_data():
    data, errors = read_questions_text(QUIZ, "quiz.yaml", REGISTRY, {"t-visibility"})
    assert errors == []
    assert (data["title"], data["questions"][0]["answer"]) == ("Week 3 quiz", ["a"])


def test_quiz_file_errors_use_the_content_messages():
    broken = QUIZ.replace("answer: [a]", "answer: [e]").replace(
        "tests: [t-visibility]", "tests: [nope]"
    )
    data, errors = read_questions_text(broken, "quiz.yaml", REGISTRY, {"t-visibility"})
    assert data is None
    assert [str(e) for e in errors] == [
        "quiz.yaml:11: question w3-1.answer: 'e' is not one of the options (a, b, c, d)",
        "quiz.yaml:12: question w3-1.tests[0]: no fact has the id 'nope'",
    ]
