"""An assignment's results for its instructor: a grid of students × questions,
how hard each question was, and which wrong option drew the most students."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from studyapp.classroom.models import Assignment, Attempt, Membership


@dataclass
class QuestionStats:
    question_id: str
    number: int
    answered: int = 0
    correct: int = 0
    wrong_choices: Counter = field(default_factory=Counter)

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def percent_correct(self) -> int | None:
        share = self.share_correct
        return None if share is None else round(share * 100)

    @property
    def top_wrong(self) -> tuple[str, int] | None:
        """The wrong option chosen most often (ties: the earlier letter)."""
        if not self.wrong_choices:
            return None
        return min(self.wrong_choices.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class StudentRow:
    name: str
    learner_id: int
    attempt: Attempt | None
    cells: list[dict]  # per question: {"chosen": [..], "correct": bool} or None when unanswered
    on_roster: bool = True

    @property
    def score(self) -> int | None:
        return self.attempt.score if self.attempt and self.attempt.submitted_at else None


@dataclass
class ResultsGrid:
    questions: list[dict]
    rows: list[StudentRow]
    stats: list[QuestionStats]

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.score is not None)


def results_grid(assignment: Assignment) -> ResultsGrid:
    """Everyone on the roster plus anyone who attempted and has since left it.

    Difficulty counts submitted attempts only: a question a submitted student
    left blank counts as answered wrong, since a blank is not a right answer.
    """
    questions = assignment.questions
    attempts = {
        a.learner_id: a
        for a in Attempt.objects.filter(assignment=assignment)
        .select_related("learner__user")
        .prefetch_related("answers")
    }
    members = Membership.objects.filter(classroom=assignment.classroom).select_related(
        "learner__user"
    )
    people = {m.learner_id: (m.learner, True) for m in members}
    for learner_id, attempt in attempts.items():
        people.setdefault(learner_id, (attempt.learner, False))

    stats = [QuestionStats(q["id"], n) for n, q in enumerate(questions, 1)]
    answer_sets = {q["id"]: set(q["answer"]) for q in questions}
    rows = []
    for learner_id, (learner, on_roster) in people.items():
        attempt = attempts.get(learner_id)
        given = {a.question_id: a for a in attempt.answers.all()} if attempt else {}
        cells = []
        for question, stat in zip(questions, stats, strict=True):
            answer = given.get(question["id"])
            cells.append({"chosen": answer.chosen, "correct": answer.correct} if answer else None)
            if attempt is None or attempt.submitted_at is None:
                continue
            stat.answered += 1
            if answer is not None and answer.correct:
                stat.correct += 1
            elif answer is not None:
                stat.wrong_choices.update(
                    c for c in answer.chosen if c not in answer_sets[question["id"]]
                )
        name = learner.user.get_username() if learner.user_id else str(learner)
        rows.append(StudentRow(name, learner_id, attempt, cells, on_roster))
    rows.sort(key=lambda row: row.name.lower())
    return ResultsGrid(questions, rows, stats)


def _cell_text(value: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula.
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def results_csv(grid: ResultsGrid) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["student", "on roster", "started", "submitted", "score", "out of"]
    for number, question in enumerate(grid.questions, 1):
        header += [f"Q{number} {question['id']} answer", f"Q{number} correct"]
    writer.writerow(header)
    for row in grid.rows:
        attempt = row.attempt
        line = [
            _cell_text(row.name),
            "yes" if row.on_roster else "no",
            attempt.started_at.isoformat() if attempt else "",
            attempt.submitted_at.isoformat() if attempt and attempt.submitted_at else "",
            "" if row.score is None else row.score,
            len(grid.questions),
        ]
        for cell in row.cells:
            line += (
                ["", ""]
                if cell is None
                else [" ".join(cell["chosen"]), 1 if cell["correct"] else 0]
            )
        writer.writerow(line)
    writer.writerow([])
    writer.writerow(["question", "id", "share correct", "most-chosen wrong option", "times chosen"])
    for stat in grid.stats:
        top = stat.top_wrong
        writer.writerow(
            [
                f"Q{stat.number}",
                stat.question_id,
                "" if stat.share_correct is None else f"{stat.share_correct:.2f}",
                top[0] if top else "",
                top[1] if top else "",
            ]
        )
    return out.getvalue()
