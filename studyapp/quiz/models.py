"""Quiz attempts (practice and timed exams), their answers, and problem reports.

An attempt fixes its questions and option order when it starts (a seed per
attempt), and every answer is saved as it is given, so a reload or a closed
browser never loses progress. Questions are catalog Items of kind "question",
referenced by their stable content id.
"""

from django.conf import settings
from django.db import models

from studyapp.catalog.models import Item
from studyapp.learners.models import Learner


class Attempt(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice"
        EXAM = "exam"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="quiz_attempts")
    mode = models.CharField(max_length=16, choices=Mode.choices)
    exam = models.CharField(max_length=16, blank=True)  # an Exam id; exam mode only
    topics = models.JSONField(default=list)  # topic ids chosen for a practice quiz
    seed = models.BigIntegerField()  # shuffles each question's options, stable across reloads
    started_at = models.DateTimeField()
    # Exam clock: time is charged between requests (see exam_clock.py), so a closed
    # browser resumes with the time it had left.
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    time_used_seconds = models.FloatField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)
    correct_count = models.PositiveIntegerField(null=True, blank=True)
    scaled_score = models.PositiveSmallIntegerField(null=True, blank=True)  # exams: 100-1000

    class Meta:
        indexes = [models.Index(fields=["learner", "mode", "submitted_at"])]

    def __str__(self):
        return f"{self.mode} attempt {self.pk} of {self.learner}"

    @property
    def is_exam(self) -> bool:
        return self.mode == self.Mode.EXAM

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """One question of an attempt, in its place; `chosen` is empty until answered."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField()  # 1-based, as shown to the learner
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(max_length=64, blank=True)  # the exam domain it was drawn for
    chosen = models.JSONField(default=list)  # option ids
    flagged = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    correct = models.BooleanField(null=True)  # practice: on answering; exam: on submission

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="quiz_answer_position"),
            models.UniqueConstraint(fields=["attempt", "item"], name="quiz_answer_item_once"),
        ]

    def __str__(self):
        return f"{self.attempt_id}#{self.position} {self.item_id}"

    @property
    def is_answered(self) -> bool:
        return bool(self.chosen)


class ProblemReport(models.Model):
    """A learner's note that something in an item is wrong; instructors work the queue."""

    class Status(models.TextChoices):
        OPEN = "open"
        FIXED = "fixed"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="problem_reports")
    part = models.CharField(max_length=32, default="item")  # question, explanation, card...
    note = models.TextField()
    learner = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.SET_NULL, related_name="problem_reports"
    )
    page = models.CharField(max_length=300, blank=True)  # where the learner was
    created_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "item"])]

    def __str__(self):
        return f"report on {self.item_id} ({self.status})"


from studyapp.quiz.models_practice_tools import *  # noqa: E402,F401,F403
