"""EventBridge matching speed: 10,000 events against 1,000 rules on one bus.

Rules look like real ones: a source, a detail-type, and a detail condition with a mix of
operators (exact, prefix, numeric range, anything-but, exists). The compiled patterns are
filed in a RuleIndex; the figure is events per second through the index, with the plain
"test every rule" loop measured on a sample for comparison. Writes
bench/results/sims_eventbridge.json.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from _results import write_figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyapp.sims.engines.event_patterns import RuleIndex, compile_pattern  # noqa: E402

RULES = 1_000
EVENTS = 10_000
BRUTE_FORCE_SAMPLE = 500
SOURCES = [f"shop.{name}" for name in ("orders", "billing", "shipping", "stock", "users")]
TYPES = [f"Type{i}" for i in range(200)]


def make_rule(rng: random.Random) -> dict:
    detail = rng.choice(
        [
            {"status": [rng.choice(["PAID", "NEW", "SHIPPED"])]},
            {"region": [{"prefix": rng.choice(["eu-", "us-", "ap-"])}]},
            {"amount": [{"numeric": [">", rng.randint(0, 500), "<=", rng.randint(501, 1000)]}]},
            {"status": [{"anything-but": ["CANCELLED", "FAILED"]}]},
            {"coupon": [{"exists": rng.random() < 0.5}]},
        ]
    )
    return {"source": [rng.choice(SOURCES)], "detail-type": [rng.choice(TYPES)], "detail": detail}


def make_event(rng: random.Random) -> dict:
    detail = {
        "status": rng.choice(["PAID", "NEW", "SHIPPED", "CANCELLED"]),
        "region": rng.choice(["eu-west-1", "us-east-1", "ap-south-1"]),
        "amount": rng.randint(0, 1000),
    }
    if rng.random() < 0.5:
        detail["coupon"] = "SAVE10"
    return {
        "version": "0",
        "id": str(rng.getrandbits(64)),
        "source": rng.choice(SOURCES),
        "detail-type": rng.choice(TYPES),
        "account": "123456789012",
        "region": "us-east-1",
        "time": "2026-01-01T00:00:00Z",
        "resources": [],
        "detail": detail,
    }


def main() -> dict:
    rng = random.Random(42)
    started = time.perf_counter()
    patterns = [compile_pattern(json.dumps(make_rule(rng))) for _ in range(RULES)]
    index = RuleIndex(patterns)
    compile_seconds = time.perf_counter() - started
    events = [make_event(rng) for _ in range(EVENTS)]

    started = time.perf_counter()
    matched = sum(len(index.matching(event)) for event in events)
    indexed_seconds = time.perf_counter() - started

    sample = events[:BRUTE_FORCE_SAMPLE]
    started = time.perf_counter()
    brute = [[i for i, p in enumerate(patterns) if p.matches(e)] for e in sample]
    brute_seconds = time.perf_counter() - started
    assert brute == [index.matching(e) for e in sample], (
        "the index must agree with testing every rule"
    )

    result = {
        "workload": f"{EVENTS} events against {RULES} rules (seed 42)",
        "compile_seconds": round(compile_seconds, 4),
        "indexed_seconds": round(indexed_seconds, 4),
        "events_per_second": round(EVENTS / indexed_seconds),
        "matches": matched,
        "every_rule_events_per_second": round(BRUTE_FORCE_SAMPLE / brute_seconds),
        "python": sys.version.split()[0],
    }
    write_figures("sims_eventbridge", result)
    return result


if __name__ == "__main__":
    main()
