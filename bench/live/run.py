"""`make bench-live`: a live game under load, in the production layout and in `make run`'s.

    python bench/live/run.py production --players 2000   # nginx + gunicorn + uvicorn + PostgreSQL
    python bench/live/run.py local --players 200         # uvicorn alone over SQLite, as `make run`

The settings (plain HTTP on loopback, the join rate limit raised for the one
address every simulated phone shares, nginx as the trusted proxy) come from the
environment the Makefile sets. Writes bench/results/live_<layout>.json.
Figures, not pass/fail: the goals are printed beside them.
"""

import argparse
import asyncio
import json
import os
import platform
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.live.load import Instructor, Observer, Phone, Plan, Tally  # noqa: E402
from bench.live.servers import Servers  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GOALS = {"answer_p95_ms": 300, "broadcast_p95_ms": 500, "answers_lost": 0}


def quiz_questions(count: int, time_limit: int) -> list[dict]:
    """Ten questions like the bank's: single answers and every fourth a "choose two"."""
    questions = []
    for number in range(count):
        choose_two = number % 4 == 3
        letters = "abcde" if choose_two else "abcd"
        questions.append(
            {
                "id": f"bench-{number + 1}",
                "stem": f"Question {number + 1}: which **service** fits this design?",
                "choose": 2 if choose_two else 1,
                "options": [
                    {"id": x, "text": f"Option {x.upper()}", "why": f"Why {x.upper()}."}
                    for x in letters
                ],
                "answer": ["a", "c"] if choose_two else ["b"],
                "services": ["sqs"],
                "exams": ["SAA-C03"],
                "domains": ["saa.resilient"],
                "difficulty": 2,
                "source": "aws-docs",
                "time_limit": time_limit,
            }
        )
    return questions


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare(questions: list[dict]) -> dict:
    """Migrate, collect static files, and make a host, a quiz and a game in its lobby."""
    import random

    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from studyapp.classroom.live import game as rules
    from studyapp.classroom.models import InstructorQuiz

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    host, _ = get_user_model().objects.get_or_create(username="bench-host")
    host.is_superuser = True  # an instructor without touching the roles app
    host.save()
    quiz = InstructorQuiz.objects.create(owner=host, title="Bench quiz", questions=questions)
    game = rules.create_game(quiz, host, timezone.now(), random.SystemRandom())
    session = SessionStore()
    session[SESSION_KEY] = str(host.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = host.get_session_auth_hash()
    session.create()
    connections.close_all()
    return {"game": game.pk, "pin": game.pin, "session": session.session_key}


def recorded(game_id: int) -> dict:
    from django.db import connections

    from studyapp.classroom.models_live import Answer, Game, Player

    figures = {
        "answers_recorded": Answer.objects.filter(game_id=game_id).count(),
        "players_in_db": Player.objects.filter(game_id=game_id).count(),
        "final_state": Game.objects.get(pk=game_id).state,
    }
    connections.close_all()
    return figures


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


async def play(base: str, plan: Plan, session_id: str, players: int, args) -> tuple[Tally, dict]:
    import aiohttp

    tally = Tally()
    connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=None)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=60, sock_read=120)
    async with aiohttp.ClientSession(
        base, connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=timeout
    ) as http:
        observer = Observer(http, plan.pin)
        observing = asyncio.create_task(observer.run())
        phones = [Phone(number, plan, http, tally) for number in range(players)]

        async def join_then_play(phone: Phone, delay: float):
            await asyncio.sleep(delay)
            try:
                if await phone.join():
                    await phone.play()
            except (TimeoutError, aiohttp.ClientError) as problem:
                tally.error(f"join {type(problem).__name__}")

        started = time.monotonic()
        tasks = [
            asyncio.create_task(join_then_play(phone, number / args.join_rate))
            for number, phone in enumerate(phones)
        ]
        # The lobby fills; the instructor starts when every phone is in (or has failed).
        while time.monotonic() - started < players / args.join_rate + 120:
            failed = sum(n for kind, n in tally.errors.items() if kind.startswith("join"))
            if tally.joined + failed >= players and tally.streams_open >= tally.joined:
                break
            await asyncio.sleep(0.2)
        joining = time.monotonic() - started
        connected = tally.streams_open

        # The instructor presses Next every ~26 s, longer than uvicorn keeps an idle
        # connection: a fresh connection per press, as a browser would reopen one, so a
        # press never rides a connection the server is closing (POST is not retried).
        instructor_http = aiohttp.ClientSession(
            base,
            connector=aiohttp.TCPConnector(force_close=True),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=timeout,
        )
        instructor = Instructor(instructor_http, plan.game_id, session_id)
        broadcast_sent, next_latency, stopped = {}, [], None
        try:
            for index in range(len(plan.questions)):
                pressed = time.monotonic()
                await instructor.next()
                # The question is open (committed) when the control POST returns.
                broadcast_sent[index] = time.monotonic()
                next_latency.append(broadcast_sent[index] - pressed)
                await observer.wait_for(f"reveal-{index}", plan.time_limit + 60)
                await asyncio.sleep(args.reveal_pause)
            await instructor.next()  # the podium
            await observer.wait_for(f"podium-{len(plan.questions) - 1}", 60)
            await asyncio.sleep(2)
            await instructor.next()  # the end: every stream is told and closes
        except (TimeoutError, RuntimeError, aiohttp.ClientError) as problem:
            stopped = f"the game stopped early: {type(problem).__name__} {problem}"
            tally.error("game stopped early")
        finally:
            await instructor_http.close()
        done, pending = await asyncio.wait(tasks, timeout=30)
        for task in pending:
            task.cancel()
        observing.cancel()
    timings = {"joining_seconds": round(joining, 1), "connected_at_start": connected}
    timings["broadcast_sent"] = broadcast_sent
    timings["phones_still_open_at_end"] = len(pending)
    timings["next_post_ms"] = [ms(t) for t in next_latency]
    timings["stopped"] = stopped
    return tally, timings


def report(layout, args, tally: Tally, timings: dict, db: dict, memory: dict, cpu: dict) -> dict:
    delivery = []
    per_question = {}
    for index, sent in timings.pop("broadcast_sent").items():
        arrivals = [t - sent for t in tally.delivered.get(index, [])]
        delivery += arrivals
        per_question[index + 1] = {
            "phones": len(arrivals),
            "p95_ms": ms(percentile(arrivals, 0.95)),
            "max_ms": ms(max(arrivals, default=None)),
        }
    latency = tally.answer_latency
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "layout": layout,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {
            "players": args.players,
            "questions": args.questions,
            "time_limit_s": args.time_limit,
            "gunicorn_workers": args.workers if layout == "production" else None,
            "gunicorn_threads": args.threads if layout == "production" else None,
            "join_rate_per_s": args.join_rate,
            "drop_share": args.drop_share,
            "reveal_pause_s": args.reveal_pause,
            "database": os.environ["DATABASE_URL"].split("://")[0],
        },
        "players_joined": tally.joined,
        "players_connected": timings["connected_at_start"],
        "peak_streams": tally.peak_streams,
        "joining_seconds": timings["joining_seconds"],
        "answers_sent": tally.answers_sent,
        "answers_recorded": db["answers_recorded"],
        "answers_lost": tally.answers_sent - db["answers_recorded"],
        "answer_replies": dict(tally.answer_codes),
        "answer_retries": tally.answer_retries,
        "answer_post_ms": {
            "p50": ms(percentile(latency, 0.5)),
            "p95": ms(percentile(latency, 0.95)),
            "p99": ms(percentile(latency, 0.99)),
            "mean": ms(statistics.fmean(latency)) if latency else None,
        },
        "broadcast_to_all_phones_ms": {
            "deliveries": len(delivery),
            "p50": ms(percentile(delivery, 0.5)),
            "p95": ms(percentile(delivery, 0.95)),
            "max": ms(max(delivery, default=None)),
            "per_question": per_question,
        },
        "reconnects": tally.reconnects,
        "reconnected_phones_caught_up": tally.caught_up,
        "results_fetched": tally.results_fetched,
        "errors": dict(tally.errors),
        "errors_total": sum(tally.errors.values()),
        "phones_still_open_at_end": timings["phones_still_open_at_end"],
        "instructor_next_post_ms": timings["next_post_ms"],
        "stopped_early": timings["stopped"],
        "final_state": db["final_state"],
        "peak_rss_mib": memory,
        "server_cpu_s": cpu,
        "load_generator_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "goals": GOALS,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("layout", choices=["production", "local"])
    parser.add_argument("--players", type=int, default=2000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--time-limit", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=1, help="above 1: gthread workers, kept-alive from nginx"
    )
    parser.add_argument("--join-rate", type=float, default=100.0, help="joins per second")
    parser.add_argument("--drop-share", type=float, default=0.05)
    parser.add_argument("--reveal-pause", type=float, default=6.0)
    parser.add_argument("--seed", type=int, default=20250310)
    args = parser.parse_args()

    # A SIGTERM (Ctrl-C in make, a killed job) still stops the servers in `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 2,000 streams need the sockets
    tmp = Path(tempfile.mkdtemp(prefix="bench-live-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "studyapp.settings"
    if args.layout == "production":
        ensure_postgres_database(os.environ["BENCH_DATABASE_URL"])
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    questions = quiz_questions(args.questions, args.time_limit)
    game = prepare(questions)
    plan = Plan(game["pin"], game["game"], questions, args.time_limit, args.drop_share, args.seed)

    servers = Servers(dict(os.environ), tmp)
    try:
        if args.layout == "production":
            pages = servers.gunicorn(args.workers, args.threads)
            streams = servers.uvicorn()
            port = servers.nginx(pages, streams, pages_keepalive=args.threads > 1)
        else:
            port = servers.uvicorn()
        print(f"== {args.layout}: {args.players} players, PIN {plan.pin}, logs in {tmp}")
        tally, timings = asyncio.run(
            play(f"http://127.0.0.1:{port}", plan, game["session"], args.players, args)
        )
        memory, cpu = servers.usage()
    finally:
        servers.stop()
    figures = report(args.layout, args, tally, timings, recorded(plan.game_id), memory, cpu)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"live_{args.layout}.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(f"figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
