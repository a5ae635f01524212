"""Golden files: the fixture store's Markdown, for everyone and for one subscriber.

Regenerate after an intended change with SIGNALDESK_REGENERATE_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.briefing import render_markdown
from tests.briefing.conftest import DAY1, DAY2, build

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("SIGNALDESK_REGENERATE_GOLDEN") == "1"

VIEWS = {
    "2026-04-15.md": {},
    "2026-04-15-security-reader.md": {"categories": ["security"], "watchlist": ["Orlin Memory", "Northwind Compute"]},
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_markdown_matches_the_golden_file(seeded, name):
    seeded.watchlist = ["Halvard Systems", "Kestrel Cloud"]
    build(seeded, DAY1)
    markdown = render_markdown(build(seeded, DAY2), **VIEWS[name])
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(markdown, encoding="utf-8")
    assert markdown == path.read_text(encoding="utf-8")
