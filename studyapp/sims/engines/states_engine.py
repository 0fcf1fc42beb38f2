"""Simulated AWS Step Functions: the API a learner (or boto3's `stepfunctions` client) calls.

Standard executions keep a full history (GetExecutionHistory) and may run up to a year of
virtual time; Express executions run at most 5 minutes, keep only log lines
(x-GetExecutionLog stands in for CloudWatch Logs), refuse `.sync` and `.waitForTaskToken`
resources, and can be run synchronously with StartSyncExecution.
https://docs.aws.amazon.com/step-functions/latest/apireference/
"""

from __future__ import annotations

import json
import re

from .asl_validate import invalid_definition_message, validate_definition
from .core import AwsError, Engine, arn
from .states_interpreter import Interpreter
from .states_model import Execution, StateMachine
from .states_tasks import TaskRunner

NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


class StepFunctionsEngine(Engine):
    service = "states"
    arn_services = ("states",)

    def __init__(self, world):
        super().__init__(world)
        self.machines: dict[str, StateMachine] = {}
        self.executions: dict[str, Execution] = {}
        self.tasks = TaskRunner(self)
        self.interpreter = Interpreter(world, self.tasks)
        self._actions = {
            "CreateStateMachine": self.create_state_machine,
            "DescribeStateMachine": self.describe_state_machine,
            "ListStateMachines": self.list_state_machines,
            "DeleteStateMachine": self.delete_state_machine,
            "ValidateStateMachineDefinition": self.validate_state_machine_definition,
            "StartExecution": self.start_execution,
            "StartSyncExecution": self.start_sync_execution,
            "DescribeExecution": self.describe_execution,
            "ListExecutions": self.list_executions,
            "GetExecutionHistory": self.get_execution_history,
            "StopExecution": self.stop_execution,
            "SendTaskSuccess": self.send_task_success,
            "SendTaskFailure": self.send_task_failure,
            "SendTaskHeartbeat": self.send_task_heartbeat,
            "x-FailTask": self.x_fail_task,
            "x-TaskDelay": self.x_task_delay,
            "x-GetExecutionLog": self.x_get_execution_log,
            "x-ExecutionCost": self.x_execution_cost,
            "x-LambdaChain": self.x_lambda_chain,
        }

    def actions(self):
        return self._actions

    def iso(self, at: float) -> str:
        return self.world.timestamp(at).isoformat().replace("+00:00", "Z")

    # -- state machines -------------------------------------------------------------
    def machine(self, machine_arn) -> StateMachine:
        if not isinstance(machine_arn, str) or machine_arn not in self.machines:
            raise AwsError(
                "StateMachineDoesNotExist", f"State Machine Does Not Exist: '{machine_arn}'"
            )
        return self.machines[machine_arn]

    def create_state_machine(self, p: dict) -> dict:
        name, definition = p.get("name"), p.get("definition")
        workflow_type = p.get("type", "STANDARD")
        if not isinstance(name, str) or not NAME.match(name):
            raise AwsError(
                "InvalidName",
                f"Invalid Name: '{name}' (1 to 80 letters, digits, - and _).",
            )
        if workflow_type not in ("STANDARD", "EXPRESS"):
            raise AwsError("ValidationException", "type must be STANDARD or EXPRESS.")
        if not isinstance(definition, str):
            raise AwsError("InvalidDefinition", "definition must be the JSON text of the ASL.")
        diagnostics = validate_definition(definition, workflow_type)
        if diagnostics:
            raise AwsError("InvalidDefinition", invalid_definition_message(diagnostics))
        machine_arn = arn("states", f"stateMachine:{name}")
        if machine_arn in self.machines:
            existing = self.machines[machine_arn]
            if existing.definition_text != definition or existing.type != workflow_type:
                raise AwsError(
                    "StateMachineAlreadyExists", f"State Machine Already Exists: '{machine_arn}'"
                )
            return {"stateMachineArn": machine_arn, "creationDate": self.iso(existing.created)}
        role = p.get("roleArn") or arn("iam", "role/StepFunctionsRole").replace(":us-east-1", ":")
        self.machines[machine_arn] = StateMachine(
            machine_arn,
            name,
            definition,
            json.loads(definition),
            role,
            workflow_type,
            self.world.now,
        )
        self.world.emit(
            "state-machine-created",
            f"{workflow_type.title()} state machine {name} created.",
            state_machine=machine_arn,
        )
        return {"stateMachineArn": machine_arn, "creationDate": self.iso(self.world.now)}

    def describe_state_machine(self, p: dict) -> dict:
        return self.machine(p.get("stateMachineArn")).describe(self.iso)

    def list_state_machines(self, p: dict) -> dict:
        return {
            "stateMachines": [
                {
                    "stateMachineArn": m.arn,
                    "name": m.name,
                    "type": m.type,
                    "creationDate": self.iso(m.created),
                }
                for m in self.machines.values()
            ]
        }

    def delete_state_machine(self, p: dict) -> dict:
        self.machines.pop(p.get("stateMachineArn"), None)
        return {}

    def validate_state_machine_definition(self, p: dict) -> dict:
        diagnostics = validate_definition(p.get("definition", ""), p.get("type", "STANDARD"))
        return {
            "result": "FAIL" if diagnostics else "OK",
            "diagnostics": diagnostics,
            "truncated": False,
        }

    # -- executions -----------------------------------------------------------------
    def _new_execution(self, p: dict) -> Execution:
        machine = self.machine(p.get("stateMachineArn"))
        name = p.get("name") or self.world.new_id()
        if not isinstance(name, str) or not NAME.match(name):
            raise AwsError("InvalidName", f"Invalid Name: '{name}'")
        text = p.get("input", "{}")
        try:
            value = json.loads(text) if isinstance(text, str) else None
        except json.JSONDecodeError as error:
            raise AwsError(
                "InvalidExecutionInput", f"Invalid execution input: {error.msg}"
            ) from None
        if not isinstance(text, str):
            raise AwsError("InvalidExecutionInput", "input must be a JSON string.")
        if machine.type == "EXPRESS":
            execution_arn = arn("states", f"express:{machine.name}:{name}:{self.world.new_id()}")
        else:
            execution_arn = arn("states", f"execution:{machine.name}:{name}")
        if execution_arn in self.executions:
            raise AwsError("ExecutionAlreadyExists", f"Execution Already Exists: '{execution_arn}'")
        execution = Execution(self, machine, name, execution_arn, value)
        self.executions[execution_arn] = execution
        machine.executions.append(execution)
        execution.begin()
        return execution

    def start_execution(self, p: dict) -> dict:
        execution = self._new_execution(p)
        return {"executionArn": execution.arn, "startDate": self.iso(execution.start)}

    def start_sync_execution(self, p: dict) -> dict:
        machine = self.machine(p.get("stateMachineArn"))
        if machine.type != "EXPRESS":
            raise AwsError(
                "StateMachineTypeNotSupported",
                "StartSyncExecution runs only EXPRESS state machines; use StartExecution.",
            )
        execution = self._new_execution(p)
        # The caller waits: let virtual time run until the execution ends (at most 5 min).
        while execution.status == "RUNNING":
            due = self.world.next_timer_at()
            if due is None:
                break
            self.world.run_until(due)
        described = execution.describe()
        described["billingDetails"] = {
            "billedMemoryUsedInMB": execution.cost["BilledMemoryUsedInMB"],
            "billedDurationInMilliseconds": execution.cost["BilledDurationInMilliseconds"],
        }
        return described

    def execution(self, execution_arn, standard_only: bool = False) -> Execution:
        if not isinstance(execution_arn, str) or execution_arn not in self.executions:
            raise AwsError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{execution_arn}'")
        execution = self.executions[execution_arn]
        if standard_only and execution.express:
            raise AwsError(
                "StateMachineTypeNotSupported",
                "Express executions keep no history: this API action is not supported by "
                "EXPRESS state machines. Read the execution's log lines instead.",
            )
        return execution

    def describe_execution(self, p: dict) -> dict:
        return self.execution(p.get("executionArn"), standard_only=True).describe()

    def list_executions(self, p: dict) -> dict:
        machine = self.machine(p.get("stateMachineArn"))
        wanted = p.get("statusFilter")
        return {
            "executions": [
                {
                    k: v
                    for k, v in e.describe().items()
                    if k
                    in (
                        "executionArn",
                        "stateMachineArn",
                        "name",
                        "status",
                        "startDate",
                        "stopDate",
                    )
                }
                for e in reversed(machine.executions)
                if wanted is None or e.status == wanted
            ]
        }

    def get_execution_history(self, p: dict) -> dict:
        execution = self.execution(p.get("executionArn"), standard_only=True)
        events = list(execution.history)
        if p.get("includeExecutionData") is False:
            events = [
                {
                    k: ({"name": v["name"]} if isinstance(v, dict) and "name" in v else v)
                    for k, v in event.items()
                }
                for event in events
            ]
        if p.get("reverseOrder"):
            events.reverse()
        return {"events": events}

    def stop_execution(self, p: dict) -> dict:
        execution = self.execution(p.get("executionArn"))
        execution.fail_everything(p.get("error", ""), p.get("cause", ""), "ABORTED")
        return {"stopDate": self.iso(self.world.now)}

    def when_finished(self, execution_arn: str, callback) -> None:
        execution = self.executions[execution_arn]
        if execution.status == "RUNNING":
            execution.listeners.append(callback)
        else:
            callback(execution)

    # -- callbacks --------------------------------------------------------------------
    def send_task_success(self, p: dict) -> dict:
        pending = self.tasks.pending_for(p.get("taskToken"))
        output = p.get("output")
        try:
            value = json.loads(output) if isinstance(output, str) else None
        except json.JSONDecodeError as error:
            raise AwsError("InvalidOutput", f"Invalid output: {error.msg}") from None
        if not isinstance(output, str):
            raise AwsError("InvalidOutput", "output must be a JSON string.")
        self.interpreter.soon(lambda: pending.succeed(value))
        return {}

    def send_task_failure(self, p: dict) -> dict:
        pending = self.tasks.pending_for(p.get("taskToken"))
        error, cause = p.get("error", ""), p.get("cause", "")
        self.interpreter.soon(lambda: pending.fail(error, cause))
        return {}

    def send_task_heartbeat(self, p: dict) -> dict:
        pending = self.tasks.pending_for(p.get("taskToken"))
        pending.heartbeat()
        self.world.emit(
            "heartbeat",
            f"{pending.run.where()} got a heartbeat: its HeartbeatSeconds clock starts again.",
            execution=pending.run.execution.arn,
            state=pending.run.where(),
        )
        return {}

    # -- simulator-only ---------------------------------------------------------------
    def _script(self, p: dict) -> dict:
        resource = p.get("Resource")
        if not isinstance(resource, str) or not resource.startswith("arn:aws:states:::"):
            raise AwsError(
                "InvalidParameterValue",
                "Resource must be an integration like arn:aws:states:::sqs:sendMessage "
                "(script Lambda functions with x-FailFunction / x-FunctionDelay).",
            )
        return self.tasks.scripts.setdefault(resource, {})

    def x_fail_task(self, p: dict) -> dict:
        script = self._script(p)
        script.update(error=p.get("Error", "States.TaskFailed"), times=int(p.get("Times", -1)))
        script["cause"] = p.get("Cause", "The service call failed.")
        return {"Resource": p["Resource"]}

    def x_task_delay(self, p: dict) -> dict:
        self._script(p)["delay"] = float(p.get("Seconds", 0))
        return {"Resource": p["Resource"]}

    def x_get_execution_log(self, p: dict) -> dict:
        return {"logLines": self.execution(p.get("executionArn")).log_lines()}

    def x_lambda_chain(self, p: dict) -> dict:
        names = p.get("Functions")
        if not isinstance(names, list) or not names:
            raise AwsError("InvalidParameterValue", "Functions must list the functions to call.")
        event = json.loads(p["Input"]) if isinstance(p.get("Input"), str) else p.get("Input", {})
        return lambda_chain(self.world, names, event)

    def x_execution_cost(self, p: dict) -> dict:
        execution = self.execution(p.get("executionArn"))
        if execution.cost is None:
            raise AwsError("ExecutionNotFinished", "The cost is known once the execution ends.")
        return dict(execution.cost)


def lambda_chain(world, names: list, event) -> dict:
    """x-LambdaChain: one function calling the others synchronously, as code would.

    The orchestrating function is billed for the whole time it waits on the others, a failure
    stops the chain with no retry, and the steps already done are not undone.
    """
    lambdas = world.engines["lambda"]
    started, completed, billed = world.now, [], 0.0
    for name in names:
        outcome = lambdas.invoke(name, event, source="x-LambdaChain")
        world.advance(outcome["delay"])
        billed += outcome["delay"]
        if not outcome["ok"]:
            waited = world.now - started
            world.emit(
                "chain-failed",
                f"{name} failed with {outcome['error']}: the orchestrating function gives up. "
                f"Already done and not undone: {', '.join(completed) or 'nothing'}.",
                function=name,
                error=outcome["error"],
            )
            return {
                "Completed": completed,
                "FailedAt": name,
                "Error": outcome["error"],
                "OrchestratorBilledSeconds": waited,
                "TotalBilledSeconds": waited + billed,
            }
        completed.append(name)
        event = outcome["result"]
    waited = world.now - started
    world.emit(
        "chain-done",
        f"The orchestrating function waited {waited:g} s and was billed for all of it, on "
        f"top of the {billed:g} s the called functions ran.",
    )
    return {
        "Completed": completed,
        "Result": event,
        "OrchestratorBilledSeconds": waited,
        "TotalBilledSeconds": waited + billed,
    }
