"""A seeded hold-out split of the labeled items, kept apart from rule tuning as well as from training.

Cross-validation holds out items from the classifier but not from the person writing the rules: every rule
file was written with the whole development set in view. The hold-out closes that gap: `holdout_split`
fixes, from a seed alone, a share of the items that nobody reads while changing rules; `signaldesk eval
--holdout 0.2 --holdout-seed 99` trains on the rest and scores on it. It is an honest number only as long
as the rule author really never looked at those items.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

HOLDOUT_SEED = 99
HOLDOUT_FRACTION = 0.2


def holdout_indices(count: int, fraction: float = HOLDOUT_FRACTION, seed: int = HOLDOUT_SEED) -> list[int]:
    """Sorted indices of the held-out items: the first `fraction` of a seeded shuffle of range(count)."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"hold-out fraction must be between 0 and 1, got {fraction}")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return sorted(order[: max(1, round(count * fraction))])


def holdout_split(
    items: Sequence[T], fraction: float = HOLDOUT_FRACTION, seed: int = HOLDOUT_SEED
) -> tuple[list[T], list[T]]:
    """(kept for development, held out) in the original order."""
    held = set(holdout_indices(len(items), fraction, seed))
    return ([it for i, it in enumerate(items) if i not in held], [it for i, it in enumerate(items) if i in held])
