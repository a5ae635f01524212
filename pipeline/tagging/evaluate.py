"""`signaldesk eval`: how well the tagger does on labeled items, next to a keyword baseline.

Category scores are cross-validated: the items are split into folds fixed by the seed, and for each fold
the classifier is trained on the other folds and scored on this one, so every number is on items the model
did not see. (The rule files were written with this development set in view; the held-out set checks
that they generalize.) Entity scores (amounts, orgs) need no training and use the shipped tagger on the
items whose gold entities are listed. The shipped model is scored too, on items it was trained on when
they come from its own training file: that number is an upper bound, not a generalization estimate.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from pipeline.tagging.baseline import keyword_amounts, keyword_categories, keyword_orgs
from pipeline.tagging.holdout import holdout_split
from pipeline.tagging.labeled import LabeledItem
from pipeline.tagging.metrics import category_scores, exact_match, macro_f1
from pipeline.tagging.orgs import gazetteer
from pipeline.tagging.tagger import Tagger
from pipeline.tagging.train import save_classifier, train_classifier


def fold_indices(count: int, folds: int, seed: int) -> list[list[int]]:
    """Item indices per fold: a seeded shuffle dealt round-robin, so folds differ in size by at most one."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::folds]) for i in range(folds)]


def cross_validated_predictions(items: list[LabeledItem], *, folds: int = 5, seed: int = 13) -> list[frozenset]:
    predictions: list[frozenset] = [frozenset()] * len(items)
    for test in fold_indices(len(items), folds, seed):
        held_out = set(test)
        tagger = _fold_tagger([it for i, it in enumerate(items) if i not in held_out], seed)
        results = tagger.tag_many(_fields(items[i]) for i in test)
        for i, result in zip(test, results, strict=True):
            predictions[i] = frozenset(result.category_names)
    return predictions


def _fold_tagger(train_items: list[LabeledItem], seed: int) -> Tagger:
    with tempfile.TemporaryDirectory(prefix="signaldesk-fold-") as tmp:
        save_classifier(train_classifier(train_items, seed=seed), Path(tmp), {"seed": seed})
        return Tagger(model_dir=Path(tmp))


def holdout_report(items: list[LabeledItem], *, fraction: float, holdout_seed: int, seed: int = 13) -> dict:
    """Train on the kept items, score categories and entities on the held-out ones."""
    kept, held = holdout_split(items, fraction, holdout_seed)
    results = list(_fold_tagger(kept, seed).tag_many(map(_fields, held)))
    return {
        "fraction": fraction,
        "holdout_seed": holdout_seed,
        "items": len(held),
        **_category_report([it.labels for it in held], [frozenset(r.category_names) for r in results]),
        "entities": _entity_report(held, results),
    }


def evaluate(
    items: list[LabeledItem],
    *,
    folds: int = 5,
    seed: int = 13,
    tagger: Tagger | None = None,
    holdout: float | None = None,
    holdout_seed: int = 99,
) -> dict:
    """The full report: cross-validated tagger, keyword baseline, shipped model, entity exact match and,
    with `holdout`, the scores on a seeded share of items kept out of training and rule tuning."""
    gold = [it.labels for it in items]
    report = {"items": len(items), "folds": folds, "seed": seed}
    if folds >= 2:
        report["cross_validated"] = _category_report(gold, cross_validated_predictions(items, folds=folds, seed=seed))
    if holdout:
        report["holdout"] = holdout_report(items, fraction=holdout, holdout_seed=holdout_seed, seed=seed)
    report["baseline"] = _category_report(gold, [keyword_categories(it.title, it.summary) for it in items])
    tagger = tagger or Tagger()
    results = list(tagger.tag_many(map(_fields, items)))
    report["shipped"] = {
        "tagger_version": tagger.version,
        **_category_report(gold, [frozenset(r.category_names) for r in results]),
    }
    report["entities"] = _entity_report(items, results)
    return report


def _fields(item: LabeledItem) -> tuple[str, str, str, str | None]:
    return item.title, item.summary, "", item.publication


def _category_report(gold, predicted) -> dict:
    scores = category_scores(gold, predicted)
    return {"macro_f1": round(macro_f1(scores), 4), "categories": {c: s.as_dict() for c, s in scores.items()}}


def _entity_report(items: list[LabeledItem], results) -> dict:
    report = {}
    for kind in ("amounts", "orgs"):
        pairs = [(getattr(it, kind), r) for it, r in zip(items, results, strict=True) if getattr(it, kind) is not None]
        if not pairs:
            continue
        gold = [_canonical_set(kind, g) for g, _ in pairs]
        predicted = [_canonical_set(kind, map(_entity_name, getattr(r, kind))) for _, r in pairs]
        baseline = [_canonical_set(kind, _baseline_entities(kind, it)) for it in items if getattr(it, kind) is not None]
        report[kind] = {
            "items": len(pairs),
            "tagger": exact_match(gold, predicted).as_dict(),
            "baseline": exact_match(gold, baseline).as_dict(),
        }
    return report


def _entity_name(entity) -> str:
    """An org is scored by the canonical name the tagger outputs (an unknown one as written); an amount as written."""
    return getattr(entity, "canonical", None) or entity.text


def _canonical_set(kind: str, names) -> frozenset[str]:
    """Orgs on both sides through the gazetteer's alias table: a label written "AWS" and an output of
    "Amazon Web Services" name one company. Amounts stay as written."""
    if kind != "orgs":
        return frozenset(names)
    aliases = gazetteer()
    return frozenset(aliases.get(name, name) for name in names)


def _baseline_entities(kind: str, item: LabeledItem) -> frozenset[str]:
    if kind == "amounts":
        return keyword_amounts(item.title, item.summary)
    return keyword_orgs(item.title, item.summary, frozenset(gazetteer().values()))
