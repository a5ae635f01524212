"""Paths the command line reads from the source checkout resolve inside it (a package move once left them
pointing one folder above the repository, so `make bench` and eval's default data failed)."""

from __future__ import annotations

from pathlib import Path

from cli.bench import RUNNER
from cli.tagging import DEFAULT_LABELED

ROOT = Path(__file__).resolve().parents[1]


def test_the_bench_runner_is_the_checkouts():
    assert RUNNER == ROOT / "bench" / "run_all.py" and RUNNER.is_file()


def test_evals_default_data_is_the_checkouts_labeled_items():
    assert DEFAULT_LABELED and all(path.is_file() and ROOT in path.parents for path in DEFAULT_LABELED)
