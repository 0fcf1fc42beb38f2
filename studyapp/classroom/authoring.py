"""Instructors write quizzes: YAML checked by the content validator, saved only when valid.

A quiz file is `title:`, optional `description:` and `questions:` in the content
schema (content/AUTHORING.md), each question optionally with the live-game
fields `points` (0, 1000 or 2000) and `time_limit` (seconds). Whatever is wrong
is reported as `file:line: field: message`, every error at once, and nothing is
saved until there are none.
"""

from __future__ import annotations

import yaml
from django.conf import settings
from django.db import transaction

from studyapp.catalog.models import Item
from studyapp.catalog.schema import Spec
from studyapp.catalog.validate import Registry, read_questions_text, read_registry
from studyapp.catalog.yamlsource import ContentError, Located, parse_yaml
from studyapp.classroom.models import ALLOWED_POINTS, InstructorQuiz

QUIZ_FILE = "quiz.yaml"  # the name errors give for the editor's text
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 5, 600  # seconds; a live question needs a readable window
LIVE_FIELDS = {
    "points": Spec("int", False, "0 (no points), 1000 (default) or 2000 (double) in a live game"),
    "time_limit": Spec("int", False, "seconds a live-game question stays open (default 20)"),
}
MAX_QUIZ_BYTES = 512 * 1024


class QuizInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def content_registry() -> Registry:
    path = settings.CONTENT_DIR / "services.yaml"
    registry, _errors = read_registry(path, "services.yaml")
    return registry


def bank_fact_ids() -> set[str]:
    return set(Item.objects.filter(kind=Item.Kind.FACT, retired=False).values_list("id", flat=True))


def read_quiz(text: str, display: str = QUIZ_FILE) -> tuple[dict | None, list[ContentError]]:
    """Validate a quiz file; return its plain data, or every error sorted by line."""
    if len(text.encode("utf-8")) > MAX_QUIZ_BYTES:
        return None, [
            ContentError(
                display, 1, "document", f"the file is larger than {MAX_QUIZ_BYTES // 1024} KiB"
            )
        ]
    data, errors = read_questions_text(
        text, display, content_registry(), bank_fact_ids(), extra_fields=LIVE_FIELDS
    )
    errors = list(errors) + _live_field_errors(text, display)
    if errors:
        return None, sorted(set(errors), key=lambda e: (e.line, e.field, e.message))
    return data, []


def _live_field_errors(text: str, display: str) -> list[ContentError]:
    """The ranges of `points` and `time_limit`, which the content schema does not know."""
    data, parse_errors = parse_yaml(text, display)
    if parse_errors or not isinstance(data, Located) or not isinstance(data.get("questions"), list):
        return []
    errors = []
    for index, question in enumerate(data["questions"]):
        if not isinstance(question, Located):
            continue
        where = (
            f"question {question['id']}"
            if isinstance(question.get("id"), str)
            else f"questions[{index}]"
        )
        points = question.get("points")
        if (
            isinstance(points, int)
            and not isinstance(points, bool)
            and points not in ALLOWED_POINTS
        ):
            errors.append(
                ContentError(
                    display,
                    question.line_of("points"),
                    f"{where}.points",
                    "must be 0 (no points), 1000 or 2000 (double)",
                )
            )
        limit = question.get("time_limit")
        if (
            isinstance(limit, int)
            and not isinstance(limit, bool)
            and not MIN_TIME_LIMIT <= limit <= MAX_TIME_LIMIT
        ):
            errors.append(
                ContentError(
                    display,
                    question.line_of("time_limit"),
                    f"{where}.time_limit",
                    f"must be between {MIN_TIME_LIMIT} and {MAX_TIME_LIMIT} seconds",
                )
            )
    return errors


def save_quiz(
    owner, text: str, quiz: InstructorQuiz | None = None, display: str = QUIZ_FILE
) -> InstructorQuiz:
    """Create (or replace the content of) a quiz from YAML text; raise QuizInvalid and change nothing."""
    data, errors = read_quiz(text, display)
    if errors:
        raise QuizInvalid(errors)
    if quiz is None:
        quiz = InstructorQuiz(owner=owner)
    quiz.title = data["title"].strip()[:200]
    quiz.description = str(data.get("description") or "")
    quiz.questions = data["questions"]
    quiz.source_yaml = text
    quiz.save()
    return quiz


def quiz_yaml(title: str, description: str, questions: list[dict]) -> str:
    """YAML for a quiz built by the app (from the bank, reordered): readable, re-validatable."""
    document: dict = {"title": title}
    if description:
        document["description"] = description
    document["questions"] = questions
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _rewrite(quiz: InstructorQuiz) -> None:
    quiz.source_yaml = quiz_yaml(quiz.title, quiz.description, quiz.questions)
    quiz.save()


@transaction.atomic
def duplicate_quiz(quiz: InstructorQuiz, owner) -> InstructorQuiz:
    return InstructorQuiz.objects.create(
        owner=owner,
        title=f"Copy of {quiz.title}"[:200],
        description=quiz.description,
        questions=quiz.questions,
        source_yaml=quiz.source_yaml,
    )


def move_question(quiz: InstructorQuiz, question_id: str, offset: int) -> bool:
    """Move one question up (-1) or down (+1); False when it cannot move."""
    ids = [q["id"] for q in quiz.questions]
    if question_id not in ids:
        return False
    index = ids.index(question_id)
    target = index + offset
    if not 0 <= target < len(ids):
        return False
    questions = list(quiz.questions)
    questions[index], questions[target] = questions[target], questions[index]
    quiz.questions = questions
    _rewrite(quiz)
    return True


def remove_question(quiz: InstructorQuiz, question_id: str) -> bool:
    """A quiz keeps at least one question: removing the last one is refused."""
    remaining = [q for q in quiz.questions if q["id"] != question_id]
    if len(remaining) == len(quiz.questions) or not remaining:
        return False
    quiz.questions = remaining
    _rewrite(quiz)
    return True


def bank_question_data(item_ids: list[str]) -> list[dict]:
    """The bank's questions with these ids, in the order given (unknown ids skipped)."""
    items = {
        item.id: item.data
        for item in Item.objects.filter(id__in=item_ids, kind=Item.Kind.QUESTION, retired=False)
    }
    return [items[item_id] for item_id in dict.fromkeys(item_ids) if item_id in items]


@transaction.atomic
def quiz_from_bank(owner, title: str, item_ids: list[str]) -> InstructorQuiz:
    questions = bank_question_data(item_ids)
    if not questions:
        raise ValueError("Pick at least one question.")
    title = title.strip()[:200] or "Questions from the bank"
    quiz = InstructorQuiz(owner=owner, title=title, questions=questions)
    _rewrite(quiz)
    return quiz


@transaction.atomic
def add_bank_questions(quiz: InstructorQuiz, item_ids: list[str]) -> int:
    """Append bank questions the quiz does not have yet; return how many were added."""
    present = {q["id"] for q in quiz.questions}
    new = [q for q in bank_question_data(item_ids) if q["id"] not in present]
    if new:
        quiz.questions = list(quiz.questions) + new
        _rewrite(quiz)
    return len(new)


def annotated_lines(text: str, errors: list[ContentError]) -> list[dict]:
    """Each line of the text with the errors that name it, for showing errors beside their line."""
    by_line: dict[int, list[ContentError]] = {}
    for error in errors:
        by_line.setdefault(error.line, []).append(error)
    lines = text.splitlines() or [""]
    shown = [
        {"number": n, "text": line, "errors": by_line.pop(n, [])} for n, line in enumerate(lines, 1)
    ]
    for number, rest in sorted(by_line.items()):  # a line past the end (e.g. "document")
        shown[-1 if number > len(shown) else number - 1]["errors"].extend(rest)
    return shown
