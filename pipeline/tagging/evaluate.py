"""`signaldesk eval`: how well the tagger does on labeled items, next to a keyword baseline.

Category scores are cross-validated three ways, side by side (splits.py): random folds, folds that hold
out whole outlets, and folds that hold out whole months. For each fold the classifier is trained on the
other folds and scored on this one, so every number is on items the model did not see; the grouped splits
are the estimate for outlets and months nobody has labeled. (The rule files were written with the
development set in view; the labeled pool was labeled after they were.) Entity scores (amounts, their
roles, orgs) need no training and use the shipped tagger on the items whose gold entities are listed. The
shipped model is scored too, on items it was trained on when they come from its training files: that
number is an upper bound, not a generalization estimate.
"""

from __future__ import annotations

import copy

from pipeline.tagging.baseline import keyword_amounts, keyword_categories, keyword_orgs
from pipeline.tagging.holdout import holdout_split
from pipeline.tagging.labeled import LabeledItem
from pipeline.tagging.linear import fit
from pipeline.tagging.metrics import category_scores, exact_match, macro_f1, prf
from pipeline.tagging.orgs import gazetteer
from pipeline.tagging.results import CATEGORIES
from pipeline.tagging.splits import SPLITS, fold_indices
from pipeline.tagging.tagger import Tagger

RELEVANT = "relevant"  # any category at all: the gate a story passes to enter a briefing


class Folds:
    """The labeled items read once by the rules-only tagger; a classifier fitted on any subset in a fraction
    of a second, and the tagger's full decision path run with it."""

    def __init__(self, items: list[LabeledItem]):
        self.items = items
        self.reader = Tagger(model_dir=None)
        self.features = list(self.reader.features_many(map(_fields, items)))

    def tagger(self, train: list[int]) -> Tagger:
        model = fit([self.features[i] for i in train], [self.items[i].labels for i in train], tuple(CATEGORIES))
        tagger = copy.copy(self.reader)
        tagger.model = model
        return tagger

    def predictions(self, folds: list[list[int]]) -> list[frozenset]:
        predicted: list[frozenset] = [frozenset()] * len(self.items)
        for test in folds:
            held_out = set(test)
            tagger = self.tagger([i for i in range(len(self.items)) if i not in held_out])
            for i, result in zip(test, tagger.tag_many(_fields(self.items[i]) for i in test), strict=True):
                predicted[i] = frozenset(result.category_names)
        return predicted


def evaluate(
    items: list[LabeledItem],
    *,
    folds: int = 5,
    seed: int = 13,
    tagger: Tagger | None = None,
    holdout: float | None = None,
    holdout_seed: int = 99,
) -> dict:
    """The full report: each split's cross-validated scores, the keyword baseline, the shipped model, entity
    exact match and amount roles and, with `holdout`, the scores on a seeded share of items kept out of
    training and rule tuning."""
    gold = [it.labels for it in items]
    report = {"items": len(items), "folds": folds, "seed": seed, "splits": {}}
    if folds >= 2 or holdout:
        data = Folds(items)
    if folds >= 2:
        for split in SPLITS:
            groups = fold_indices(items, split, folds, seed)
            report["splits"][split] = _category_report(gold, data.predictions(groups))
    if holdout:
        kept, held = holdout_split(list(range(len(items))), holdout, holdout_seed)
        results = list(data.tagger(kept).tag_many(_fields(items[i]) for i in held))
        report["holdout"] = {
            "fraction": holdout,
            "holdout_seed": holdout_seed,
            "items": len(held),
            **_category_report([gold[i] for i in held], [frozenset(r.category_names) for r in results]),
        }
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
    relevant = [(bool(g), bool(p)) for g, p in zip(gold, predicted, strict=True)]
    any_label = prf(
        sum(g and p for g, p in relevant), sum(p and not g for g, p in relevant), sum(g and not p for g, p in relevant)
    )
    return {
        "macro_f1": round(macro_f1(scores), 4),
        "categories": {c: s.as_dict() for c, s in scores.items()},
        RELEVANT: any_label.as_dict(),
    }


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
    roles = role_accuracy(items, results)
    if roles["scored"]:
        report["amount_roles"] = roles
    return report


def role_accuracy(items: list[LabeledItem], results) -> dict:
    """Of the gold amounts the tagger found (same text), the share whose role it got right."""
    scored = right = 0
    confused: dict[str, int] = {}
    for item, result in zip(items, results, strict=True):
        found = {a.text: a.role or "other" for a in result.amounts}
        for text, role in item.amount_roles:
            if text in found:
                scored += 1
                right += found[text] == role
                if found[text] != role:
                    key = f"{role} read as {found[text]}"
                    confused[key] = confused.get(key, 0) + 1
    return {
        "scored": scored,
        "accuracy": round(right / scored, 4) if scored else 0.0,
        "confusions": dict(sorted(confused.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


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
