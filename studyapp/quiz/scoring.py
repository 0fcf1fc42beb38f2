"""Exam scores: a scaled score of 100-1000 with a pass mark of 720, and breakdowns.

AWS does not publish its scaling (it equates forms of different difficulty).
We scale linearly from the share of questions answered right:
    scaled = round(100 + 900 * correct / total)
so 0 right is 100, all right is 1000, and the pass mark of 720 needs
correct / total >= 620/900, about 68.9% (45 of 65).
Unanswered questions count as wrong, as on the real exam.
"""

from __future__ import annotations

from collections import OrderedDict

MIN_SCORE = 100
MAX_SCORE = 1000
PASS_MARK = 720


def scaled_score(correct: int, total: int) -> int:
    if total <= 0:
        return MIN_SCORE
    return round(MIN_SCORE + (MAX_SCORE - MIN_SCORE) * correct / total)


def passed(score: int) -> bool:
    return score >= PASS_MARK


def breakdown(rows: list[tuple[str, bool]], names: dict[str, str]) -> list[dict]:
    """rows: (key, correct) per question -> [{key, name, correct, total, percent}] in order.

    Keys in `names` come first in its order (an exam's domains as listed), then others.
    """
    tally: OrderedDict[str, list[int]] = OrderedDict((key, [0, 0]) for key in names)
    for key, correct in rows:
        counts = tally.setdefault(key, [0, 0])
        counts[0] += 1 if correct else 0
        counts[1] += 1
    return [
        {
            "key": key,
            "name": names.get(key, key),
            "correct": right,
            "total": total,
            "percent": round(100 * right / total) if total else 0,
        }
        for key, (right, total) in tally.items()
        if total
    ]


def trend(scores: list[int]) -> int | None:
    """Latest score minus the first of the attempts shown; None for fewer than two."""
    if len(scores) < 2:
        return None
    return scores[-1] - scores[0]
