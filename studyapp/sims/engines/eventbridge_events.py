"""EventBridge events: PutEvents, matching on a bus, delivery to targets, retries, schedules.

Mixed into EventBridgeEngine (eventbridge.py). A matched event is delivered at once (same
virtual instant) to each target through `world.deliver(arn, payload)`; a target nobody
answers is retried with backoff on the virtual clock, then sent to the target's
dead-letter queue, as EventBridge does:
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .core import ACCOUNT_ID, AwsError
from .event_input import target_input
from .event_patterns import compile_pattern

if TYPE_CHECKING:
    from .eventbridge import Bus, Rule

MAX_ENTRIES = 10
# PutEvents total entry size: 1 MB since 29 January 2026 (256 KB before); see "More room to
# build: serverless services now support payloads up to 1 MB" on the AWS Compute Blog.
MAX_REQUEST_BYTES = 1024 * 1024
# Too many "did not match" lines drown a lab: above this many rules on a bus, stay quiet.
NARRATE_SKIPS_UP_TO = 25
MAX_BUS_HOPS = 5


def validation(message: str) -> AwsError:
    return AwsError("ValidationException", message)


class EventsMixin:
    # -- events --------------------------------------------------------------
    def test_event_pattern(self, p: dict) -> dict:
        pattern_text = p.get("EventPattern")
        pattern = compile_pattern(
            pattern_text if isinstance(pattern_text, str) else json.dumps(pattern_text)
        )
        event = p.get("Event")
        try:
            event = json.loads(event) if isinstance(event, str) else event
        except ValueError:
            raise validation("Parameter Event is not valid: it is not JSON.") from None
        if not isinstance(event, dict):
            raise validation("Parameter Event is not valid: an event is a JSON object.")
        return {"Result": pattern.matches(event)}

    @staticmethod
    def _entry_size(entry: dict) -> int:
        """AWS's formula (eb-putevent-size.html): Time counts 14 bytes, the texts their UTF-8."""
        size = 14 if entry.get("Time") is not None else 0
        for key in ("Source", "DetailType", "Detail"):
            size += len(str(entry.get(key) or "").encode())
        return size + sum(len(str(r).encode()) for r in entry.get("Resources") or [])

    def put_events(self, p: dict) -> dict:
        entries = p.get("Entries")
        if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_ENTRIES:
            raise validation(
                f"1 validation error detected: Entries must hold 1 to {MAX_ENTRIES} events per PutEvents call."
            )
        total = sum(self._entry_size(e) for e in entries if isinstance(e, dict))
        if total > MAX_REQUEST_BYTES:
            raise validation(
                f"Total size of the entries in the request is over the limit: {total} bytes, more than {MAX_REQUEST_BYTES}."
            )
        results = []
        for entry in entries:
            try:
                event, bus = self._event_from_entry(entry)
            except AwsError as error:
                results.append({"ErrorCode": error.code, "ErrorMessage": error.message})
                continue
            results.append({"EventId": event["id"]})
            self.ingest(bus, event)
        failed = sum(1 for r in results if "ErrorCode" in r)
        return {"FailedEntryCount": failed, "Entries": results}

    def _event_from_entry(self, entry: object) -> tuple[dict, Bus]:
        if not isinstance(entry, dict):
            raise AwsError(
                "InvalidArgument", "Each entry is an object with Source, DetailType and Detail."
            )
        for key in ("Source", "DetailType", "Detail"):
            if not entry.get(key):
                raise AwsError(
                    "InvalidArgument",
                    f"Parameter {key} is not valid. Reason: {key} is a required argument.",
                )
        if str(entry["Source"]).startswith("aws."):
            raise AwsError(
                "NotAuthorizedForSourceException",
                f"Not authorized for the source {entry['Source']}: sources starting with aws. belong to AWS services.",
            )
        detail = entry["Detail"]
        try:
            detail = json.loads(detail) if isinstance(detail, str) else detail
        except ValueError:
            detail = None
        if not isinstance(detail, dict):
            raise AwsError("MalformedDetail", "Detail is malformed: it must be a JSON object.")
        bus = self.bus(entry.get("EventBusName"))
        event = {
            "version": "0",
            "id": self.world.new_id(),
            "detail-type": entry["DetailType"],
            "source": entry["Source"],
            "account": self.world_account(),
            "time": self._time_text(entry.get("Time")),
            "region": "us-east-1",
            "resources": list(entry.get("Resources") or []),
            "detail": detail,
        }
        return event, bus

    @staticmethod
    def world_account() -> str:
        return ACCOUNT_ID

    def _time_text(self, given: object = None) -> str:
        if given is not None and hasattr(given, "strftime"):
            return given.strftime("%Y-%m-%dT%H:%M:%SZ")
        if isinstance(given, str) and given:
            return given
        return self.world.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ")

    def ingest(
        self, bus: Bus, event: dict, replay: str | None = None, only: set | None = None
    ) -> list[str]:
        """An event arrives on a bus: archive it, match every rule, deliver to targets."""
        label = f"{event['detail-type']} from {event['source']}"
        self.world.emit(
            "event-received",
            f"Bus {bus.name} received {label}.",
            bus=bus.name,
            event_id=event["id"],
            replay=replay,
        )
        if replay is None:
            self.archive_event(bus, event)
        matched, missed = bus.matching_rules(event)
        narrate = len(bus.rules) <= NARRATE_SKIPS_UP_TO
        fired = []
        for rule in matched:
            if only is not None and rule.arn not in only:
                continue
            if rule.state != "ENABLED":
                self.world.emit(
                    "rule-skipped",
                    f"Rule {rule.name} matches {label} but is DISABLED: nothing is sent.",
                    rule=rule.name,
                    event_id=event["id"],
                    reason="disabled",
                )
                continue
            self.world.emit(
                "rule-matched",
                f"Rule {rule.name} matched {label}.",
                rule=rule.name,
                event_id=event["id"],
                targets=len(rule.targets),
            )
            fired.append(rule.name)
            self._depth += 1
            try:
                self.send_to_targets(rule, event)
            finally:
                self._depth -= 1
        if narrate:
            for rule in missed:
                why = rule.pattern.why_not(event) if rule.pattern else None
                self.world.emit(
                    "rule-skipped",
                    f"Rule {rule.name} ignored {label}: its pattern does not match on {why}.",
                    rule=rule.name,
                    event_id=event["id"],
                    reason="no-match",
                    field=why,
                )
        return fired

    def send_to_targets(self, rule: Rule, event: dict) -> None:
        for target in list(rule.targets.values()):
            body = target_input(target, event, rule.name, rule.arn, event["time"])
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = body
            payload = {
                "body": body,
                "attributes": {},
                "source": "events",
                "event": parsed,
                "original_event": event,
                "rule": rule.name,
            }
            group = (target.get("SqsParameters") or {}).get("MessageGroupId")
            if group:
                payload["group_id"] = group
            self._attempt(rule, target, payload, attempt=0, first_at=self.world.now)

    def _attempt(
        self, rule: Rule, target: dict, payload: dict, attempt: int, first_at: float
    ) -> None:
        target_arn = target["Arn"]
        try:
            self.world.deliver(target_arn, payload)
        except AwsError as error:
            policy = target.get("RetryPolicy") or {}
            retries = int(policy.get("MaximumRetryAttempts", 185))
            max_age = int(policy.get("MaximumEventAgeInSeconds", 86400))
            backoff = min(2**attempt, 300)
            if attempt < retries and self.world.now + backoff - first_at <= max_age:
                self.world.emit(
                    "delivery-failed",
                    f"Could not deliver to {target_arn} ({error.message}); "
                    f"EventBridge retries in {backoff} s.",
                    rule=rule.name,
                    target=target_arn,
                    attempt=attempt + 1,
                )
                self.world.schedule(
                    self.world.now + backoff,
                    lambda: self._attempt(rule, target, payload, attempt + 1, first_at),
                )
                return
            self._give_up(rule, target, payload, error)
            return
        self.world.emit(
            "delivered",
            f"Rule {rule.name} delivered the event to {target_arn}.",
            rule=rule.name,
            target=target_arn,
            target_id=target["Id"],
        )

    def _give_up(self, rule: Rule, target: dict, payload: dict, error: AwsError) -> None:
        dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
        if dlq:
            try:
                self.world.deliver(dlq, {**payload, "body": json.dumps(payload["original_event"])})
                self.world.emit(
                    "sent-to-dlq",
                    f"Gave up on {target['Arn']}: the event went to the dead-letter queue {dlq}.",
                    rule=rule.name,
                    target=target["Arn"],
                    dlq=dlq,
                )
                return
            except AwsError:
                pass
        self.world.emit(
            "event-dropped",
            f"Gave up on {target['Arn']} ({error.message}) and no dead-letter queue "
            "caught it: the event is lost.",
            rule=rule.name,
            target=target["Arn"],
        )

    def deliver(self, target_arn: str, payload: dict) -> None:
        """Another bus, or a pipe, sends to one of our buses."""
        bus = self.bus(target_arn)
        event = payload.get("original_event") if payload.get("source") == "events" else None
        if not isinstance(event, dict):
            detail = payload.get("event")
            event = {
                "version": "0",
                "id": self.world.new_id(),
                "detail-type": payload.get("detail_type", "Event from aws:sqs"),
                "source": payload.get("event_source", "Pipe"),
                "account": self.world_account(),
                "time": self._time_text(),
                "region": "us-east-1",
                "resources": list(payload.get("resources") or []),
                "detail": detail if isinstance(detail, dict) else {"value": detail},
            }
        if self._depth >= MAX_BUS_HOPS:
            raise AwsError(
                "ValidationException",
                f"The event went from bus to bus {MAX_BUS_HOPS} times: a loop, stopped here.",
            )
        self.ingest(bus, event)

    # -- schedules -------------------------------------------------------------
    def _start_schedule(self, rule: Rule) -> None:
        if rule.schedule is None:
            return
        at = rule.schedule.next_after(self.world.now, rule.created)
        if at is not None:
            rule.timer = self.world.schedule(at, lambda: self._fire(rule))

    def _stop_schedule(self, rule: Rule) -> None:
        if rule.timer is not None:
            rule.timer.cancelled = True
            rule.timer = None

    def _fire(self, rule: Rule) -> None:
        rule.timer = None
        if (
            self.buses.get(rule.bus) is None
            or self.buses[rule.bus].rules.get(rule.name) is not rule
        ):
            return
        if rule.state == "ENABLED":
            event = {
                "version": "0",
                "id": self.world.new_id(),
                "detail-type": "Scheduled Event",
                "source": "aws.events",
                "account": self.world_account(),
                "time": self._time_text(),
                "region": "us-east-1",
                "resources": [rule.arn],
                "detail": {},
            }
            self.world.emit(
                "schedule-fired",
                f"Rule {rule.name} fired on its schedule {rule.schedule.expression}.",
                rule=rule.name,
                event_id=event["id"],
            )
            self.send_to_targets(rule, event)
        else:
            self.world.emit(
                "rule-skipped",
                f"Rule {rule.name} is DISABLED: its schedule came round and nothing was sent.",
                rule=rule.name,
                reason="disabled",
            )
        self._start_schedule(rule)
