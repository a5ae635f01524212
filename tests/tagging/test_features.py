"""The classifier's features and its batched scoring: the batch path gives what the plain path gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.tagging.features import batch_ngram_rows, ngram_rows
from pipeline.tagging.labeled import read_labeled
from pipeline.tagging.text import compose

DEV_SET = Path(__file__).parents[2] / "data" / "labeled" / "signals-dev.jsonl"
TEXTS = [
    "Chip startup Lumen raises $120M",
    "",
    "a",
    "Data center data center center data",
    "Critical flaw in VPN appliances is actively exploited; CISA urges agencies to patch",
]


@pytest.fixture(scope="module")
def rows():
    return [(item.title, item.summary, "", item.publication) for item in read_labeled(DEV_SET)]


def test_batch_rows_are_each_documents_plain_rows(tagger):
    docs = [tagger.nlp.make_doc(text) for text in TEXTS]
    rows, owners = batch_ngram_rows(docs)
    for i, doc in enumerate(docs):
        assert np.array_equal(np.sort(rows[owners == i]), ngram_rows(doc)), TEXTS[i]
    # word order counts: the pairs differ though the words are the same
    assert not np.array_equal(ngram_rows(docs[3]), ngram_rows(tagger.nlp.make_doc("center data data center")))


def test_an_empty_batch_has_no_rows(tagger):
    rows, owners = batch_ngram_rows([tagger.nlp.make_doc("")])
    assert rows.size == owners.size == 0


def test_batched_probabilities_equal_the_plain_ones(tagger, rows):
    model = tagger.model
    docs = [tagger.nlp.make_doc(compose(*row[:3])) for row in rows[:200]]
    named = [{"rule:capital/funding", "context:demand"} if i % 3 else set() for i in range(len(docs))]
    batch = model.batch_probabilities(*batch_ngram_rows(docs), named)
    for i, doc in enumerate(docs):
        plain = model.probabilities(ngram_rows(doc), named[i])
        assert batch[i] == pytest.approx([plain[c] for c in model.categories], abs=1e-5)


def test_tag_many_gives_what_each_document_alone_gives(tagger, rows):
    batched = list(tagger.tag_many(rows, batch_size=64))
    assert sum(bool(r.categories) for r in batched) > 200  # the comparison covers decided categories
    for row, mine in zip(rows, batched, strict=True):
        alone = tagger.result(tagger.nlp.make_doc(compose(*row[:3])), row[3])
        assert mine.category_names == alone.category_names, row[0]
        assert [c.score for c in mine.categories] == pytest.approx([c.score for c in alone.categories], abs=1e-3)
        assert (mine.orgs, mine.amounts, mine.measures) == (alone.orgs, alone.amounts, alone.measures)


def test_fit_learns_named_evidence_and_saves_the_same_weights(tmp_path):
    from pipeline.tagging.features import NGRAM_BUCKETS
    from pipeline.tagging.linear import fit, load, save

    documents = [(np.array([i % 7], np.int64), {"rule:capital/funding"} if i % 2 else set()) for i in range(40)]
    labels = [frozenset({"capital"}) if i % 2 else frozenset() for i in range(40)]
    model = fit(documents, labels, ("capital", "security"))
    assert model.probabilities(np.array([3]), {"rule:capital/funding"})["capital"] > 0.9
    assert model.probabilities(np.array([3]), set())["capital"] < 0.1
    assert model.probabilities(np.array([3]), {"rule:unseen/feature"})["security"] < 0.1
    assert not model.weights[7:NGRAM_BUCKETS].any()  # rows no document uses stay zero, and are not stored
    save(model, tmp_path, {"items": 40})
    again = load(tmp_path)
    assert np.array_equal(again.weights, model.weights) and np.array_equal(again.bias, model.bias)
    assert again.named == model.named == ("rule:capital/funding",)


def test_batched_probabilities_hold_for_documents_without_any_feature(tagger):
    model = tagger.model
    docs = [tagger.nlp.make_doc(text) for text in ["", "Quill Robotics raises $8M", "", "   ", "Nimbus Grid"]]
    named = [set(), {"rule:capital/funding"}, {"context:demand"}, set(), set()]
    batch = model.batch_probabilities(*batch_ngram_rows(docs), named)
    for i, doc in enumerate(docs):
        plain = model.probabilities(ngram_rows(doc), named[i])
        assert batch[i] == pytest.approx([plain[c] for c in model.categories], abs=1e-5)
