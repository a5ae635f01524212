"""Determinism, the version string, and input that must not crash the tagger."""

from __future__ import annotations

import re

import pytest


def test_same_input_same_output_same_version(tagger):
    item = ("Fabrikam raises $30M for GPU clouds", "Investors include Accel. The 1 GW site is in Ohio.", "")
    first = tagger.tag(*item).as_json("x")
    again = [r.as_json("x") for r in tagger.tag_many([item] * 3, batch_size=2)]
    assert again == [first] * 3
    assert re.fullmatch(r"\d{4}\.\d{2}-r[0-9a-f]{8}-m[0-9a-f]{8}", first["tagger_version"])


def test_loader_is_cached(tagger):
    from pipeline.tagging import load_tagger

    assert load_tagger() is tagger


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("", ""),
        ("\x00\x01Hackers\x00 breach\x07 hospital", "null\x00bytes"),
        ("🚀🔥 AI startup raises $10M 💰", "🤖" * 500),
        ("<p>Hackers <b>breach</b> hospital &amp; clinic</p>", "<script>alert(1)</script><div>Data stolen</div>"),
        ("x" * 200_000, "word " * 100_000),
    ],
)
def test_bad_input_is_tagged_without_crashing(tagger, title, summary):
    result = tagger.tag(title, summary, "body " * 50_000)
    assert result.version == tagger.version
    assert all(0.0 <= c.score <= 1.0 for c in result.categories)


def test_html_remnants_are_stripped_before_tagging(tagger):
    result = tagger.tag("<p>Hackers <b>breach</b> hospital &amp; clinic</p>")
    assert "security" in result.category_names
    assert "<b>" not in result.categories[0].evidence["sentence"]


def test_non_english_is_marked_not_tagged(tagger):
    result = tagger.tag(
        "Die Bundesregierung plant ein neues Rechenzentrum für die künstliche Intelligenz",
        "Der Bau soll 2027 beginnen und kostet 2 Milliarden Euro.",
    )
    assert result.language == "de"
    assert result.categories == []


def test_english_is_marked_english(tagger):
    assert tagger.tag("Nvidia Q3 Earnings Beat").language == "en"
