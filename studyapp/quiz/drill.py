"""Table drills: a comparison table with some cells hidden, each chosen from plausible values.

The seed fixes which cells are hidden and the order of their choices, so a
drill survives a reload and can be checked by the server without storing it
first. The wrong choices come from the same row and the same column: the
values a learner could really mix up. Every checked cell feeds study under its
card id "<table-id>:<row-id>:<column-id>", so a mistake makes that card due.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from studyapp.catalog.models import Item
from studyapp.quiz.errors import Refused
from studyapp.quiz.models_practice_tools import DrillAnswer
from studyapp.study.api import record_outside_answer

MAX_CHOICES = 4
MAX_HIDDEN = 6


@dataclass(frozen=True)
class HiddenCell:
    row: str
    column: str
    row_label: str
    column_label: str
    answer: str
    choices: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.row}:{self.column}"


@dataclass(frozen=True)
class DrillPlan:
    table: Item
    seed: int
    hidden: list[HiddenCell]

    def hidden_at(self, row: str, column: str) -> HiddenCell | None:
        return next((c for c in self.hidden if c.row == row and c.column == column), None)


def plain(markdown: str) -> str:
    return re.sub(r"[*_`]+", "", str(markdown)).strip()


def _candidates(table: dict, row: dict, column: dict) -> list[str]:
    """Other values of the same row and the same column, each once, never the answer."""
    answer = plain(row["cells"][column["id"]])
    values = [plain(row["cells"][c["id"]]) for c in table["columns"] if c["id"] != column["id"]]
    values += [plain(r["cells"][column["id"]]) for r in table["rows"] if r["id"] != row["id"]]
    seen, unique = {answer}, []
    for value in values:
        if value not in seen:
            seen.add(value)
            unique.append(value)
    return unique


def drill_tables() -> list[Item]:
    tables = Item.objects.filter(kind=Item.Kind.TABLE, retired=False).select_related("topic")
    return [t for t in tables if any(_hideable(t.data))]


def _hideable(table: dict) -> list[tuple[dict, dict]]:
    return [
        (row, column)
        for row in table["rows"]
        for column in table["columns"]
        if _candidates(table, row, column)
    ]


def find_table(table_id: str) -> Item:
    table = Item.objects.filter(pk=table_id, kind=Item.Kind.TABLE, retired=False).first()
    if table is None:
        raise Refused(f"There is no comparison table {table_id!r} to drill.", status=404)
    if not _hideable(table.data):
        raise Refused(f"The table {table_id!r} has no cell with another value to confuse it with.")
    return table


def plan_drill(table: Item, seed: int) -> DrillPlan:
    rng = random.Random(f"{table.id}:{seed}")
    cells = _hideable(table.data)
    count = max(1, min(MAX_HIDDEN, round(len(cells) / 3)))
    picked = rng.sample(cells, count)
    order = {(r["id"], c["id"]): n for n, (r, c) in enumerate(cells)}
    hidden = []
    for row, column in sorted(picked, key=lambda rc: order[(rc[0]["id"], rc[1]["id"])]):
        wrong = _candidates(table.data, row, column)
        choices = [
            plain(row["cells"][column["id"]]),
            *rng.sample(wrong, min(MAX_CHOICES - 1, len(wrong))),
        ]
        rng.shuffle(choices)
        answer = plain(row["cells"][column["id"]])
        hidden.append(
            HiddenCell(
                row["id"], column["id"], row["label"], column["label"], answer, tuple(choices)
            )
        )
    return DrillPlan(table, seed, hidden)


def checked_answers(learner, table: Item, seed: int) -> dict[str, DrillAnswer]:
    if learner is None:
        return {}
    rows = DrillAnswer.objects.filter(learner=learner, table=table, seed=seed)
    return {f"{a.row}:{a.column}": a for a in rows}


def check_drill(
    learner, plan: DrillPlan, picked: dict[str, str], now: datetime
) -> list[DrillAnswer]:
    """Grade every hidden cell; `picked` maps "row:column" to the chosen choice's number (1-based).

    All or nothing: a missing or forged choice refuses the whole form, naming the cell.
    """
    chosen = {}
    for cell in plan.hidden:
        value = (picked.get(cell.key) or "").strip()
        where = f"{cell.row_label} · {cell.column_label}"
        if not value:
            raise Refused(f"Choose a value for {where}; nothing was checked yet.")
        if not value.isdigit() or not 1 <= int(value) <= len(cell.choices):
            raise Refused(f"{value!r} is not one of the choices for {where}; nothing was checked.")
        chosen[cell.key] = cell.choices[int(value) - 1]
    if checked_answers(learner, plan.table, plan.seed):
        raise Refused(
            "This drill was already checked; its answers cannot change. Start a new one.", 409
        )
    try:
        with transaction.atomic():
            answers = DrillAnswer.objects.bulk_create(
                DrillAnswer(
                    learner=learner,
                    table=plan.table,
                    seed=plan.seed,
                    row=cell.row,
                    column=cell.column,
                    chosen=chosen[cell.key],
                    correct=chosen[cell.key] == cell.answer,
                    answered_at=now,
                )
                for cell in plan.hidden
            )
    except IntegrityError:  # the same form sent twice at once
        raise Refused("This drill was already checked; its answers cannot change.", 409) from None
    for answer in answers:
        card_id = f"{plan.table.id}:{answer.row}:{answer.column}"
        record_outside_answer(learner, card_id, answer.correct, now, "drill")
    return answers


def merge_drill(source, target) -> None:
    # Seeds are random 48-bit numbers: two learners sharing one is not worth a merge rule.
    DrillAnswer.objects.filter(learner=source).update(learner=target)
