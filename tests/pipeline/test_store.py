"""The store on SQLite and PostgreSQL: one Document per article, idempotent re-crawls, updates."""

from sqlmodel import select

from core.items import RawItem
from models import Document, session_scope
from pipeline.store import store_items

LONG = "Utility signs a 1.2 GW power purchase agreement to feed a new hyperscale data-center campus in Ohio."


def item(url, title="Hyperscaler signs gigawatt power deal", summary=LONG, source="feed-a", **kw):
    return RawItem(
        source_key=source,
        url=url,
        title=title,
        summary_html=f"<p>{summary}</p>",
        published="2026-04-15T06:00:00Z",
        fetched_at="2026-04-15T08:00:00Z",
        **kw,
    )


def store(db_url, items):
    with session_scope(db_url) as session:
        return store_items(session, items)


def docs(db_url):
    with session_scope(db_url) as session:
        return session.exec(select(Document).order_by(Document.id)).all()


def test_same_crawl_twice_gives_no_duplicates(db_url):
    batch = [item("https://a.example/1"), item("https://a.example/2", title="Other story", summary="Short.")]
    first = store(db_url, batch)
    second = store(db_url, batch)
    assert (first.new, first.updated) == (2, 0)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 2)
    assert len(docs(db_url)) == 2


def test_tracking_parameters_do_not_make_a_new_document(db_url):
    store(db_url, [item("https://a.example/1")])
    result = store(db_url, [item("https://www.a.example/1?utm_source=rss#comments")])
    assert result.new == 0 and len(docs(db_url)) == 1


def test_same_words_from_another_url_are_one_document_seen_in_both_sources(db_url):
    store(db_url, [item("https://a.example/1")])
    result = store(db_url, [item("https://mirror.example/copy", source="feed-b")])
    assert result.new == 0
    (doc,) = docs(db_url)
    assert doc.extra["seen_in"] == ["feed-a", "feed-b"]
    assert doc.extra["alternate_urls"] == ["https://mirror.example/copy"]


def test_short_generic_texts_are_not_merged_by_words(db_url):
    store(db_url, [item("https://a.example/1", title="Weekly roundup", summary="")])
    store(db_url, [item("https://b.example/9", title="Weekly roundup", summary="")])
    assert len(docs(db_url)) == 2


def test_updated_article_updates_its_document(db_url):
    store(db_url, [item("https://a.example/1")])
    result = store(db_url, [item("https://a.example/1", summary=LONG + " Updated with the price.")])
    assert (result.new, result.updated) == (0, 1)
    (doc,) = docs(db_url)
    assert doc.summary.endswith("Updated with the price.")
    assert doc.updated_at >= doc.fetched_at


def test_duplicate_guids_in_one_feed_store_once(db_url):
    result = store(db_url, [item("https://a.example/1", guid="g1"), item("https://a.example/1", guid="g1")])
    assert result.new == 1 and len(docs(db_url)) == 1


def test_bad_items_are_reported_and_good_ones_kept(db_url):
    result = store(db_url, [item("javascript:alert(1)"), item("https://a.example/ok")])
    assert result.new == 1
    assert len(result.errors) == 1 and "item 1" in result.errors[0] and "url" in result.errors[0]


def test_datetimes_come_back_aware_utc(db_url):
    store(db_url, [item("https://a.example/1")])
    (doc,) = docs(db_url)
    assert doc.published_at.utcoffset().total_seconds() == 0
    assert doc.published_at.isoformat() == "2026-04-15T06:00:00+00:00"
