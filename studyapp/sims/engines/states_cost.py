"""What one execution costs: Standard bills state transitions, Express bills duration.

Prices are AWS's published us-east-1 list prices (free tier left out, so small runs still
show a number): Standard $0.025 per 1,000 state transitions; Express $1.00 per million
requests plus $0.00001667 per GB-second, billed in 100 ms steps and 64 MB memory steps.
https://aws.amazon.com/step-functions/pricing/
"""

from __future__ import annotations

import math

STANDARD_PER_TRANSITION = 0.025 / 1000
EXPRESS_PER_REQUEST = 1.00 / 1_000_000
EXPRESS_PER_GB_SECOND = 0.00001667
EXPRESS_MEMORY_MB = 64  # the smallest memory step; our simulated payloads stay far below it


def billed_duration_ms(seconds: float) -> int:
    return max(100, math.ceil(round(seconds * 1000, 6) / 100) * 100)


def execution_cost(workflow_type: str, transitions: int, duration_seconds: float) -> dict:
    if workflow_type == "EXPRESS":
        billed_ms = billed_duration_ms(duration_seconds)
        gb_seconds = EXPRESS_MEMORY_MB / 1024 * billed_ms / 1000
        dollars = EXPRESS_PER_REQUEST + gb_seconds * EXPRESS_PER_GB_SECOND
        text = (
            f"Express bills the request and the duration: 1 request + {billed_ms:,} ms at "
            f"{EXPRESS_MEMORY_MB} MB = ${dollars:.8f}, however many states ran "
            f"({transitions:,} transitions)."
        )
        return {
            "WorkflowType": "EXPRESS",
            "StateTransitions": transitions,
            "BilledDurationInMilliseconds": billed_ms,
            "BilledMemoryUsedInMB": EXPRESS_MEMORY_MB,
            "CostUSD": round(dollars, 10),
            "Explanation": text,
        }
    dollars = transitions * STANDARD_PER_TRANSITION
    text = (
        f"Standard bills state transitions: {transitions:,} x $0.000025 = ${dollars:.6f}, "
        f"however long it waited ({duration_seconds:,.1f} s)."
    )
    return {
        "WorkflowType": "STANDARD",
        "StateTransitions": transitions,
        "DurationSeconds": round(duration_seconds, 3),
        "CostUSD": round(dollars, 10),
        "Explanation": text,
    }
