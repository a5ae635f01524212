"""Training the category classifier (`signaldesk train`): seeded, so the same data and seed give the same bytes.

The classifier is spaCy's textcat_multilabel with a bag-of-words model, fitted on title + summary of the
labeled items exactly as the tagger composes them. Shuffling, initialization and batching all draw from
the seed; training runs on CPU in one thread.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Adam

from pipeline.tagging.labeled import LabeledItem
from pipeline.tagging.pipeline import TEXTCAT, TEXTCAT_CONFIG, blank_classifier
from pipeline.tagging.results import CATEGORIES
from pipeline.tagging.text import compose

EPOCHS = 12
BATCH_SIZE = 8
LEARN_RATE = 0.01


def train_classifier(items: list[LabeledItem], *, seed: int = 13, epochs: int = EPOCHS) -> Language:
    """A blank English pipeline with a textcat fitted to `items`."""
    fix_random_seed(seed)
    nlp = blank_classifier()
    examples = [_example(nlp, item) for item in items]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(LEARN_RATE))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=BATCH_SIZE):
            nlp.update(batch, sgd=optimizer, drop=0.0)
    return nlp


def save_classifier(nlp: Language, out_dir: Path, meta: dict) -> Path:
    """Write the textcat and a meta.json (seed, data hash, settings) to `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe(TEXTCAT).to_disk(out_dir / TEXTCAT)
    info = {
        **meta,
        "labels": list(CATEGORIES),
        "epochs": meta.get("epochs", EPOCHS),
        "batch_size": BATCH_SIZE,
        "learn_rate": LEARN_RATE,
        "textcat": TEXTCAT_CONFIG,
    }
    (out_dir / "meta.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out_dir


def _example(nlp: Language, item: LabeledItem) -> Example:
    doc = nlp.make_doc(compose(item.title, item.summary))
    return Example.from_dict(doc, {"cats": {c: float(c in item.labels) for c in CATEGORIES}})
