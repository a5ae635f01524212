"""Takeaways: each rule's advice fits the stories it cites."""

from __future__ import annotations

from pipeline.briefing.contracts import Story
from pipeline.briefing.takeaways import find_takeaways


def _story(sid: str, title: str, orgs: list[str], category: str = "security", score: float = 1.0) -> Story:
    return Story(id=sid, title=title, categories=[category], orgs=orgs, score=score)


def test_a_breached_vendor_gets_vendor_advice_naming_it():
    [takeaway] = find_takeaways([_story("s1", "Northwind Compute breach exposes API keys", ["Northwind Compute"])])
    assert takeaway.rule == "breach-review" and takeaway.story_ids == ["s1"]
    assert takeaway.text == "Review access, keys and data shared with the compromised vendor (Northwind Compute)."


def test_an_attack_naming_no_organization_is_not_called_a_compromised_vendor():
    [takeaway] = find_takeaways([_story("s2", "Sweden blames Russian hackers for attack on thermal plant", [])])
    assert takeaway.rule == "breach-review"
    assert "vendor" not in takeaway.text and "attack activity" in takeaway.text


def test_other_rules_drop_the_empty_organization_list():
    [takeaway] = find_takeaways([_story("s3", "Grid operator warns of power shortfall", [], "infrastructure")])
    assert takeaway.text == "Build power availability into capacity plans."
