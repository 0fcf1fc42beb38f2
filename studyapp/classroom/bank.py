"""The question bank for instructors: the catalog's questions, filtered for picking."""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.catalog.models import Exam, Item, Topic

QUESTION_TYPES = {"single": "Single answer", "multiple": "Choose two or three"}
DIFFICULTIES = {1: "Easy", 2: "Medium", 3: "Hard"}


@dataclass(frozen=True)
class BankFilters:
    topic: str = ""
    domain: str = ""
    difficulty: int | None = None
    type: str = ""  # "", "single" or "multiple"

    @classmethod
    def from_query(cls, query) -> BankFilters:
        difficulty = query.get("difficulty", "")
        kind = query.get("type", "")
        return cls(
            topic=query.get("topic", "").strip(),
            domain=query.get("domain", "").strip(),
            difficulty=int(difficulty) if difficulty in {"1", "2", "3"} else None,
            type=kind if kind in QUESTION_TYPES else "",
        )


def bank_questions(filters: BankFilters) -> list[Item]:
    items = Item.objects.filter(kind=Item.Kind.QUESTION, retired=False).select_related("topic")
    if filters.topic:
        items = items.filter(topic_id=filters.topic)
    # Domains, difficulty and type live in the item's JSON; lists cannot be
    # queried portably (SQLite), and the bank is a few hundred rows: filter here.
    chosen = []
    for item in items:
        data = item.data
        if filters.domain and filters.domain not in data.get("domains", []):
            continue
        if filters.difficulty and data.get("difficulty") != filters.difficulty:
            continue
        if filters.type == "single" and data.get("choose") != 1:
            continue
        if filters.type == "multiple" and data.get("choose") == 1:
            continue
        chosen.append(item)
    return chosen


def filter_choices() -> dict:
    domains = [
        {"id": d["id"], "name": f"{exam.id}: {d['name']}"}
        for exam in Exam.objects.order_by("id")
        for d in exam.domains
    ]
    return {
        "topics": list(Topic.objects.filter(retired=False)),
        "domains": domains,
        "difficulties": DIFFICULTIES,
        "types": QUESTION_TYPES,
    }
