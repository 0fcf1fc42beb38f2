"""Review-session speed: "next card" and "rate" with a year of history behind them.

Seeds a SQLite database (var/bench/study_review.sqlite3) with BENCH_LEARNERS
learners (default 2,000), each with 300 cards and a year of review history made
by the real FSRS scheduler, then sends BENCH_REQUESTS (default 1,000) requests
of each kind through Django's full stack (middleware, session, templates) as
htmx does, and records server time and queries per request:

- next card: GET /study/ (the session fragment with the next card);
- rate: POST /study/rate/ with Good (records the rating and returns the next card).

Writes bench/results/study_review.json. A quick run: BENCH_LEARNERS=200 python bench/study_review.py
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _results import write_figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_PATH = ROOT / "var" / "bench" / "study_review.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"

LEARNERS = int(os.environ.get("BENCH_LEARNERS", "2000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
TOPICS = 10
CARDS_PER_TOPIC = 30  # 300 cards
TEMPLATES = 256  # distinct simulated card histories, shared out with a time shift
NEW_SHARE = 0.08  # cards not introduced yet
SEED = 20250301


def ts(moment: datetime) -> str:
    """Django's SQLite storage format for an aware UTC datetime."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def simulate_histories(now: datetime, rng: random.Random) -> list[dict]:
    from studyapp.study.models import Card
    from studyapp.study.scheduling import make_scheduler, review

    scheduler = make_scheduler(0.9)
    templates = []
    for _ in range(TEMPLATES):
        if rng.random() < NEW_SHARE:
            templates.append({"card": None, "log": []})
            continue
        card, log = Card(), []
        at = now - timedelta(days=rng.uniform(1, 365))
        while at < now:
            rating = rng.choices([1, 2, 3, 4], weights=[10, 5, 78, 7])[0]
            state_before = card.state
            review(card, rating, at, scheduler)
            log.append((rating, at, state_before, card.due))
            # Learners come back a little late, sometimes a lot.
            delay = timedelta(hours=rng.choice([0, 0, 2, 10, 30, 80]))
            at = card.due + delay
        templates.append({"card": card, "log": log})
    return templates


def seed(now: datetime) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from studyapp.catalog.markup import render_markdown
    from studyapp.catalog.models import Item, Topic
    from studyapp.learners.models import Learner

    DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()

    topics = [
        Topic(id=f"topic-{t:02d}", title=f"Topic {t}", position=t, content_hash="-")
        for t in range(TOPICS)
    ]
    Topic.objects.bulk_create(topics)
    items = []
    for t in range(TOPICS):
        for i in range(CARDS_PER_TOPIC):
            data = {
                "id": f"fact-{t:02d}-{i:02d}",
                "prompt": f"What does setting **{i}** of topic {t} control?",
                "answer": f"It controls behaviour number {i} of topic {t}.",
                "source": "aws-docs",
            }
            html = {
                "prompt": render_markdown(data["prompt"]),
                "answer": render_markdown(data["answer"]),
            }
            items.append(
                Item(id=data["id"], topic_id=f"topic-{t:02d}", kind="fact", position=i, data=data,
                     html=html, services=["sqs"], source="aws-docs", content_hash="-")
            )  # fmt: skip
    Item.objects.bulk_create(items)
    card_ids = [(item.id, item.topic_id) for item in items]

    templates = simulate_histories(now, rng)
    Learner.objects.bulk_create([Learner() for _ in range(LEARNERS)], batch_size=1000)
    learner_ids = list(Learner.objects.order_by("pk").values_list("pk", flat=True))

    raw = connection.connection  # the sqlite3 connection: executemany is ~10x bulk_create
    card_sql = (
        "INSERT INTO study_card (learner_id, card_id, item_id, topic_id, state, step, stability,"
        " difficulty, due, last_review, reps, lapses, leech, suspended, reset_at, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)"
    )
    review_sql = (
        "INSERT INTO study_review (learner_id, card_id, item_id, topic_id, rating, source,"
        " reviewed_at, rescheduled, state_before, due_after, previous)"
        " VALUES (?,?,?,?,?,'review',?,1,?,?,NULL)"
    )
    cards_written = reviews_written = 0
    for block in range(0, len(learner_ids), 100):
        card_rows, review_rows = [], []
        for learner_id in learner_ids[block : block + 100]:
            for card_id, topic_id in card_ids:
                template = templates[rng.randrange(TEMPLATES)]
                card = template["card"]
                if card is None:
                    continue
                shift = timedelta(minutes=rng.randrange(0, 360))
                card_rows.append((
                    learner_id, card_id, card_id, topic_id, card.state, card.step, card.stability,
                    card.difficulty, ts(card.due - shift), ts(card.last_review - shift), card.reps,
                    card.lapses, int(card.leech), 0, len(template["log"]),
                ))  # fmt: skip
                for rating, at, state_before, due_after in template["log"]:
                    review_rows.append((
                        learner_id, card_id, card_id, topic_id, rating, ts(at - shift),
                        state_before, ts(due_after - shift),
                    ))  # fmt: skip
        with transaction.atomic():
            raw.executemany(card_sql, card_rows)
            raw.executemany(review_sql, review_rows)
        cards_written += len(card_rows)
        reviews_written += len(review_rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "learners": LEARNERS,
        "cards_per_learner": len(card_ids),
        "card_rows": cards_written,
        "review_rows": reviews_written,
        "reviews_per_learner": round(reviews_written / max(1, LEARNERS)),
        "seconds": round(time.perf_counter() - started, 1),
        "database_mb": round(DB_PATH.stat().st_size / 2**20),
    }


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p):
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "mean_ms": round(statistics.mean(ordered) * 1000, 2), "requests": len(ordered)}  # fmt: skip


def measure() -> dict:
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from studyapp.learners.identity import SESSION_KEY
    from studyapp.learners.models import Learner

    rng = random.Random(SEED + 1)
    learner_ids = list(Learner.objects.values_list("pk", flat=True))
    rng.shuffle(learner_ids)
    headers = {"HX-Request": "true"}
    next_times, rate_times, next_queries, rate_queries = [], [], {}, {}
    shown = {"due": 0, "new": 0, "done": 0}

    def client_for(learner_id):
        store = SessionStore()
        store[SESSION_KEY] = learner_id
        store.create()
        client = Client()
        client.cookies["sessionid"] = store.session_key
        return client

    Client().get("/study/")  # warm up: templates, URL resolver, the card catalogue
    index = 0
    while len(rate_times) < REQUESTS and index < len(learner_ids) * 3:
        learner_id = learner_ids[index % len(learner_ids)]
        index += 1
        client = client_for(learner_id)
        connection.queries_log.clear()  # the log is capped; counting needs it empty
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/study/", headers=headers)
            elapsed = time.perf_counter() - start
        html = response.content.decode()
        next_times.append(elapsed)
        next_queries[len(queries)] = next_queries.get(len(queries), 0) + 1
        card = re.search(r'data-card="([^"]+)"', html)
        if card is None:
            shown["done"] += 1
            continue
        shown["new" if ">new</span>" in html else "due"] += 1
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        form = {"card": card.group(1), "token": token, "rating": "3"}
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post("/study/rate/", form, headers=headers)
            elapsed = time.perf_counter() - start
        assert "study-session" in response.content.decode()
        rate_times.append(elapsed)
        rate_queries[len(queries)] = rate_queries.get(len(queries), 0) + 1
    return {
        "next_card": {**percentiles(next_times[:REQUESTS]), "queries_per_request": next_queries},
        "rate": {**percentiles(rate_times), "queries_per_request": rate_queries},
        "cards_shown": shown,
    }


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    now = datetime.now(UTC)
    figures = {"seed": seed(now)}
    print(f"seeded: {figures['seed']}")
    figures.update(measure())
    figures["goal"] = "p95 under 25 ms for next card and rate"
    out = write_figures("study_review", figures, show=False)
    for name in ("next_card", "rate"):
        f = figures[name]
        print(f"{name}: p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, p99 {f['p99_ms']} ms, "
              f"queries {f['queries_per_request']}")  # fmt: skip
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
