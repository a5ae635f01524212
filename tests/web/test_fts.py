"""User search text becomes a quoted FTS query or a clear refusal."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InputError
from web.queries import unicode61
from web.queries.fts import fold, parse_search


def test_words_and_phrases_become_quoted_units():
    search = parse_search('Copper  "data centre" AT&T')
    assert search.units == (("copper",), ("data", "centre"), ("at", "t"))
    assert search.fts5() == '"copper" "data centre" "at t"'
    assert search.phrases() == ['"Copper"', '"data centre"', '"AT&T"']


def test_diacritics_and_case_fold_like_the_tokenizer():
    assert fold("Société Générale") == ["societe", "generale"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("NOTe\u0301NOT", ["notenot"]),  # a combining acute is a token character that SQLite drops
        ("a \u0301 b", ["a", "b"]),  # ... so on its own it makes no token at all
        ("x\u0305y", ["x", "y"]),  # a combining overline separates
        ("Søren ǿre", ["søren", "ǿre"]),  # no diacritic taken off a non-ASCII base
        ("µs ΣΊΣΥΦΟΣ", ["μs", "σίσυφοσ"]),  # the micro sign is mu; final sigma folds to sigma
        ("Straße ﬁnance", ["straße", "ﬁnance"]),  # no expansion, no compatibility mapping
        ("\ue000\U000e0100x", ["\ue000", "x"]),  # private use is a letter; a variation selector separates
        ("a\ud800b", ["a", "b"]),  # a lone surrogate cannot reach SQLite: it separates
    ],
)
def test_fold_reads_characters_as_unicode61_does(text, tokens):
    assert fold(text) == tokens


def test_fold_uses_the_archive_tables_tokenizer():
    migration = importlib.import_module("models.migrations.versions.0002_search")
    assert re.findall(r"tokenize='([^']*)'", " ".join(migration._SQLITE_UP)) == [unicode61.TOKENIZE]


def _first_difference(ours: list[str], theirs: list[str]) -> str:
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    near = " ".join(f"U+{ord(ch):04X}" for ch in "".join(theirs[at : at + 1] or ours[at : at + 1])[:12])
    return f"token {at}: fold() {ours[at : at + 2]!r}, SQLite {theirs[at : at + 2]!r} ({near})"


def test_fold_agrees_with_sqlite_on_every_code_point():
    """All of Unicode through the real tokenizer, in runs of 1,000 code points (a token stays far below FTS5's
    32 kB cap), against fold(): a character read as a separator, folded or dropped otherwise shows up."""
    points = unicode61.code_points()
    text = " ".join("".join(map(chr, points[i : i + 1000])) for i in range(0, len(points), 1000))
    theirs = unicode61.sqlite_fold(text)
    ours = fold(text)
    assert ours == theirs, _first_difference(ours, theirs)
    # The query's tokens are read by SQLite again inside the MATCH string: they must come back unchanged.
    assert unicode61.sqlite_fold(" ".join(ours)) == ours


@pytest.mark.parametrize("text", ["Société Générale", '"data center" AT&T', "a\ud800b", "\ud800", "", "  \t\n"])
def test_fold_and_its_plain_path_agree_on_searches_and_surrogates(text):
    assert fold(text) == unicode61.sqlite_fold(text)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('"open', "unbalanced"),
        ("NEAR(a b)", "NEAR"),
        ("near/3", "NEAR"),
        ("chip*", "*"),
        ("title:x", "column"),
        ("{title}: x", "*"),
        ("-- ;", "no words"),
        ("a " * 9, "more than 8"),
    ],
)
def test_refusals_name_the_problem(text, needle):
    with pytest.raises(InputError) as err:
        parse_search(text)
    assert err.value.resource == "q"
    assert needle in str(err.value)


def test_empty_search_is_no_search():
    assert parse_search("   ") is None and parse_search(None) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_accepted_text_yields_only_quoted_word_tokens(text):
    try:
        search = parse_search(text)
    except InputError:
        return
    if search is None:
        return
    for unit in search.units:
        assert unit and all(token and fold(token) == [token] and '"' not in token for token in unit)
    assert search.fts5().count('"') == 2 * len(search.units)
