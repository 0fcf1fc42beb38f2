"""A learner's flashcards and their review log.

A card's identity is its content-derived `card_id` (a fact id, a rule id, a trap
id, a question id, or "<table-id>:<row-id>:<column-id>" for a table cell), never
a database key of the catalog: editing or reordering content never loses
history. A Card row exists only once the learner has touched that card; every
other card of the catalogue is "new".
"""

from django.db import models

from studyapp.learners.models import Learner


class CardState(models.IntegerChoices):
    # 1-3 are the fsrs package's State values; 0 is ours: never reviewed.
    NEW = 0, "new"
    LEARNING = 1, "learning"
    REVIEW = 2, "review"
    RELEARNING = 3, "relearning"


class Card(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="cards")
    card_id = models.CharField(max_length=200)
    item_id = models.CharField(max_length=100)  # the catalog Item the card comes from
    topic_id = models.CharField(max_length=64)
    state = models.PositiveSmallIntegerField(choices=CardState.choices, default=CardState.NEW)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(null=True, blank=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    leech = models.BooleanField(default=False)
    suspended = models.BooleanField(default=False)
    # Reviews before this moment are history only: a reset card starts afresh.
    reset_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change; a shown card's token names the version it was shown at,
    # so a second submit of the same card (double click, second tab) is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "card_id"], name="study_card_once_per_learner"
            )
        ]
        indexes = [
            models.Index(fields=["learner", "suspended", "due"], name="study_card_due"),
            models.Index(fields=["learner", "topic_id"], name="study_card_topic"),
        ]

    def __str__(self):
        return f"{self.card_id} ({self.get_state_display()})"


class Review(models.Model):
    """One entry of the review log: a rating in a session, or an answer elsewhere."""

    class Source(models.TextChoices):
        REVIEW = "review", "review session"
        QUIZ = "quiz"
        EXAM = "exam"
        PICKER = "picker", "scenario picker"
        DRILL = "drill"
        ASSIGNMENT = "assignment"
        LIVE = "live", "live game"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="reviews")
    card_id = models.CharField(max_length=200)
    item_id = models.CharField(max_length=100)
    topic_id = models.CharField(max_length=64)
    # fsrs Rating values
    rating = models.PositiveSmallIntegerField(
        choices=[(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")]
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    reviewed_at = models.DateTimeField()
    # False: logged only (a right answer on a card that was not due) -- replay skips it.
    rescheduled = models.BooleanField(default=True)
    state_before = models.PositiveSmallIntegerField(choices=CardState.choices)
    due_after = models.DateTimeField(null=True, blank=True)
    # The card as it was before this review, so the session can undo it; None once
    # undo no longer applies (a merge replayed the history).
    previous = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["learner", "reviewed_at"], name="study_review_time"),
            models.Index(fields=["learner", "card_id", "reviewed_at"], name="study_review_card"),
        ]

    def __str__(self):
        return (
            f"{self.card_id} {self.rating} via {self.source} at {self.reviewed_at:%Y-%m-%d %H:%M}"
        )
