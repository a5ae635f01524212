"""Measures: power, GPU counts, CVE ids and CVSS scores."""

from __future__ import annotations

import pytest

from pipeline.tagging.measures import find_measures

CASES = [
    ("a 1.5 GW campus in Texas", "1.5 GW", 1.5, "GW", "power"),
    ("the 300MW first phase", "300MW", 300.0, "MW", "power"),
    ("needs 5 gigawatts of new supply", "5 gigawatts", 5.0, "GW", "power"),
    ("a cluster of 100,000 Nvidia GPUs", "100,000 Nvidia GPUs", 100000.0, "GPU", "gpu_count"),
    ("orders 1 million TPUs", "1 million TPUs", 1e6, "GPU", "gpu_count"),
    ("tracked as CVE-2026-34621 by the vendor", "CVE-2026-34621", None, "CVE", "cve"),
    ("carries a CVSS score of 9.8", "CVSS score of 9.8", 9.8, "CVSS", "cvss"),
]


@pytest.mark.parametrize(("text", "written", "value", "unit", "kind"), CASES)
def test_measure(text, written, value, unit, kind):
    (measure,) = find_measures(text)
    assert (measure.text, measure.value, measure.unit, measure.kind) == (written, value, unit, kind)


@pytest.mark.parametrize("text", ["a 30 GWh battery", "the 5G rollout", "Windows 11 update", "12GB of RAM"])
def test_not_measures(text):
    assert find_measures(text) == []
