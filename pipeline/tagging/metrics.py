"""Precision, recall and F1: per category over items, and exact-match over entity strings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.tagging.results import CATEGORIES


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int  # gold positives

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


def prf(tp: int, fp: int, fn: int) -> PRF:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, tp + fn)


def category_scores(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> dict[str, PRF]:
    """Per category P/R/F1 over items (each item is a set of category names)."""
    scores = {}
    for category in CATEGORIES:
        tp = sum(category in g and category in p for g, p in zip(gold, predicted, strict=True))
        fp = sum(category not in g and category in p for g, p in zip(gold, predicted, strict=True))
        fn = sum(category in g and category not in p for g, p in zip(gold, predicted, strict=True))
        scores[category] = prf(tp, fp, fn)
    return scores


def macro_f1(scores: dict[str, PRF]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores)


def exact_match(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> PRF:
    """Micro P/R/F1 over distinct strings per item, as written (case and punctuation count)."""
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, predicted, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, predicted, strict=True))
    return prf(tp, fp, fn)
