"""One watcher per game per server process: it reads the game, streams read the watcher.

Every event stream of a game in this process waits on its watcher; the
watcher alone queries the database (a few small queries per change, never one
per phone) and renders each audience's snapshot once. It wakes on:
- PostgreSQL: LISTEN (notify.CHANNEL), one connection per process;
- REDIS_URL: a Redis pub/sub pattern subscription, one per process;
- SQLite: a short poll of the game's version.
On every backend it also polls slowly (counters on the projector, a lost
message) and closes a question whose time is up, so a game whose processes all
restarted carries on from the database.
"""

import asyncio
import contextvars
import logging
import os

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.utils import timezone

from studyapp.classroom.live import game as rules
from studyapp.classroom.live import notify
from studyapp.classroom.live.snapshots import load_view, phone_snapshot, projector_snapshot
from studyapp.classroom.models_live import Game

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # SQLite: how often the version is read
# With push: projector counters and the safety net. Tests raise it to show push alone works.
SLOW_POLL_SECONDS = float(os.environ.get("LIVE_SAFETY_POLL_SECONDS", "1.0"))
IDLE_SECONDS = 30  # a watcher with no streams for this long stops


def _refresh(game_id: int, last_version, last_counters):
    """(snapshots or None when unchanged, version, counters); runs in a thread."""
    close_old_connections()
    game = (
        Game.objects.filter(pk=game_id)
        .only("version", "state", "deadline", "question_index")
        .first()
    )
    if game is None:
        return None, None, None
    if rules.reveal_if_due(game, timezone.now()):
        last_version = None  # it moved: render afresh
    view = load_view(game_id)
    counters = (view.players, view.answered, tuple(view.lobby[:20]))
    if view.game.version == last_version and counters == last_counters:
        return None, last_version, last_counters
    snapshots = {"phone": phone_snapshot(view), "projector": projector_snapshot(view)}
    return (snapshots, view.game), view.game.version, counters


class GameWatcher:
    def __init__(self, game_id: int):
        self.game_id = game_id
        self.snapshots = {}
        self.state = None
        self.deadline = None
        self.changed = asyncio.Event()
        self.wake = asyncio.Event()
        self.ready = asyncio.Event()
        self.streams = 0
        self.idle_since = None
        self.task = None

    def start(self):
        # A clean context: the watcher outlives the request that created it.
        self.task = asyncio.get_running_loop().create_task(
            self._run(), context=contextvars.Context()
        )

    def _publish(self, snapshots, game):
        self.snapshots = snapshots
        self.state = game.state
        self.deadline = game.deadline
        previous, self.changed = self.changed, asyncio.Event()
        previous.set()

    def _interval(self) -> float:
        interval = POLL_SECONDS if _push_backend() == "poll" else SLOW_POLL_SECONDS
        if self.state == Game.State.QUESTION and self.deadline is not None:
            due = (self.deadline + rules.LATE_GRACE - timezone.now()).total_seconds() + 0.01
            interval = max(0.0, min(interval, due))
        return interval

    async def _run(self):
        refresh = sync_to_async(_refresh, thread_sensitive=True)
        version, counters = None, None
        while True:
            try:
                result, version, counters = await refresh(self.game_id, version, counters)
                if result is not None:
                    self._publish(*result)
                elif version is None:  # the game was deleted
                    self.state = Game.State.FINISHED
                self.ready.set()
            except Exception:  # a database hiccup must not kill every stream
                log.exception("live watcher for game %s failed to refresh", self.game_id)
                await asyncio.sleep(1)
            if self.streams == 0:
                now = asyncio.get_running_loop().time()
                self.idle_since = self.idle_since or now
                if now - self.idle_since > IDLE_SECONDS:
                    break
            else:
                self.idle_since = None
            try:
                await asyncio.wait_for(self.wake.wait(), timeout=self._interval())
                await asyncio.sleep(0.02)  # let a burst of notifications settle into one read
            except TimeoutError:
                pass
            self.wake.clear()
        _watchers.pop(self.game_id, None)


_watchers: dict[int, GameWatcher] = {}
_listener: asyncio.Task | None = None


def _push_backend() -> str:
    return notify.backend()


async def watch(game_id: int) -> GameWatcher:
    """The process's watcher for this game, started if needed, after its first read."""
    watcher = _watchers.get(game_id)
    if watcher is None or watcher.task is None or watcher.task.done():
        watcher = GameWatcher(game_id)
        _watchers[game_id] = watcher
        watcher.start()
        _ensure_listener()
    watcher.streams += 1
    await watcher.ready.wait()
    return watcher


def release(watcher: GameWatcher) -> None:
    watcher.streams -= 1


def _wake(game_id_text) -> None:
    try:
        watcher = _watchers.get(int(game_id_text))
    except (TypeError, ValueError):
        return
    if watcher is not None:
        watcher.wake.set()


def _ensure_listener() -> None:
    global _listener
    if _listener is not None and not _listener.done():
        return
    kind = _push_backend()
    if kind == "poll":
        return
    runner = _listen_postgres if kind == "postgres" else _listen_redis
    _listener = asyncio.get_running_loop().create_task(
        _forever(runner), context=contextvars.Context()
    )


async def _forever(runner):
    while True:
        try:
            await runner()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("live notification listener failed; reconnecting")
        for watcher in list(_watchers.values()):
            watcher.wake.set()  # catch up on anything missed while disconnected
        await asyncio.sleep(1)


async def _listen_postgres():
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    async with await psycopg.AsyncConnection.connect(autocommit=True, **params) as conn:
        await conn.execute(f"LISTEN {notify.CHANNEL}")
        async for message in conn.notifies():
            _wake(message.payload)


async def _listen_redis():
    import redis.asyncio as aioredis
    from django.conf import settings

    client = aioredis.Redis.from_url(settings.REDIS_URL)
    pubsub = client.pubsub()
    try:
        await pubsub.psubscribe(f"{notify.CHANNEL}:*")
        async for message in pubsub.listen():
            if message.get("type") == "pmessage":
                _wake(message["data"].decode())
    finally:
        await pubsub.aclose()
        await client.aclose()
