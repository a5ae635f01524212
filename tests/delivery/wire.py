"""Reading a message as it goes out: the raw header block, field by field, and what a mail client decodes.

Tests of header safety look at these bytes, never at the value the email package parses back, because the
bug they guard against is in how that package writes (and reads) headers.
"""

from __future__ import annotations

import re
from email.header import decode_header

_ENCODED_WORD = re.compile(rb"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")


def split_raw(raw: bytes) -> tuple[list[bytes], bytes]:
    """(the header fields as written, one item each with its folds kept as "\\n"; the body after them)."""
    head, *rest = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)
    fields: list[bytes] = []
    for line in re.split(rb"\r?\n", head):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    return fields, rest[0] if rest else b""


def field_names(fields: list[bytes]) -> list[str]:
    return [field.split(b":", 1)[0].decode("ascii").lower() for field in fields]


def field(fields: list[bytes], name: str) -> bytes:
    """The one field called `name` (as written, folds kept); fails when there is none or more than one."""
    found = [f for f in fields if f.split(b":", 1)[0].lower() == name.lower().encode()]
    assert len(found) == 1, f"{len(found)} {name} fields in {fields!r}"
    return found[0]


def decoded_words(fields: list[bytes]) -> list[str]:
    """What a mail client decodes out of every encoded-word in the raw header block."""
    words = [word.decode("ascii") for f in fields for word in _ENCODED_WORD.findall(f)]
    return ["".join(_text(part, charset) for part, charset in decode_header(word)) for word in words]


def display_name(mailbox_field: bytes) -> str:
    """The display name of a raw `To:`/`From:` field as RFC 5322 and RFC 2047 read it: unfolded, a quoted
    string unquoted, encoded-words decoded with no space between two adjacent ones."""
    value = re.sub(rb"\r?\n", b"", mailbox_field).split(b":", 1)[1].decode("ascii").strip()
    phrase = value.rpartition("<")[0].strip() if value.endswith(">") else ""
    if phrase.startswith('"'):
        return re.sub(r"\\(.)", r"\1", phrase[1:-1])
    return "".join(_text(part, charset) for part, charset in decode_header(phrase))


def _text(part: bytes | str, charset: str | None) -> str:
    if isinstance(part, str):
        return part
    try:
        return part.decode(charset or "ascii", errors="replace")
    except LookupError:  # a charset no client knows: its bytes as Latin-1 still show any CR or LF
        return part.decode("latin-1")
