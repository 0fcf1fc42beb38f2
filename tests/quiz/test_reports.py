from datetime import timedelta

import pytest

from studyapp.quiz import reports
from studyapp.quiz.errors import Refused
from studyapp.quiz.models import ProblemReport
from tests.quiz.conftest import NOW


def test_file_report_saves_the_note_on_the_item(small_catalog, account):
    report = reports.file_report(
        account, "t-q-1", "explanation", "  B is also right.  ", "/quiz/", NOW
    )
    stored = ProblemReport.objects.get()
    assert (stored.pk, stored.item_id, stored.part, stored.note, stored.status, stored.learner) == (
        report.pk,
        "t-q-1",
        "explanation",
        "B is also right.",
        "open",
        account,
    )


@pytest.mark.parametrize(
    ("item_id", "part", "note", "message"),
    [
        ("nope", "item", "x", "There is no item 'nope' to report a problem with."),
        ("", "item", "x", "Say which item the problem is in: the link needs ?item=<id>."),
        ("t-q-1", "item", "   ", "Describe the problem: the note is empty."),
        ("t-q-1", "item", "x" * 2001, "The note is 2001 characters long; keep it under 2000."),
        (
            "t-q-1",
            "footer",
            "x",
            "'footer' is not a part of an item; use one of item, question, explanation, card, table, rule.",
        ),
    ],
)
def test_file_report_refuses_bad_input_and_saves_nothing(
    small_catalog, item_id, part, note, message
):
    with pytest.raises(Refused) as refused:
        reports.file_report(None, item_id, part, note, "", NOW)
    assert (refused.value.message, ProblemReport.objects.count()) == (message, 0)


def test_open_queue_groups_by_item_oldest_first(small_catalog):
    reports.file_report(None, "t-visibility", "card", "late", "", NOW + timedelta(hours=1))
    reports.file_report(None, "t-q-1", "question", "first", "", NOW)
    reports.file_report(None, "t-q-1", "question", "second", "", NOW + timedelta(hours=2))
    queue = reports.open_queue()
    assert [(g["item"].id, [r.note for r in g["reports"]]) for g in queue] == [
        ("t-q-1", ["first", "second"]),
        ("t-visibility", ["late"]),
    ]


def test_mark_fixed_closes_all_open_reports_of_the_item_only(small_catalog, django_user_model):
    teacher = django_user_model.objects.create_user("teach")
    reports.file_report(None, "t-q-1", "question", "one", "", NOW)
    reports.file_report(None, "t-q-1", "explanation", "two", "", NOW)
    reports.file_report(None, "t-q-2", "question", "other", "", NOW)
    closed = reports.mark_fixed("t-q-1", teacher, NOW + timedelta(days=1))
    rows = ProblemReport.objects.order_by("note").values_list("note", "status", "closed_by")
    assert (closed, list(rows)) == (
        2,
        [("one", "fixed", teacher.pk), ("other", "open", None), ("two", "fixed", teacher.pk)],
    )
    assert sorted(r.note for r in reports.recently_fixed()) == ["one", "two"]
