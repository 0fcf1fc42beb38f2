"""Shared pieces of the live-game tests: a three-question quiz and a fixed clock."""

import random
from datetime import UTC, datetime, timedelta

from studyapp.classroom.models import InstructorQuiz

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def option(option_id, text, why="Because."):
    return {"id": option_id, "text": text, "why": why}


def question(qid, stem, options, answer, **extra):
    return {
        "id": qid,
        "stem": stem,
        "choose": len(answer),
        "options": options,
        "answer": answer,
        "services": ["sqs"],
        "exams": ["CLF-C02"],
        "domains": ["clf.technology"],
        "difficulty": 1,
        "source": "aws-docs",
        **extra,
    }


QUESTIONS = [
    question(
        "live-1",
        "Which service **pushes** messages to subscribers?",
        [
            option("a", "Amazon SNS", "Right: SNS pushes to every subscriber."),
            option("b", "Amazon SQS", "Wrong: consumers poll a queue."),
            option("c", "Amazon Kinesis", "Wrong: consumers read a stream."),
            option("d", "Amazon MQ", "Wrong: a broker."),
        ],
        ["a"],
    ),
    question(
        "live-2",
        "Which two keep messages in order? (Choose two.)",
        [
            option("a", "SQS FIFO queue", "Right: ordered per message group."),
            option("b", "SQS standard queue", "Wrong: best-effort order."),
            option("c", "Kinesis shard", "Right: ordered per shard."),
            option("d", "SNS standard topic", "Wrong: no order."),
            option("e", "Lambda", "Wrong: not a channel."),
        ],
        ["a", "c"],
        points=2000,
        time_limit=30,
    ),
    question(
        "live-3",
        "Which service runs workflows?",
        [
            option("a", "AWS Step Functions", "Right: state machines."),
            option("b", "Amazon SQS", "Wrong."),
            option("c", "Amazon SNS", "Wrong."),
            option("d", "Amazon AppFlow", "Wrong."),
        ],
        ["a"],
        points=0,
        time_limit=10,
    ),
]


def make_quiz(owner, questions=None, title="Live quiz"):
    return InstructorQuiz.objects.create(owner=owner, title=title, questions=questions or QUESTIONS)


def new_game(owner, seed=1, now=T0):
    from studyapp.classroom.live import game as rules

    return rules.create_game(make_quiz(owner), owner, now, random.Random(seed))


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)
