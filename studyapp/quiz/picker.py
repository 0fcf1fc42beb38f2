"""The scenario picker: quick-fire requirements, one service to pick for each.

Requirements are the rules' `examples` (the rule's service fits) and the
scenarios' situations (the scenario's primary service fits). A learner's picks
give streaks, a per-service accuracy table and a confusion list.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from studyapp.catalog.models import Item, Service
from studyapp.quiz.decoder_catalog import decode_text
from studyapp.quiz.errors import Refused
from studyapp.quiz.models_practice_tools import PickerAnswer
from studyapp.study.api import record_outside_answer

# The tiles: the integration services the course is about, in a fixed order so a
# learner's number keys always mean the same service.
PICKER_SERVICES = [
    "sqs",
    "sns",
    "eventbridge",
    "pipes",
    "scheduler",
    "stepfunctions",
    "mq",
    "appsync",
    "kinesis-data-streams",
    "firehose",
    "msk",
    "swf",
    "apigateway",
    "appflow",
]
RECENT_TO_AVOID = 8  # do not repeat one of the last few requirements


@dataclass(frozen=True)
class Requirement:
    key: str
    text: str
    expected: str  # service id
    item_id: str  # the rule or scenario it comes from
    rule_id: str | None


def _plain(markdown: str) -> str:
    """Markdown emphasis and code marks removed: requirements are shown as plain text."""
    return re.sub(r"[*_`]+", "", markdown).strip()


def requirements() -> list[Requirement]:
    found = []
    for item in Item.objects.filter(kind__in=["rule", "scenario"], retired=False).order_by("pk"):
        if item.kind == "rule":
            for n, example in enumerate(item.data.get("examples", []), start=1):
                found.append(
                    Requirement(f"{item.id}#{n}", example, item.data["service"], item.id, item.id)
                )
        elif item.services:
            found.append(
                Requirement(
                    item.id, _plain(item.data["situation"]), item.services[0], item.id, None
                )
            )
    return [r for r in found if r.expected in PICKER_SERVICES]


def tiles() -> list[Service]:
    """The services to pick from: those with at least one requirement, in the fixed order."""
    wanted = {r.expected for r in requirements()}
    services = {s.id: s for s in Service.objects.filter(pk__in=wanted)}
    return [services[s] for s in PICKER_SERVICES if s in services]


def find_requirement(key: str) -> Requirement:
    for requirement in requirements():
        if requirement.key == key:
            return requirement
    raise Refused(f"There is no requirement {key!r} in the picker; nothing was recorded.")


def next_requirement(learner, rng: random.Random) -> Requirement | None:
    pool = requirements()
    if not pool:
        return None
    recent = set()
    if learner is not None:
        recent = set(
            learner.picker_answers.order_by("-answered_at", "-pk").values_list(
                "requirement", flat=True
            )[:RECENT_TO_AVOID]
        )
    fresh = [r for r in pool if r.key not in recent] or pool
    return rng.choice(fresh)


@transaction.atomic
def record_pick(learner, key: str, service: str, now: datetime) -> PickerAnswer:
    """Save a pick and feed it to study: a wrong pick brings the rule's card back."""
    requirement = find_requirement(key)
    if service not in {s.id for s in tiles()}:
        raise Refused(f"{service!r} is not one of the services to pick from; nothing was recorded.")
    answer = PickerAnswer.objects.create(
        learner=learner,
        requirement=requirement.key,
        item_id=requirement.item_id,
        expected=requirement.expected,
        picked=service,
        correct=service == requirement.expected,
        answered_at=now,
    )
    study_item = _study_item(requirement)
    if study_item is not None:
        record_outside_answer(learner, study_item, answer.correct, now, "picker")
    return answer


def _study_item(requirement: Requirement) -> str | None:
    """The card a pick feeds: the requirement's rule, or for a scenario (which has no
    card) the strongest rule pointing to the right service in its situation."""
    if requirement.rule_id:
        return requirement.rule_id
    for service in decode_text(requirement.text).services:
        if service.service == requirement.expected and service.rules:
            return service.rules[0]
    return None


@dataclass(frozen=True)
class ServiceAccuracy:
    service: str
    name: str
    asked: int
    right: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.asked) if self.asked else 0


@dataclass(frozen=True)
class Confusion:
    picked: str
    picked_name: str
    expected: str
    expected_name: str
    times: int


def streaks(correct_in_order: list[bool]) -> tuple[int, int]:
    """(current streak, best streak) of right picks."""
    current = best = 0
    for right in correct_in_order:
        current = current + 1 if right else 0
        best = max(best, current)
    return current, best


def picker_stats(learner) -> dict:
    answers = list(learner.picker_answers.all()) if learner is not None else []
    names = dict(Service.objects.values_list("id", "name"))
    current, best = streaks([a.correct for a in answers])
    asked = Counter(a.expected for a in answers)
    right = Counter(a.expected for a in answers if a.correct)
    confused = Counter((a.picked, a.expected) for a in answers if not a.correct)
    return {
        "total": len(answers),
        "right": sum(right.values()),
        "streak": current,
        "best_streak": best,
        "accuracy": [
            ServiceAccuracy(s, names.get(s, s), asked[s], right[s])
            for s in sorted(asked, key=lambda s: (right[s] / asked[s], s))
        ],
        "confusions": [
            Confusion(p, names.get(p, p), e, names.get(e, e), n)
            for (p, e), n in sorted(confused.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def merge_picker(source, target) -> None:
    PickerAnswer.objects.filter(learner=source).update(learner=target)
