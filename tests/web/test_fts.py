"""User search text becomes a quoted FTS query or a clear refusal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from web.queries.fts import fold, parse_search


def test_words_and_phrases_become_quoted_units():
    search = parse_search('Copper  "data centre" AT&T')
    assert search.units == (("copper",), ("data", "centre"), ("at", "t"))
    assert search.fts5() == '"copper" "data centre" "at t"'
    assert search.phrases() == ['"Copper"', '"data centre"', '"AT&T"']


def test_diacritics_and_case_fold_like_the_tokenizer():
    assert fold("Société Générale") == ["societe", "generale"]


@pytest.mark.parametrize(("text", "needle"), [
    ('"open', "unbalanced"), ("NEAR(a b)", "NEAR"), ("near/3", "NEAR"), ("chip*", "*"), ("title:x", "column"),
    ("{title}: x", "*"), ("-- ;", "no words"), ("a " * 9, "more than 8"),
])
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
        assert unit and all(token.isalnum() for token in unit)
    assert search.fts5().count('"') == 2 * len(search.units)
