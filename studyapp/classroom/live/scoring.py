"""Points for one answer in a live game: a pure function, exact to the microsecond.

A correct answer earns P × (1 − min(t, T) / T / 2), rounded half up, where t is
the time from the question opening to the answer's arrival (server clock) and
T the time limit; under half a second it earns the full P. A wrong answer earns
nothing. The streak bonus is +100 for each consecutive correct answer after
the first, at most +500, on questions worth points (P > 0).

Decisions where the rule is silent: a question worth no points still counts
for the streak (it is a correct answer) but adds no bonus; a question a player
did not answer breaks the streak, like a wrong answer.
"""

from dataclasses import dataclass
from datetime import timedelta

FULL_POINTS_WITHIN = timedelta(milliseconds=500)
STREAK_STEP = 100
STREAK_CAP = 500


@dataclass(frozen=True)
class Scored:
    points: int  # total for this answer, streak bonus included
    streak: int  # the player's streak after this answer
    bonus: int


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def speed_points(points: int, elapsed: timedelta, time_limit: timedelta) -> int:
    """P × (1 − min(t, T) / T / 2), rounded half up; P when t < 0.5 s."""
    if points <= 0:
        return 0
    if elapsed < FULL_POINTS_WITHIN:
        return points
    t = min(elapsed, time_limit) // timedelta(microseconds=1)
    limit = time_limit // timedelta(microseconds=1)
    # P × (2T − t) / 2T with integers only, so 0.5 rounds up exactly.
    return _round_half_up(points * (2 * limit - t), 2 * limit)


def score_answer(
    *, correct: bool, points: int, elapsed: timedelta, time_limit: timedelta, streak_before: int
) -> Scored:
    if not correct:
        return Scored(points=0, streak=0, bonus=0)
    streak = streak_before + 1
    bonus = min(STREAK_STEP * (streak - 1), STREAK_CAP) if points > 0 else 0
    return Scored(
        points=speed_points(points, elapsed, time_limit) + bonus, streak=streak, bonus=bonus
    )
