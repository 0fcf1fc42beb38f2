"""A lab's state: the actions a learner took, replayed from a seed into a fresh World.

Nothing about a lab is stored on the server. The state is {seed, realism, actions}, and
because the engines are deterministic, replaying the actions through `build_world` gives
back exactly the queues, messages and clock the learner left. So the whole state travels
in the URL (`?s=<token>`): a reload shows the same moment and a copied link shares it.

The token is compact JSON, zlib-compressed and base64url-encoded (no padding), prefixed
with a version letter so the format can change later. It is size-limited: a link that
would be longer than MAX_TOKEN_CHARS, or hold more than MAX_ACTIONS actions, is refused
with a message telling the learner to start a new lab.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field

from .engines.core import AwsError, World
from .engines.world import build_world
from .runner import run_action

FORMAT = "1"
MAX_ACTIONS = 60
MAX_TOKEN_CHARS = 6000  # well under the 8 KB URL limit of common servers and proxies
MAX_WAIT_SECONDS = 3600  # one x-Wait; keeps a replay quick even with pipes polling each second
MAX_TOTAL_SECONDS = 3600  # pipes poll every simulated second: this bounds a replay
MAX_PIPES = 2
MAX_SEED = 2**31


class LabStateError(ValueError):
    """The URL's lab state cannot be used; the message says why, for the learner."""


@dataclass
class LabState:
    seed: int = 1
    realism: bool = False
    actions: list[dict] = field(default_factory=list)  # [{"action": str, "params": dict}]

    def with_action(self, action: str, params: dict) -> LabState:
        return LabState(
            self.seed, self.realism, [*self.actions, {"action": action, "params": params}]
        )

    def without_last(self) -> LabState:
        return LabState(self.seed, self.realism, self.actions[:-1])


def encode(state: LabState) -> str:
    """The URL token for a state; raises LabStateError when it would be too long."""
    if len(state.actions) > MAX_ACTIONS:
        raise LabStateError(
            f"A lab link holds at most {MAX_ACTIONS} actions. Start a new lab to keep going."
        )
    data = {"v": FORMAT, "seed": state.seed, "realism": state.realism, "a": _compact(state.actions)}
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    token = FORMAT + base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")
    if len(token) > MAX_TOKEN_CHARS:
        raise LabStateError(
            f"This lab has grown too large to fit in a link ({len(token)} characters, at most "
            f"{MAX_TOKEN_CHARS}). Start a new lab, or use shorter message bodies."
        )
    return token


def _compact(actions: list[dict]) -> list:
    return [[a["action"], a["params"]] if a["params"] else [a["action"]] for a in actions]


def decode(token: str | None) -> LabState:
    """The state a URL token describes; an empty token is a fresh lab."""
    if not token:
        return LabState()
    if len(token) > MAX_TOKEN_CHARS:
        raise LabStateError(f"This lab link is too long (over {MAX_TOKEN_CHARS} characters).")
    if token[0] != FORMAT:
        raise LabStateError("This lab link was made by another version of the lab.")
    try:
        packed = base64.urlsafe_b64decode(token[1:] + "=" * (-len(token[1:]) % 4))
        # Bound the inflated size: a tiny token must not expand into megabytes.
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, 64 * MAX_TOKEN_CHARS)
        if inflater.unconsumed_tail:
            raise LabStateError("This lab link holds more than a lab can.")
        data = json.loads(text)
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError) as error:
        if isinstance(error, LabStateError):
            raise
        raise LabStateError("This lab link is damaged: part of it is missing or changed.") from None
    return _validated(data)


def _validated(data: object) -> LabState:
    damaged = LabStateError("This lab link is damaged: its contents are not a lab state.")
    if not isinstance(data, dict) or data.get("v") != FORMAT:
        raise damaged
    seed, realism, raw = data.get("seed"), data.get("realism"), data.get("a")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < MAX_SEED:
        raise damaged
    if not isinstance(realism, bool) or not isinstance(raw, list):
        raise damaged
    if len(raw) > MAX_ACTIONS:
        raise LabStateError(f"A lab link holds at most {MAX_ACTIONS} actions.")
    actions = []
    for item in raw:
        if not isinstance(item, list) or not 1 <= len(item) <= 2 or not isinstance(item[0], str):
            raise damaged
        params = item[1] if len(item) == 2 else {}
        if not isinstance(params, dict):
            raise damaged
        actions.append({"action": item[0], "params": params})
    return LabState(seed, realism, actions)


@dataclass
class Replay:
    world: World
    results: list[dict]  # per action: {number, action, params, response, error, events}


def check_allowed(action: str, params: dict, earlier: list[dict]) -> None:
    """Limits of the lab (not of AWS) that keep every replay fast."""
    if action == "x-Wait":
        seconds = params.get("Seconds")
        if isinstance(seconds, int | float) and not isinstance(seconds, bool):
            if seconds > MAX_WAIT_SECONDS:
                raise AwsError(
                    "InvalidParameterValue",
                    f"The lab waits at most {MAX_WAIT_SECONDS} s at a time; wait again to go on.",
                )
            # Only positive waits count: a (refused) negative one must not buy more time.
            waited = sum(
                max(0, a["params"].get("Seconds", 0))
                for a in earlier
                if a["action"] == "x-Wait" and isinstance(a["params"].get("Seconds"), int | float)
            )
            if waited + seconds > MAX_TOTAL_SECONDS:
                raise AwsError(
                    "InvalidParameterValue",
                    f"A lab covers at most {MAX_TOTAL_SECONDS // 60} minutes of simulated time. "
                    "Start a new lab to go on.",
                )
    if action == "CreatePipe":
        # Each pipe polls every simulated second, and two pipes can pass a message back and
        # forth for the whole lab: the cost of a replay grows with their number.
        if sum(a["action"] == "CreatePipe" for a in earlier) >= MAX_PIPES:
            raise AwsError(
                "LimitExceededException",
                f"The lab runs at most {MAX_PIPES} pipes, so that every page rebuilds quickly. "
                "Start a new lab for another pipe.",
            )


def run_one(world: World, action: str, params: dict) -> tuple[dict, str | None]:
    """Run one action: (AWS-shaped response, error code or None). Never raises AwsError."""
    try:
        return run_action(world, action, params), None
    except AwsError as error:
        return error.as_response(), error.code
    except RecursionError:
        return {
            "Error": {"Code": "ParamValidationError", "Message": "The input nests too deeply."}
        }, ("ParamValidationError")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # boto3 would have refused such parameters before sending them.
        message = f"Parameter validation failed for {action}: {exc}"
        return {
            "Error": {"Code": "ParamValidationError", "Message": message}
        }, "ParamValidationError"


def replay(state: LabState) -> Replay:
    """Rebuild the world by running every action again, in order, from the seed."""
    world = build_world(state.seed, realism=state.realism)
    results = []
    for number, item in enumerate(state.actions, start=1):
        before = len(world.events)
        try:
            check_allowed(item["action"], item["params"], state.actions[: number - 1])
        except AwsError as error:
            response, code = error.as_response(), error.code
        else:
            response, code = run_one(world, item["action"], item["params"])
        results.append(
            {
                "number": number,
                "action": item["action"],
                "params": item["params"],
                "response": response,
                "error": code,
                "events": world.events[before:],
            }
        )
    return Replay(world, results)


def attempt(
    state: LabState, current: Replay, action: str, params: dict
) -> tuple[LabState, Replay, dict]:
    """Try one more action on top of a state whose replay is `current`.

    Returns (the new state, its replay, the action's result). A failed action is not kept:
    bad input changes nothing, so the returned state is the old one and the replay shows
    the world as it was.
    """
    number = len(state.actions) + 1
    try:
        check_allowed(action, params, state.actions)
    except AwsError as error:
        return state, current, _result(number, action, params, error.as_response(), error.code, [])
    world = current.world
    before = len(world.events)
    response, code = run_one(world, action, params)
    result = _result(number, action, params, response, code, world.events[before:])
    if code is not None:
        # The failed call may have touched the world (a partial batch): show the state as
        # it was by replaying again, so what is drawn is what the link holds.
        return state, replay(state), result
    current.results.append(result)
    return state.with_action(action, params), current, result


def _result(number, action, params, response, code, events) -> dict:
    return {
        "number": number,
        "action": action,
        "params": params,
        "response": response,
        "error": code,
        "events": events,
    }
