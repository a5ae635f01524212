"""The tagger's tokenizer: English, less the exceptions that only spell emoticons, quotes and whitespace."""

from __future__ import annotations

import spacy

from pipeline.tagging.pipeline import news_english


def _tokens(nlp, text: str) -> list[str]:
    return [token.text for token in nlp(text)]


def test_words_contractions_and_abbreviations_split_as_english_does():
    stock, ours = spacy.blank("en"), news_english()
    for text in [
        "'Incident' isn't over: Acme Co. and U.S. regulators",
        "Nvidia's $12.5B deal, “quoted” — he's in",
        "It’s 9 a.m. in Washington, D.C.\nSen. Doe won't say",
    ]:
        assert _tokens(ours, text) == _tokens(stock, text)


def test_punctuation_that_spells_an_emoticon_is_punctuation():
    assert _tokens(spacy.blank("en"), "(see below): done")[3] == "):"
    assert _tokens(news_english(), "(see below): done") == ["(", "see", "below", ")", ":", "done"]


def test_no_exception_without_a_letter_or_digit_is_left():
    rules = news_english().tokenizer.rules
    assert rules and all(any(ch.isalnum() for ch in chunk) for chunk in rules)
    assert "isn't" in rules and "Co." in rules


def test_the_tagger_and_the_training_pipeline_share_the_tokenizer(tagger):
    from pipeline.tagging.evaluate import Folds
    from pipeline.tagging.labeled import LabeledItem

    item = LabeledItem("x", "Startup raises $5M", "", frozenset({"capital"}), None, None)
    assert tagger.nlp.tokenizer.rules == Folds([item]).reader.nlp.tokenizer.rules == news_english().tokenizer.rules
