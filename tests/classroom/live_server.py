"""Real servers for the stream tests: uvicorn processes over a database they share.

Django's test server buffers endless responses, so event streams are tested
against uvicorn, on a file SQLite database (or PostgreSQL) that this helper
migrates and the test process drives through live_driver in subprocesses.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SECRET = "stream-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(self, database_url: str, redis_url: str | None = None, **extra_env):
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env |= {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "SECRET_KEY": SECRET,
            "DEBUG": "0",
            "SECURE": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            **extra_env,
        }
        if redis_url:
            env["REDIS_URL"] = redis_url
        self.env = env
        self.servers: list[subprocess.Popen] = []

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def drive(self, *args) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.classroom.live_driver", *map(str, args)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def serve(self) -> int:
        port = free_port()
        process = subprocess.Popen(
            [
                str(VENV_BIN / "uvicorn"),
                "studyapp.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "1",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.servers.append(process)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"uvicorn exited: {process.stderr.read().decode()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return port
            except OSError:
                time.sleep(0.1)
        raise AssertionError("uvicorn did not start within 20 s")

    def kill(self, index: int = -1):
        process = self.servers.pop(index)
        process.kill()
        process.wait()

    def close(self):
        while self.servers:
            self.kill()


class EventStream:
    """A minimal Server-Sent Events client over a raw socket."""

    def __init__(self, port: int, path: str, last_event_id: str | None = None, cookie: str = ""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        headers = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: text/event-stream"]
        if last_event_id:
            headers.append(f"Last-Event-ID: {last_event_id}")
        if cookie:
            headers.append(f"Cookie: {cookie}")
        self.sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        self.buffer = b""
        head = self._read_until(b"\r\n\r\n", 10)
        self.status = int(head.split(b" ", 2)[1])
        self.chunked = b"transfer-encoding: chunked" in head.lower()
        self.text = ""

    def _read_until(self, marker: bytes, timeout: float) -> bytes:
        end = time.monotonic() + timeout
        while marker not in self.buffer:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("stream closed")
            self.buffer += data
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _fill_text(self, timeout: float):
        if not self.chunked and self.buffer:
            self.text += self.buffer.decode()
            self.buffer = b""
        end = time.monotonic() + timeout
        while "\n\n" not in self.text:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if self.chunked:
                size = int(self._read_until(b"\r\n", left), 16)
                while len(self.buffer) < size + 2:
                    self.sock.settimeout(max(end - time.monotonic(), 0.01))
                    data = self.sock.recv(65536)
                    if not data:
                        raise ConnectionError("stream closed")
                    self.buffer += data
                self.text += self.buffer[:size].decode()
                self.buffer = self.buffer[size + 2 :]
            else:
                self.sock.settimeout(left)
                data = self.sock.recv(65536)
                if not data:
                    raise ConnectionError("stream closed")
                self.text += data.decode()

    def next_event(self, timeout: float = 5.0, skip=("clock",)) -> dict:
        """The next event with data (comments, retry lines and `skip` events passed over)."""
        end = time.monotonic() + timeout
        while True:
            self._fill_text(max(end - time.monotonic(), 0.001))
            block, self.text = self.text.split("\n\n", 1)
            event = {"event": "message", "data": []}
            for line in block.split("\n"):
                name, _, value = line.partition(": ")
                if name == "data":
                    event["data"].append(value)
                elif name in ("id", "event"):
                    event[name] = value
            if event["data"] and event["event"] not in skip:
                event["data"] = "\n".join(event["data"])
                return event

    def close(self):
        self.sock.close()
