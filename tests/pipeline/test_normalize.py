import pytest

from core.errors import InputError
from core.items import RawItem
from pipeline.normalize import content_hash, normalize


def raw(**kw) -> RawItem:
    base = dict(
        source_key="feed-a",
        url="https://www.example.com/story?utm_source=rss",
        title="Title",
        summary_html="<p>Summary</p>",
        fetched_at="2026-04-15T08:00:00+00:00",
        published="Wed, 15 Apr 2026 06:00:00 +0000",
    )
    base.update(kw)
    return RawItem(**base)


def test_script_and_markup_in_titles_become_plain_text():
    draft = normalize(raw(title='<b>Chip</b> &amp; <script>alert("x")</script>power'))
    assert draft.title == "Chip & power"
    assert "<" not in draft.title and "alert" not in draft.title


def test_summary_html_is_sanitized_into_text_and_body_kept():
    draft = normalize(
        raw(
            summary_html='<p>One <a href="javascript:evil()">two</a></p><form><input></form>',
            body_html="<p>Para 1</p><p>Para 2</p>",
        )
    )
    assert draft.summary == "One two"
    assert draft.body == "Para 1\nPara 2"


def test_dates_are_utc_and_missing_date_is_flagged():
    assert normalize(raw()).published_at.isoformat() == "2026-04-15T06:00:00+00:00"
    draft = normalize(raw(published=None))
    assert draft.date_flag == "missing"
    assert draft.published_at.isoformat() == "2026-04-15T08:00:00+00:00"
    assert draft.extra["date_flag"] == "missing"


def test_control_characters_are_removed():
    draft = normalize(raw(title="Null\x00 byte\x07 title"))
    assert draft.title == "Null byte title"


def test_item_without_usable_url_is_an_input_error_naming_source_and_field():
    with pytest.raises(InputError, match="feed-a: url"):
        normalize(raw(url="javascript:alert(1)"))
    with pytest.raises(InputError, match="feed-a: title"):
        normalize(raw(title="", summary_html=""))


def test_title_falls_back_to_summary():
    assert normalize(raw(title="  ", summary_html="<p>Only a summary here</p>")).title == "Only a summary here"


def test_language_is_detected_and_marked():
    fr = normalize(
        raw(
            title="Le gouvernement annonce un plan national pour les centres de données",
            summary_html="<p>Le ministre a présenté la stratégie aujourd'hui.</p>",
        )
    )
    en = normalize(
        raw(
            title="Microsoft plans a new data center campus in Wisconsin",
            summary_html="<p>The company said construction starts this year.</p>",
        )
    )
    assert (fr.language, en.language) == ("fr", "en")


def test_content_hash_ignores_case_spacing_and_punctuation():
    assert content_hash("Nvidia, TSMC  sign deal", "More!") == content_hash("nvidia tsmc sign deal", "more")
    assert content_hash("Nvidia TSMC sign deal", "") != content_hash("Nvidia TSMC end deal", "")


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x1b", "\ud800", "\udfff", "\ufffe", "\uffff"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_no_stored_field_keeps_what_xml_forbids(char):
    draft = normalize(
        raw(
            title=f"Chip{char} maker",
            summary_html=f"<p>Fab{char} deal</p>",
            body_html=f"Body{char}",
            author=f"Ann{char} Lee",
            publication=f"Wire{char}",
            guid=f"g{char}1",
            tags=[f"t{char}ag"],
            extra={"vendor": f"Ven{char}dor", "cwes": [f"CWE{char}-79"], f"k{char}": {"n": f"o{char}k"}},
        )
    )
    assert (draft.title, draft.summary, draft.body) == ("Chip maker", "Fab deal", "Body")
    assert (draft.author, draft.publication) == ("Ann Lee", "Wire")
    assert draft.extra["vendor"] == "Vendor" and draft.extra["cwes"] == ["CWE-79"] and draft.extra["k"] == {"n": "ok"}
    assert draft.extra["guid"] == "g1" and draft.extra["tags"] == ["tag"]
