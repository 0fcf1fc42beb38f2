"""Classroom models: instructors' quizzes, classes, and assignments.

A quiz keeps its questions as plain dicts in exactly the content schema
(`content/AUTHORING.md`), plus two optional live-game fields per question:
`points` (0, 1000 or 2000) and `time_limit` (seconds). Questions picked from
the bank keep the bank's id, so answers to them can feed a learner's study.
"""

from django.conf import settings
from django.db import models

DEFAULT_POINTS = 1000
DEFAULT_TIME_LIMIT = 20  # seconds a live-game question stays open
ALLOWED_POINTS = (0, 1000, 2000)


class InstructorQuiz(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instructor_quizzes"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # [{id, stem, choose, options: [{id, text, why}], answer, tests, services, exams,
    #   domains, difficulty, source, checked?, points?, time_limit?}]
    questions = models.JSONField(default=list)
    # what the instructor wrote, so the editor shows it back exactly
    source_yaml = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def question(self, question_id: str) -> dict | None:
        return next((q for q in self.questions if q.get("id") == question_id), None)


def question_points(question: dict) -> int:
    return int(question.get("points", DEFAULT_POINTS))


def question_time_limit(question: dict) -> int:
    return int(question.get("time_limit", DEFAULT_TIME_LIMIT))


def question_html(question: dict) -> dict:
    """The question's Markdown fields rendered and sanitised, as content is.

    Returns {stem, options: [{id, text, why}], note?} — the same shape as
    catalog Item.html for questions.
    """
    from studyapp.catalog.loader import render_item

    return render_item("questions", question)


class Classroom(models.Model):
    """A class an instructor teaches; students join it with its code or link."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_taught"
    )
    name = models.CharField(max_length=200)
    join_code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A student on a class's roster. Students are learners with an account."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="class_memberships"
    )
    joined_at = models.DateTimeField()

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "learner"], name="one_membership_per_class"
            )
        ]

    def __str__(self):
        return f"{self.learner} in {self.classroom}"


class Assignment(models.Model):
    """A quiz set for a class between two times.

    The questions are copied from the quiz when it is assigned, so editing or
    deleting the quiz later never changes what students answered or their results.
    """

    class Review(models.TextChoices):
        SCORE = "score", "Score only"
        ANSWERS = "answers", "Score and the right answers"
        FEEDBACK = "feedback", "Full feedback (every option explained)"

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey(
        InstructorQuiz, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    title = models.CharField(max_length=200)
    questions = models.JSONField(default=list)  # a snapshot of quiz.questions
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    time_limit_minutes = models.PositiveIntegerField(null=True, blank=True)
    review = models.CharField(max_length=16, choices=Review.choices, default=Review.FEEDBACK)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.classroom})"


class ExtraTime(models.Model):
    """Minutes one student gets on top of an assignment's time limit and close time."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extra_times")
    learner = models.ForeignKey("learners.Learner", on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "learner"], name="one_extra_time_per_student"
            )
        ]

    def __str__(self):
        return f"+{self.minutes} min for {self.learner}"


class Attempt(models.Model):
    """One student's go at an assignment: started, answered question by question, submitted."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attempts")
    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="assignment_attempts"
    )
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()  # fixed at start: time limit, extra time and close time
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveIntegerField(default=0)  # questions answered right

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "learner"], name="one_attempt_per_student"
            )
        ]

    def __str__(self):
        return f"{self.learner} on {self.assignment}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=100)
    chosen = models.JSONField(default=list)  # option ids, sorted
    correct = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question_id}: {' '.join(self.chosen)}"


from studyapp.classroom.models_live import *  # noqa: E402,F401,F403  (the live game, owned by its own module)
