"""Every fuzz target's properties in the normal test suite: up to 200 derandomized examples each (fewer for
the slowest), so CI stays fast and a failure reproduces. `bench/fuzz.py` runs the same targets with many
more inputs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.targets import TARGETS


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_target_holds_its_properties(target):
    suite = settings(
        max_examples=target.suite_examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    given(target.strategy)(suite(target.check))()
