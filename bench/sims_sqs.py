"""SQS engine speed against moto's in-memory SQS, on the same workload.

The workload: one standard queue; rounds of SendMessageBatch (10 messages), ReceiveMessage
(up to 10) and DeleteMessageBatch, plus single SendMessage / ReceiveMessage / DeleteMessage
calls. Each API call counts as one operation. moto is driven through a boto3 client under
mock_aws (as an application would use it); the engine through World.call. Writes
bench/results/sims_sqs.json. Goal: the engine at least 20x moto.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from _results import write_figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyapp.sims.engines.world import build_world  # noqa: E402

ROUNDS = 300  # moto takes ~5-10 s for this; the engine well under a second


def workload(call, url: str) -> int:
    """Run the workload through `call(action, params)`; return the number of operations."""
    operations = 0
    for round_number in range(ROUNDS):
        entries = [{"Id": f"e{i}", "MessageBody": f"order-{round_number}-{i}"} for i in range(10)]
        call("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
        got = call(
            "ReceiveMessage", {"QueueUrl": url, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 0}
        ).get("Messages", [])
        if got:
            call(
                "DeleteMessageBatch",
                {
                    "QueueUrl": url,
                    "Entries": [
                        {"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]}
                        for i, m in enumerate(got)
                    ],
                },
            )
        call("SendMessage", {"QueueUrl": url, "MessageBody": f"single-{round_number}"})
        single = call("ReceiveMessage", {"QueueUrl": url, "WaitTimeSeconds": 0}).get("Messages", [])
        if single:
            call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": single[0]["ReceiptHandle"]})
        operations += 6
    return operations


def run_engine() -> tuple[int, float]:
    world = build_world(1)
    url = world.call("CreateQueue", {"QueueName": "bench"})["QueueUrl"]
    start = time.perf_counter()
    operations = workload(world.call, url)
    return operations, time.perf_counter() - start


def run_moto() -> tuple[int, float]:
    import boto3
    from botocore import xform_name
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("sqs", region_name="us-east-1")
        url = client.create_queue(QueueName="bench")["QueueUrl"]

        def call(action, params):
            return getattr(client, xform_name(action))(**params)

        start = time.perf_counter()
        operations = workload(call, url)
        return operations, time.perf_counter() - start


def main() -> None:
    engine_ops, engine_seconds = run_engine()
    moto_ops, moto_seconds = run_moto()
    engine_rate = engine_ops / engine_seconds
    moto_rate = moto_ops / moto_seconds
    result = {
        "workload": f"{ROUNDS} rounds of SendMessageBatch(10), ReceiveMessage(10), "
        "DeleteMessageBatch, SendMessage, ReceiveMessage, DeleteMessage",
        "engine": {
            "operations": engine_ops,
            "seconds": round(engine_seconds, 4),
            "ops_per_second": round(engine_rate),
        },
        "moto": {
            "operations": moto_ops,
            "seconds": round(moto_seconds, 4),
            "ops_per_second": round(moto_rate),
        },
        "ratio": round(engine_rate / moto_rate, 1),
        "goal_ratio": 20,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    write_figures("sims_sqs", result)


if __name__ == "__main__":
    main()
