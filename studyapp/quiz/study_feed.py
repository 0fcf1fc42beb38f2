"""Every answer in a quiz or exam feeds the learner's spaced-repetition schedule."""

from __future__ import annotations

from datetime import datetime

from studyapp.study.api import record_outside_answer


def feed_answer(learner, item_id: str, correct: bool, at: datetime, source: str) -> None:
    """A wrong answer brings the question's cards (and the facts it tests) back."""
    record_outside_answer(learner, item_id, correct, at, source)
