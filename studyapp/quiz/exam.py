"""Timed exams: questions drawn by the exam's domain weights, a server-side clock, a score.

Defaults follow the real associate exams: 65 questions in 130 minutes. A
smaller bank shrinks both in proportion (2 minutes a question); the learner
may change either.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from studyapp.catalog.models import Exam, Item
from studyapp.quiz import exam_clock
from studyapp.quiz.attempts import answer_for, create_answers
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Answer, Attempt
from studyapp.quiz.questions import checked_choice, is_correct, live_questions
from studyapp.quiz.scoring import scaled_score
from studyapp.quiz.study_feed import feed_answer

DEFAULT_QUESTIONS = 65
DEFAULT_MINUTES = 130
MAX_MINUTES = 600


@dataclass(frozen=True)
class ExamPlan:
    exam: Exam
    available: int
    count: int
    minutes: int


def domain_of(item: Item, exam: Exam) -> str:
    """The first of the question's domains that belongs to this exam."""
    ids = {d["id"] for d in exam.domains}
    return next((d for d in item.data.get("domains", []) if d in ids), "")


def exam_questions(exam: Exam) -> list[Item]:
    # Filtered in Python: JSON list containment is not portable to SQLite.
    return sorted(
        (item for item in live_questions() if exam.id in item.data.get("exams", [])),
        key=lambda item: item.id,
    )


def default_minutes(count: int) -> int:
    return max(1, round(DEFAULT_MINUTES * count / DEFAULT_QUESTIONS))


def plan_exam(exam_id: str, count: int | None = None, minutes: int | None = None) -> ExamPlan:
    """Check the learner's choices against the bank; Refused names what is wrong."""
    exam = Exam.objects.filter(pk=exam_id).first()
    if exam is None:
        raise Refused(f"There is no exam {exam_id!r}; choose one of the listed exams.")
    available = len(exam_questions(exam))
    if available == 0:
        raise Refused(f"There are no questions for {exam.id} yet.")
    if count is None:
        count = min(DEFAULT_QUESTIONS, available)
    if not 1 <= count <= available:
        raise Refused(
            f"{exam.id} has {available} questions; the number of questions must be "
            f"between 1 and {available}, not {count}."
        )
    if minutes is None:
        minutes = default_minutes(count)
    if not 1 <= minutes <= MAX_MINUTES:
        raise Refused(f"The time limit must be between 1 and {MAX_MINUTES} minutes, not {minutes}.")
    return ExamPlan(exam=exam, available=available, count=count, minutes=minutes)


def domain_quotas(exam: Exam, count: int) -> dict[str, int]:
    """Split `count` by the domain weights, largest remainder first (ties: listed order)."""
    weights = {d["id"]: d["weight"] for d in exam.domains}
    total = sum(weights.values()) or 1
    exact = {d: count * w / total for d, w in weights.items()}
    quotas = {d: math.floor(x) for d, x in exact.items()}
    order = sorted(weights, key=lambda d: -(exact[d] - quotas[d]))
    for d in order[: count - sum(quotas.values())]:
        quotas[d] += 1
    return quotas


def pick_questions(exam: Exam, pool: list[Item], count: int, rng: random.Random):
    """[(item, domain)]: each domain's quota from its own questions, shortfalls from the rest."""
    by_domain: dict[str, list[Item]] = {}
    for item in pool:
        by_domain.setdefault(domain_of(item, exam), []).append(item)
    picked: list[tuple[Item, str]] = []
    for domain, quota in domain_quotas(exam, count).items():
        candidates = by_domain.get(domain, [])
        picked += [(item, domain) for item in rng.sample(candidates, min(quota, len(candidates)))]
    taken = {item.id for item, _ in picked}
    rest = [item for item in pool if item.id not in taken]
    picked += [(item, domain_of(item, exam)) for item in rng.sample(rest, count - len(picked))]
    rng.shuffle(picked)  # the real exam mixes its domains
    return picked


@transaction.atomic
def start_exam(learner, plan: ExamPlan, now: datetime, rng: random.Random) -> Attempt:
    picked = pick_questions(plan.exam, exam_questions(plan.exam), plan.count, rng)
    attempt = Attempt.objects.create(
        learner=learner,
        mode=Attempt.Mode.EXAM,
        exam=plan.exam.id,
        seed=rng.getrandbits(48),
        started_at=now,
        last_seen_at=now,
        time_limit_seconds=plan.minutes * 60,
    )
    create_answers(attempt, [item for item, _ in picked], {item.id: d for item, d in picked})
    return attempt


def seconds_left(attempt: Attempt) -> float:
    return exam_clock.seconds_left(attempt.time_limit_seconds or 0, attempt.time_used_seconds)


@transaction.atomic
def touch(attempt: Attempt, now: datetime) -> Attempt:
    """Charge the time since the last request; submit the attempt if its time has run out.

    Every request on an open exam goes through here, so the attempt submits
    itself on the first request after its time is up, script or no script.
    """
    if attempt.is_submitted:
        return attempt
    attempt.time_used_seconds = exam_clock.charged(
        attempt.time_used_seconds, attempt.last_seen_at, now
    )
    attempt.last_seen_at = now
    attempt.save(update_fields=["time_used_seconds", "last_seen_at"])
    if seconds_left(attempt) <= 0:
        submit_exam(attempt, now, timed_out=True)
    return attempt


def _refuse_if_closed(attempt: Attempt, was_open: bool) -> None:
    if not attempt.is_submitted:
        return
    local = timezone.localtime(attempt.submitted_at, attempt.learner.zone)
    if was_open:
        raise Refused(
            "Time ran out before this answer arrived, so it was not saved; "
            f"the exam was submitted at {local:%H:%M:%S}.",
            409,
        )
    raise Refused(
        f"This exam was submitted on {local:%Y-%m-%d at %H:%M}; its answers can no longer change.",
        409,
    )


def save_answer(
    attempt: Attempt, item_id: str, chosen: list[str], flagged: bool, now: datetime
) -> Answer:
    """Save (or change) an answer and its review flag while the clock runs.

    Not one transaction on purpose: a late answer is refused, but the submission
    that its lateness triggered stays.
    """
    was_open = not attempt.is_submitted
    touch(attempt, now)
    _refuse_if_closed(attempt, was_open)
    answer = answer_for(attempt, item_id)
    picked = checked_choice(answer.item, chosen, complete=False)
    answer.chosen, answer.flagged = picked, flagged
    answer.answered_at = now if picked else None
    # Conditional on the attempt still being open: a submission racing this answer wins.
    saved = Answer.objects.filter(pk=answer.pk, attempt__submitted_at__isnull=True).update(
        chosen=answer.chosen, flagged=flagged, answered_at=answer.answered_at
    )
    if not saved:
        attempt.refresh_from_db()
        _refuse_if_closed(attempt, was_open=False)
    return answer


@transaction.atomic
def submit_exam(attempt: Attempt, now: datetime, timed_out: bool = False) -> Attempt:
    """Grade every question, score the attempt, feed the answered ones into study."""
    # Only one of two racing submissions (the page's timer and a click) does the work.
    claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now, timed_out=timed_out
    )
    if not claimed:
        attempt.refresh_from_db()
        return attempt
    answers = list(attempt.answers.select_related("item"))
    for answer in answers:
        answer.correct = is_correct(answer.item, answer.chosen)
    Answer.objects.bulk_update(answers, ["correct"])
    attempt.submitted_at, attempt.timed_out = now, timed_out
    attempt.correct_count = sum(1 for a in answers if a.correct)
    attempt.scaled_score = scaled_score(attempt.correct_count, len(answers))
    attempt.save(update_fields=["correct_count", "scaled_score"])
    # Unanswered questions say nothing about what the learner knows: not fed.
    for answer in sorted((a for a in answers if a.answered_at), key=lambda a: a.answered_at):
        feed_answer(attempt.learner, answer.item_id, answer.correct, answer.answered_at, "exam")
    return attempt
