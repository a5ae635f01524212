"""The seeded hold-out: fixed by the seed alone, disjoint from the kept items, scored by `signaldesk eval`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.tagging.holdout import holdout_indices, holdout_split

SIGNALDESK = str(Path(sys.executable).parent / "signaldesk")


def test_split_is_fixed_by_the_seed_and_disjoint():
    items = list(range(355))
    kept, held = holdout_split(items, 0.2, 99)
    assert len(held) == 71 and len(kept) == 284 and not set(kept) & set(held)
    assert held == holdout_indices(355, 0.2, 99) and holdout_split(items, 0.2, 99) == (kept, held)
    assert holdout_split(items, 0.2, 98)[1] != held


def test_fraction_must_be_a_share():
    with pytest.raises(ValueError):
        holdout_indices(10, 1.5)


@pytest.mark.slow
def test_eval_reports_the_holdout_block(tiny_labeled):
    done = subprocess.run(
        [
            SIGNALDESK,
            "eval",
            "--labeled",
            str(tiny_labeled),
            "--folds",
            "0",
            "--holdout",
            "0.25",
            "--holdout-seed",
            "7",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    block = json.loads(done.stdout)["holdout"]
    assert block["items"] == 2 and block["holdout_seed"] == 7
    assert sum(c["support"] for c in block["categories"].values()) >= 1
    text = subprocess.run(
        [SIGNALDESK, "eval", "--labeled", str(tiny_labeled), "--folds", "0", "--holdout", "0.25"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    assert "hold-out: 2 items (25%, seed 99)" in text


def test_bad_holdout_fraction_is_a_usage_error(tiny_labeled):
    done = subprocess.run(
        [SIGNALDESK, "eval", "--labeled", str(tiny_labeled), "--holdout", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "between 0 and 1" in done.stderr and "Traceback" not in done.stderr
