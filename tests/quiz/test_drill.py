"""Table drill domain: hidden cells, plausible choices, checking, study feed."""

from datetime import UTC, datetime

import pytest

from studyapp.catalog.loader import render_item
from studyapp.catalog.models import Item
from studyapp.learners.models import Learner
from studyapp.quiz import drill
from studyapp.quiz.errors import Refused
from studyapp.quiz.models_practice_tools import DrillAnswer
from studyapp.study.models import Card, Review

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def table(small_catalog):
    """A 3 x 3 table: 9 cells, so 3 are hidden."""
    data = {
        "id": "t-three",
        "title": "Three services",
        "columns": [
            {"id": "sqs", "label": "SQS"},
            {"id": "sns", "label": "SNS"},
            {"id": "eb", "label": "EventBridge"},
        ],
        "rows": [
            {
                "id": "model",
                "label": "Model",
                "cells": {"sqs": "Pull", "sns": "Push", "eb": "Push with rules"},
            },
            {
                "id": "keeps",
                "label": "Keeps messages",
                "cells": {"sqs": "Up to 14 days", "sns": "No", "eb": "Archive"},
            },
            {
                "id": "size",
                "label": "Max size",
                "cells": {"sqs": "1 MiB", "sns": "256 KB", "eb": "256 KB"},
            },
        ],
        "source": "002_adff30d41b85c7f1.txt",
    }
    return add_table(data)


def add_table(data: dict) -> Item:
    """A comparison table item in the fixture's topic, rendered as the loader would."""
    return Item.objects.create(
        id=data["id"],
        topic_id="queues",
        kind=Item.Kind.TABLE,
        position=10,
        data=data,
        html=render_item("tables", data),
        services=["sqs"],
        source=data["source"],
        content_hash=data["id"],
    )


@pytest.fixture
def learner(db):
    return Learner.objects.create()


def right_choices(plan):
    return {cell.key: str(cell.choices.index(cell.answer) + 1) for cell in plan.hidden}


def test_plan_hides_a_third_of_the_cells_the_same_way_for_one_seed(table):
    plan = drill.plan_drill(table, 42)
    assert len(plan.hidden) == 3
    assert drill.plan_drill(table, 42) == plan


def test_choices_are_the_answer_and_values_from_its_row_and_column(table):
    plan = drill.plan_drill(table, 7)
    for cell in plan.hidden:
        row = next(r for r in table.data["rows"] if r["id"] == cell.row)
        plausible = set(row["cells"].values()) | {
            r["cells"][cell.column] for r in table.data["rows"]
        }
        assert cell.answer in cell.choices
        assert set(cell.choices) <= plausible
        assert len(cell.choices) == len(set(cell.choices)) >= 2


def test_check_drill_grades_every_cell_and_feeds_study(table, learner):
    plan = drill.plan_drill(table, 42)
    picked = right_choices(plan)
    first = plan.hidden[0]
    wrong = next(n for n, c in enumerate(first.choices, start=1) if c != first.answer)
    picked[first.key] = str(wrong)
    answers = drill.check_drill(learner, plan, picked, NOW)
    assert [a.correct for a in answers] == [False, True, True]
    card_id = f"t-three:{first.row}:{first.column}"
    assert Review.objects.get(learner=learner, card_id=card_id).rating == 1
    assert Card.objects.get(learner=learner, card_id=card_id).due <= NOW.replace(hour=10)


def test_check_drill_refuses_a_missing_cell_naming_it(table, learner):
    plan = drill.plan_drill(table, 42)
    picked = right_choices(plan)
    first = plan.hidden[0]
    picked[first.key] = ""
    with pytest.raises(Refused) as error:
        drill.check_drill(learner, plan, picked, NOW)
    assert error.value.message == (
        f"Choose a value for {first.row_label} · {first.column_label}; nothing was checked yet."
    )
    assert DrillAnswer.objects.count() == 0


def test_check_drill_refuses_a_forged_choice(table, learner):
    plan = drill.plan_drill(table, 42)
    picked = right_choices(plan)
    picked[plan.hidden[1].key] = "99"
    with pytest.raises(Refused) as error:
        drill.check_drill(learner, plan, picked, NOW)
    assert "'99' is not one of the choices for" in error.value.message
    assert DrillAnswer.objects.count() == 0


def test_check_drill_refuses_a_second_check_and_changes_nothing(table, learner):
    plan = drill.plan_drill(table, 42)
    drill.check_drill(learner, plan, right_choices(plan), NOW)
    with pytest.raises(Refused) as error:
        drill.check_drill(learner, plan, right_choices(plan), NOW)
    assert error.value.status == 409
    assert DrillAnswer.objects.count() == 3


def test_find_table_refuses_an_unknown_table(small_catalog):
    with pytest.raises(Refused) as error:
        drill.find_table("nope")
    assert (error.value.message, error.value.status) == (
        "There is no comparison table 'nope' to drill.",
        404,
    )


def test_drill_tables_lists_tables_with_hideable_cells(table):
    assert [t.id for t in drill.drill_tables()] == ["t-std-vs-fifo", "t-three"]
