"""Scenario-picker picks and table-drill answers, kept per learner.

Both key the content by stable ids, so editing or reordering content keeps a
learner's history. Imported by models.py, so the rows belong to the quiz app.
"""

from django.db import models

from studyapp.catalog.models import Item
from studyapp.learners.models import Learner


class PickerAnswer(models.Model):
    """One pick in the scenario picker: the service chosen for a requirement."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="picker_answers")
    # "<rule-id>#<n>" for a rule's nth example, or a scenario's id.
    requirement = models.CharField(max_length=120)
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="+"
    )  # the rule or scenario
    expected = models.CharField(max_length=64)  # service id that fits
    picked = models.CharField(max_length=64)  # service id chosen
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        app_label = "quiz"
        ordering = ["answered_at", "pk"]
        indexes = [models.Index(fields=["learner", "answered_at"], name="quiz_picker_learner_time")]

    def __str__(self):
        return f"{self.learner_id} picked {self.picked} for {self.requirement}"


class DrillAnswer(models.Model):
    """One hidden cell of a table drill, as the learner filled it in."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="drill_answers")
    table = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    seed = models.BigIntegerField()  # which cells were hidden and how their choices were shuffled
    row = models.CharField(max_length=100)
    column = models.CharField(max_length=100)
    chosen = models.TextField()
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        app_label = "quiz"
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "table", "seed", "row", "column"], name="quiz_drill_cell_once"
            )
        ]

    def __str__(self):
        return f"{self.table_id}:{self.row}:{self.column} by {self.learner_id}"
