"""Join attempts per client address, so a script cannot flood a game with players.

A whole class may share one address (a school's NAT), so the default is
generous: 300 a minute (settings.LIVE_JOIN_RATE or the LIVE_JOIN_RATE
environment variable). Behind the proxies in settings.TRUSTED_PROXIES the
client is the nearest X-Forwarded-For address that is not one of them; the
header is ignored from anyone else, who could otherwise pick their own address.
Counts live in Django's cache: per process by default, shared through Redis
when REDIS_URL is set.
"""

from datetime import UTC, datetime, timedelta
from ipaddress import ip_address

from django.conf import settings
from django.core.cache import cache

from studyapp.env import env_int

WINDOW_SECONDS = 60


def join_rate() -> int:
    configured = getattr(settings, "LIVE_JOIN_RATE", None)
    return int(configured) if configured is not None else env_int("LIVE_JOIN_RATE", 300, minimum=1)


def _normal(address: str) -> str:
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return address.strip()


def _trusted_proxies() -> set[str]:
    return {_normal(p) for p in getattr(settings, "TRUSTED_PROXIES", [])}


def client_address(request) -> str:
    remote = _normal(request.META.get("REMOTE_ADDR", ""))
    trusted = _trusted_proxies()
    if remote not in trusted:
        return remote
    forwarded = [_normal(a) for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    # Walk from the nearest hop outwards: the first untrusted hop is the client.
    for address in reversed([a for a in forwarded if a]):
        if address not in trusted:
            return address
    return remote


def _from_trusted_proxy(request) -> bool:
    return _normal(request.META.get("REMOTE_ADDR", "")) in _trusted_proxies()


# How long a request may have waited behind the proxy and still be stamped
# with the proxy's arrival time; anything odder is stamped with our own clock.
MAX_QUEUED = timedelta(seconds=30)


def arrival_time(request, now: datetime) -> datetime:
    """When the request reached the trusted proxy (X-Request-Start: t=<epoch seconds>).

    Under load an answer may wait in the proxy's queue for a sync worker; it
    arrived in time all the same. nginx: proxy_set_header X-Request-Start "t=${msec}";
    From anyone but a trusted proxy the header is ignored, as is a stamp in
    the future or from long ago.
    """
    if not _from_trusted_proxy(request):
        return now
    raw = request.META.get("HTTP_X_REQUEST_START", "").strip().removeprefix("t=")
    try:
        stamped = datetime.fromtimestamp(float(raw), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return now
    return stamped if now - MAX_QUEUED <= stamped <= now else now


def allow_join(address: str, now: datetime, rate: int | None = None) -> bool:
    """Count one attempt from `address`; False once the minute's allowance is spent."""
    rate = join_rate() if rate is None else rate
    window = int(now.timestamp()) // WINDOW_SECONDS
    key = f"live-join:{address}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= rate
