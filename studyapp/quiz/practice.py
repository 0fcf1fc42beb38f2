"""Practice quizzes: pick topics and a number of questions; feedback after each answer."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime

from django.db import transaction

from studyapp.catalog.models import Topic
from studyapp.quiz.attempts import answer_for, create_answers, facts_tested
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Answer, Attempt
from studyapp.quiz.questions import checked_choice, is_correct, live_questions
from studyapp.quiz.study_feed import feed_answer

DEFAULT_COUNT = 10


def practice_topics() -> list[dict]:
    """Topics that have questions, with how many: [{topic, count}]."""
    counts = Counter(live_questions().values_list("topic_id", flat=True))
    return [
        {"topic": topic, "count": counts[topic.id]}
        for topic in Topic.objects.filter(retired=False, pk__in=counts)
    ]


@transaction.atomic
def start_practice(
    learner, topic_ids: list[str], count: int, now: datetime, rng: random.Random
) -> Attempt:
    if not topic_ids:
        raise Refused("Choose at least one topic to practise.")
    known = {entry["topic"].id: entry["count"] for entry in practice_topics()}
    unknown = [t for t in topic_ids if t not in known]
    if unknown:
        raise Refused(f"There is no topic with questions called {unknown[0]!r}.")
    available = sum(known[t] for t in set(topic_ids))
    if not 1 <= count <= available:
        raise Refused(f"The number of questions must be between 1 and {available}; got {count}.")
    pool = sorted(live_questions().filter(topic_id__in=topic_ids), key=lambda item: item.id)
    items = rng.sample(pool, count)
    attempt = Attempt.objects.create(
        learner=learner,
        mode=Attempt.Mode.PRACTICE,
        topics=sorted(set(topic_ids)),
        seed=rng.getrandbits(48),
        started_at=now,
    )
    create_answers(attempt, items)
    return attempt


@transaction.atomic
def answer_practice(attempt: Attempt, item_id: str, chosen: list[str], now: datetime) -> Answer:
    """Grade one answer at once; feed it into study. Refused answers change nothing."""
    if attempt.is_submitted:
        raise Refused("This practice quiz is finished; its answers can no longer change.", 409)
    answer = answer_for(attempt, item_id)
    if answer.is_answered:
        raise Refused(
            f"Question {answer.position} is already answered; an answer cannot change "
            "once its feedback has been shown.",
            409,
        )
    picked = checked_choice(answer.item, chosen, complete=True)
    correct = is_correct(answer.item, picked)
    # Conditional update: of two racing submits of the same question only one lands.
    saved = Answer.objects.filter(pk=answer.pk, answered_at__isnull=True).update(
        chosen=picked, correct=correct, answered_at=now
    )
    if not saved:
        raise Refused(f"Question {answer.position} is already answered.", 409)
    answer.refresh_from_db()
    feed_answer(attempt.learner, answer.item_id, correct, now, "quiz")
    if not attempt.answers.filter(answered_at__isnull=True).exists():
        attempt.submitted_at = now
        attempt.correct_count = attempt.answers.filter(correct=True).count()
        attempt.save(update_fields=["submitted_at", "correct_count"])
    return answer


def next_unanswered(attempt: Attempt) -> Answer | None:
    return attempt.answers.filter(answered_at__isnull=True).order_by("position").first()


def practice_summary(attempt: Attempt) -> dict:
    answers = list(attempt.answers.select_related("item", "item__topic"))
    wrong = [a for a in answers if a.correct is False]
    facts = facts_tested([a.item for a in wrong])
    return {
        "total": len(answers),
        "answered": sum(1 for a in answers if a.is_answered),
        "correct": sum(1 for a in answers if a.correct),
        "wrong": [{"answer": a, "facts": facts[a.item_id]} for a in wrong],
    }
