"""Exam-style questions: option order, grading, and checking a learner's choice.

A question is a catalog Item of kind "question" whose `data` holds stem, choose,
options [{id, text, why}], answer [ids], tests, services, exams, domains.
"""

from __future__ import annotations

import random

from studyapp.catalog.models import Item
from studyapp.quiz.errors import Refused

NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}


def live_questions():
    return Item.objects.filter(kind=Item.Kind.QUESTION, retired=False)


def shuffled_options(item: Item, seed: int) -> list[dict]:
    """The item's options (rendered HTML) in an order fixed by the attempt's seed.

    Seeding with the attempt seed and the item id keeps the order stable across
    reloads and different between questions and attempts.
    """
    options = list(item.html.get("options") or item.data["options"])
    random.Random(f"{seed}:{item.id}").shuffle(options)
    return options


def is_correct(item: Item, chosen: list[str]) -> bool:
    """All or nothing, as the real exam grades "choose two/three"."""
    return set(chosen) == set(item.data["answer"])


def checked_choice(item: Item, chosen: list[str], *, complete: bool) -> list[str]:
    """The chosen option ids, in the item's own order; Refused if they cannot be an answer.

    complete=True (practice: feedback follows at once) needs exactly `choose` options;
    an exam may save a partial choice while the learner thinks.
    """
    option_ids = [o["id"] for o in item.data["options"]]
    forged = [c for c in chosen if c not in option_ids]
    if forged:
        raise Refused(
            f"Option {forged[0]!r} is not one of this question's options "
            f"({', '.join(option_ids)}); nothing was saved."
        )
    picked = [o for o in option_ids if o in set(chosen)]
    choose = item.data["choose"]
    if len(picked) > choose:
        raise Refused(
            f"This question asks you to choose {NUMBER_WORDS.get(choose, choose)}; "
            f"you picked {len(picked)}. Nothing was saved."
        )
    if complete and len(picked) < choose:
        if not picked:
            raise Refused("Pick an answer first: no option was chosen.")
        raise Refused(
            f"This question asks you to choose {NUMBER_WORDS.get(choose, choose)}; "
            f"you picked {len(picked)}. Pick {choose} options."
        )
    return picked


def choose_label(item: Item) -> str:
    choose = item.data["choose"]
    return "" if choose == 1 else f"Choose {NUMBER_WORDS.get(choose, choose)}."
