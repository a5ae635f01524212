"""One language detector (pipeline/language.py): the stored Document and the tagger say the same of an item,
including the short English headlines the Document's old detector left without a language."""

from __future__ import annotations

import pytest

from core.items import RawItem
from pipeline.normalize import normalize

ITEMS = [  # (title, summary, language); the first three are real items of the demo days
    ("OpenSSL 4.0.0", "", "en"),  # was None for the Document
    ("AI Is Insatiable", "", "en"),  # was None for the Document
    ("South African politician Julius Malema given five-year jail term for gun offence", "", "en"),  # was "pcm"
    ("Die Regierung plant ein Gesetz für die künstliche Intelligenz", "Der Bundestag berät im Mai.", "de"),
    ("Le gouvernement annonce un plan national pour les centres de données", "", "fr"),
    ("2026 — 4.0.0 / 17", "", "und"),
]


@pytest.mark.parametrize("title, summary, language", ITEMS, ids=[i[0][:24] for i in ITEMS])
def test_the_document_and_the_tagger_give_the_same_language(tagger, title, summary, language):
    document = normalize(
        RawItem(
            source_key="feed-a",
            url="https://news.example/a",
            title=title,
            summary_html=f"<p>{summary}</p>" if summary else "",
            fetched_at="2026-04-15T08:00:00+00:00",
            published="Wed, 15 Apr 2026 06:00:00 +0000",
        )
    )
    assert document.language == tagger.tag(title, summary).language == language


def test_there_is_one_detector():
    import importlib.util

    assert importlib.util.find_spec("pipeline.tagging.language") is None
