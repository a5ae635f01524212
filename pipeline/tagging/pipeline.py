"""The spaCy pipeline, built in code from a blank English tokenizer: no model download, ever.

The pipeline is a tokenizer and `textcat_multilabel` (a bag-of-words classifier trained by `signaldesk
train`, loaded from `model/`), nothing else. Rule phrases and known organizations are matched on the same
tokens by plain PhraseMatchers (matching.py); money, measures, unknown organizations and language are read
from the text (see tagger.py).

Two builds, the same tags: `build_nlp(plain=True)` is the reference, spaCy as shipped (`spacy.blank("en")`
and its own n-gram layer); the default swaps in two speed-ups, `news_english()` (the tokenizer less its
emoticon exceptions) and the batched n-grams of ngrams.py. tests/tagging/test_plain_pipeline.py tags the
labeled development set both ways: the categories, organizations and amounts are identical. What they buy,
measured on that set in one process, twelve alternating rounds of 500 documents each, CPU time (2 shared
cores), two runs: the default tags 1.12-1.22x the plain path's documents a second in the median round (best
rounds 3,100-4,000 against 2,700-3,100 docs/s). The tokenizer gives that on its own (1.15-1.23x); the
batched n-grams make the classifier 1.6x faster, which is 3% of a document's tagging (0.98-1.06x, within
noise). Against the bare tokenizer, bench/bench_tagger.py's reference, the default is 0.32-0.37x and the
plain path 0.28x.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from core.errors import ConfigError
from pipeline.tagging.ngrams import batch_extract_ngrams
from pipeline.tagging.results import CATEGORIES

MODEL_DIR = Path(__file__).parent / "model"
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


def news_english() -> Language:
    """spacy.blank("en") without the tokenizer exceptions that hold no letter or digit: emoticons (":)",
    "):"), bare quotes and whitespace.

    spaCy's tokenizer caches how it split each whitespace-separated chunk, except a chunk in which a special
    case matched; with the quote exceptions that is every quoted or possessive word ("'incident'", "It's"),
    split again on every document. News has no emoticons, so without them the same texts tokenize about
    five times faster and the tokens differ only where punctuation spelled one ("): " is ")" and ":").
    Contractions ("isn't") and abbreviations ("Co.", "U.S.") keep their exceptions.
    """
    nlp = spacy.blank("en")
    nlp.tokenizer.rules = {
        chunk: tokens for chunk, tokens in nlp.tokenizer.rules.items() if any(ch.isalnum() for ch in chunk)
    }
    return nlp


def blank_classifier() -> Language:
    """A tokenizer and an untrained textcat: what `train` fits and saves."""
    nlp = news_english()
    textcat = nlp.add_pipe(TEXTCAT, config=TEXTCAT_CONFIG)
    for label in CATEGORIES:
        textcat.add_label(label)
    return nlp


def build_nlp(model_dir: Path | None = MODEL_DIR, *, plain: bool = False) -> Language:
    """The tagging pipeline; without a model directory it is the tokenizer alone (the tagger runs rules only).

    `plain`: spaCy's own English tokenizer and n-gram layer, the reference the default is tested against.
    """
    nlp = spacy.blank("en") if plain else news_english()
    if model_dir is not None:
        load_classifier(nlp, model_dir, batched=not plain)
    return nlp


def load_classifier(nlp: Language, model_dir: Path, *, batched: bool = True) -> None:
    path = Path(model_dir) / TEXTCAT
    if not path.is_dir():
        raise ConfigError("no trained classifier here; run `signaldesk train`", resource=str(model_dir))
    textcat = nlp.add_pipe(TEXTCAT, config=TEXTCAT_CONFIG)
    textcat.from_disk(path)
    if batched:
        _batch_ngrams(textcat.model)


def _batch_ngrams(model) -> None:
    """spaCy's per-document n-gram extraction swapped for the batched one (ngrams.py): the same features,
    for prediction only (`train` fits the classifier as spaCy builds it)."""
    for node in model.walk():
        for i, layer in enumerate(node.layers):
            if layer.name == "extract_ngrams":
                node.layers[i] = batch_extract_ngrams(layer.attrs["ngram_size"], layer.attrs["attr"])
