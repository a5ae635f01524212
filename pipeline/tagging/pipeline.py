"""The spaCy pipeline, built in code from a blank English tokenizer: no model download, ever.

Components, in order: `category_rules` (SpanRuler over the taxonomy patterns, matches kept in
doc.spans["signal_rules"]), `org_gazetteer` (known organizations, case-sensitive, in doc.spans["orgs"]) and
`textcat_multilabel` (a bag-of-words classifier trained by `signaldesk train`, loaded from `model/`).
Money, measures, unknown organizations and language are read from the text afterwards (see tagger.py).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.errors import ConfigError
from pipeline.tagging.orgs import ORGS_KEY, gazetteer_patterns
from pipeline.tagging.results import CATEGORIES
from pipeline.tagging.rules import load_rules

MODEL_DIR = Path(__file__).parent / "model"
RULES_KEY = "signal_rules"
TEXTCAT = "textcat_multilabel"
# Bag-of-words over unigrams and bigrams: fast enough for thousands of headlines a second on one core, and
# small (the hashed table is 2**16 rows x 5 labels) so the trained artifact ships in the repository.
TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 65536,
    },
}


def blank_classifier() -> Language:
    """A tokenizer and an untrained textcat: what `train` fits and saves."""
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(TEXTCAT, config=TEXTCAT_CONFIG)
    for label in CATEGORIES:
        textcat.add_label(label)
    return nlp


def build_nlp(model_dir: Path | None = MODEL_DIR) -> Language:
    """The tagging pipeline; without a model directory it runs the rules alone."""
    nlp = spacy.blank("en")
    rules = nlp.add_pipe("span_ruler", name="category_rules",
                         config={"spans_key": RULES_KEY, "phrase_matcher_attr": "LOWER", "validate": False})
    rules.add_patterns(load_rules().phrases)
    # The gazetteer does an EntityRuler's job with a SpanRuler: find_orgs keeps the longest matches. Writing
    # doc.ents (EntityRuler, or SpanRuler with annotate_ents) cost more than matching and tokenizing together.
    orgs = nlp.add_pipe("span_ruler", name="org_gazetteer",
                        config={"spans_key": ORGS_KEY, "annotate_ents": False, "phrase_matcher_attr": "ORTH"})
    orgs.add_patterns(gazetteer_patterns())
    if model_dir is not None:
        load_classifier(nlp, model_dir)
    return nlp


def load_classifier(nlp: Language, model_dir: Path) -> None:
    path = Path(model_dir) / TEXTCAT
    if not path.is_dir():
        raise ConfigError("no trained classifier here; run `signaldesk train`", resource=str(model_dir))
    textcat = nlp.add_pipe(TEXTCAT, config=TEXTCAT_CONFIG)
    textcat.from_disk(path)
