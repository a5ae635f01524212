"""What every benchmark shares: a machine-readable result line for the one-table runner (bench/run_all.py)."""

from __future__ import annotations

import json
import os

RESULT_PREFIX = "RESULT "


def emit(name: str, result: dict) -> None:
    """Print the result as one JSON line when run under bench/run_all.py (SIGNALDESK_BENCH_JSON=1)."""
    if os.environ.get("SIGNALDESK_BENCH_JSON") == "1":
        print(RESULT_PREFIX + json.dumps({"bench": name, **result}), flush=True)
