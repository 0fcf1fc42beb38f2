"""The server processes of the live benchmark: gunicorn, uvicorn and nginx on loopback.

The production layout: nginx in front, routing the event streams to one
uvicorn process and everything else to gunicorn's sync workers. The local
layout is `make run`'s: uvicorn alone. Each server is a child process of the
benchmark, stopped when it ends; nginx runs in the foreground with a config
written to a temporary directory.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
STREAM_PATHS = r"^/class/(play/[0-9]+|live/[0-9]+)/events/$"

NGINX_CONF = """\
{user}
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 16000; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  upstream pages {{ server 127.0.0.1:{pages}; {pages_keepalive} }}
  upstream streams {{ server 127.0.0.1:{streams}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    keepalive_requests 100000;
    # Event streams: one async process, unbuffered, held open.
    location ~ {stream_paths} {{
      proxy_pass http://streams;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      {headers}
      proxy_buffering off;
      proxy_read_timeout 1h;
    }}
    # Pages, answers and static files: the sync workers.
    location / {{
      proxy_pass http://pages;
      {pages_http}
      {headers}
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on port {port} within {seconds:.0f} s")


def peak_rss_kib(pid: int) -> int | None:
    """The process's peak resident memory (VmHWM), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Servers:
    def __init__(self, env: dict, tmp: Path):
        self.env = env
        self.tmp = tmp
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, command: list[str], port: int) -> None:
        log = open(self.tmp / f"{name}.log", "wb")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes[name] = process
        wait_for_port(port, process, name)

    def uvicorn(self) -> int:
        port = free_port()
        self._start(
            "uvicorn",
            [
                str(VENV_BIN / "uvicorn"),
                "studyapp.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--lifespan",
                "off",
                "--timeout-graceful-shutdown",
                "2",
                "--backlog",
                "4096",
            ],
            port,
        )
        return port

    def gunicorn(self, workers: int, threads: int = 1) -> int:
        """Sync workers, or with threads > 1 gthread workers that keep connections alive."""
        port = free_port()
        command = [
            str(VENV_BIN / "gunicorn"),
            "studyapp.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "4096",
        ]
        if threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(threads)]
            command += ["--keep-alive", "75"]
        self._start("gunicorn", command, port)
        return port

    def nginx(self, pages: int, streams: int, pages_keepalive: bool = False) -> int:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        port = free_port()
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.tmp / folder).mkdir(exist_ok=True)
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                # As root, nginx would hand its workers to "nobody", who cannot use our temp dir.
                user="user root;" if os.geteuid() == 0 else "",
                tmp=self.tmp,
                pages=pages,
                streams=streams,
                port=port,
                stream_paths=STREAM_PATHS,
                # Kept-alive connections to the workers spare a TCP handshake per answer;
                # only gthread workers keep them (a sync worker closes after each reply).
                pages_keepalive="keepalive 32;" if pages_keepalive else "",
                pages_http='proxy_http_version 1.1; proxy_set_header Connection "";'
                if pages_keepalive
                else "",
                # Repeated per location: a location that sets any header inherits none.
                headers="proxy_set_header Host $host; "
                "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; "
                "proxy_set_header X-Forwarded-Proto $scheme; "
                'proxy_set_header X-Request-Start "t=${msec}";',
            )
        )
        self._start("nginx", [binary, "-c", str(conf), "-p", str(self.tmp)], port)
        return port

    def usage(self) -> tuple[dict, dict]:
        """Peak RSS in MiB and CPU seconds of every server process (masters and workers)."""
        memory, cpu = {}, {}
        for name, process in self.processes.items():
            pids = [process.pid, *children(process.pid)]
            for number, pid in enumerate(pids):
                label = name if number == 0 else f"{name} worker {number}"
                kib = peak_rss_kib(pid)
                if kib is not None:
                    memory[label] = round(kib / 1024, 1)
                cpu[label] = cpu_seconds(pid)
        return memory, cpu

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
