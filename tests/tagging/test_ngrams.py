"""The batched n-gram features (ngrams.py) equal spaCy's per-document ones key for key and count for count,
so the shipped classifier scores exactly as spaCy's own layer would have it."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.ml.extract_ngrams import extract_ngrams

from pipeline.tagging.ngrams import batch_extract_ngrams
from pipeline.tagging.pipeline import MODEL_DIR, TEXTCAT, TEXTCAT_CONFIG

TEXTS = [
    "Startup raises $40 million Series A",
    "Chip startup Lumen raises $120M Series B at a $1.1B valuation",
    "a",
    "a b",
    "x x x x",
    "AI AI AI\nAI",
    "EU Commission fines platform €500 million under the DMA",
]


@pytest.mark.parametrize("batch", [TEXTS, TEXTS[:1], TEXTS[2:4], TEXTS[::-1]], ids=["all", "one", "short", "reversed"])
def test_batched_features_equal_spacys(tagger, batch):
    docs = list(tagger.nlp.tokenizer.pipe(batch))
    spacys, _ = extract_ngrams(2, attr=65)(docs, False)
    ours, _ = batch_extract_ngrams(2, 65)(docs, False)
    for theirs, mine in zip(spacys, ours, strict=True):
        assert theirs.dtype == mine.dtype and np.array_equal(theirs, mine)


def test_a_batch_may_hold_an_empty_document(tagger):
    docs = [tagger.nlp.make_doc(text) for text in ("Startup raises $40 million", "", "a b")]
    (keys, counts, lengths), _ = batch_extract_ngrams(2, 65)(docs, False)
    assert lengths.tolist() == [9, 0, 3] and len(keys) == len(counts) == 12


def test_the_shipped_classifier_scores_as_spacy_builds_it(tagger):
    plain = spacy.blank("en")
    plain.add_pipe(TEXTCAT, config=TEXTCAT_CONFIG).from_disk(MODEL_DIR / TEXTCAT)  # spaCy's own n-gram layer
    docs = list(tagger.nlp.tokenizer.pipe(TEXTS))
    ours = tagger.nlp.get_pipe(TEXTCAT).predict(docs)
    assert np.array_equal(ours, plain.get_pipe(TEXTCAT).predict(docs))
