"""Settings read from the environment, failing loudly on values that make no sense.

A typo in production configuration should stop the process at start-up with a
message naming the variable, not silently fall back to a default.
"""

import os
from urllib.parse import unquote, urlparse


class ImproperlyConfiguredEnv(Exception):
    pass


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfiguredEnv(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfiguredEnv(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfiguredEnv(f"{name} is set but empty: give a comma-separated list.")
    return items


def database_from_url(url: str, base_dir) -> dict:
    """DATABASE_URL -> Django DATABASES['default'].

    sqlite:///relative/path.db, sqlite:////absolute/path.db, postgres://user:pw@host:5432/name.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "sqlite":
        path = parsed.path[1:] if parsed.path.startswith("//") else parsed.path.lstrip("/")
        if parsed.path.startswith("//"):
            path = "/" + path.lstrip("/")
        if not path:
            raise ImproperlyConfiguredEnv(f"DATABASE_URL={url!r} names no SQLite file.")
        name = path if os.path.isabs(path) else str(base_dir / path)
        return sqlite_database(name)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = parsed.path.lstrip("/")
        if not name:
            raise ImproperlyConfiguredEnv(f"DATABASE_URL={url!r} names no database.")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfiguredEnv(
        f"DATABASE_URL={url!r}: unsupported scheme {scheme!r}; use sqlite:/// or postgres://."
    )


def sqlite_database(name: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers
            # queue politely instead of one failing with "database is locked" mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        },
        "TEST": {"NAME": os.environ.get("SQLITE_TEST_NAME") or None},
    }


def redis_url(name: str = "REDIS_URL") -> str | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r}: use redis://host:port/db or rediss://.")
    return raw
