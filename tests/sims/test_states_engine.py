"""The Step Functions engine: runs, input/output processing, Retry/Catch, callbacks, types.

Input/output examples are AWS's own, from
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html and
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
"""

import json

from studyapp.sims.engines.core import AwsError
from studyapp.sims.engines.world import build_world

ROLE = "arn:aws:iam::123456789012:role/Test"


def start(definition: dict, data=None, seed=1, workflow_type="STANDARD", world=None, name="m"):
    world = world or build_world(seed)
    machine = world.call(
        "CreateStateMachine",
        {
            "name": name,
            "definition": json.dumps(definition),
            "roleArn": ROLE,
            "type": workflow_type,
        },
    )
    started = world.call(
        "StartExecution",
        {"stateMachineArn": machine["stateMachineArn"], "input": json.dumps(data or {})},
    )
    return world, started["executionArn"]


def run_machine(definition: dict, data=None, seconds=0, seed=1):
    """Run to the end (or `seconds` of virtual time); the DescribeExecution response."""
    world, execution = start(definition, data, seed)
    world.advance(seconds)
    return world.call("DescribeExecution", {"executionArn": execution})


def one_state(state: dict, data) -> object:
    described = run_machine({"StartAt": "S", "States": {"S": {**state, "End": True}}}, data)
    assert described["status"] == "SUCCEEDED", described
    return json.loads(described["output"])


def history_types(world, execution) -> list[str]:
    events = world.call("GetExecutionHistory", {"executionArn": execution})["events"]
    return [e["type"] for e in events]


def test_parameters_aws_example_selects_and_adds_values():
    data = {
        "comment": "Example for Parameters.",
        "product": {
            "details": {"color": "blue", "size": "small", "material": "cotton"},
            "availability": "in stock",
            "sku": "2317",
            "cost": "$23",
        },
    }
    parameters = {
        "comment": "Selecting what I care about.",
        "MyDetails": {
            "size.$": "$.product.details.size",
            "exists.$": "$.product.availability",
            "StaticValue": "foo",
        },
    }
    assert one_state({"Type": "Pass", "Parameters": parameters}, data) == {
        "comment": "Selecting what I care about.",
        "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"},
    }


def test_input_path_aws_example_selects_dataset2():
    data = {
        "comment": "Example for InputPath.",
        "dataset1": {"val1": 1, "val2": 2, "val3": 3},
        "dataset2": {"val1": "a", "val2": "b", "val3": "c"},
    }
    assert one_state({"Type": "Pass", "InputPath": "$.dataset2"}, data) == {
        "val1": "a",
        "val2": "b",
        "val3": "c",
    }
    assert one_state({"Type": "Pass", "InputPath": "$.a[0:2]"}, {"a": [1, 2, 3, 4]}) == [1, 2]


def test_result_path_aws_example_keeps_input_and_adds_result():
    data = {
        "comment": "This is a test of the input and output of a Task state.",
        "details": "Default example",
        "who": "AWS Step Functions",
    }
    state = {"Type": "Pass", "Result": "Hello, AWS Step Functions!", "ResultPath": "$.taskresult"}
    assert one_state(state, data) == {**data, "taskresult": "Hello, AWS Step Functions!"}
    assert one_state({**state, "ResultPath": None}, data) == data
    assert one_state({**state, "ResultPath": "$"}, data) == "Hello, AWS Step Functions!"


def test_output_path_and_result_selector_on_a_task():
    world = build_world(1)
    world.call("x-CreateFunction", {"FunctionName": "f", "Result": {"a": 1, "noise": 2}})
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
        "ResultSelector": {"a.$": "$.Payload.a", "status.$": "$.StatusCode"},
        "ResultPath": "$.out",
        "OutputPath": "$.out",
        "End": True,
    }
    world, execution = start({"StartAt": "S", "States": {"S": state}}, {"x": 1}, world=world)
    described = world.call("DescribeExecution", {"executionArn": execution})
    assert json.loads(described["output"]) == {"a": 1, "status": 200}


def test_context_object_and_intrinsics_in_parameters():
    state = {
        "Type": "Pass",
        "Parameters": {
            "name.$": "$$.Execution.Name",
            "state.$": "$$.State.Name",
            "greeting.$": "States.Format('Hello, {}!', $.who)",
            "sum.$": "States.MathAdd($.n, 2)",
        },
    }
    output = one_state(state, {"who": "Ana", "n": 40})
    assert output["state"] == "S"
    assert output["greeting"] == "Hello, Ana!"
    assert output["sum"] == 42


def test_variables_assigned_are_visible_in_later_states_only():
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"total.$": "$.n"}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"seen.$": "$total"}, "End": True},
        },
    }
    described = run_machine(definition, {"n": 7})
    assert json.loads(described["output"]) == {"seen": 7}


def test_jsonata_arguments_output_and_assign():
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Pass",
                "Assign": {"discount": "{% $states.input.total * 0.1 %}"},
                "Output": {"total": "{% $states.input.total %}"},
                "Next": "B",
            },
            "B": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $discount > 5 %}", "Next": "Big"}],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Output": "{% $states.input.total - $discount %}", "End": True},
            "Small": {"Type": "Succeed"},
        },
    }
    assert json.loads(run_machine(definition, {"total": 100})["output"]) == 90


def test_retry_backoff_delays_are_interval_times_rate_power():
    world = build_world(1)
    world.call("x-FailFunction", {"FunctionName": "f", "Error": "Busy", "Times": 3})
    state = {
        "Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Retry": [
            {
                "ErrorEquals": ["Busy"],
                "IntervalSeconds": 3,
                "BackoffRate": 1.5,
                "MaxAttempts": 3,
                "MaxDelaySeconds": 5,
            }
        ],
        "End": True,
    }
    world, execution = start({"StartAt": "S", "States": {"S": state}}, world=world)
    world.advance(100)
    delays = [e["delay"] for e in world.events if e["kind"] == "retry"]
    assert delays == [3, 4.5, 5]  # 3 * 1.5 ** 2 = 6.75 is capped by MaxDelaySeconds
    assert world.call("DescribeExecution", {"executionArn": execution})["status"] == "SUCCEEDED"


def test_full_jitter_keeps_delays_below_the_backoff_and_is_seeded():
    def delays(seed):
        world = build_world(seed)
        world.call("x-FailFunction", {"FunctionName": "f", "Error": "Busy", "Times": 2})
        retry = {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 4, "JitterStrategy": "FULL"}
        state = {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Retry": [retry],
            "End": True,
        }
        world, _ = start({"StartAt": "S", "States": {"S": state}}, world=world)
        world.advance(60)
        return [e["delay"] for e in world.events if e["kind"] == "retry"]

    first = delays(5)
    assert first == delays(5)
    assert 0 <= first[0] <= 4 and 0 <= first[1] <= 8


def test_catch_states_all_does_not_catch_states_runtime():
    definition = {
        "StartAt": "S",
        "States": {
            "S": {"Type": "Pass", "InputPath": "$.missing", "Next": "Done"},
            "Done": {"Type": "Succeed"},
        },
    }
    described = run_machine(definition, {})
    assert (described["status"], described["error"]) == ("FAILED", "States.Runtime")


def test_task_failed_matches_errors_but_not_timeouts():
    world = build_world(1)
    world.call("x-FunctionDelay", {"FunctionName": "slow", "Seconds": 10})
    state = {
        "Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow",
        "TimeoutSeconds": 3,
        "Catch": [
            {"ErrorEquals": ["States.TaskFailed"], "Next": "Failed"},
            {"ErrorEquals": ["States.Timeout"], "Next": "TimedOut"},
        ],
        "End": True,
    }
    definition = {
        "StartAt": "S",
        "States": {"S": state, "Failed": {"Type": "Succeed"}, "TimedOut": {"Type": "Succeed"}},
    }
    world, execution = start(definition, world=world)
    world.advance(3)
    assert [e["next"] for e in world.events if e["kind"] == "caught"] == ["TimedOut"]
    assert "LambdaFunctionTimedOut" in history_types(world, execution)


def test_heartbeat_missed_fails_with_heartbeat_timeout_and_heartbeats_extend_it():
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
            "MessageBody.$": "$$.Task.Token",
        },
        "HeartbeatSeconds": 10,
        "End": True,
    }
    world = build_world(1)
    queue = world.call("CreateQueue", {"QueueName": "q"})["QueueUrl"]
    world, execution = start({"StartAt": "S", "States": {"S": state}}, world=world)
    token = world.call("ReceiveMessage", {"QueueUrl": queue})["Messages"][0]["Body"]
    world.advance(8)
    world.call("SendTaskHeartbeat", {"taskToken": token})
    world.advance(8)
    assert world.call("DescribeExecution", {"executionArn": execution})["status"] == "RUNNING"
    world.advance(2)
    described = world.call("DescribeExecution", {"executionArn": execution})
    assert (described["status"], described["error"]) == ("FAILED", "States.HeartbeatTimeout")


def test_send_task_failure_fails_the_task_with_the_given_error():
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}},
        "End": True,
    }
    world, execution = start({"StartAt": "S", "States": {"S": state}})
    token = world.call("x-GetInvocations", {"FunctionName": "ask"})["Invocations"][0]["event"]
    world.call("SendTaskFailure", {"taskToken": token["token"], "error": "Rejected", "cause": "no"})
    described = world.call("DescribeExecution", {"executionArn": execution})
    assert (described["error"], described["cause"]) == ("Rejected", "no")


def test_parallel_branch_failure_stops_the_others_and_fails_the_state():
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "Slow",
                        "States": {
                            "Slow": {"Type": "Wait", "Seconds": 5, "Next": "After"},
                            "After": {"Type": "Pass", "End": True},
                        },
                    },
                    {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "E"}}},
                ],
                "End": True,
            }
        },
    }
    world, execution = start(definition)
    world.advance(10)
    assert world.call("DescribeExecution", {"executionArn": execution})["error"] == "E"
    entered = [e["state"] for e in world.events if e["kind"] == "state-entered"]
    assert "P[branch 1]/After" not in entered


def test_map_keeps_item_order_with_concurrency_limit():
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 1,
                "ItemProcessor": {
                    "StartAt": "Double",
                    "States": {
                        "Double": {
                            "Type": "Pass",
                            "Parameters": {"v.$": "States.MathAdd($, $)"},
                            "End": True,
                        }
                    },
                },
                "End": True,
            }
        },
    }
    described = run_machine(definition, [3, 1, 2])
    assert json.loads(described["output"]) == [{"v": 6}, {"v": 2}, {"v": 4}]


def test_pass_loop_without_wait_is_stopped_with_a_clear_message():
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
                "Default": "A",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    described = run_machine(definition)
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime"
    assert "without any time passing" in described["cause"]


def test_wait_timestamp_and_seconds_path():
    definition = {
        "StartAt": "Until",
        "States": {
            "Until": {"Type": "Wait", "Timestamp": "2026-01-01T00:01:00Z", "Next": "For"},
            "For": {"Type": "Wait", "SecondsPath": "$.pause", "End": True},
        },
    }
    world, execution = start(definition, {"pause": 30})
    world.advance(89)
    assert world.call("DescribeExecution", {"executionArn": execution})["status"] == "RUNNING"
    world.advance(1)
    described = world.call("DescribeExecution", {"executionArn": execution})
    assert described["stopDate"] == "2026-01-01T00:01:30Z"


def test_history_uses_aws_event_types_for_a_task_integration():
    world = build_world(1)
    world.call("CreateTopic", {"Name": "t"})
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message.$": "$"},
        "End": True,
    }
    world, execution = start({"StartAt": "S", "States": {"S": state}}, {"a": 1}, world=world)
    assert history_types(world, execution) == [
        "ExecutionStarted",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    scheduled = world.call("GetExecutionHistory", {"executionArn": execution})["events"][2]
    assert scheduled["taskScheduledEventDetails"]["resourceType"] == "sns"
    assert scheduled["taskScheduledEventDetails"]["resource"] == "publish"


def test_dynamodb_put_then_get_through_tasks():
    world = build_world(1)
    world.call(
        "CreateTable",
        {"TableName": "orders", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]},
    )
    definition = {
        "StartAt": "Put",
        "States": {
            "Put": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {
                    "TableName": "orders",
                    "Item": {"id": {"S.$": "$.id"}, "total": {"N": "42"}},
                },
                "ResultPath": None,
                "Next": "Get",
            },
            "Get": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": "orders", "Key": {"id": {"S.$": "$.id"}}},
                "OutputPath": "$.Item",
                "End": True,
            },
        },
    }
    world, execution = start(definition, {"id": "o-1"}, world=world)
    output = world.call("DescribeExecution", {"executionArn": execution})["output"]
    assert json.loads(output) == {"id": {"S": "o-1"}, "total": {"N": "42"}}


def test_start_execution_sync_waits_for_the_child():
    world = build_world(1)
    child = {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "Seconds": 4, "Next": "R"},
            "R": {"Type": "Pass", "Result": {"done": 1}, "End": True},
        },
    }
    world, _ = start(child, world=world, name="child")
    parent = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {
                    "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child",
                    "Input": {"x": 1},
                },
                "OutputPath": "$.output",
                "End": True,
            }
        },
    }
    world, execution = start(parent, world=world, name="parent")
    world.advance(4)
    described = world.call("DescribeExecution", {"executionArn": execution})
    assert json.loads(described["output"]) == {"done": 1}


def test_express_refuses_callbacks_and_history_and_stops_at_five_minutes():
    world, execution = start(
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 400, "End": True}}},
        workflow_type="EXPRESS",
    )
    try:
        world.call("GetExecutionHistory", {"executionArn": execution})
        raise AssertionError("Express has no history")
    except AwsError as error:
        assert error.code == "StateMachineTypeNotSupported"
    world.advance(300)
    assert [e["kind"] for e in world.events][-1] == "execution-timed-out"
    lines = world.call("x-GetExecutionLog", {"executionArn": execution})["logLines"]
    assert lines[-1]["type"] == "ExecutionTimedOut"


def test_cost_standard_per_transition_express_per_duration():
    world, execution = start(
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "End": True}}},
    )
    world.advance(2)
    cost = world.call("x-ExecutionCost", {"executionArn": execution})
    assert (cost["StateTransitions"], cost["CostUSD"]) == (1, 0.000025)
    world, execution = start(
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "End": True}}},
        workflow_type="EXPRESS",
    )
    world.advance(2)
    cost = world.call("x-ExecutionCost", {"executionArn": execution})
    # 1 request ($0.000001) + 2 s x 64 MB = 0.125 GB-s x $0.00001667
    assert cost["BilledDurationInMilliseconds"] == 2000
    assert cost["CostUSD"] == round(0.000001 + 0.125 * 0.00001667, 10)


def test_stop_execution_aborts_and_invalidates_the_task_token():
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}},
        "End": True,
    }
    world, execution = start({"StartAt": "S", "States": {"S": state}})
    token = world.call("x-GetInvocations", {"FunctionName": "ask"})["Invocations"][0]["event"]
    world.call("StopExecution", {"executionArn": execution, "error": "Manual"})
    assert world.call("DescribeExecution", {"executionArn": execution})["status"] == "ABORTED"
    try:
        world.call("SendTaskSuccess", {"taskToken": token["token"], "output": "{}"})
        raise AssertionError("the token should be gone")
    except AwsError as error:
        assert error.code == "TaskDoesNotExist"


def test_same_seed_same_history():
    definition = {
        "StartAt": "U",
        "States": {"U": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": True}},
    }
    assert run_machine(definition, seed=3) == run_machine(definition, seed=3)
    assert run_machine(definition, seed=3)["output"] != run_machine(definition, seed=4)["output"]
