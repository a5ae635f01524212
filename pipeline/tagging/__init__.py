"""Signal tagging: categories with evidence, organizations, money amounts and measures per document.

    from pipeline.tagging import load_tagger
    result = load_tagger().tag("Tutor raises $34M", "Tutor Intelligence has raised $34 million ...")
    result.as_json("d1")   # the `signaldesk tag` line

The tagger (and spaCy with it) loads on first use: `pipeline.tagging.results` (CATEGORIES and the result
types) is imported by later stages that never tag, and must not cost them seconds of start-up.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.tagging.results import CATEGORIES, Amount, CategoryResult, Measure, Org, TagResult

__all__ = ["CATEGORIES", "Amount", "CategoryResult", "Measure", "Org", "TagResult", "Tagger", "load_tagger"]


def __getattr__(name: str):
    if name == "Tagger":
        from pipeline.tagging.tagger import Tagger

        return Tagger
    raise AttributeError(f"module 'pipeline.tagging' has no attribute {name!r}")


@lru_cache(maxsize=1)
def load_tagger():
    """The shipped tagger (rules + trained model), built once per process."""
    from pipeline.tagging.tagger import Tagger

    return Tagger()
