"""`signaldesk bench`: every benchmark in one table (bench/ ships with the source checkout)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).resolve().parents[1] / "bench" / "run_all.py"


def register(subparsers) -> None:
    p = subparsers.add_parser("bench", help="run every benchmark and print one table")
    p.add_argument("--quick", action="store_true", help="small stores, few repeats (about two minutes)")
    p.add_argument("--skip-postgres", action="store_true", help="leave out the PostgreSQL search run")
    p.set_defaults(handler=_bench)


def _bench(args) -> int:
    from core.errors import ConfigError

    if not RUNNER.exists():
        raise ConfigError(
            "the benchmarks ship with the source checkout, not the installed package", resource=str(RUNNER)
        )
    extra = [flag for flag, on in (("--quick", args.quick), ("--skip-postgres", args.skip_postgres)) if on]
    return subprocess.call([sys.executable, str(RUNNER), *extra])
