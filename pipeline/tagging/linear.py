"""The category classifier: one logistic regression per category over features.py's features.

Fitted by full-batch Adam with an L2 penalty: no sampling, no shuffling, so the same items give the same
weights byte for byte (the model hash in the tagger version depends on it). Only the rows some training
document uses are fitted; every other row stays exactly zero, and the artifact stores the non-zero rows
alone (a few hundred kilobytes rather than NGRAM_BUCKETS x categories).

Why a linear model rather than spaCy's bag-of-words textcat, measured with `signaldesk eval` on the 935
labeled items: it reads the rules' findings as features beside the words, so the weights learn how far each
rule is to be trusted, instead of a hand-tuned blend of a rule score and a words-only probability.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from core.errors import ConfigError
from pipeline.tagging.features import NGRAM_BUCKETS

WEIGHTS_FILE = "weights.npy"
ROWS_FILE = "rows.npy"
META_FILE = "meta.json"


@dataclass(frozen=True)
class FitSettings:
    # Chosen on the grouped splits of `signaldesk eval` (outlets and months held out), not on random folds.
    l2: float = 0.01
    iterations: int = 300
    learn_rate: float = 0.1
    named_value: float = 3.0  # a rule feature counts three n-grams: fewer, and each says more
    threshold: float = 0.5


@dataclass(frozen=True)
class LinearModel:
    categories: tuple[str, ...]
    named: tuple[str, ...]  # named feature i is row NGRAM_BUCKETS + i
    weights: np.ndarray  # (NGRAM_BUCKETS + len(named), len(categories)), float32
    bias: np.ndarray  # (len(categories),)
    settings: FitSettings = field(default_factory=FitSettings)

    def __post_init__(self):
        object.__setattr__(self, "_index", {name: NGRAM_BUCKETS + i for i, name in enumerate(self.named)})

    def probabilities(self, ngram_rows: np.ndarray, named: set[str]) -> dict[str, float]:
        """One document's probability per category: the plain version of batch_probabilities."""
        rows = [self._index[name] for name in named if name in self._index]
        logits = self.bias + self.weights[ngram_rows].sum(axis=0)
        if rows:
            logits = logits + self.settings.named_value * self.weights[rows].sum(axis=0)
        return dict(zip(self.categories, (1.0 / (1.0 + np.exp(-logits))).tolist(), strict=True))

    def batch_probabilities(self, rows: np.ndarray, owners: np.ndarray, named: list[set[str]]) -> np.ndarray:
        """(documents, categories) for a batch: `rows` and `owners` from features.batch_ngram_rows (grouped by
        owner, in order), `named` each document's named features. A handful of numpy calls per batch rather
        than per document; tests/tagging/test_features.py holds it equal to `probabilities`."""
        index = self._index
        picked = [[index[name] for name in names if name in index] for names in named]
        named_rows = np.fromiter((r for doc in picked for r in doc), np.int64)
        named_owners = np.repeat(np.arange(len(named)), [len(doc) for doc in picked])
        table = self._scaled
        logits = _sums_by_owner(table[rows], owners, len(named)) + _sums_by_owner(
            table[named_rows], named_owners, len(named)
        )
        return 1.0 / (1.0 + np.exp(-(logits + self.bias)))

    @cached_property
    def _scaled(self) -> np.ndarray:
        """The weights as float64 with each named row already times named_value (exact: a float32 times 3 fits
        a double), so that a batch gathers its rows and sums them without a multiplication."""
        table = self.weights.astype(np.float64)
        table[NGRAM_BUCKETS:] *= self.settings.named_value
        return table


def _sums_by_owner(values: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
    """(count, columns): the sum of the rows of `values` each owner has, owners in ascending order (as
    batch_ngram_rows and batch_probabilities give them); a segment sum, where a bincount per column would
    copy each column out first."""
    sizes = np.bincount(owners, minlength=count)
    sums = np.zeros((count, values.shape[1]))
    if len(values):
        some = sizes > 0
        sums[some] = np.add.reduceat(values, (np.cumsum(sizes) - sizes)[some], axis=0)
    return sums


def fit(
    documents: list[tuple[np.ndarray, set[str]]],
    labels: list[frozenset[str]],
    categories: tuple[str, ...],
    settings: FitSettings = FitSettings(),
) -> LinearModel:
    """`documents`: each one's (ngram_rows, named features); `labels`: each one's categories."""
    named = tuple(sorted({name for _, names in documents for name in names}))
    index = {name: NGRAM_BUCKETS + i for i, name in enumerate(named)}
    rows = [
        np.concatenate((grams, np.array(sorted(index[n] for n in names), dtype=np.int64))) for grams, names in documents
    ]
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    flat = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    used, local = np.unique(flat, return_inverse=True)  # fit only the rows some document uses
    value = np.where(used >= NGRAM_BUCKETS, settings.named_value, 1.0).astype(np.float32)[local]
    y = np.array([[c in doc_labels for c in categories] for doc_labels in labels], np.float32).reshape(
        -1, len(categories)
    )
    w, b = _adam(local, owner, value, y, len(used), settings)
    weights = np.zeros((NGRAM_BUCKETS + len(named), len(categories)), np.float32)
    weights[used] = w
    return LinearModel(tuple(categories), named, weights, b, settings)


def _adam(local, owner, value, y, width: int, settings: FitSettings) -> tuple[np.ndarray, np.ndarray]:
    count, labels = y.shape
    params = [np.zeros((width, labels), np.float32), np.zeros(labels, np.float32)]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    for step in range(1, settings.iterations + 1):
        w, b = params
        logits = np.zeros((count, labels), np.float32)
        np.add.at(logits, owner, w[local] * value[:, None])
        residual = (_sigmoid(logits + b) - y) / count
        grad_w = np.zeros_like(w)
        np.add.at(grad_w, local, residual[owner] * value[:, None])
        grads = [grad_w + settings.l2 * w, residual.sum(axis=0)]
        for p, g, m, v in zip(params, grads, first, second, strict=True):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= settings.learn_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return params[0], params[1]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def save(model: LinearModel, out_dir: Path, meta: dict) -> Path:
    """The non-zero rows and their weights as .npy (deterministic bytes), the rest in meta.json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = np.flatnonzero(np.any(model.weights != 0, axis=1)).astype(np.int64)
    np.save(out_dir / ROWS_FILE, rows, allow_pickle=False)
    np.save(out_dir / WEIGHTS_FILE, model.weights[rows], allow_pickle=False)
    info = {
        **meta,
        "categories": list(model.categories),
        "bias": [float(x) for x in model.bias],  # a float32 as a double: exact, and read back exactly
        "ngram_buckets": NGRAM_BUCKETS,
        "named_features": list(model.named),
        "settings": model.settings.__dict__,
    }
    (out_dir / META_FILE).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out_dir


def load(model_dir: Path) -> LinearModel:
    model_dir = Path(model_dir)
    try:
        info = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
        rows = np.load(model_dir / ROWS_FILE, allow_pickle=False)
        values = np.load(model_dir / WEIGHTS_FILE, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"no trained classifier here ({exc}); run `signaldesk train`", resource=str(model_dir)
        ) from exc
    if info.get("ngram_buckets") != NGRAM_BUCKETS:
        raise ConfigError(
            "the classifier was trained with other features; run `signaldesk train`", resource=str(model_dir)
        )
    categories, named = tuple(info["categories"]), tuple(info["named_features"])
    weights = np.zeros((NGRAM_BUCKETS + len(named), len(categories)), np.float32)
    weights[rows] = values
    settings = FitSettings(**info.get("settings", {}))
    return LinearModel(categories, named, weights, np.array(info["bias"], np.float32), settings)
