"""Question decoder: top-1 accuracy on the question bank and on written requirement phrases.

How it is measured (the same way tests/quiz/test_decoder_accuracy.py checks it):
- questions: every question in content/topics/*.yaml; the decoder sees the stem
  only (options and explanations hidden); right when its best-ranked service is
  the question's primary service (`services[0]`);
- phrases: tests/quiz/decoder_phrases.yaml, requirement sentences written for
  this measure (not copied from any rule's triggers), each with the service it
  should lead to.
Reads content/ directly (no database). Also times decoding. Writes
bench/results/quiz_decoder.json. Goal: at least 85% on each.
"""

from __future__ import annotations

import platform
import sys
import time
from collections import Counter
from pathlib import Path

from _results import write_figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyapp.quiz.decoder_eval import (  # noqa: E402
    accuracy,
    evaluate,
    index_from_content,
    phrase_cases,
    question_cases,
)

PHRASES = ROOT / "tests" / "quiz" / "decoder_phrases.yaml"
GOAL = 0.85
METHOD = {
    "metric": "top-1 accuracy: the decoder's best-ranked service equals the expected service;"
    " a text with no evidence at all counts as wrong",
    "questions": "every question in content/topics/*.yaml; the decoder sees the stem only"
    " (options and explanations hidden); expected = the question's primary service"
    " (services[0]); the index holds rules, facts, traps and scenarios, never questions",
    "phrases": "tests/quiz/decoder_phrases.yaml: requirement sentences written in our own words"
    " (not the rules' trigger phrases), each with the service that fits best",
    "same_as": "tests/quiz/test_decoder_accuracy.py, which fails below the goal",
}


def summary(outcomes) -> dict:
    wrong = [o for o in outcomes if not o.right]
    confused = Counter(f"{o.case.expected} -> {o.got}" for o in wrong)
    return {
        "cases": len(outcomes),
        "top1_right": len(outcomes) - len(wrong),
        "top1_accuracy": round(accuracy(outcomes), 4),
        "meets_goal": accuracy(outcomes) >= GOAL,
        "most_confused": dict(confused.most_common(10)),
        "per_expected_service": per_service(outcomes),
        "wrong": [{"id": o.case.id, "expected": o.case.expected, "got": o.got} for o in wrong],
    }


def per_service(outcomes) -> dict:
    """Right/total for each expected service, so a weak spot is visible."""
    totals: Counter = Counter(o.case.expected for o in outcomes)
    right: Counter = Counter(o.case.expected for o in outcomes if o.right)
    return {s: f"{right[s]}/{n}" for s, n in totals.most_common()}


def main() -> dict:
    started = time.perf_counter()
    index, questions = index_from_content(ROOT / "content")
    built = time.perf_counter() - started
    questions_cases = question_cases(questions)
    started = time.perf_counter()
    on_questions = evaluate(questions_cases, index)
    per_question_ms = 1000 * (time.perf_counter() - started) / max(len(questions_cases), 1)
    on_phrases = evaluate(phrase_cases(PHRASES), index)
    result = {
        "method": METHOD,
        "goal_top1_accuracy": GOAL,
        "questions": summary(on_questions),
        "phrases": summary(on_phrases),
        "rules": len(index.rules),
        "trigger_phrases": sum(1 for p in index.phrases if p.rule),
        "index_build_seconds": round(built, 3),
        "decode_ms_per_question": round(per_question_ms, 2),
        "python": platform.python_version(),
    }
    write_figures("quiz_decoder", result, show=False)
    return result


if __name__ == "__main__":
    figures = main()
    print(
        f"decoder top-1: questions {figures['questions']['top1_accuracy']:.1%} "
        f"({figures['questions']['top1_right']}/{figures['questions']['cases']}), "
        f"phrases {figures['phrases']['top1_accuracy']:.1%} "
        f"({figures['phrases']['top1_right']}/{figures['phrases']['cases']}); "
        f"{figures['decode_ms_per_question']} ms a question -> bench/results/quiz_decoder.json"
    )
