"""Two server processes on different ports serve one game: a broadcast reaches phones on both.

The watchers' slow safety poll is raised to a minute here, so only the push
(PostgreSQL LISTEN/NOTIFY, or Redis pub/sub) can deliver within the timeout.
These need the machine's PostgreSQL and Redis and fail, naming them, when they are down.
"""

import secrets

import pytest

from tests.classroom.live_server import EventStream, Stack

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/11"
NO_SAFETY_POLL = {"LIVE_SAFETY_POLL_SECONDS": "60"}


@pytest.fixture
def postgres_url():
    import psycopg

    name = f"live_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is not reachable (run `make postgres`): {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis at 127.0.0.1:6379 is not reachable (run `make redis`): {error}")
    return REDIS


def broadcast_reaches_both(stack):
    stack.manage("migrate", "--noinput", "-v0")
    game = stack.drive("setup", 20, secrets.randbelow(10_000))
    ports = [stack.serve(), stack.serve()]
    streams = [EventStream(port, f"/class/play/{game['pin']}/events/") for port in ports]
    lobbies = [stream.next_event()["id"] for stream in streams]
    stack.drive("advance", game["game"])
    questions = [stream.next_event(timeout=5)["id"] for stream in streams]
    for stream in streams:
        stream.close()
    return ports, lobbies, questions


@pytest.mark.postgres
def test_broadcast_reaches_phones_on_two_processes_with_listen_notify(postgres_url):
    stack = Stack(postgres_url, **NO_SAFETY_POLL)
    try:
        ports, lobbies, questions = broadcast_reaches_both(stack)
    finally:
        stack.close()
    assert ports[0] != ports[1]
    assert (lobbies, questions) == (["lobby--1"] * 2, ["question-0"] * 2)


@pytest.mark.redis
def test_broadcast_reaches_phones_on_two_processes_with_redis(tmp_path, redis_url):
    stack = Stack(f"sqlite:///{tmp_path / 'live.sqlite3'}", redis_url=redis_url, **NO_SAFETY_POLL)
    try:
        ports, lobbies, questions = broadcast_reaches_both(stack)
    finally:
        stack.close()
    assert (lobbies, questions) == (["lobby--1"] * 2, ["question-0"] * 2)


@pytest.mark.postgres
def test_streams_share_one_watcher_and_hold_no_database_connection(postgres_url):
    import psycopg

    stack = Stack(postgres_url, **NO_SAFETY_POLL)
    try:
        stack.manage("migrate", "--noinput", "-v0")
        game = stack.drive("setup", 20, secrets.randbelow(10_000))
        port = stack.serve()
        streams = [EventStream(port, f"/class/play/{game['pin']}/events/") for _ in range(12)]
        first = [stream.next_event()["id"] for stream in streams]
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            # The watcher's connection and the LISTEN connection: none per stream.
            connected = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                [postgres_url.rsplit("/", 1)[1]],
            ).fetchone()[0]
        for stream in streams:
            stream.close()
    finally:
        stack.close()
    assert (first, connected) == (["lobby--1"] * 12, 2)
