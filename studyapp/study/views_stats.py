"""Stats at /study/stats/ (server-drawn SVG) and the review log as CSV."""

import csv

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from studyapp.study import svg
from studyapp.study.cards import catalogue
from studyapp.study.models import Review
from studyapp.study.stats import learner_stats


@require_GET
def stats(request):
    learner = request.existing_learner()
    cards = catalogue()
    context = {"learner": learner}
    if learner is not None:
        data = learner_stats(learner, cards, timezone.now())
        retention = [
            (f"{week:%d %b}", 100 * passed / total if total else 0,
             f"week of {week:%d %b}: " + (f"{100 * passed / total:.0f}% of {total}" if total else "no reviews"))
            for week, passed, total in data.retention_by_week
        ]  # fmt: skip
        forecast = [(f"{day:%d %b}", n, f"{day:%a %d %b}: {n} due") for day, n in data.forecast]
        context.update(
            data=data,
            heatmap=svg.heatmap(data.reviews_per_day),
            retention_svg=svg.bars(
                retention,
                title="True retention by week",
                desc="; ".join(tip for _, _, tip in retention),
                chart_id="retention",
                maximum=100,
            ),
            forecast_svg=svg.bars(
                forecast,
                title="Cards due in the next 30 days",
                desc="; ".join(tip for _, _, tip in forecast if not tip.endswith(": 0 due"))
                or "Nothing due in the next 30 days.",
                chart_id="forecast",
                bar_width=12,
            ),
            forecast_total=sum(n for _, n in data.forecast),
            mastery=[
                {
                    "topic": title,
                    "mastered": m,
                    "total": n,
                    "percent": round(100 * m / n) if n else 0,
                }
                for _topic_id, title, m, n in data.mastery
            ],
        )
    return render(request, "study/stats.html", context)


class _Echo:
    def write(self, value):
        return value


@require_GET
def reviews_csv(request):
    learner = request.existing_learner()
    reviews = (
        Review.objects.filter(learner=learner).order_by("reviewed_at", "pk")
        if learner
        else Review.objects.none()
    )
    writer = csv.writer(_Echo())
    header = ["reviewed_at_utc", "card_id", "item_id", "topic_id", "rating", "rating_name",
              "source", "rescheduled", "state_before", "due_after_utc"]  # fmt: skip
    names = dict(Review._meta.get_field("rating").choices)
    states = dict(Review._meta.get_field("state_before").choices)

    def rows():
        yield writer.writerow(header)
        for r in reviews.iterator(chunk_size=2000):
            yield writer.writerow([
                r.reviewed_at.isoformat(), r.card_id, r.item_id, r.topic_id, r.rating,
                names.get(r.rating, ""), r.source, int(r.rescheduled), states.get(r.state_before, ""),
                r.due_after.isoformat() if r.due_after else "",
            ])  # fmt: skip

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decoupled-reviews.csv"'
    return response
