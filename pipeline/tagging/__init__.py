"""Signal tagging: categories with evidence, organizations, money amounts and measures per document.

    from pipeline.tagging import load_tagger
    result = load_tagger().tag("Tutor raises $34M", "Tutor Intelligence has raised $34 million ...")
    result.as_json("d1")   # the `signaldesk tag` line
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.tagging.results import CATEGORIES, Amount, CategoryResult, Measure, Org, TagResult
from pipeline.tagging.tagger import Tagger

__all__ = ["CATEGORIES", "Amount", "CategoryResult", "Measure", "Org", "TagResult", "Tagger", "load_tagger"]


@lru_cache(maxsize=1)
def load_tagger() -> Tagger:
    """The shipped tagger (rules + trained model), built once per process."""
    return Tagger()
