"""The fuzz targets: what each feeds to which code, and the properties it checks on the result.

Both runners use this table: tests/fuzz/test_properties.py (a modest, derandomized count in the test suite)
and bench/fuzz.py (many more, plus coverage-guided atheris runs on raw bytes via `from_bytes`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from hypothesis import strategies as st

from core.canonical import canonical_url
from core.errors import SignaldeskError
from core.items import RawItem
from core.sanitize import html_to_text, plain_title, sanitize_html
from pipeline.dates import parse_date, resolve_published
from pipeline.normalize import normalize
from spiders.techmeme_feed import credit_for, split_title
from tests.fuzz import checks
from tests.fuzz.checks import Unsanitized, expect
from tests.fuzz.feeds import feed_documents, parse, techmeme_pages
from tests.fuzz.html_grammar import hostile_html, hostile_markdown
from tests.fuzz.search import check_search
from tests.fuzz.text_grammar import (
    any_text,
    any_url,
    bases,
    credit_titles,
    dates,
    no_money_prose,
    prose,
    search_texts,
    techmeme_descriptions,
    zones,
)
from tests.fuzz.wire import check_atom, check_mail_headers, check_opml, hostile_line


@dataclass(frozen=True)
class Target:
    name: str
    strategy: Any
    check: Callable[[Any], None]
    from_bytes: Callable[[bytes], Any]  # how a coverage-guided run turns raw bytes into this target's input
    share: float  # part of the fuzz command's time and input budget
    suite_examples: int = 200  # per test-suite run; the slowest targets get fewer


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _fields(count: int) -> Callable[[bytes], tuple]:
    """Raw bytes split on NUL into `count` text fields (missing ones empty), so seeds stay readable."""

    def split(data: bytes) -> tuple:
        parts = _text(data).split("\x00", count - 1)
        return tuple(parts + [""] * (count - len(parts)))

    return split


# ---- 1. feed and Techmeme page parsing, then normalize ----------------------------------------------------
def _check_items(kind: str, sample: tuple[bytes, str]) -> None:
    body, content_type = sample
    for item in parse(kind, body, content_type):
        expect(isinstance(item, RawItem), f"spider yielded {type(item).__name__}")
        try:
            doc = normalize(item)
        except SignaldeskError:
            continue
        expect(
            doc.canonical_url.startswith("https://") and "#" not in doc.canonical_url,
            f"document URL {doc.canonical_url!r}",
            Unsanitized,
        )
        # normalize() makes the title of the summary when the item's own has no text: then that is its source.
        title_source = item.title if plain_title(item.title or "") else item.summary_html
        checks.check_plain_text(doc.title, title_source or "", "title")
        checks.check_plain_text(doc.summary, item.summary_html or "", "summary")
        checks.check_plain_text(doc.body, item.body_html or "", "body")
        checks.check_utc(doc.published_at, "published_at")


# ---- 2. Techmeme credits -------------------------------------------------------------------------------
def check_credit(sample: tuple[str, str, str]) -> None:
    title, description, permalink = sample
    headline, author, publication = split_title(title)
    if author is None and publication is None:
        expect(headline == title, f"title without credit changed: {title!r} -> {headline!r}")
    else:
        expect(title.startswith(headline) and headline.strip(), f"headline {headline!r} not a prefix of {title!r}")
    credit = credit_for(title, description, permalink)
    for name in ("author", "publication"):
        value = getattr(credit, name)
        expect(value is None or (value == value.strip() and value), f"{name} {value!r} empty or padded")
    expect(credit.extra.get("permalink") == permalink, "permalink lost")


# ---- 3. canonical URLs ---------------------------------------------------------------------------------
def check_canonical(sample: tuple[str, str | None]) -> None:
    url, base = sample
    result = canonical_url(url, base=base)
    if not result.startswith("https://"):
        return
    expect(canonical_url(result) == result, f"not idempotent: {result!r} -> {canonical_url(result)!r}")
    expect("#" not in result, f"fragment kept: {result!r}")
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(result)
    expect(not any(k.lower().startswith("utm_") for k, _ in parse_qsl(parts.query)), f"utm_ kept: {result!r}")
    expect(parts.netloc == parts.netloc.lower(), f"host not lower-cased: {result!r}")


# ---- 4. sanitizer and the email HTML --------------------------------------------------------------------
def check_sanitize(fragment: str) -> None:
    once = sanitize_html(fragment)
    checks.check_safe_fragment(once)
    expect(sanitize_html(once) == once, f"not stable: {once!r} -> {sanitize_html(once)!r}")


def check_html_to_text(fragment: str) -> None:
    checks.check_plain_text(html_to_text(fragment), fragment, "html_to_text")


def check_render_html(sample: tuple[str, str]) -> None:
    from pipeline.delivery.html import _read_template, render_html

    markdown_text, title = sample
    checks.check_email_document(render_html(markdown_text, title=title), title, _read_template("responsive.css"))


def _no_controls_in_title(sample: tuple[str, str]) -> tuple[str, str]:
    # The title is ours (briefing_title), never a feed's: raw bytes only get to attack the Markdown.
    return sample[0], "".join(ch for ch in sample[1] if unicodedata.category(ch) != "Cc")


# ---- 5. amounts and measures ----------------------------------------------------------------------------
def check_amounts(text: str) -> None:
    from pipeline.tagging.measures import find_measures
    from pipeline.tagging.money import find_amounts

    for amount in find_amounts(text):
        expect(amount.text and amount.text in text, f"amount {amount.text!r} not a substring of the input")
        checks.check_finite(amount.value, "amount")
        checks.check_finite(amount.high, "amount high end")
    for measure in find_measures(text):
        expect(measure.text and measure.text in text, f"measure {measure.text!r} not a substring of the input")
        checks.check_finite(measure.value, "measure")


def check_no_money(text: str) -> None:
    from pipeline.tagging.money import find_amounts

    found = find_amounts(text)
    expect(not found, f"amount found without a currency: {[a.text for a in found]} in {text!r}")


def check_tagger(sample: tuple[str, str]) -> None:
    from pipeline.tagging import load_tagger
    from pipeline.tagging.text import compose

    title, summary = sample
    result = load_tagger().tag(title, summary)
    text = compose(title, summary)
    for span in [*result.amounts, *result.measures]:
        expect(span.text in text and span.text in span.sentence, f"span {span.text!r} not in the tagged text")
        checks.check_finite(span.value, "amount or measure")


# ---- 6. dates -------------------------------------------------------------------------------------------
def check_dates(sample: tuple[str, str | None]) -> None:
    text, zone = sample
    parsed = parse_date(text)
    if parsed is not None:
        checks.check_utc(parsed, f"parse_date({text!r})")
    from datetime import datetime

    when, flag = resolve_published(text, datetime(2026, 1, 1, tzinfo=UTC), zone=zone)
    checks.check_utc(when, f"resolve_published({text!r}, zone={zone!r})")
    expect(flag in (None, "missing", "unparseable", "future"), f"unknown date flag {flag!r}")


# Cheapest first: the fuzz command hands the time a cheap target leaves unused to the slow ones after it.
TARGETS = (
    Target("canonical_url", st.tuples(any_url, bases), check_canonical, _fields(2), 0.12),
    Target("dates", st.tuples(st.one_of(dates(), any_text), zones), check_dates, _fields(2), 0.10),
    Target("search_query", search_texts, check_search, _text, 0.06),
    Target("amounts", prose(), check_amounts, _text, 0.08),
    Target("no_money", no_money_prose, check_no_money, None, 0.03),
    Target("sanitize_html", hostile_html(), check_sanitize, _text, 0.10),
    Target("html_to_text", hostile_html(encoded_markup=False), check_html_to_text, _text, 0.08),
    Target(
        "techmeme_credit",
        st.tuples(st.one_of(credit_titles(), any_text), techmeme_descriptions(), any_url),
        check_credit,
        _fields(3),
        0.08,
    ),
    Target("tagger", st.tuples(prose(), prose()), check_tagger, _fields(2), 0.05, suite_examples=80),
    Target(
        "email_html",
        st.tuples(hostile_markdown(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)),
        check_render_html,
        lambda d: _no_controls_in_title(_fields(2)(d)),
        0.08,
        suite_examples=80,
    ),
    Target(
        "techmeme_page",
        techmeme_pages(),
        lambda s: _check_items("techmeme", s),
        lambda d: (d, "text/html"),
        0.08,
        suite_examples=60,
    ),
    Target(
        "feed_parse",
        feed_documents(),
        lambda s: _check_items("feed", s),
        lambda d: (d, "application/rss+xml"),
        0.12,
        suite_examples=80,
    ),
    # The wire lane (tests/fuzz/wire.py): encoded-words and control characters into headers and XML.
    Target(
        "mail_headers", st.tuples(hostile_line, hostile_line), check_mail_headers, _fields(2), 0.04, suite_examples=120
    ),
    Target("atom_xml", st.tuples(hostile_line, hostile_line, hostile_line, any_url), check_atom, _fields(4), 0.03),
    Target(
        "opml_export",
        st.tuples(hostile_line, st.one_of(any_url, hostile_line.map("https://example.com/".__add__))),
        check_opml,
        _fields(2),
        0.02,
    ),
)
BY_NAME = {target.name: target for target in TARGETS}
