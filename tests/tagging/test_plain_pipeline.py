"""The tagger on spaCy as shipped (the plain path) and on its faster default tag the labeled items alike.

The default drops the tokenizer's emoticon exceptions (news_english); `Tagger(plain=True)` is
`spacy.blank("en")`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.tagging.labeled import read_labeled
from pipeline.tagging.tagger import Tagger
from pipeline.tagging.text import compose

DEV_SET = Path(__file__).parents[2] / "data" / "labeled" / "signals-dev.jsonl"


@pytest.fixture(scope="module")
def plain():
    return Tagger(plain=True)


@pytest.fixture(scope="module")
def rows():
    return [(item.title, item.summary, "", item.publication) for item in read_labeled(DEV_SET)]


def _entities(result) -> tuple:
    return result.category_names, result.orgs, result.amounts


def test_categories_orgs_and_amounts_are_identical_on_the_labeled_set(tagger, plain, rows):
    ours, reference = list(tagger.tag_many(rows)), list(plain.tag_many(rows))
    assert len(ours) == len(reference) == len(rows) > 300
    assert sum(bool(r.categories) for r in reference) > 200  # the comparison covers decided categories
    for row, mine, theirs in zip(rows, ours, reference, strict=True):
        assert _entities(mine) == _entities(theirs), row[0]
        if _tokens(tagger, row) == _tokens(plain, row):  # then even the scores and the evidence are the same
            assert mine == theirs, row[0]


def _tokens(tagger, row) -> list[str]:
    return [t.text for t in tagger.nlp.make_doc(compose(*row[:3]))]


def test_tokens_differ_only_where_punctuation_spelled_an_emoticon(tagger, plain, rows):
    differing = 0
    for row in rows:
        mine, theirs = _tokens(tagger, row), _tokens(plain, row)
        if mine != theirs:
            differing += 1
            assert "".join(mine) == "".join(theirs)
            assert all(not any(ch.isalnum() for ch in token) for token in set(theirs) - set(mine)), row[0]
    assert differing < len(rows) / 100


def test_an_emoticon_splits_apart_and_tags_the_same(tagger, plain):
    text = "Chip startup Lumen (Nvidia-backed): raises $120M for a 1.2 GW data center"
    assert "):" in [t.text for t in plain.nlp.make_doc(text)]
    assert "):" not in [t.text for t in tagger.nlp.make_doc(text)]
    assert _entities(tagger.tag(text)) == _entities(plain.tag(text))


def test_the_plain_path_is_spacy_as_shipped(tagger, plain):
    assert plain.nlp.tokenizer.rules == spacy.blank("en").tokenizer.rules != tagger.nlp.tokenizer.rules
