"""RawItem -> DocumentDraft: canonical URL, sanitized HTML turned into text, UTC dates, language.

Pure: no I/O. A raw item that cannot become a document raises InputError naming the field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.canonical import canonical_url
from core.errors import InputError
from core.items import RawItem
from core.sanitize import html_to_text, plain_title, strip_control, xml_safe
from pipeline.dates import resolve_published
from pipeline.language import detect_language

MAX_TITLE = 500
MAX_SUMMARY = 4_000
MAX_BODY = 100_000
_WORDS = re.compile(r"\w+")


@dataclass
class DocumentDraft:
    canonical_url: str
    original_url: str
    title: str
    summary: str
    body: str
    author: str | None
    publication: str | None
    source_key: str
    published_at: datetime
    date_flag: str | None
    fetched_at: datetime
    content_hash: str
    language: str | None
    extra: dict = field(default_factory=dict)


def content_hash(title: str, summary: str) -> str:
    """Same words in the same order -> same hash, whatever the spacing, case or punctuation."""
    words = " ".join(_WORDS.findall(f"{title} {summary}".lower()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _fetched(raw: RawItem) -> datetime:
    try:
        value = datetime.fromisoformat(raw.fetched_at.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return datetime.now(UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _xml_safe_values(value):
    """Kind-specific extras (a KEV entry's vendor and notes, Techmeme's outlets) are feed text too: what XML
    forbids would make the archive's feeds ill-formed, and PostgreSQL refuses NUL and lone surrogates."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_xml_safe_values(item) for item in value]
    if isinstance(value, dict):
        return {xml_safe(str(key)): _xml_safe_values(item) for key, item in value.items()}
    return value


def normalize(raw: RawItem) -> DocumentDraft:
    url = canonical_url(raw.url or "")
    if not url.startswith("https://"):
        raise InputError(f"item has no usable http(s) url ({raw.url!r})", resource=f"{raw.source_key}: url")
    title = _clip(plain_title(raw.title or ""), MAX_TITLE)
    summary = _clip(html_to_text(raw.summary_html or ""), MAX_SUMMARY)
    body = _clip(html_to_text(raw.body_html or ""), MAX_BODY)
    if not title:
        title = _clip(" ".join(summary.split()), 160)
    if not title:
        raise InputError(f"item {raw.url!r} has neither title nor summary", resource=f"{raw.source_key}: title")
    fetched_at = _fetched(raw)
    published_at, date_flag = resolve_published(raw.published, fetched_at, zone=(raw.extra or {}).get("published_tz"))
    extra = _xml_safe_values(dict(raw.extra or {}))
    if raw.tags:
        extra["tags"] = [plain_title(t) for t in raw.tags][:20]
    if raw.guid:
        extra["guid"] = strip_control(raw.guid)[:500]
    if date_flag:
        extra["date_flag"] = date_flag
    return DocumentDraft(
        canonical_url=url,
        original_url=strip_control(raw.url.strip()),
        title=title,
        summary=summary,
        body=body,
        author=plain_title(raw.author)[:200] if raw.author else None,
        publication=plain_title(raw.publication)[:200] if raw.publication else None,
        source_key=raw.source_key,
        published_at=published_at,
        date_flag=date_flag,
        fetched_at=fetched_at,
        content_hash=content_hash(title, summary),
        language=detect_language(f"{title}. {summary}"),
        extra=extra,
    )
