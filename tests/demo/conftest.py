"""Fixtures for the demo snapshot tests: the shared real data beside the repository, when it is there."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.demo.outlets import OUTLETS

DAYS = Path("data/days/2026-04-14_16-real-items.jsonl")


def _shared_dir() -> Path | None:
    candidates = [os.environ.get("SIGNALDESK_SHARED"), Path(__file__).resolve().parents[3] / "shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / DAYS).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    found = _shared_dir()
    if found is None:
        pytest.skip(
            "the shared data (shared/data/days, shared/data/sources) is not beside the repository; "
            "set SIGNALDESK_SHARED to the shared/ folder to run this check"
        )
    return found


@pytest.fixture(scope="session")
def days_by_key(shared_dir) -> dict[str, list[dict]]:
    """The days file, read directly (not through the builder), grouped by outlet key."""
    key_of = {o.publication: o.key for o in OUTLETS}
    grouped: dict[str, list[dict]] = defaultdict(list)
    for line in (shared_dir / DAYS).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        grouped[key_of[item["publication"]]].append(item)
    return dict(grouped)
