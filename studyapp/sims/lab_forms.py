"""Lab forms as data: each form is one AWS (or x-) action and the fields that fill it.

Templates draw every form from these definitions and one parser reads every submission,
so the field a template shows, the check the server makes and the error a learner sees
all come from the same place. Only what boto3 itself would refuse before sending (a word
where a number goes, a text that is too long for a lab link) is checked here; everything
else goes to the engine unchanged, so learners meet AWS's own error codes and messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .engines.core import AwsError, World

MAX_TEXT = 1000  # characters in one field: a lab's whole history must fit in its link


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | int | textarea | select | checkbox | choice
    required: bool = False
    help: str = ""
    default: str = ""
    choices: str | tuple = ()  # a world source (see choices_for) or static (value, label) pairs
    suggest: str = ""  # a world source offered as a datalist under a text field
    placeholder: str = ""


@dataclass(frozen=True)
class ActionForm:
    id: str
    action: str
    title: str
    fields: tuple[Field, ...]
    build: Callable[[dict, World], dict]
    help: str = ""
    button: str = ""
    needs: str = ""  # a world source that must be non-empty for the form to make sense

    @property
    def button_text(self) -> str:
        return self.button or self.title


class FormError(AwsError):
    """Input boto3 would refuse before sending: reported like the runner reports it."""

    def __init__(self, message: str):
        super().__init__("ParamValidationError", message)


def parse(form: ActionForm, data) -> dict:
    """Read the submitted fields of one form: {name: str | int | bool | None}."""
    values: dict = {}
    for spec in form.fields:
        raw = data.get(spec.name, "")
        if not isinstance(raw, str):
            raw = str(raw)
        if spec.kind == "checkbox":
            values[spec.name] = raw not in ("", "0", "false", "off")
            continue
        text = raw.strip()
        if len(text) > MAX_TEXT:
            raise FormError(
                f"{spec.label} is longer than the lab's limit of {MAX_TEXT} characters."
            )
        if not text:
            if spec.required:
                raise FormError(f"{spec.label} is required.")
            values[spec.name] = None
            continue
        if spec.kind == "int":
            try:
                values[spec.name] = int(text)
            except ValueError:
                raise FormError(
                    f"{spec.label} must be a whole number, like 10; got {text!r}."
                ) from None
            continue
        if spec.kind == "choice" and text not in {value for value, _ in spec.choices}:
            allowed = ", ".join(value for value, _ in spec.choices)
            raise FormError(f"{spec.label} must be one of: {allowed}.")
        values[spec.name] = text
    return values


def build_params(form: ActionForm, data, world: World) -> dict:
    return form.build(parse(form, data), world)


# -- what the world offers to choose from ------------------------------------------------
def _queues(world):
    return [(q.url, q.name) for q in world.engines["sqs"].queues.values()]


def _queue_arns(world):
    return [(q.arn, q.name) for q in world.engines["sqs"].queues.values()]


def _handles(world):
    now = world.now
    found = []
    for queue in world.engines["sqs"].queues.values():
        for message in queue.messages.values():
            if not message.receipt_handle:
                continue
            if message.visible_at > now and message.in_flight:
                status = f"in flight, {max(0, message.visible_at - now):g} s left"
            else:
                status = "visible again"
            label = f"{message.label} in {queue.name} (receive #{message.receive_count}, {status})"
            found.append((message.receipt_handle, label))
    return found


def _topics(world):
    return [(t.arn, t.name) for t in world.engines["sns"].topics.values()]


def _buses(world):
    return [(b.name, b.name) for b in world.engines["events"].buses.values()]


def _rules(world):
    return [
        (f"{bus.name}/{rule.name}", f"{rule.name} (on {bus.name})")
        for bus in world.engines["events"].buses.values()
        for rule in bus.rules.values()
    ]


def _functions(world):
    return [(f["arn"], f["name"]) for f in world.engines["lambda"].functions.values()]


def _streams(world):
    return [(s["arn"], s["name"]) for s in world.engines["pipes"].streams.values()]


def _pipe_sources(world):
    return _queue_arns(world) + _streams(world)


def _archives(world):
    return [(name, name) for name in world.engines["events"].archives]


def _pipes(world):
    return [(name, name) for name in world.engines["pipes"].pipes]


def _targets(world):
    events = world.engines["events"]
    return (
        _queue_arns(world)
        + _topics(world)
        + _functions(world)
        + [(b.arn, b.name) for b in events.buses.values()]
        + _streams(world)
        + [("arn:aws:lambda:us-east-1:123456789012:function:audit", "audit (a Lambda)")]
    )


def _endpoints(world):
    return (
        _queue_arns(world)
        + _functions(world)
        + [
            ("arn:aws:lambda:us-east-1:123456789012:function:audit", "audit (a Lambda)"),
            ("https://example.com/hooks/orders", "an HTTPS endpoint"),
            ("ops@example.com", "an email address"),
        ]
    )


def _http_endpoints(world):
    sns = world.engines["sns"]
    subscribed = [
        (s.endpoint, s.endpoint)
        for s in sns.subscriptions.values()
        if s.protocol in ("http", "https", "email", "email-json")
    ]
    return subscribed or [("https://example.com/hooks/orders", "an HTTPS endpoint")]


SOURCES = {
    "queues": _queues,
    "queue_arns": _queue_arns,
    "handles": _handles,
    "topics": _topics,
    "buses": _buses,
    "rules": _rules,
    "functions": _functions,
    "streams": _streams,
    "pipe_sources": _pipe_sources,
    "pipes": _pipes,
    "archives": _archives,
    "targets": _targets,
    "endpoints": _endpoints,
    "http_endpoints": _http_endpoints,
}


# What to do first when a form's `needs` source is empty.
NEEDS_TEXT = {
    "queues": "Create a queue first.",
    "queue_arns": "Create a queue first.",
    "handles": "Receive a message first: this needs its receipt handle.",
    "topics": "Create a topic first.",
    "rules": "Put a rule first.",
    "functions": "Create a function first.",
    "streams": "Create a stream first.",
    "pipe_sources": "Create a queue or a stream first: it will be the pipe's source.",
    "pipes": "Create a pipe first.",
    "archives": "Archive a bus first.",
}


def choices_for(spec: Field, world: World) -> list[tuple[str, str]]:
    if isinstance(spec.choices, tuple):
        return list(spec.choices)
    return SOURCES[spec.choices](world)


def suggestions_for(spec: Field, world: World) -> list[tuple[str, str]]:
    return SOURCES[spec.suggest](world) if spec.suggest else []


def drawn(form: ActionForm, world: World, submitted: dict | None = None) -> dict:
    """What a template needs to draw one form: fields with their current values."""
    fields = []
    for spec in form.fields:
        options = choices_for(spec, world) if spec.kind in ("select", "choice") else []
        if spec.kind == "select" and not spec.required:
            options = [("", "none"), *options]
        if submitted is not None:
            value = submitted.get(spec.name, "")
        elif spec.kind == "select" and spec.required and options:
            value = options[-1][0]  # the newest thing is usually the one meant
        else:
            value = spec.default
        fields.append(
            {
                "spec": spec,
                "id": f"{form.id}-{spec.name}",
                "value": value,
                "options": options,
                "suggestions": suggestions_for(spec, world),
            }
        )
    available = not form.needs or bool(SOURCES[form.needs](world))
    missing = "" if available else NEEDS_TEXT.get(form.needs, "Not available yet.")
    return {"form": form, "fields": fields, "available": available, "missing": missing}
