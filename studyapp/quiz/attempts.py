"""Finding a learner's own attempt, and the parts of an attempt every mode shares."""

from __future__ import annotations

from studyapp.catalog.models import Item
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import Answer, Attempt


def own_attempt(learner, attempt_id: int, mode: str) -> Attempt:
    """The attempt if it is this learner's; Refused (404/403) otherwise."""
    attempt = Attempt.objects.filter(pk=attempt_id, mode=mode).first()
    if attempt is None:
        raise Refused(f"There is no {mode} attempt number {attempt_id}.", status=404)
    if learner is None or attempt.learner_id != learner.pk:
        raise Refused(
            f"{mode.capitalize()} attempt {attempt_id} belongs to another learner; "
            "you can only open your own attempts.",
            status=403,
        )
    return attempt


def answer_for(attempt: Attempt, item_id: str) -> Answer:
    """The attempt's answer row for a question; Refused if the question is not in it."""
    answer = attempt.answers.select_related("item").filter(item_id=item_id).first()
    if answer is None:
        raise Refused(f"Question {item_id!r} is not part of this attempt; nothing was saved.")
    return answer


def answer_at(attempt: Attempt, position: int) -> Answer:
    answer = attempt.answers.select_related("item").filter(position=position).first()
    if answer is None:
        total = attempt.answers.count()
        raise Refused(
            f"This attempt has questions 1 to {total}; there is no question {position}.", 404
        )
    return answer


def create_answers(attempt: Attempt, items: list[Item], domains: dict[str, str] | None = None):
    domains = domains or {}
    Answer.objects.bulk_create(
        Answer(attempt=attempt, position=n, item=item, domain=domains.get(item.id, ""))
        for n, item in enumerate(items, start=1)
    )


def facts_tested(items) -> dict[str, list[Item]]:
    """For each question id: the fact items it `tests`, for links back to study."""
    wanted = {fact_id for item in items for fact_id in item.data.get("tests", [])}
    facts = {
        f.id: f for f in Item.objects.filter(pk__in=wanted, retired=False).select_related("topic")
    }
    return {item.id: [facts[f] for f in item.data.get("tests", []) if f in facts] for item in items}
