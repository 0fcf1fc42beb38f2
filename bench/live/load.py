"""The live benchmark's load generator: phones and an instructor, over plain HTTP (aiohttp).

Every phone does what the browser page does: it opens the join page, posts its
nickname, loads the game page, holds the event stream open, answers each
question after a human delay (most in the first quarter of the timer) and
fetches its own result at each reveal. A share of phones drop their stream
mid-question and reconnect with Last-Event-ID, as a phone on Wi-Fi would.
The instructor presses "Next" through the control form, as the projector does.
"""

import asyncio
import random
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

import aiohttp

CSRF = "csrftoken"


def csrf_pair() -> tuple[str, str]:
    """A CSRF secret the client picks itself: Django accepts the unmasked secret."""
    token = secrets.token_hex(16)  # 32 characters, as Django's secret
    return token, token


@dataclass
class Tally:
    """Everything the phones observed, merged for the report."""

    answer_codes: Counter = field(default_factory=Counter)
    answers_sent: int = 0
    answer_latency: list = field(default_factory=list)  # seconds per answer POST
    delivered: dict = field(default_factory=dict)  # question index -> [arrival times]
    errors: Counter = field(default_factory=Counter)
    joined: int = 0
    streams_open: int = 0
    peak_streams: int = 0
    reconnects: int = 0
    caught_up: int = 0  # reconnected phones that then saw the reveal they were due
    results_fetched: int = 0
    answer_retries: int = 0  # resent once after a stale kept-alive connection

    def error(self, kind: str) -> None:
        self.errors[kind] += 1


@dataclass
class Plan:
    pin: str
    game_id: int
    questions: list  # the quiz's questions (the load generator knows the answers)
    time_limit: float
    drop_share: float
    seed: int


def answer_delay(rng: random.Random, limit: float) -> float:
    """Most answers in the first quarter of the timer, the rest later but in time."""
    if rng.random() < 0.75:
        return rng.uniform(0.4, limit / 4)
    return rng.uniform(limit / 4, limit * 0.8)


def pick_options(rng: random.Random, question: dict) -> list[str]:
    ids = [option["id"] for option in question["options"]]
    if rng.random() < 0.6:
        return list(question["answer"])
    return rng.sample(ids, question["choose"])


class Phone:
    def __init__(self, number: int, plan: Plan, http: aiohttp.ClientSession, tally: Tally):
        self.name = f"P{number:04d}"
        self.plan = plan
        self.http = http
        self.tally = tally
        self.rng = random.Random(plan.seed * 100_003 + number)
        self.csrf, self.csrf_header = csrf_pair()
        self.token = None
        self.last_id = ""
        self.drop_on = None
        if self.rng.random() < plan.drop_share:
            self.drop_on = self.rng.randrange(len(plan.questions))
        self.awaiting_reveal = None  # after a drop: the reveal the reconnect must catch up on
        self.finished = asyncio.Event()

    def cookies(self) -> str:
        jar = f"{CSRF}={self.csrf}"
        if self.token:
            jar += f"; live_{self.plan.game_id}={self.token}"
        return jar

    async def join(self) -> bool:
        pin = self.plan.pin
        async with self.http.get(f"/class/play/?pin={pin}") as page:
            await page.read()
            if page.status != 200:
                self.tally.error(f"join page {page.status}")
                return False
        form = {"pin": pin, "nickname": self.name, "csrfmiddlewaretoken": self.csrf}
        headers = {"Cookie": self.cookies()}
        async with self.http.post(
            "/class/play/", data=form, headers=headers, allow_redirects=False
        ) as joined:
            await joined.read()
            morsel = joined.cookies.get(f"live_{self.plan.game_id}")
            if joined.status != 302 or morsel is None:
                self.tally.error(f"join {joined.status}")
                return False
            self.token = morsel.value
        await self.load_page()
        self.tally.joined += 1
        return True

    async def load_page(self):
        async with self.http.get(
            f"/class/play/{self.plan.pin}/", headers={"Cookie": self.cookies()}
        ) as page:
            html = await page.text()
            if page.status != 200:
                self.tally.error(f"phone page {page.status}")
                return
            found = re.search(r'data-snapshot="([^"]*)"', html)
            if found and not self.last_id:
                self.last_id = found.group(1)

    async def play(self):
        """Hold the stream until the game ends; reconnect when it drops."""
        while not self.finished.is_set():
            try:
                dropped = await self.stream()
            except (TimeoutError, aiohttp.ClientError) as problem:
                self.tally.error(f"stream {type(problem).__name__}")
                dropped = True
            if self.finished.is_set():
                return
            if dropped:
                self.tally.reconnects += 1
                await asyncio.sleep(self.rng.uniform(1.0, 3.0))  # out of the Wi-Fi for a moment
                await self.load_page()  # the phone reloads, as the browser would

    async def stream(self) -> bool:
        """Read events; True when the phone drops the stream on purpose."""
        headers = {"Cookie": self.cookies(), "Accept": "text/event-stream"}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        path = f"/class/play/{self.plan.pin}/events/"
        timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
        async with self.http.get(path, headers=headers, timeout=timeout) as response:
            if response.status != 200:
                self.tally.error(f"stream {response.status}")
                await asyncio.sleep(1)
                return False
            self.tally.streams_open += 1
            self.tally.peak_streams = max(self.tally.peak_streams, self.tally.streams_open)
            try:
                return await self._events(response)
            finally:
                self.tally.streams_open -= 1

    async def _events(self, response) -> bool:
        # Whole chunks, split into events; only the id and event lines are read.
        # (Line by line, 2,000 phones' parsing in one Python process would add
        # its own delay to the broadcast figures it measures.)
        buffer = b""
        async for chunk in response.content.iter_any():
            buffer += chunk
            *blocks, buffer = buffer.split(b"\n\n")
            for block in blocks:
                event_id, kind = None, "message"
                for line in block.split(b"\n", 2)[:2]:  # id and event come first
                    if line.startswith(b"id: "):
                        event_id = line[4:].decode()
                    elif line.startswith(b"event: "):
                        kind = line[7:].decode()
                if kind == "end":
                    self.finished.set()
                    return False
                if event_id is not None and kind == "message" and self.on_event(event_id):
                    return True
        return False  # the server closed the stream

    def on_event(self, event_id: str) -> bool:
        """React to a snapshot; True to drop the stream now (this phone's bad moment)."""
        arrived = time.monotonic()
        self.last_id = event_id
        if event_id == self.awaiting_reveal:
            self.tally.caught_up += 1
            self.awaiting_reveal = None
        state, _, index_text = event_id.partition("-")
        index = int(index_text) if index_text.lstrip("-").isdigit() else -1
        if state == "question":
            self.tally.delivered.setdefault(index, []).append(arrived)
            asyncio.get_running_loop().create_task(self.answer(index))
            if self.drop_on == index:
                self.drop_on, self.awaiting_reveal = None, f"reveal-{index}"
                return True
        elif state == "reveal":
            asyncio.get_running_loop().create_task(self.fetch_result())
        return False

    async def answer(self, index: int):
        question = self.plan.questions[index]
        await asyncio.sleep(answer_delay(self.rng, self.plan.time_limit))
        form = [("csrfmiddlewaretoken", self.csrf), ("index", str(index))]
        form += [("option", option) for option in pick_options(self.rng, question)]
        headers = {"Cookie": self.cookies(), "HX-Request": "true"}
        self.tally.answers_sent += 1
        started = time.monotonic()
        for attempt in (1, 2):
            try:
                async with self.http.post(
                    f"/class/play/{self.plan.pin}/answer/", data=form, headers=headers
                ) as response:
                    await response.read()
                    self.tally.answer_latency.append(time.monotonic() - started)
                    code = response.headers.get("X-Answer", f"http {response.status}")
                    self.tally.answer_codes[code] += 1
                    return
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as problem:
                # A kept-alive connection the server closed as the request left:
                # a browser sends it again (safe: the server counts an answer once).
                if attempt == 2:
                    self.tally.error(f"answer {type(problem).__name__}")
                else:
                    self.tally.answer_retries += 1
            except aiohttp.ClientError as problem:
                self.tally.error(f"answer {type(problem).__name__}")
                return

    async def fetch_result(self):
        try:
            async with self.http.get(
                f"/class/play/{self.plan.pin}/me/", headers={"Cookie": self.cookies()}
            ) as response:
                await response.read()
                if response.status == 200:
                    self.tally.results_fetched += 1
                else:
                    self.tally.error(f"result {response.status}")
        except aiohttp.ClientError as problem:
            self.tally.error(f"result {type(problem).__name__}")


class Instructor:
    """Presses "Next" on the projector's control form, logged in by a session cookie."""

    def __init__(self, http: aiohttp.ClientSession, game_id: int, session_id: str):
        self.http = http
        self.game_id = game_id
        self.csrf, _ = csrf_pair()
        self.cookie = f"sessionid={session_id}; {CSRF}={self.csrf}"

    async def next(self) -> None:
        form = {"csrfmiddlewaretoken": self.csrf, "action": "next"}
        async with self.http.post(
            f"/class/live/{self.game_id}/control/",
            data=form,
            headers={"Cookie": self.cookie},
            allow_redirects=False,
        ) as response:
            await response.read()
            if response.status != 302:
                raise RuntimeError(f"the instructor's Next failed: HTTP {response.status}")


class Observer:
    """One extra stream (no player) that tells the instructor what the phones see."""

    def __init__(self, http: aiohttp.ClientSession, pin: str):
        self.http, self.pin = http, pin
        self.seen: dict[str, float] = {}
        self.changed = asyncio.Event()

    async def run(self):
        timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
        last = ""
        while True:  # reconnect like a phone: the instructor must not miss a reveal
            try:
                async with self.http.get(
                    f"/class/play/{self.pin}/events/",
                    timeout=timeout,
                    headers={"Last-Event-ID": last} if last else {},
                ) as response:
                    async for raw in response.content:
                        line = raw.decode().rstrip("\r\n")
                        if line.startswith("id: "):
                            last = line[4:]
                            self.seen.setdefault(last, time.monotonic())
                            self.changed.set()
                        elif line == "event: end":
                            return
            except (TimeoutError, aiohttp.ClientError):
                await asyncio.sleep(1)

    async def wait_for(self, event_id: str, timeout: float) -> None:
        end = time.monotonic() + timeout
        while event_id not in self.seen:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(end - time.monotonic(), 0.01))
