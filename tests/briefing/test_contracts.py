"""The briefing contract: the committed JSON Schema is the models' own, and briefings validate against it.

`fixtures/demo-2026-04-15.json` is the demo's real briefing of 2026-04-15 cut down to the five stories its
minute, theme and first takeaway cite (sections, takeaways and the rising organizations cut to match).
Regenerate the schema after an intended change with SIGNALDESK_REGENERATE_SCHEMA=1, then read the diff.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, ValidationError

from pipeline.briefing import render_markdown
from pipeline.briefing.contracts import Briefing, briefing_json_schema
from tests.briefing.conftest import DAY1, DAY2, build

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "briefing.schema.json"
DEMO = Path(__file__).parent / "fixtures" / "demo-2026-04-15.json"
REGENERATE = os.environ.get("SIGNALDESK_REGENERATE_SCHEMA") == "1"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_committed_schema_is_generated_from_the_models():
    text = json.dumps(briefing_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if REGENERATE:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == text


def test_a_built_briefing_with_threads_validates(seeded, validator):
    build(seeded, DAY1)
    content = build(seeded, DAY2).to_json()
    validator.validate(content)
    # The day exercises every optional shape: an update, a rerun, a new story and the archive link.
    statuses = {story["thread"]["status"] for story in content["stories"]}
    assert statuses == {"new", "update", "continuing"}
    assert any("last_reported" in story["thread"] for story in content["stories"]) and content["archive_url"]


def test_the_demo_briefing_validates_and_reads_back_key_for_key(validator):
    content = json.loads(DEMO.read_text(encoding="utf-8"))
    validator.validate(content)
    assert json.dumps(Briefing.from_json(content).to_json()) == json.dumps(content)


@pytest.mark.parametrize(
    "break_it",
    [
        lambda b: b["stories"][0]["thread"].update(status="ongoing"),
        lambda b: b["stories"][0]["sources"][0].pop("url"),
        lambda b: b["coverage"].update(items_seen="many"),
        lambda b: b.pop("sections"),
        lambda b: b["rising"]["orgs"][0].update(ratio="high"),
    ],
)
def test_the_schema_refuses_a_briefing_that_breaks_the_contract(validator, break_it):
    content = json.loads(DEMO.read_text(encoding="utf-8"))
    broken = copy.deepcopy(content)
    break_it(broken)
    with pytest.raises(ValidationError):
        validator.validate(broken)


def test_an_older_stored_briefing_reads_with_defaults_and_renders():
    """Keys a later version added are defaulted; keys this version does not know are ignored."""
    old = {
        "date": "2026-01-15",
        "retired_key": 1,
        "stories": [
            {
                "id": "s1",
                "title": "CISA adds Ivanti flaw to KEV",
                "categories": ["security"],
                "score": 0.7,
                "sources": [{"url": "https://www.cisa.gov/news/kev-ivanti", "publication": "CISA"}],
            }
        ],
        "sections": [{"category": "security", "story_ids": ["s1"]}],
    }
    briefing = Briefing.from_json(old)
    assert briefing.stories[0].thread is None and briefing.stories[0].status == "new"
    assert briefing.rising.window_days == 28 and briefing.coverage.sources_checked == 0
    assert "retired_key" not in briefing.to_json()
    assert "### [CISA adds Ivanti flaw to KEV](https://www.cisa.gov/news/kev-ivanti)" in render_markdown(briefing)
