"""Training the category classifier (`signaldesk train`): the same data give the same bytes.

The classifier (linear.py) is fitted on what the tagger reads of each labeled item's title + summary,
composed exactly as the tagger composes them: its n-grams and the rules' findings (features.py), found by
the rules-only tagger so that no earlier model takes part.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.tagging.labeled import LabeledItem
from pipeline.tagging.linear import FitSettings, LinearModel, fit, save
from pipeline.tagging.results import CATEGORIES


def train_classifier(items: list[LabeledItem], settings: FitSettings = FitSettings()) -> LinearModel:
    from pipeline.tagging.tagger import Tagger

    reader = Tagger(model_dir=None)
    documents = list(reader.features_many((it.title, it.summary, "", it.publication) for it in items))
    return fit(documents, [it.labels for it in items], tuple(CATEGORIES), settings)


def save_classifier(model: LinearModel, out_dir: Path, meta: dict) -> Path:
    """Write the weights and a meta.json (data hash, settings, feature names) to `out_dir`."""
    return save(model, out_dir, meta)
