import pytest

from studyapp.quiz.scoring import PASS_MARK, breakdown, passed, scaled_score, trend


@pytest.mark.parametrize(
    ("correct", "total", "score"),
    [(0, 65, 100), (65, 65, 1000), (45, 65, 723), (44, 65, 709), (1, 2, 550), (0, 0, 100)],
)
def test_scaled_score_is_linear_from_100_to_1000(correct, total, score):
    assert scaled_score(correct, total) == score


def test_passed_at_720_and_above():
    assert (PASS_MARK, passed(720), passed(719)) == (720, True, False)


def test_breakdown_keeps_the_named_order_and_skips_empty_keys():
    rows = [("b", True), ("a", False), ("a", True), ("z", True)]
    table = breakdown(rows, {"a": "Alpha", "b": "Beta", "c": "Gamma"})
    assert [(r["key"], r["name"], r["correct"], r["total"], r["percent"]) for r in table] == [
        ("a", "Alpha", 1, 2, 50),
        ("b", "Beta", 1, 1, 100),
        ("z", "z", 1, 1, 100),
    ]


def test_trend_is_latest_minus_first():
    assert (trend([]), trend([600]), trend([600, 700, 650])) == (None, None, 50)
