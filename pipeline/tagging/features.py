"""What the classifier reads of one document: its words, and what the rules found in it.

Two kinds of feature, all binary:
- hashed n-grams: the lower-cased tokens and adjacent pairs of tokens, folded into NGRAM_BUCKETS rows;
- named evidence: every rule subtopic that matched ("rule:capital/funding"), every cue against a category
  ("against:capital", "against:none" for a review or a deal), every category whose context is in sight,
  the rule score of each category past each of SCORE_CUTS (the hand-set weights, as evidence the model may
  trust or not), each money amount's role, each measure's kind and each organization's gazetteer kind.

The named features carry what generalizes across outlets and months (a funding verb next to an amount is
capital whoever writes it); the n-grams carry the rest. The names are read from the rules, so a model knows
which of them it learned: a feature added to the rules since training has no weight until `signaldesk train`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import LOWER

NGRAM_BUCKETS = 2**16
SCORE_CUTS = (0.3, 0.5, 0.7, 0.9)
# Odd multiplier mixing a token's hash before its neighbour's is folded in: "data center" and
# "center data" land in different rows.
_PAIR_MIX = np.uint64(1_000_003)


@dataclass(frozen=True)
class RuleEvidence:
    """What the rules and the entity readers found in one document, before any decision."""

    matched: dict  # category -> rule hits (RuleHit: text, id_ = subtopic, offsets)
    against: dict  # category or "none" -> cue hits
    context: frozenset[str]  # categories whose context is in sight
    rule_scores: dict[str, float]  # category -> the hand-weighted rule score (combine.rule_score)
    amount_roles: tuple[str, ...]
    measure_kinds: tuple[str, ...]
    org_kinds: tuple[str, ...]


def named_features(evidence: RuleEvidence) -> set[str]:
    names = {f"rule:{category}/{hit.id_}" for category, hits in evidence.matched.items() for hit in hits}
    names |= {f"against:{target}" for target in evidence.against}
    names |= {f"context:{category}" for category in evidence.context}
    names |= {
        f"score:{category}>={cut}"
        for category, score in evidence.rule_scores.items()
        for cut in SCORE_CUTS
        if score >= cut
    }
    names |= {f"amount:{role}" for role in evidence.amount_roles}
    names |= {f"measure:{kind}" for kind in evidence.measure_kinds}
    names |= {f"org:{kind}" for kind in evidence.org_kinds}
    return names


def ngram_rows(doc) -> np.ndarray:
    """Distinct bucket rows of the document's lower-cased unigrams and bigrams: the plain version of
    batch_ngram_rows, which the tagger uses (tests/tagging/test_features.py holds them equal)."""
    words = doc.to_array(LOWER).astype(np.uint64, copy=False)
    pairs = (words[:-1] * _PAIR_MIX) ^ words[1:]
    return np.unique(np.concatenate((words, pairs)) % np.uint64(NGRAM_BUCKETS)).astype(np.int64)


def batch_ngram_rows(docs) -> tuple[np.ndarray, np.ndarray]:
    """(rows, owners): every document's distinct rows, as ngram_rows gives them, for a whole batch in a few
    numpy calls. Per document, the half-dozen calls of ngram_rows cost more than the arithmetic itself."""
    return batch_ngram_rows_of([lower_ids(doc) for doc in docs])


def lower_ids(doc) -> np.ndarray:
    """The ids of the document's lower-cased tokens, all batch_ngram_rows_of needs of it."""
    return doc.to_array(LOWER).astype(np.uint64, copy=False)


def batch_ngram_rows_of(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """batch_ngram_rows from each document's lower_ids: the Docs need not be kept for the batch."""
    sizes = np.array([len(a) for a in arrays], dtype=np.int64)
    if not sizes.sum():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    words = np.concatenate(arrays)
    owners = np.repeat(np.arange(len(arrays), dtype=np.int64), sizes)
    # A pair never spans two documents: it starts at a word whose next word has the same owner.
    inside = np.flatnonzero(owners[:-1] == owners[1:])
    pairs = (words[inside] * _PAIR_MIX) ^ words[inside + 1]
    rows = np.concatenate((words, pairs)) % np.uint64(NGRAM_BUCKETS)
    keys = np.concatenate((owners, owners[inside])).astype(np.uint64) * np.uint64(NGRAM_BUCKETS) + rows
    keys = _distinct(keys)
    return (keys % np.uint64(NGRAM_BUCKETS)).astype(np.int64), (keys // np.uint64(NGRAM_BUCKETS)).astype(np.int64)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """np.unique(keys), sorted: a sort and a neighbour comparison. On a batch's 20,000 keys this is some ten
    times faster than np.unique, which hashes them first."""
    keys = np.sort(keys)
    if keys.size:
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys
