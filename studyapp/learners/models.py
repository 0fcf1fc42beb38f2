"""A learner is whoever is studying: a guest bound to a browser session, or an account.

Every app keys its history on Learner, never on User, so a guest can study
without signing up and keep everything when they do.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/Berlin.") from None


class Learner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,  # deleting an account deletes its learner and all history
        related_name="learner",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    day_rollover_hour = models.PositiveSmallIntegerField(
        default=4, validators=[MaxValueValidator(23)]
    )
    desired_retention = models.FloatField(
        default=0.90, validators=[MinValueValidator(0.70), MaxValueValidator(0.97)]
    )
    new_cards_per_day = models.PositiveSmallIntegerField(
        default=20, validators=[MaxValueValidator(500)]
    )
    exam = models.CharField(max_length=16, blank=True)  # an exam id from content/services.yaml
    exam_date = models.DateField(null=True, blank=True)

    def __str__(self):
        return self.user.get_username() if self.user_id else f"guest-{self.pk}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)
