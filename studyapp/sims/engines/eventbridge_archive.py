"""EventBridge archives and replays, on the virtual clock.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
An archive keeps the events its bus receives (those matching its optional pattern). A
replay sends the archived events from a time window back to the same bus, each with a
`replay-name` field, optionally only to the rules named in Destination.FilterArns, so a
fixed consumer can re-process what it missed. Replayed events are not archived again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from .core import EPOCH, AwsError, arn
from .event_patterns import compile_pattern

REPLAY_START_DELAY = 1.0  # seconds of virtual time between StartReplay and the first event


def _seconds(value: object, what: str) -> float:
    """A boto3 timestamp (datetime, ISO text or epoch seconds) as virtual seconds."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise AwsError("ValidationException", f"{what} {value!r} is not a timestamp.") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    else:
        raise AwsError(
            "ValidationException", f"{what} is required: a time such as 2026-01-01T00:00:00Z."
        )
    return (moment - EPOCH).total_seconds()


class ArchiveMixin:
    def init_archives(self) -> None:
        self.archives: dict[str, dict] = {}
        self.replays: dict[str, dict] = {}

    def archive_actions(self) -> dict:
        return {
            "CreateArchive": self.create_archive,
            "DescribeArchive": self.describe_archive,
            "ListArchives": self.list_archives,
            "DeleteArchive": self.delete_archive,
            "StartReplay": self.start_replay,
            "DescribeReplay": self.describe_replay,
            "ListReplays": self.list_replays,
        }

    def _iso(self, at: float) -> str:
        return self.world.timestamp(at).strftime("%Y-%m-%dT%H:%M:%SZ")

    def archive(self, name: object) -> dict:
        if name not in self.archives:
            raise AwsError("ResourceNotFoundException", f"Archive {name} does not exist.")
        return self.archives[name]

    def create_archive(self, p: dict) -> dict:
        name = p.get("ArchiveName")
        if not isinstance(name, str) or not name:
            raise AwsError("ValidationException", "ArchiveName is required.")
        if name in self.archives:
            raise AwsError("ResourceAlreadyExistsException", f"Archive {name} already exists.")
        bus = self.bus(p.get("EventSourceArn"))
        pattern_text = p.get("EventPattern")
        if pattern_text is not None and not isinstance(pattern_text, str):
            pattern_text = json.dumps(pattern_text)
        archive = {
            "ArchiveName": name,
            "ArchiveArn": arn("events", f"archive/{name}"),
            "EventSourceArn": bus.arn,
            "Description": p.get("Description", ""),
            "EventPattern": pattern_text,
            "RetentionDays": int(p.get("RetentionDays", 0)),
            "CreationTime": self._iso(self.world.now),
            "pattern": compile_pattern(pattern_text) if pattern_text is not None else None,
            "events": [],
        }
        self.archives[name] = archive
        self.world.emit(
            "archive-created",
            f"Archive {name} now keeps the events bus {bus.name} receives.",
            archive=name,
            bus=bus.name,
        )
        return {
            "ArchiveArn": archive["ArchiveArn"],
            "State": "ENABLED",
            "CreationTime": archive["CreationTime"],
        }

    def _archive_view(self, archive: dict) -> dict:
        view = {
            k: v for k, v in archive.items() if k not in ("pattern", "events") and v is not None
        }
        return {
            **view,
            "State": "ENABLED",
            "EventCount": len(archive["events"]),
            "SizeBytes": sum(len(json.dumps(e)) for _, e in archive["events"]),
        }

    def describe_archive(self, p: dict) -> dict:
        return self._archive_view(self.archive(p.get("ArchiveName")))

    def list_archives(self, p: dict) -> dict:
        prefix = p.get("NamePrefix") or ""
        views = [self._archive_view(a) for n, a in self.archives.items() if n.startswith(prefix)]
        return {"Archives": views}

    def delete_archive(self, p: dict) -> dict:
        self.archives.pop(self.archive(p.get("ArchiveName"))["ArchiveName"])
        return {}

    def archive_event(self, bus, event: dict) -> None:
        for archive in self.archives.values():
            if archive["EventSourceArn"] != bus.arn:
                continue
            if archive["pattern"] is None or archive["pattern"].matches(event):
                archive["events"].append((self.world.now, event))
                self.world.emit(
                    "event-archived",
                    f"Archive {archive['ArchiveName']} kept event {event['id'][:8]}.",
                    archive=archive["ArchiveName"],
                    event_id=event["id"],
                )

    # -- replays -------------------------------------------------------------
    def start_replay(self, p: dict) -> dict:
        name = p.get("ReplayName")
        if not isinstance(name, str) or not name:
            raise AwsError("ValidationException", "ReplayName is required.")
        if name in self.replays:
            raise AwsError("ResourceAlreadyExistsException", f"Replay {name} already exists.")
        source = str(p.get("EventSourceArn") or "")
        archive = self.archive(source.split(":archive/")[-1])
        start = _seconds(p.get("EventStartTime"), "EventStartTime")
        end = _seconds(p.get("EventEndTime"), "EventEndTime")
        if end <= start:
            raise AwsError(
                "ValidationException",
                "Parameter EventEndTime is not valid: it must be after EventStartTime.",
            )
        if end > self.world.now:
            raise AwsError(
                "ValidationException",
                "Parameter EventEndTime is not valid: it cannot be in the future.",
            )
        destination = p.get("Destination") or {}
        bus = self.bus(destination.get("Arn"))
        if bus.arn != archive["EventSourceArn"]:
            raise AwsError(
                "ValidationException",
                "Cross event bus replay is not permitted: replay to the archive's own bus.",
            )
        filters = destination.get("FilterArns")
        replay = {
            "ReplayName": name,
            "ReplayArn": arn("events", f"replay/{name}"),
            "EventSourceArn": archive["ArchiveArn"],
            "Destination": dict(destination),
            "EventStartTime": self._iso(start),
            "EventEndTime": self._iso(end),
            "ReplayStartTime": self._iso(self.world.now),
            "State": "STARTING",
        }
        self.replays[name] = replay
        chosen = [e for t, e in archive["events"] if start <= t < end]
        self.world.emit(
            "replay-started",
            f"Replay {name} will resend {len(chosen)} archived event(s) to bus {bus.name}.",
            replay=name,
            count=len(chosen),
        )
        self.world.schedule(
            self.world.now + REPLAY_START_DELAY,
            lambda: self._run_replay(replay, bus, chosen, set(filters) if filters else None),
        )
        return {
            "ReplayArn": replay["ReplayArn"],
            "State": "STARTING",
            "ReplayStartTime": replay["ReplayStartTime"],
        }

    def _run_replay(self, replay: dict, bus, events: list[dict], only: set | None) -> None:
        replay["State"] = "RUNNING"
        for event in events:
            self.ingest(
                bus,
                {**event, "replay-name": replay["ReplayName"]},
                replay=replay["ReplayName"],
                only=only,
            )
            replay["EventLastReplayedTime"] = event["time"]
        replay["State"] = "COMPLETED"
        replay["ReplayEndTime"] = self._iso(self.world.now)
        self.world.emit(
            "replay-completed",
            f"Replay {replay['ReplayName']} finished: {len(events)} event(s) resent.",
            replay=replay["ReplayName"],
            count=len(events),
        )

    def describe_replay(self, p: dict) -> dict:
        name = p.get("ReplayName")
        if name not in self.replays:
            raise AwsError("ResourceNotFoundException", f"Replay {name} does not exist.")
        return dict(self.replays[name])

    def list_replays(self, p: dict) -> dict:
        prefix = p.get("NamePrefix") or ""
        keys = (
            "ReplayName",
            "EventSourceArn",
            "State",
            "EventStartTime",
            "EventEndTime",
            "ReplayStartTime",
        )
        return {
            "Replays": [
                {k: r[k] for k in keys} for n, r in self.replays.items() if n.startswith(prefix)
            ]
        }
