"""A feed declared as UTF-8 that holds a few bytes UTF-8 cannot: only those bytes are lost.

Given bytes that do not decode as declared, feedparser re-reads the whole document in another encoding
(iso-8859-2, windows-1252), so one stray byte in one title turned every "Café" of the feed into "CafĂŠ". A
feed that is mostly valid UTF-8 is decoded as UTF-8 with each invalid sequence as U+FFFD instead. A feed
with more invalid sequences than valid non-ASCII characters is in another encoding altogether (a latin-1
feed mislabelled as UTF-8): feedparser's fallback still reads that one.
"""

from __future__ import annotations

import codecs
import re

_BOM = codecs.BOM_UTF8
_XML_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_UTF16 = (codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)  # UTF-32's byte order marks begin with these too


def declared_encoding(body: bytes, content_type: str) -> str:
    """The encoding a feed declares, lower-cased: its HTTP charset, else its XML declaration's, else UTF-8,
    XML's default."""
    if body.startswith(_UTF16):
        return "utf-16"
    charset = _CHARSET.search(content_type)
    declared = charset[1] if charset else None
    if declared is None and (xml := _XML_ENCODING.match(body[:1024])):
        declared = xml[1].decode("ascii")
    try:
        return codecs.lookup(declared or "utf-8").name
    except LookupError:  # a name Python does not know is not UTF-8 either
        return declared.lower()


def repaired_utf8(body: bytes, content_type: str) -> tuple[bytes, int]:
    """(`body`, 0), or when a feed declared as UTF-8 is mostly UTF-8 but not all of it: its bytes with each
    invalid sequence replaced by U+FFFD, and how many sequences were replaced."""
    if declared_encoding(body, content_type) != "utf-8":
        return body, 0
    try:
        body.decode("utf-8")
        return body, 0
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - body.count("\ufffd".encode())
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if valid_non_ascii <= invalid:
        return body, 0
    return text.encode("utf-8"), invalid
