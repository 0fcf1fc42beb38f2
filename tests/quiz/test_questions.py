import pytest

from studyapp.catalog.models import Item
from studyapp.quiz.errors import Refused
from studyapp.quiz.questions import checked_choice, choose_label, is_correct, shuffled_options


@pytest.fixture
def single(small_catalog):
    return Item.objects.get(pk="t-q-1")


@pytest.fixture
def choose_two(small_catalog):
    return Item.objects.get(pk="t-q-2")


def ids(options):
    return [o["id"] for o in options]


def test_shuffled_options_same_seed_same_order_across_reloads(single):
    assert ids(shuffled_options(single, 42)) == ids(shuffled_options(single, 42))


def test_shuffled_options_vary_with_the_seed(single):
    orders = {tuple(ids(shuffled_options(single, seed))) for seed in range(30)}
    assert len(orders) > 5
    assert all(sorted(order) == ["a", "b", "c", "d"] for order in orders)


def test_shuffled_options_carry_rendered_html(single):
    option = next(o for o in shuffled_options(single, 1) if o["id"] == "a")
    assert option["text"] == "Visibility timeout"
    assert option["why"] == "<p>Right: it hides the message while it is worked on.</p>"


def test_is_correct_choose_two_is_all_or_nothing(choose_two):
    assert is_correct(choose_two, ["c", "a"]) is True
    assert is_correct(choose_two, ["a"]) is False
    assert is_correct(choose_two, ["a", "b"]) is False


def test_checked_choice_refuses_a_forged_option(single):
    with pytest.raises(Refused) as refused:
        checked_choice(single, ["z"], complete=True)
    assert refused.value.message == (
        "Option 'z' is not one of this question's options (a, b, c, d); nothing was saved."
    )


def test_checked_choice_refuses_too_many_options(choose_two):
    with pytest.raises(Refused) as refused:
        checked_choice(choose_two, ["a", "b", "c"], complete=False)
    assert (
        refused.value.message
        == "This question asks you to choose two; you picked 3. Nothing was saved."
    )


def test_checked_choice_practice_needs_exactly_choose(choose_two):
    with pytest.raises(Refused) as refused:
        checked_choice(choose_two, ["a"], complete=True)
    assert (
        refused.value.message
        == "This question asks you to choose two; you picked 1. Pick 2 options."
    )


def test_checked_choice_exam_keeps_a_partial_choice_in_option_order(choose_two):
    assert checked_choice(choose_two, ["c"], complete=False) == ["c"]
    assert checked_choice(choose_two, ["c", "a"], complete=False) == ["a", "c"]


def test_checked_choice_practice_refuses_no_choice(single):
    with pytest.raises(Refused) as refused:
        checked_choice(single, [], complete=True)
    assert refused.value.message == "Pick an answer first: no option was chosen."


def test_choose_label_names_the_count(single, choose_two):
    assert (choose_label(single), choose_label(choose_two)) == ("", "Choose two.")
