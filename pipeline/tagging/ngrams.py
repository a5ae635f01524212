"""The classifier's n-gram features for a whole batch at once: the same keys and counts as spaCy's.

spaCy's extract_ngrams (the first layer of TextCatBOW) calls numpy.unique once per document, which on
headline-length texts costs more than the sparse linear layer it feeds. Sorting the batch's (document, key)
pairs once gives every document its keys in the same ascending order with the same counts, so the
classifier's scores are bit-identical (tests/tagging/test_ngrams.py).
"""

from __future__ import annotations

import numpy as np
from thinc.api import Model


def batch_extract_ngrams(ngram_size: int, attr: int) -> Model:
    return Model("extract_ngrams", forward, attrs={"ngram_size": ngram_size, "attr": attr})


def forward(model: Model, docs, is_train: bool):
    ops, attr = model.ops, model.attrs["attr"]
    unigrams = [doc.to_array(attr) for doc in docs]
    sizes = np.array([len(keys) for keys in unigrams], dtype="int64")
    joined, total = np.concatenate(unigrams), int(sizes.sum())
    owners = np.repeat(np.arange(len(docs)), sizes)
    # Tokens from each one to its document's end: an n-gram starting where fewer than n are left would
    # run into the next document.
    left = np.repeat(np.cumsum(sizes), sizes) - np.arange(total)
    keys, key_owners = [joined], [owners]
    for n in range(2, model.attrs["ngram_size"] + 1):
        if total >= n:
            inside = np.flatnonzero(left[: total - n + 1] >= n)
            keys.append(ops.ngrams(n, joined)[inside])
            key_owners.append(owners[inside])
    keys, owners = np.concatenate(keys), np.concatenate(key_owners)
    # By key, then stably by document: numpy radix-sorts 16-bit integers, several times faster than lexsort.
    order = np.argsort(keys)
    small = np.uint16 if len(docs) <= 2**16 else np.int64
    order = order[np.argsort(owners[order].astype(small), kind="stable")]
    keys, owners = keys[order], owners[order]
    first = np.flatnonzero(np.r_[True, (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])])
    counts = np.diff(np.r_[first, len(keys)]).astype("f")
    lengths = np.bincount(owners[first], minlength=len(docs)).astype("int32")
    return (keys[first], counts, lengths), lambda d_output: []
