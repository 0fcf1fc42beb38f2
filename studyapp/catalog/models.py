"""The catalog as loaded from content/: services, exams, topics and items.

Items keep their validated YAML as `data` and the sanitised HTML of their
Markdown fields as `html`; other apps key learners' history on `Item.id`,
which never changes. Removed items are retired, never deleted.
"""

from django.db import models


class Service(models.Model):
    id = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=128)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Exam(models.Model):
    id = models.CharField(max_length=16, primary_key=True)
    name = models.CharField(max_length=128)
    domains = models.JSONField(default=list)  # [{id, name, weight}]

    def __str__(self):
        return self.id


class Topic(models.Model):
    id = models.CharField(max_length=64, primary_key=True)
    title = models.CharField(max_length=200)
    summary_html = models.TextField(blank=True)
    services = models.JSONField(default=list)
    position = models.IntegerField(default=100)
    retired = models.BooleanField(default=False)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title


class Item(models.Model):
    class Kind(models.TextChoices):
        FACT = "fact"
        TABLE = "table"
        RULE = "rule"
        TRAP = "trap"
        QUESTION = "question"
        SCENARIO = "scenario"

    id = models.CharField(max_length=100, primary_key=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)
    data = models.JSONField()  # the item as written in YAML (validated)
    html = models.JSONField(default=dict)  # the same shape, Markdown fields rendered + sanitised
    services = models.JSONField(default=list)  # primary first
    source = models.CharField(max_length=64)
    retired = models.BooleanField(default=False)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic__position", "kind", "position"]
        indexes = [models.Index(fields=["kind", "retired"])]

    def __str__(self):
        return self.id

    @property
    def primary_service(self) -> str | None:
        return self.services[0] if self.services else None
