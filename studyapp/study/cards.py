"""Which cards the content makes, and what each card shows.

One card per fact, per comparison-table cell, per rule, per trap and per exam
question. The card id is derived from content ids only, so history survives any
edit or reordering of the files:

    fact / rule / trap / question   ->  the item id
    table cell                      ->  "<table-id>:<row-id>:<column-id>"

The list of cards is rebuilt only when the catalog changes (one cheap query to
check), because every "next card" needs it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db.models import Count, Max

from studyapp.catalog.models import Item, Topic

CARD_KINDS = ("fact", "cell", "rule", "trap", "question")
KIND_ORDER = {"fact": 0, "table": 1, "rule": 2, "trap": 3, "question": 4}
KIND_NAMES = {
    "fact": "Fact",
    "cell": "Table cell",
    "rule": "Rule",
    "trap": "True or false",
    "question": "Exam question",
}


@dataclass(frozen=True)
class CardSpec:
    card_id: str
    item_id: str
    topic_id: str
    kind: str  # one of CARD_KINDS
    tests: tuple[str, ...] = ()  # for questions: the fact ids they check
    search_text: str = ""


@dataclass
class CardCatalogue:
    specs: dict[str, CardSpec] = field(default_factory=dict)  # in study order
    by_item: dict[str, list[str]] = field(default_factory=dict)
    by_topic: dict[str, list[str]] = field(default_factory=dict)
    topic_titles: dict[str, str] = field(default_factory=dict)  # in home-page order

    def __contains__(self, card_id: str) -> bool:
        return card_id in self.specs

    def cards_for_item(self, item_id: str) -> list[str]:
        return self.by_item.get(item_id, [])


def cell_card_id(table_id: str, row_id: str, column_id: str) -> str:
    return f"{table_id}:{row_id}:{column_id}"


def specs_for_item(item_id: str, kind: str, topic_id: str, data: dict) -> list[CardSpec]:
    if kind == "table":
        return [
            CardSpec(
                cell_card_id(item_id, row["id"], column["id"]),
                item_id,
                topic_id,
                "cell",
                search_text=" ".join(
                    [
                        data.get("title", ""),
                        row["label"],
                        column["label"],
                        row["cells"][column["id"]],
                    ]
                ),
            )
            for row in data["rows"]
            for column in data["columns"]
        ]
    if kind == "fact":
        text = " ".join([data.get("prompt", ""), data.get("answer", "")])
        return [CardSpec(item_id, item_id, topic_id, "fact", search_text=text)]
    if kind == "rule":
        text = " ".join([*data.get("triggers", []), data.get("think", ""), data.get("service", "")])
        return [CardSpec(item_id, item_id, topic_id, "rule", search_text=text)]
    if kind == "trap":
        text = " ".join([data.get("belief", ""), data.get("reality", "")])
        return [CardSpec(item_id, item_id, topic_id, "trap", search_text=text)]
    if kind == "question":
        text = " ".join([data.get("stem", ""), *(o["text"] for o in data.get("options", []))])
        tests = tuple(data.get("tests", []))
        return [CardSpec(item_id, item_id, topic_id, "question", tests, search_text=text)]
    return []  # scenarios are read, not drilled


def build_catalogue() -> CardCatalogue:
    catalogue = CardCatalogue()
    topics = list(Topic.objects.filter(retired=False).values_list("id", "title"))
    catalogue.topic_titles = dict(topics)
    order = {topic_id: index for index, (topic_id, _) in enumerate(topics)}
    rows = Item.objects.filter(retired=False, topic_id__in=order).values_list(
        "id", "kind", "topic_id", "position", "data"
    )
    rows = sorted(rows, key=lambda r: (order[r[2]], KIND_ORDER.get(r[1], 9), r[3], r[0]))
    for topic_id, _ in topics:
        catalogue.by_topic[topic_id] = []
    for item_id, kind, topic_id, _position, data in rows:
        for spec in specs_for_item(item_id, kind, topic_id, data):
            catalogue.specs[spec.card_id] = spec
            catalogue.by_item.setdefault(item_id, []).append(spec.card_id)
            catalogue.by_topic[topic_id].append(spec.card_id)
    return catalogue


_cache_lock = threading.Lock()
_cache: dict = {"key": None, "catalogue": None}


def catalogue() -> CardCatalogue:
    """The current cards; rebuilt when an item was added, changed or retired."""
    stamp = Item.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    key = (stamp["n"], stamp["changed"], Topic.objects.filter(retired=False).count())
    with _cache_lock:
        if _cache["key"] != key:
            _cache["catalogue"] = build_catalogue()
            _cache["key"] = key
        return _cache["catalogue"]
