import csv
import io
from datetime import timedelta

from django.utils import timezone

from studyapp.study.api import record_outside_answer


def test_stats_page_draws_svg_charts(guest_client, learner):
    now = timezone.now()
    record_outside_answer(learner, "t-q-1", False, now - timedelta(days=1), "quiz")

    html = guest_client.get("/study/stats/").content.decode()

    assert html.count('<svg class="chart"') == 3
    assert "2 reviews on 1 of the last 371 days" in html
    assert "Queues for testing: 0 of 10 (0%)" in html


def test_stats_page_without_history_invites_to_study(client, small_catalog):
    html = client.get("/study/stats/").content.decode()

    assert "You have not studied yet." in html


def test_reviews_csv_lists_the_log_with_sources(guest_client, learner):
    at = timezone.now() - timedelta(hours=1)
    record_outside_answer(learner, "t-rule-buffer", True, at, "picker")

    response = guest_client.get("/study/stats/reviews.csv")

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["reviewed_at_utc", "card_id", "item_id"]
    assert [r[1:8] for r in rows[1:]] == [
        ["t-rule-buffer", "t-rule-buffer", "queues", "3", "Good", "picker", "1"]
    ]
