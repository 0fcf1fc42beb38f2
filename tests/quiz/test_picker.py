"""Scenario picker domain: requirements, picks, streaks, accuracy, confusions, study feed."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from studyapp.catalog.loader import render_item
from studyapp.catalog.models import Item
from studyapp.learners.models import Learner
from studyapp.quiz import picker
from studyapp.quiz.errors import Refused
from studyapp.quiz.models_practice_tools import PickerAnswer
from studyapp.study.models import Card, Review

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def add_rule(rule_id, service, triggers, examples, topic="queues"):
    data = {
        "id": rule_id,
        "triggers": triggers,
        "service": service,
        "think": f"Think {service}",
        "why": f"Because **{service}**.",
        "examples": examples,
        "source": "001_894ab734d0d8d61d.txt",
    }
    return Item.objects.create(
        id=rule_id,
        topic_id=topic,
        kind=Item.Kind.RULE,
        position=100,
        data=data,
        html=render_item("rules", data),
        services=[service],
        source=data["source"],
        content_hash=rule_id,
    )


@pytest.fixture
def picker_catalog(small_catalog):
    """The fixture catalog (an SQS rule and scenario) plus an SNS fan-out rule."""
    add_rule(
        "t-rule-fan",
        "sns",
        ["many subscribers", "fan out"],
        ["One event must reach many subscribers."],
    )
    return small_catalog


@pytest.fixture
def learner(db):
    return Learner.objects.create()


def test_requirements_come_from_rule_examples_and_scenarios(picker_catalog):
    found = {(r.key, r.expected, r.rule_id) for r in picker.requirements()}
    assert found == {
        ("t-rule-buffer#1", "sqs", "t-rule-buffer"),
        ("t-rule-fan#1", "sns", "t-rule-fan"),
        ("t-scn-1", "sqs", None),
    }


def test_tiles_are_the_services_with_requirements_in_fixed_order(picker_catalog):
    assert [s.id for s in picker.tiles()] == ["sqs", "sns"]


def test_next_requirement_avoids_the_ones_just_answered(picker_catalog, learner):
    picker.record_pick(learner, "t-rule-buffer#1", "sqs", NOW)
    picker.record_pick(learner, "t-scn-1", "sqs", NOW + timedelta(seconds=1))
    assert picker.next_requirement(learner, random.Random(3)).key == "t-rule-fan#1"


def test_record_pick_saves_right_and_wrong_picks(picker_catalog, learner):
    right = picker.record_pick(learner, "t-rule-fan#1", "sns", NOW)
    wrong = picker.record_pick(learner, "t-rule-buffer#1", "sns", NOW)
    assert (right.correct, right.expected, wrong.correct, wrong.expected) == (
        True,
        "sns",
        False,
        "sqs",
    )


def test_wrong_pick_makes_the_rules_card_due(picker_catalog, learner):
    picker.record_pick(learner, "t-rule-buffer#1", "sns", NOW)
    card = Card.objects.get(learner=learner, card_id="t-rule-buffer")
    review = Review.objects.get(learner=learner, card_id="t-rule-buffer")
    assert (review.source, review.rating) == ("picker", 1)
    assert card.due <= NOW + timedelta(hours=1)


def test_record_pick_refuses_an_unknown_requirement_and_saves_nothing(picker_catalog, learner):
    with pytest.raises(Refused) as error:
        picker.record_pick(learner, "no-such#1", "sqs", NOW)
    assert (
        error.value.message
        == "There is no requirement 'no-such#1' in the picker; nothing was recorded."
    )
    assert PickerAnswer.objects.count() == 0


def test_record_pick_refuses_a_service_that_is_not_a_tile(picker_catalog, learner):
    with pytest.raises(Refused) as error:
        picker.record_pick(learner, "t-rule-fan#1", "ec2", NOW)
    assert (
        error.value.message
        == "'ec2' is not one of the services to pick from; nothing was recorded."
    )
    assert PickerAnswer.objects.count() == 0


def test_streaks_count_current_and_best_runs():
    assert picker.streaks([True, True, False, True, True, True, False, True]) == (1, 3)
    assert picker.streaks([]) == (0, 0)


def test_picker_stats_give_accuracy_and_confusions(picker_catalog, learner):
    picks = [
        ("t-rule-fan#1", "sqs"),
        ("t-rule-fan#1", "sqs"),
        ("t-rule-fan#1", "sns"),
        ("t-scn-1", "sqs"),
    ]
    for n, (key, service) in enumerate(picks):
        picker.record_pick(learner, key, service, NOW + timedelta(seconds=n))
    stats = picker.picker_stats(learner)
    assert (stats["total"], stats["right"], stats["streak"], stats["best_streak"]) == (4, 2, 2, 2)
    assert [(a.service, a.asked, a.right, a.percent) for a in stats["accuracy"]] == [
        ("sns", 3, 1, 33),
        ("sqs", 1, 1, 100),
    ]
    assert [(c.picked, c.expected, c.times) for c in stats["confusions"]] == [("sqs", "sns", 2)]


def test_merge_picker_moves_a_guests_picks(picker_catalog, learner):
    other = Learner.objects.create()
    picker.record_pick(learner, "t-rule-fan#1", "sns", NOW)
    picker.merge_picker(learner, other)
    assert list(PickerAnswer.objects.values_list("learner_id", flat=True)) == [other.pk]


def add_scenario(scenario_id, situation, services):
    data = {
        "id": scenario_id,
        "title": scenario_id,
        "situation": situation,
        "design": "A design.",
        "why": "Because.",
        "services": services,
        "source": "004_7e82ef6f57b3a9a9.txt",
    }
    return Item.objects.create(
        id=scenario_id,
        topic_id="queues",
        kind=Item.Kind.SCENARIO,
        position=200,
        data=data,
        html=render_item("scenarios", data),
        services=services,
        source=data["source"],
        content_hash=scenario_id,
    )


def test_wrong_pick_on_a_scenario_makes_the_fitting_rules_card_due(picker_catalog, learner):
    add_scenario("t-scn-burst", "Orders come in bursts, so the shop needs a buffer.", ["sqs"])
    picker.record_pick(learner, "t-scn-burst", "sns", NOW)
    review = Review.objects.get(learner=learner)
    assert (review.card_id, review.source, review.rating) == ("t-rule-buffer", "picker", 1)
    assert Card.objects.get(learner=learner, card_id="t-rule-buffer").due <= NOW + timedelta(
        hours=1
    )


def test_pick_on_a_scenario_no_rule_explains_is_saved_without_touching_study(
    picker_catalog, learner
):
    answer = picker.record_pick(learner, "t-scn-1", "sns", NOW)
    assert (answer.correct, answer.expected) == (False, "sqs")
    assert Review.objects.filter(learner=learner).count() == 0
