"""Simulated Amazon EventBridge: buses, rules and targets. PutEvents, delivery and
schedules live in eventbridge_events.py; archives and replays in eventbridge_archive.py.

Action and parameter names as boto3 takes them, responses shaped like boto3's, AWS's error
codes. https://docs.aws.amazon.com/eventbridge/latest/APIReference/
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .core import AwsError, Engine, arn
from .event_input import check_path, check_transformer
from .event_patterns import CompiledPattern, RuleIndex, compile_pattern
from .event_schedule import Schedule
from .eventbridge_archive import ArchiveMixin
from .eventbridge_events import EventsMixin, validation

MAX_TARGETS_PER_RULE = 5
MAX_PATTERN_CHARS = 4096
NAME = re.compile(r"^[.\-_A-Za-z0-9]{1,64}$")
BUS_NAME = re.compile(r"^[/.\-_A-Za-z0-9]{1,256}$")


@dataclass
class Rule:
    name: str
    arn: str
    bus: str
    pattern_text: str | None
    pattern: CompiledPattern | None
    schedule: Schedule | None
    state: str
    description: str
    created: float
    targets: dict[str, dict] = field(default_factory=dict)
    timer: object = None


@dataclass
class Bus:
    name: str
    arn: str
    rules: dict[str, Rule] = field(default_factory=dict)
    _index: RuleIndex | None = None
    _indexed: list[Rule] = field(default_factory=list)

    def matching_rules(self, event: dict) -> tuple[list[Rule], list[Rule]]:
        """(rules whose pattern matches, pattern rules that do not), in creation order."""
        if self._index is None:
            self._indexed = [r for r in self.rules.values() if r.pattern is not None]
            self._index = RuleIndex([r.pattern for r in self._indexed])
        hits = set(self._index.matching(event))
        matched = [r for i, r in enumerate(self._indexed) if i in hits]
        missed = [r for i, r in enumerate(self._indexed) if i not in hits]
        return matched, missed

    def changed(self) -> None:
        self._index = None


class EventBridgeEngine(EventsMixin, ArchiveMixin, Engine):
    service = "events"
    arn_services = ("events",)

    def __init__(self, world):
        super().__init__(world)
        self.buses: dict[str, Bus] = {}
        self._depth = 0  # buses delivering to buses, one inside the other
        self._add_bus("default")
        self.init_archives()
        self._actions = {
            "CreateEventBus": self.create_event_bus,
            "DeleteEventBus": self.delete_event_bus,
            "DescribeEventBus": self.describe_event_bus,
            "ListEventBuses": self.list_event_buses,
            "PutRule": self.put_rule,
            "DescribeRule": self.describe_rule,
            "DeleteRule": self.delete_rule,
            "EnableRule": self.enable_rule,
            "DisableRule": self.disable_rule,
            "ListRules": self.list_rules,
            "PutTargets": self.put_targets,
            "RemoveTargets": self.remove_targets,
            "ListTargetsByRule": self.list_targets_by_rule,
            "PutEvents": self.put_events,
            "TestEventPattern": self.test_event_pattern,
            **self.archive_actions(),
        }

    def actions(self):
        return self._actions

    # -- buses ---------------------------------------------------------------
    def _add_bus(self, name: str) -> Bus:
        bus = Bus(name, arn("events", f"event-bus/{name}"))
        self.buses[name] = bus
        return bus

    def bus(self, name_or_arn: object) -> Bus:
        name = str(name_or_arn or "default").split(":event-bus/")[-1]
        if name not in self.buses:
            raise AwsError("ResourceNotFoundException", f"Event bus {name} does not exist.")
        return self.buses[name]

    def create_event_bus(self, p: dict) -> dict:
        name = p.get("Name")
        if not isinstance(name, str) or not BUS_NAME.match(name):
            raise validation("Name must be 1-256 letters, digits, '.', '-', '_' or '/'.")
        if name in self.buses:
            raise AwsError("ResourceAlreadyExistsException", f"Event bus {name} already exists.")
        if name.startswith("aws."):
            raise validation(
                "Event bus names starting with aws. are reserved for partner event sources."
            )
        bus = self._add_bus(name)
        self.world.emit("bus-created", f"Event bus {name} is ready for events.", bus=name)
        return {"EventBusArn": bus.arn}

    def delete_event_bus(self, p: dict) -> dict:
        name = p.get("Name")
        if name == "default":
            raise validation(
                "Cannot delete event bus default: every account keeps its default bus."
            )
        if name in self.buses:
            for rule in self.buses.pop(name).rules.values():
                self._stop_schedule(rule)
            self.world.emit("bus-deleted", f"Event bus {name} and its rules are gone.", bus=name)
        return {}

    def describe_event_bus(self, p: dict) -> dict:
        bus = self.bus(p.get("Name"))
        return {"Name": bus.name, "Arn": bus.arn}

    def list_event_buses(self, p: dict) -> dict:
        prefix = p.get("NamePrefix") or ""
        return {
            "EventBuses": [
                {"Name": b.name, "Arn": b.arn}
                for b in self.buses.values()
                if b.name.startswith(prefix)
            ]
        }

    # -- rules ---------------------------------------------------------------
    def rule(self, name: object, bus_name: object = None) -> Rule:
        bus = self.bus(bus_name)
        if name not in bus.rules:
            raise AwsError(
                "ResourceNotFoundException", f"Rule {name} does not exist on EventBus {bus.name}."
            )
        return bus.rules[name]

    def put_rule(self, p: dict) -> dict:
        name, bus = p.get("Name"), self.bus(p.get("EventBusName"))
        if not isinstance(name, str) or not NAME.match(name):
            raise validation("Name must be 1-64 letters, digits, '.', '-' or '_'.")
        pattern_text, expression = p.get("EventPattern"), p.get("ScheduleExpression")
        if pattern_text is None and expression is None:
            raise validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        state = p.get("State", "ENABLED")
        if state not in ("ENABLED", "DISABLED"):
            raise validation("State must be ENABLED or DISABLED.")
        pattern = None
        if pattern_text is not None:
            if not isinstance(pattern_text, str):
                pattern_text = json.dumps(pattern_text)
            if len(pattern_text) > MAX_PATTERN_CHARS:
                raise validation(f"EventPattern is longer than {MAX_PATTERN_CHARS} characters.")
            pattern = compile_pattern(pattern_text)
        schedule = None
        if expression is not None:
            if bus.name != "default":
                raise validation("ScheduleExpression is supported only on the default event bus.")
            schedule = Schedule(expression)
        old = bus.rules.get(name)
        rule_arn = arn(
            "events", f"rule/{name}" if bus.name == "default" else f"rule/{bus.name}/{name}"
        )
        rule = Rule(
            name,
            rule_arn,
            bus.name,
            pattern_text,
            pattern,
            schedule,
            state,
            p.get("Description", ""),
            old.created if old else self.world.now,
        )
        if old:
            rule.targets = old.targets
            self._stop_schedule(old)
        bus.rules[name] = rule
        bus.changed()
        self._start_schedule(rule)
        what = f"the schedule {expression}" if schedule else "its event pattern"
        self.world.emit(
            "rule-created",
            f"Rule {name} on bus {bus.name} ({state}) fires on {what}.",
            rule=name,
            bus=bus.name,
        )
        return {"RuleArn": rule_arn}

    def _describe(self, rule: Rule) -> dict:
        out = {"Name": rule.name, "Arn": rule.arn, "State": rule.state, "EventBusName": rule.bus}
        if rule.pattern_text is not None:
            out["EventPattern"] = rule.pattern_text
        if rule.schedule is not None:
            out["ScheduleExpression"] = rule.schedule.expression
        if rule.description:
            out["Description"] = rule.description
        return out

    def describe_rule(self, p: dict) -> dict:
        return self._describe(self.rule(p.get("Name"), p.get("EventBusName")))

    def delete_rule(self, p: dict) -> dict:
        bus = self.bus(p.get("EventBusName"))
        rule = bus.rules.get(p.get("Name"))
        if rule is None:
            return {}
        if rule.targets:
            raise validation(
                "Rule can't be deleted since it has targets: call RemoveTargets first."
            )
        self._stop_schedule(bus.rules.pop(rule.name))
        bus.changed()
        return {}

    def _set_state(self, p: dict, state: str) -> dict:
        rule = self.rule(p.get("Name"), p.get("EventBusName"))
        rule.state = state
        self.world.emit(
            "rule-state", f"Rule {rule.name} is now {state}.", rule=rule.name, state=state
        )
        return {}

    def enable_rule(self, p: dict) -> dict:
        return self._set_state(p, "ENABLED")

    def disable_rule(self, p: dict) -> dict:
        return self._set_state(p, "DISABLED")

    def list_rules(self, p: dict) -> dict:
        prefix = p.get("NamePrefix") or ""
        bus = self.bus(p.get("EventBusName"))
        return {
            "Rules": [self._describe(r) for r in bus.rules.values() if r.name.startswith(prefix)]
        }

    # -- targets -------------------------------------------------------------
    def put_targets(self, p: dict) -> dict:
        rule = self.rule(p.get("Rule"), p.get("EventBusName"))
        targets = p.get("Targets")
        if not isinstance(targets, list) or not 1 <= len(targets) <= 10:
            raise validation("Targets must list 1 to 10 targets.")
        for target in targets:
            if not isinstance(target, dict) or not target.get("Id") or not target.get("Arn"):
                raise validation("Every target needs an Id and an Arn.")
            given = [
                k for k in ("Input", "InputPath", "InputTransformer") if target.get(k) is not None
            ]
            if len(given) > 1:
                raise validation(
                    "Only one of Input, InputPath, or InputTransformer must be provided."
                )
            if target.get("InputPath"):
                check_path(target["InputPath"])
            if target.get("InputTransformer"):
                check_transformer(target["InputTransformer"])
            if target.get("Input") is not None:
                try:
                    json.loads(target["Input"])
                except (TypeError, ValueError):
                    raise validation("Input must be valid JSON text.") from None
        new_ids = {t["Id"] for t in targets} - set(rule.targets)
        if len(rule.targets) + len(new_ids) > MAX_TARGETS_PER_RULE:
            raise AwsError(
                "LimitExceededException",
                f"The requested resource exceeds the maximum number allowed: rule {rule.name} would "
                f"have {len(rule.targets) + len(new_ids)} targets, and a rule has at most "
                f"{MAX_TARGETS_PER_RULE}. Fan out further with an SNS topic or another bus.",
            )
        for target in targets:
            rule.targets[target["Id"]] = dict(target)
            self.world.emit(
                "target-added",
                f"Rule {rule.name} now sends to {target['Arn']}.",
                rule=rule.name,
                target=target["Arn"],
            )
        return {"FailedEntryCount": 0, "FailedEntries": []}

    def remove_targets(self, p: dict) -> dict:
        rule = self.rule(p.get("Rule"), p.get("EventBusName"))
        failed = []
        for target_id in p.get("Ids") or []:
            if rule.targets.pop(target_id, None) is None:
                failed.append(
                    {
                        "TargetId": target_id,
                        "ErrorCode": "ResourceNotFoundException",
                        "ErrorMessage": f"Rule {rule.name} has no target {target_id}.",
                    }
                )
        return {"FailedEntryCount": len(failed), "FailedEntries": failed}

    def list_targets_by_rule(self, p: dict) -> dict:
        rule = self.rule(p.get("Rule"), p.get("EventBusName"))
        return {"Targets": [dict(t) for t in rule.targets.values()]}
