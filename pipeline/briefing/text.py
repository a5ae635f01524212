"""Small text helpers shared by the writers: sentences, clipping, Markdown escaping, word counts."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[A-Z0-9“\"‘(])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()] if text else []


def clip_words(text: str, limit: int) -> str:
    words = text.split()
    if len(words) <= limit:
        return text
    return " ".join(words[:limit]).rstrip(",;:-") + "…"


def lead_sentences(text: str, *, count: int = 2, max_words: int = 45) -> str:
    """The first one or two sentences of a source's own summary, within a word budget."""
    chosen: list[str] = []
    for sentence in sentences(text)[:count]:
        if chosen and len(" ".join(chosen + [sentence]).split()) > max_words:
            break
        chosen.append(sentence)
    return clip_words(" ".join(chosen), max_words)


def md_escape(text: str) -> str:
    """Source text inside our Markdown: its brackets and stars stay literal, and no HTML tag survives.

    Angle brackets become entities, not backslash escapes: Python-Markdown does not honour `\\<`.
    """
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return text.replace("<", "&lt;").replace(">", "&gt;")


def md_link(text: str, url: str) -> str:
    if not url.lower().startswith(("https://", "http://")):
        return md_escape(text)  # only web links: a stored javascript: or data: URL stays unlinked
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{md_escape(text)}]({safe_url})"


def word_count(markdown: str) -> int:
    """Words a reader sees: link targets, markup and chart glyph runs do not count."""
    visible = _LINK.sub(r"\1", markdown)
    return sum(1 for w in visible.split() if any(ch.isalnum() for ch in w))


def compact_usd(value: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"${value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"${value:.0f}"


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n} {noun if n == 1 else many or noun + 's'}"
