"""The shipped tagger, built once for the tagging tests (building it compiles every pattern)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "labeled"


@pytest.fixture(scope="session")
def tagger():
    from pipeline.tagging import load_tagger

    return load_tagger()


@pytest.fixture(scope="session")
def tiny_labeled() -> Path:
    return FIXTURES / "tiny.jsonl"
