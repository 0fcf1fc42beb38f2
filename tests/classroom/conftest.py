from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from studyapp.learners.identity import make_instructor
from studyapp.learners.models import Learner

PASSWORD = "a-long-enough-passphrase-42"
NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)

QUIZ_YAML = """title: Week 3 quiz
description: Queues and topics.
questions:
  - id: w3-1
    stem: Which service **pushes** to subscribers?
    choose: 1
    options:
      - {id: a, text: SNS, why: "Right: it pushes."}
      - {id: b, text: SQS, why: "Wrong: consumers pull."}
      - {id: c, text: Kinesis, why: "Wrong: a stream."}
      - {id: d, text: MQ, why: "Wrong: a broker."}
    answer: [a]
    services: [sns]
    exams: [CLF-C02]
    domains: [clf.technology]
    difficulty: 1
    source: aws-docs
    checked: https://docs.aws.amazon.com/sns/latest/dg/welcome.html
    points: 2000
    time_limit: 30
  - id: w3-2
    stem: Which two keep order? (Choose two.)
    choose: 2
    options:
      - {id: a, text: FIFO queue, why: Right.}
      - {id: b, text: Standard queue, why: Wrong.}
      - {id: c, text: Kinesis shard, why: Right.}
      - {id: d, text: SNS standard topic, why: Wrong.}
      - {id: e, text: Lambda, why: Wrong.}
    answer: [a, c]
    services: [sqs]
    exams: [SAA-C03]
    domains: [saa.resilient]
    difficulty: 2
    source: aws-docs
    checked: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html
"""


def make_user(username, instructor=False):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Learner.objects.create(user=user)
    if instructor:
        make_instructor(user)
    return user


@pytest.fixture
def instructor(db):
    return make_user("teacher", instructor=True)


@pytest.fixture
def host(db):
    """The instructor whose laptop drives the projector in live-game tests."""
    return make_user("projector-host", instructor=True)


@pytest.fixture
def other_instructor(db):
    return make_user("rival", instructor=True)


@pytest.fixture
def student(db):
    return make_user("sam")


@pytest.fixture
def quiz(instructor, small_catalog):
    from studyapp.classroom.authoring import save_quiz

    return save_quiz(instructor, QUIZ_YAML)
