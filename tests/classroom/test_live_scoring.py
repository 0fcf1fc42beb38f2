from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from studyapp.classroom.live.scoring import Scored, score_answer, speed_points

T20 = timedelta(seconds=20)


def s(seconds):
    return timedelta(seconds=seconds)


def test_speed_points_full_under_half_a_second():
    assert speed_points(1000, s(0), T20) == 1000
    assert speed_points(1000, timedelta(microseconds=499_999), T20) == 1000


def test_speed_points_at_half_a_second_rounds_half_up():
    # 1000 × (1 − 0.5/20/2) = 987.5 → 988
    assert speed_points(1000, s(0.5), T20) == 988


def test_speed_points_exact_values():
    assert speed_points(1000, s(1), T20) == 975
    assert speed_points(1000, s(10), T20) == 750
    assert speed_points(1000, s(3.3), T20) == 918  # 917.5 rounds up
    assert speed_points(2000, s(5), T20) == 1750
    assert speed_points(1000, timedelta(seconds=6, microseconds=1), T20) == 850  # 849.99997…


def test_speed_points_after_the_limit_earn_half():
    assert speed_points(1000, s(20), T20) == 500
    assert speed_points(1000, s(21), T20) == 500
    assert speed_points(2000, s(60), T20) == 1000


def test_speed_points_no_points_question_earns_nothing():
    assert speed_points(0, s(0.1), T20) == 0


def test_score_answer_wrong_earns_nothing_and_breaks_streak():
    assert score_answer(
        correct=False, points=1000, elapsed=s(1), time_limit=T20, streak_before=4
    ) == Scored(points=0, streak=0, bonus=0)


def test_score_answer_first_correct_has_no_bonus():
    assert score_answer(
        correct=True, points=1000, elapsed=s(1), time_limit=T20, streak_before=0
    ) == Scored(points=975, streak=1, bonus=0)


def test_score_answer_streak_bonus_grows_by_100():
    assert score_answer(
        correct=True, points=1000, elapsed=s(1), time_limit=T20, streak_before=1
    ) == Scored(points=1075, streak=2, bonus=100)
    assert score_answer(
        correct=True, points=1000, elapsed=s(10), time_limit=T20, streak_before=3
    ) == Scored(points=1050, streak=4, bonus=300)


def test_score_answer_streak_bonus_caps_at_500():
    assert score_answer(
        correct=True, points=1000, elapsed=s(0), time_limit=T20, streak_before=5
    ) == Scored(points=1500, streak=6, bonus=500)
    assert score_answer(
        correct=True, points=1000, elapsed=s(0), time_limit=T20, streak_before=40
    ) == Scored(points=1500, streak=41, bonus=500)


def test_score_answer_no_points_question_keeps_streak_without_bonus():
    assert score_answer(
        correct=True, points=0, elapsed=s(1), time_limit=T20, streak_before=3
    ) == Scored(points=0, streak=4, bonus=0)


def test_score_answer_double_points_bonus_is_not_doubled():
    assert score_answer(
        correct=True, points=2000, elapsed=s(0.2), time_limit=T20, streak_before=2
    ) == Scored(points=2200, streak=3, bonus=200)


@given(
    points=st.sampled_from([1000, 2000]),
    first=st.integers(0, 40_000_000),
    later=st.integers(0, 40_000_000),
    limit=st.integers(1, 120),
)
def test_speed_points_never_rise_with_time_and_stay_between_half_and_full(
    points, first, later, limit
):
    early, late = sorted([timedelta(microseconds=first), timedelta(microseconds=later)])
    t = timedelta(seconds=limit)
    assert points // 2 <= speed_points(points, late, t) <= speed_points(points, early, t) <= points
