"""Where every benchmark writes its figures: bench/results/<name>.json.

A helper, not a benchmark: `make bench` runs bench/*.py except the files named _*.py.
"""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def write_figures(name: str, figures: dict, *, show: bool = True) -> Path:
    """Write the figures as JSON (and print them unless the script reports its own way)."""
    out = RESULTS / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2, default=str) + "\n"
    out.write_text(text, encoding="utf-8")
    if show:
        print(text, end="")
    return out
