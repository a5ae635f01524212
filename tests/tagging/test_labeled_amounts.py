"""Labeled amounts may carry their role ({"text", "role"}); scoring reads their text either way."""

from __future__ import annotations

import json

import pytest

from core.errors import InputError
from pipeline.tagging.labeled import read_labeled


def _write(tmp_path, amounts):
    path = tmp_path / "items.jsonl"
    path.write_text(
        json.dumps({"id": "x1", "title": "Startup raises $50M", "labels": ["capital"], "orgs": [], "amounts": amounts})
        + "\n",
        encoding="utf-8",
    )
    return path


def test_amounts_with_roles_read_as_their_texts(tmp_path):
    [item] = read_labeled(_write(tmp_path, [{"text": "$50M", "role": "raised"}, {"text": "$4B", "role": "other"}]))
    assert item.amounts == frozenset({"$50M", "$4B"})
    [plain] = read_labeled(_write(tmp_path, ["$50M"]))
    assert plain.amounts == frozenset({"$50M"})


@pytest.mark.parametrize("amounts", [[{"role": "raised"}], [{"text": 5}], ["$5", {"text": "$6"}, 7]])
def test_malformed_amounts_name_the_line(tmp_path, amounts):
    with pytest.raises(InputError, match="items.jsonl:1: amounts must be"):
        read_labeled(_write(tmp_path, amounts))


def test_the_labeled_pool_reads_whole():
    from pathlib import Path

    pool = read_labeled(Path(__file__).resolve().parents[2] / "data" / "labeled" / "signals-pool.jsonl")
    assert len(pool) == 580 and all(item.amounts is not None and item.orgs is not None for item in pool)


def test_every_labeled_amount_is_written_in_its_item():
    """Amounts are labeled exactly as written (docs/labeling.md, section 11): each is a substring of the
    title or the summary, which is what exact-match scoring of the tagger's spans assumes."""
    from pathlib import Path

    from pipeline.tagging.labeled import read_labeled_files
    from pipeline.tagging.text import compose

    root = Path(__file__).resolve().parents[2] / "data" / "labeled"
    items = read_labeled_files([root / "signals-dev.jsonl", root / "signals-pool.jsonl"])
    missing = [
        (item.id, amount)
        for item in items
        for amount in item.amounts or ()
        if amount not in compose(item.title, item.summary)
    ]
    assert missing == []
