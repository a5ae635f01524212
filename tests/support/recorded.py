"""Where a recorded third-party file is kept: once. The copies that the demo snapshot ships (and serves) are read
from there; the rest, recorded for the tests alone, from tests/fixtures/sources/ (see the README of each)."""

from __future__ import annotations

from pathlib import Path

from pipeline.demo import SNAPSHOT
from pipeline.demo.outlets import COPIES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SHIPPED = SNAPSHOT / "copies"
_SHIPPED_NAMES = frozenset(copy.source for copy in COPIES)


def recorded(name: str) -> Path:
    """The recorded file called `name`: the demo snapshot's copy when the snapshot ships one, else the fixture."""
    return SHIPPED / name if name in _SHIPPED_NAMES else FIXTURES / name
