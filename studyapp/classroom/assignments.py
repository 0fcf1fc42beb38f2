"""Assignments: a quiz set for a class between an open and a close time.

Timing rules (all by the server's clock, `now` passed in):

- a student starts between `opens_at` and their close time; their deadline is
  fixed at start: the close time, or start + time limit if that comes first;
- a student's extra time is added to both the time limit and the close time;
- answers are saved as the student goes, so a reload loses nothing; saving or
  submitting is refused once the deadline plus SUBMIT_GRACE has passed (the
  grace covers a submit already in flight on a slow network);
- an attempt not submitted by its deadline counts as submitted at the deadline,
  with the answers saved before it.

Answers to questions that come from the bank feed the student's study schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max

from studyapp.catalog.models import Item
from studyapp.classroom.classes import is_member
from studyapp.classroom.models import Assignment, Attempt, AttemptAnswer, ExtraTime

SUBMIT_GRACE = timedelta(seconds=15)
MAX_TIME_LIMIT_MINUTES = 24 * 60
MAX_EXTRA_MINUTES = 24 * 60


class AssignmentRefused(Exception):
    """Why this cannot happen now; the message is shown as it is."""


def schedule_errors(opens_at, closes_at, time_limit_minutes) -> list[str]:
    errors = []
    if opens_at and closes_at and closes_at <= opens_at:
        errors.append("The close time must be after the open time.")
    if time_limit_minutes is not None and not 1 <= time_limit_minutes <= MAX_TIME_LIMIT_MINUTES:
        errors.append(f"The time limit must be between 1 and {MAX_TIME_LIMIT_MINUTES} minutes.")
    return errors


def create_assignment(
    classroom, quiz, opens_at, closes_at, time_limit_minutes=None, review=Assignment.Review.FEEDBACK
):
    errors = schedule_errors(opens_at, closes_at, time_limit_minutes)
    if errors:
        raise AssignmentRefused(" ".join(errors))
    return Assignment.objects.create(
        classroom=classroom,
        quiz=quiz,
        title=quiz.title,
        questions=quiz.questions,
        opens_at=opens_at,
        closes_at=closes_at,
        time_limit_minutes=time_limit_minutes,
        review=review,
    )


def status(assignment: Assignment, now: datetime) -> str:
    """upcoming | open | closed (for the class as a whole, without extra time)."""
    if now < assignment.opens_at:
        return "upcoming"
    return "open" if now < assignment.closes_at else "closed"


def extra_minutes(assignment: Assignment, learner) -> int:
    row = ExtraTime.objects.filter(assignment=assignment, learner=learner).first()
    return row.minutes if row else 0


def set_extra_time(assignment: Assignment, learner, minutes: int) -> None:
    if not 0 <= minutes <= MAX_EXTRA_MINUTES:
        raise AssignmentRefused(f"Extra time must be between 0 and {MAX_EXTRA_MINUTES} minutes.")
    if minutes == 0:
        ExtraTime.objects.filter(assignment=assignment, learner=learner).delete()
    else:
        ExtraTime.objects.update_or_create(
            assignment=assignment, learner=learner, defaults={"minutes": minutes}
        )


def personal_close(assignment: Assignment, extra: int) -> datetime:
    return assignment.closes_at + timedelta(minutes=extra)


def deadline_for(assignment: Assignment, started_at: datetime, extra: int) -> datetime:
    close = personal_close(assignment, extra)
    if assignment.time_limit_minutes:
        return min(close, started_at + timedelta(minutes=assignment.time_limit_minutes + extra))
    return close


def answers_released_at(assignment: Assignment) -> datetime:
    """Right answers are shown once nobody, extra time included, can still be answering."""
    most = assignment.extra_times.aggregate(most=Max("minutes"))["most"] or 0
    return assignment.closes_at + timedelta(minutes=most)


def attempt_of(assignment: Assignment, learner) -> Attempt | None:
    if learner is None:
        return None
    return Attempt.objects.filter(assignment=assignment, learner=learner).first()


def start_attempt(assignment: Assignment, learner, now: datetime) -> Attempt:
    existing = attempt_of(assignment, learner)
    if existing is not None:
        return existing
    if not is_member(assignment.classroom, learner):
        raise AssignmentRefused("Only students of this class can take this assignment.")
    if now < assignment.opens_at:
        raise AssignmentRefused("This assignment has not opened yet.")
    extra = extra_minutes(assignment, learner)
    if now >= personal_close(assignment, extra):
        raise AssignmentRefused("This assignment is closed: it can no longer be started.")
    deadline = deadline_for(assignment, now, extra)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                assignment=assignment, learner=learner, started_at=now, deadline=deadline
            )
    except IntegrityError:  # the same student started in two tabs at once
        return Attempt.objects.get(assignment=assignment, learner=learner)


def is_correct(question: dict, chosen: list[str]) -> bool:
    return sorted(chosen) == sorted(question["answer"])


def clean_answers(questions: list[dict], answers: dict[str, list[str]]) -> dict[str, list[str]]:
    """Check every chosen option exists; raise AssignmentRefused naming the question otherwise."""
    cleaned = {}
    for number, question in enumerate(questions, 1):
        chosen = sorted(set(answers.get(question["id"], [])))
        option_ids = {o["id"] for o in question["options"]}
        unknown = [c for c in chosen if c not in option_ids]
        if unknown:
            raise AssignmentRefused(
                f"Question {number} has no option {unknown[0]!r}; nothing was saved."
            )
        if question["choose"] == 1 and len(chosen) > 1:
            raise AssignmentRefused(f"Question {number} takes one answer; nothing was saved.")
        cleaned[question["id"]] = chosen
    return cleaned


def _check_still_open(attempt: Attempt, now: datetime) -> None:
    if attempt.submitted_at is not None:
        raise AssignmentRefused(
            "You have already submitted this assignment; your answers can no longer change."
        )
    if now > attempt.deadline + SUBMIT_GRACE:
        raise AssignmentRefused(
            "Time is up: answers can no longer be saved or submitted. Your answers saved before the deadline count."
        )


def save_answers(attempt: Attempt, answers: dict[str, list[str]], now: datetime) -> None:
    """Store the student's current choices; a question left blank has no answer row."""
    questions = attempt.assignment.questions
    cleaned = clean_answers(questions, answers)
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        _check_still_open(attempt, now)
        saved = {a.question_id: a for a in attempt.answers.all()}
        by_id = {q["id"]: q for q in questions}
        for question_id, chosen in cleaned.items():
            row = saved.get(question_id)
            if not chosen:
                if row is not None:
                    row.delete()
                continue
            if row is not None and row.chosen == chosen:
                continue  # unchanged: keep when it was first answered
            AttemptAnswer.objects.update_or_create(
                attempt=attempt,
                question_id=question_id,
                defaults={
                    "chosen": chosen,
                    "correct": is_correct(by_id[question_id], chosen),
                    "answered_at": now,
                },
            )


def submit(attempt: Attempt, answers: dict[str, list[str]], now: datetime) -> Attempt:
    save_answers(attempt, answers, now)
    return _finalise(attempt, now)


def close_if_expired(attempt: Attempt, now: datetime) -> Attempt:
    """An attempt left open past its deadline counts as submitted at the deadline."""
    if attempt.submitted_at is None and now > attempt.deadline + SUBMIT_GRACE:
        return _finalise(attempt, attempt.deadline)
    return attempt


def close_expired_attempts(assignment: Assignment, now: datetime) -> None:
    for attempt in assignment.attempts.filter(submitted_at__isnull=True):
        close_if_expired(attempt, now)


def _finalise(attempt: Attempt, at: datetime) -> Attempt:
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("assignment", "learner")
            .get(pk=attempt.pk)
        )
        if attempt.submitted_at is not None:
            return attempt  # a double submit counts once
        attempt.submitted_at = at
        attempt.score = attempt.answers.filter(correct=True).count()
        attempt.save(update_fields=["submitted_at", "score"])
        feed_study(attempt)
    return attempt


def bank_question_ids(questions: list[dict]) -> set[str]:
    """Ids of questions that are the bank's own (same id and same right answer)."""
    ids = [q["id"] for q in questions]
    bank = {
        item.id: item.data
        for item in Item.objects.filter(id__in=ids, kind=Item.Kind.QUESTION, retired=False)
    }
    # An instructor may reuse a bank id for a question of their own: only a
    # question with the bank's answer is evidence about the bank's cards.
    return {
        q["id"]
        for q in questions
        if q["id"] in bank and sorted(bank[q["id"]]["answer"]) == sorted(q["answer"])
    }


def feed_study(attempt: Attempt) -> None:
    from studyapp.study.api import record_outside_answer

    from_bank = bank_question_ids(attempt.assignment.questions)
    for answer in attempt.answers.all():
        if answer.question_id in from_bank:
            record_outside_answer(
                attempt.learner,
                answer.question_id,
                answer.correct,
                answer.answered_at,
                source="assignment",
            )


@dataclass(frozen=True)
class Review:
    score: bool
    answers: bool
    feedback: bool


def review_for(assignment: Assignment, attempt: Attempt | None, now: datetime) -> Review:
    """What the student may see: the score once submitted; answers and feedback
    (as the instructor chose) once the assignment has closed for everyone."""
    if attempt is None or attempt.submitted_at is None:
        return Review(False, False, False)
    released = now >= answers_released_at(assignment)
    answers = released and assignment.review in (
        Assignment.Review.ANSWERS,
        Assignment.Review.FEEDBACK,
    )
    feedback = released and assignment.review == Assignment.Review.FEEDBACK
    return Review(True, answers, feedback)


def assignments_for(learner, now: datetime) -> list[dict]:
    """A student's assignments across their classes, newest first, with their attempt and status."""
    if learner is None:
        return []
    assignments = list(
        Assignment.objects.filter(classroom__memberships__learner=learner).select_related(
            "classroom"
        )
    )
    attempts = {
        a.assignment_id: a
        for a in Attempt.objects.filter(learner=learner, assignment__in=assignments)
    }
    rows = []
    for assignment in assignments:
        attempt = attempts.get(assignment.pk)
        if attempt is not None:
            attempt = close_if_expired(attempt, now)
        rows.append(
            {"assignment": assignment, "attempt": attempt, "status": status(assignment, now)}
        )
    return rows
