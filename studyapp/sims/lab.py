"""What a lab draws: a plain-data picture of a World at one moment.

`picture(world, recent)` reads the engines' state (queues and their messages, topics and
subscriptions, buses and rules, pipes and their stages, simulated functions and endpoints)
and marks what the most recent action touched, from its events: the subscriptions a
message reached or was filtered away from, the rules that matched, the pipe stages that
ran. Templates only lay this out; nothing here knows about HTML.
"""

from __future__ import annotations

import math

from .engines.core import World

PREVIEW = 24  # characters of a message body shown on its token


def _preview(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def _seconds_left(at: float, now: float) -> int:
    return max(0, math.ceil(at - now - 1e-9))


def _touched(recent: list[dict], key: str) -> dict[str, set[str]]:
    """For events naming `key` (a queue, a subscription, a rule...): value -> event kinds."""
    found: dict[str, set[str]] = {}
    for event in recent:
        value = event.get(key)
        if isinstance(value, str):
            found.setdefault(value, set()).add(event["kind"])
    return found


def _message_token(message, queue, now: float, recent_labels: dict[str, set[str]]) -> dict:
    if message.visible_at <= now:
        state, note = "visible", "visible"
    elif message.in_flight:
        left = _seconds_left(message.visible_at, now)
        state, note = "in-flight", f"in flight: visible again in {left} s"
    else:
        left = _seconds_left(message.visible_at, now)
        state, note = "delayed", f"delayed: visible in {left} s"
    kinds = recent_labels.get(message.label, set())
    return {
        "label": message.label,
        "state": state,
        "note": note,
        "seconds_left": _seconds_left(message.visible_at, now) if state != "visible" else 0,
        "receive_count": message.receive_count,
        "body": _preview(message.body),
        "group": message.group_id,
        "changed": bool(kinds),
        "kinds": sorted(kinds),
    }


def _labels(recent: list[dict], queue: str, kinds: tuple[str, ...]) -> list[str]:
    """Messages of `queue` the last action touched this way: drawn by its producer/consumer."""
    found = []
    for event in recent:
        label = event.get("label")
        if event.get("queue") == queue and event["kind"] in kinds and isinstance(label, str):
            if label not in found:
                found.append(label)
    return found


def _queues(world: World, recent: list[dict]) -> list[dict]:
    sqs = world.engines["sqs"]
    now = world.now
    dead_letter_of: dict[str, list[str]] = {}
    for queue in sqs.queues.values():
        if queue.redrive:
            dead_letter_of.setdefault(queue.redrive["deadLetterTargetArn"], []).append(queue.name)
    touched = _touched(recent, "queue")
    touched.update(
        {k: touched.get(k, set()) | v for k, v in _touched(recent, "dead_letter_queue").items()}
    )
    drawn = []
    for queue in sqs.queues.values():
        labels: dict[str, set[str]] = {}
        gone = []
        for event in recent:
            if event.get("queue") == queue.name and isinstance(event.get("label"), str):
                labels.setdefault(event["label"], set()).add(event["kind"])
                if (
                    event["kind"] in ("deleted", "moved-to-dlq")
                    and event["label"] not in queue.messages
                ):
                    gone.append({"label": event["label"], "kind": event["kind"]})
            if event.get("dead_letter_queue") == queue.name and isinstance(event.get("label"), str):
                labels.setdefault(event["label"], set()).add("arrived")
        tokens = [_message_token(m, queue, now, labels) for m in queue.messages.values()]
        redrive = None
        if queue.redrive:
            target = sqs.queue_by_arn(queue.redrive["deadLetterTargetArn"])
            redrive = {
                "target": target.name if target else queue.redrive["deadLetterTargetArn"],
                "max": queue.redrive["maxReceiveCount"],
            }
        drawn.append(
            {
                "name": queue.name,
                "url": queue.url,
                "arn": queue.arn,
                "fifo": queue.fifo,
                "dead_letter_for": dead_letter_of.get(queue.arn, []),
                "redrive": redrive,
                "visibility_timeout": queue.settings["VisibilityTimeout"],
                "delay": queue.settings["DelaySeconds"],
                "wait": queue.settings["ReceiveMessageWaitTimeSeconds"],
                "counts": queue.counts(now),
                "visible": [t for t in tokens if t["state"] == "visible"],
                "in_flight": [t for t in tokens if t["state"] == "in-flight"],
                "delayed": [t for t in tokens if t["state"] == "delayed"],
                "gone": gone,
                "sent": _labels(recent, queue.name, ("sent", "duplicate-delivery")),
                "received": _labels(recent, queue.name, ("received",)),
                "deleted": _labels(recent, queue.name, ("deleted",)),
                "active": queue.name in touched,
            }
        )
    return drawn


SUBSCRIPTION_STATUS_TEXT = {
    "message-lost": "message lost",
    "sent-to-dlq": "sent to its dead-letter queue",
    "delivery-failed": "delivery failed: SNS will retry",
    "delivered": "delivered",
    "filtered-out": "filtered out by its policy",
    "": "",
}
RULE_STATUS_TEXT = {"matched": "matched", "skipped": "did not match", "": ""}


def _subscription_status(kinds: set[str]) -> str:
    for status in ("message-lost", "sent-to-dlq", "delivery-failed", "delivered", "filtered-out"):
        if status in kinds:
            return status
    return ""


def _topics(world: World, recent: list[dict]) -> list[dict]:
    sns = world.engines["sns"]
    touched = _touched(recent, "subscription")
    published = _touched(recent, "topic")
    drawn = []
    for topic in sns.topics.values():
        subscriptions = []
        for sub in topic.subscriptions.values():
            status = _subscription_status(touched.get(sub.arn, set()))
            subscriptions.append(
                {
                    "protocol": sub.protocol,
                    "endpoint": sub.short,
                    "filter": sub.filter_text,
                    "scope": sub.filter_scope,
                    "raw": sub.raw,
                    "dead_letter": bool(sub.redrive),
                    "status": status,
                    "status_text": SUBSCRIPTION_STATUS_TEXT[status],
                }
            )
        drawn.append(
            {
                "name": topic.name,
                "arn": topic.arn,
                "fifo": topic.fifo,
                "subscriptions": subscriptions,
                "active": topic.name in published,
            }
        )
    return drawn


def _buses(world: World, recent: list[dict]) -> list[dict]:
    events = world.engines["events"]
    rules_touched = _touched(recent, "rule")
    buses_touched = _touched(recent, "bus")
    drawn = []
    for bus in events.buses.values():
        rules = []
        for rule in bus.rules.values():
            kinds = rules_touched.get(rule.name, set())
            if "rule-matched" in kinds or "schedule-fired" in kinds:
                status = "matched"
            elif "rule-skipped" in kinds:
                status = "skipped"
            else:
                status = ""
            rules.append(
                {
                    "name": rule.name,
                    "pattern": rule.pattern_text,
                    "schedule": rule.schedule.expression if rule.schedule else None,
                    "state": rule.state,
                    "targets": [
                        {"id": t["Id"], "arn": t["Arn"], "short": t["Arn"].rsplit(":", 1)[-1]}
                        for t in rule.targets.values()
                    ],
                    "status": status,
                    "status_text": RULE_STATUS_TEXT[status],
                }
            )
        archives = [
            a["ArchiveName"] for a in events.archives.values() if a["EventSourceArn"] == bus.arn
        ]
        if bus.name == "default" and not rules and not archives and bus.name not in buses_touched:
            if len(events.buses) > 1:
                continue  # an idle default bus next to custom ones is noise
        drawn.append(
            {
                "name": bus.name,
                "rules": rules,
                "archives": archives,
                "active": bus.name in buses_touched,
            }
        )
    return drawn


PIPE_STAGES = (
    ("source", "pipe-polled"),
    ("filter", "pipe-filtered-out"),
    ("enrichment", "pipe-enriched"),
    ("target", "pipe-delivered"),
)


def _pipes(world: World, recent: list[dict]) -> list[dict]:
    pipes = world.engines["pipes"]
    touched = _touched(recent, "pipe")
    drawn = []
    for pipe in pipes.pipes.values():
        kinds = touched.get(pipe["Name"], set())
        stages = [{"stage": "source", "name": pipe["Source"].rsplit(":", 1)[-1].split("/")[-1]}]
        if pipe["filters"]:
            stages.append({"stage": "filter", "name": f"{len(pipe['filters'])} filter(s)"})
        if pipe["Enrichment"]:
            stages.append({"stage": "enrichment", "name": pipe["Enrichment"].rsplit(":", 1)[-1]})
        stages.append({"stage": "target", "name": pipe["Target"].rsplit(":", 1)[-1].split("/")[-1]})
        lit = {stage for stage, kind in PIPE_STAGES if kind in kinds}
        if "filter" in {s["stage"] for s in stages} and "pipe-polled" in kinds:
            lit.add("filter")  # the filter looked at the batch even if it dropped nothing
        for stage in stages:
            stage["lit"] = stage["stage"] in lit
        drawn.append(
            {
                "name": pipe["Name"],
                "state": pipe["CurrentState"],
                "batch": pipe["batch"],
                "stages": stages,
                "failed": "pipe-failed" in kinds,
            }
        )
    return drawn


def _functions(world: World, recent: list[dict]) -> list[dict]:
    touched = _touched(recent, "function")
    return [
        {
            "name": fn["name"],
            "invocations": len(fn["invocations"]),
            "failing": fn["fail"] is not None and fn["fail_times"] != 0,
            "status": (
                "failed"
                if "lambda-failed" in touched.get(fn["name"], set())
                else "invoked"
                if fn["name"] in touched
                else ""
            ),
        }
        for fn in world.engines["lambda"].functions.values()
    ]


def _endpoints(world: World) -> list[dict]:
    return [
        {"address": address, "healthy": e["healthy"], "deliveries": len(e["deliveries"])}
        for address, e in world.engines["sns"].endpoints.items()
    ]


def _streams(world: World, recent: list[dict]) -> list[dict]:
    touched = _touched(recent, "stream")
    return [
        {
            "name": s["name"],
            "kind": s["kind"],
            "records": len(s["records"]),
            "active": s["name"] in touched,
        }
        for s in world.engines["pipes"].streams.values()
    ]


def picture(world: World, recent: list[dict] | None = None) -> dict:
    recent = recent or []
    drawn = {
        "now": world.now,
        "realism": world.realism,
        "queues": _queues(world, recent),
        "topics": _topics(world, recent),
        "buses": _buses(world, recent),
        "pipes": _pipes(world, recent),
        "functions": _functions(world, recent),
        "endpoints": _endpoints(world),
        "streams": _streams(world, recent),
    }
    drawn["empty"] = not any(
        drawn[k] for k in ("queues", "topics", "pipes", "functions", "endpoints", "streams")
    ) and not any(b["rules"] for b in drawn["buses"])
    return drawn
