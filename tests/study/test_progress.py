from django.utils import timezone

from studyapp.catalog.progress import studied_counts
from studyapp.study.api import record_outside_answer


def test_progress_counts_items_studied_per_topic(learner):
    now = timezone.now()
    record_outside_answer(learner, "t-q-1", False, now, "quiz")  # question + its fact
    record_outside_answer(learner, "t-std-vs-fifo:order:fifo", True, now, "drill")
    record_outside_answer(learner, "t-std-vs-fifo:delivery:fifo", True, now, "drill")

    assert studied_counts(learner, ["queues"]) == {"queues": 3}


def test_home_page_shows_study_progress(guest_client, learner):
    record_outside_answer(learner, "t-rule-buffer", True, timezone.now(), "picker")

    html = guest_client.get("/").content.decode()

    assert "1 of 8 studied (12%)" in html
