"""Telling every server process that a game changed.

With REDIS_URL set, a Redis pub/sub message; on PostgreSQL, NOTIFY (delivered
when the transaction commits); on SQLite nothing: each process's watcher polls
the game's version. Watchers also poll slowly on every backend, so a lost
message delays an update by at most a poll interval and never loses it.
"""

from django.conf import settings
from django.db import connection, transaction

CHANNEL = "decoupled_live"


def backend() -> str:
    if getattr(settings, "REDIS_URL", None):
        return "redis"
    if connection.vendor == "postgresql":
        return "postgres"
    return "poll"


def redis_channel(game_id: int) -> str:
    return f"{CHANNEL}:{game_id}"


def announce(game_id: int) -> None:
    """Call inside the transaction that changed the game."""
    kind = backend()
    if kind == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(game_id)])
    elif kind == "redis":
        transaction.on_commit(lambda: _publish(game_id))


_client = None


def _publish(game_id: int) -> None:
    global _client
    if _client is None:
        import redis

        _client = redis.Redis.from_url(settings.REDIS_URL)
    _client.publish(redis_channel(game_id), str(game_id))
