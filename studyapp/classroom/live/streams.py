"""Server-Sent Events for the projector and the phones (async views, served by uvicorn).

A stream does no database work after it opens: it waits on the process's
watcher for its game and sends the watcher's pre-rendered snapshot when its
id differs from the last one this client saw (Last-Event-ID on a reconnect,
?last= on the first connection, from the page the client loaded).
"""

import asyncio
import time

from asgiref.sync import sync_to_async
from django.db import connections
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from studyapp.classroom.live import game as rules
from studyapp.classroom.live.snapshots import sse_event
from studyapp.classroom.live.watcher import release, watch
from studyapp.classroom.models_live import Game

HEARTBEAT_SECONDS = 15
RETRY_MS = 2000


async def _events(game_id: int, audience: str, last: str):
    watcher = await watch(game_id)
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        # Per connection, not broadcast: lets the countdown correct for the phone's clock.
        yield sse_event(None, str(int(timezone.now().timestamp() * 1000)), event="clock")
        while True:
            changed = watcher.changed
            snapshot = watcher.snapshots.get(audience)
            if snapshot is not None and snapshot.id != last:
                yield snapshot.event
                last = snapshot.id
            if watcher.state == Game.State.FINISHED:
                yield sse_event(None, "finished", event="end")
                return
            try:
                await asyncio.wait_for(changed.wait(), timeout=HEARTBEAT_SECONDS)
            except TimeoutError:
                yield b": keep-alive\n\n"
    finally:
        release(watcher)


def _no_stream_here():
    # A WSGI server (gunicorn's sync workers, Django's test server) would hold a
    # worker forever on an endless response: say so at once, and the page polls.
    return HttpResponse(
        "Event streams are served by the ASGI server; poll the stage instead.",
        status=503,
        content_type="text/plain",
    )


def _stream(request, game_id: int, audience: str) -> StreamingHttpResponse:
    last = request.headers.get("Last-Event-ID") or request.GET.get("last", "")
    response = StreamingHttpResponse(
        _events(game_id, audience, last), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def _phone_game_id(pin: str) -> int | None:
    try:
        return rules.games_with_pin(pin).values_list("pk", flat=True).first()
    finally:
        # A stream lives for minutes in its own thread: a connection kept open
        # per stream would exhaust PostgreSQL's connections with a class of 100.
        connections.close_all()


def _projector_allowed(request, pk: int) -> str | None:
    """None when this is the host's game, else why not."""
    try:
        if not request.user.is_authenticated:
            return "login"
        return None if Game.objects.filter(pk=pk, host=request.user).exists() else "not yours"
    finally:
        connections.close_all()


# PIN → game, remembered by the process for a few seconds: a class of 2,000
# opening streams at once makes one query, not 2,000 connections at once.
PIN_MEMORY_SECONDS = 10
_pin_games: dict[str, tuple[int, float]] = {}
_pin_lookup = asyncio.Lock()


async def _game_id_for_pin(pin: str) -> int | None:
    async with _pin_lookup:
        known = _pin_games.get(pin)
        if known and time.monotonic() - known[1] < PIN_MEMORY_SECONDS:
            return known[0]
        game_id = await sync_to_async(_phone_game_id)(pin)
        if game_id is not None:  # unknown PINs are not remembered: nothing to fill up
            _pin_games[pin] = (game_id, time.monotonic())
        return game_id


@require_GET
async def phone_events(request, pin):
    if not hasattr(request, "scope"):
        return _no_stream_here()
    game_id = await _game_id_for_pin(pin)
    if game_id is None:
        return HttpResponse("No game has this PIN.", status=404, content_type="text/plain")
    return _stream(request, game_id, "phone")


@require_GET
async def projector_events(request, pk):
    if not hasattr(request, "scope"):
        return _no_stream_here()
    refused = await sync_to_async(_projector_allowed)(request, pk)
    if refused == "login":
        return HttpResponse("Log in first.", status=403, content_type="text/plain")
    if refused:
        return HttpResponse("Not your game.", status=404, content_type="text/plain")
    return _stream(request, pk, "projector")
