"""Grouped splits: no item of a held-out outlet or month is ever in training, and folds stay near equal."""

from __future__ import annotations

from pipeline.tagging.labeled import LabeledItem
from pipeline.tagging.splits import fold_indices, month_of, outlet_of


def _item(i: int, publication: str, date: str) -> LabeledItem:
    return LabeledItem(f"i{i}", f"headline {i}", "", frozenset(), None, None, publication, date)


OUTLETS = ["WIRED", "Wired", "The Guardian", "Guardian", "BBC News", "BBC", "Nature", "Hacker News", "CNBC"]
ITEMS = [_item(i, OUTLETS[i % len(OUTLETS)], f"2026-0{1 + i % 4}-1{i % 10}") for i in range(90)]


def test_one_outlet_under_its_spellings():
    assert outlet_of(ITEMS[0]) == outlet_of(ITEMS[1])  # WIRED, Wired
    assert outlet_of(ITEMS[2]) == outlet_of(ITEMS[3])  # The Guardian, Guardian
    assert outlet_of(ITEMS[4]) == outlet_of(ITEMS[5])  # BBC News, BBC
    assert outlet_of(ITEMS[6]) != outlet_of(ITEMS[7])
    assert month_of(ITEMS[0]) == "2026-01" and month_of(_item(0, "X", "")) == "(undated)"


def test_a_group_never_straddles_folds():
    for split, key in (("outlet", outlet_of), ("month", month_of)):
        folds = fold_indices(ITEMS, split, 3, seed=1)
        assert sorted(i for fold in folds for i in fold) == list(range(len(ITEMS)))
        owners = [{key(ITEMS[i]) for i in fold} for fold in folds]
        for a in range(len(owners)):
            for b in range(a + 1, len(owners)):
                assert not owners[a] & owners[b], (split, owners[a] & owners[b])


def test_groups_are_dealt_to_the_smallest_fold():
    folds = fold_indices(ITEMS, "outlet", 3, seed=1)  # six outlets of 20, 20, 20, 10, 10, 10 items
    assert sorted(len(f) for f in folds) == [30, 30, 30]


def test_random_folds_depend_on_the_seed_only():
    assert fold_indices(ITEMS, "random", 5, seed=3) == fold_indices(ITEMS, "random", 5, seed=3)
    assert fold_indices(ITEMS, "random", 5, seed=3) != fold_indices(ITEMS, "random", 5, seed=4)
