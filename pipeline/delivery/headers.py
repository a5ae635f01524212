"""Header values written and folded here, byte for byte, instead of by the interpreter's email package.

CPython's folder has changed and erred across releases: it wrote encoded-words back raw (CVE-2024-6923,
before 3.11.10 / 3.12.5) and it adds or drops spaces when it folds a long display name with non-ASCII
text. So the headers that carry text from strangers (Subject, From, To) and RFC 8058's List-Unsubscribe,
which receivers read undecoded, are composed here: printable ASCII stays as it is, anything else becomes
base64 encoded-words of whole characters, and every line ends where we say. `message.py` stores them with
`set_raw` under a policy that never refolds a raw value.
"""

from __future__ import annotations

import base64
import re
from itertools import groupby

from core.errors import ConfigError
from core.safe_text import header_text

MAX_LINE = 78  # RFC 5322's recommended line length; its hard limit is 998
FOLD = "\n "  # the message's policy turns "\n" into the line ending of the output (LF in files, CRLF in SMTP)
_WORD_BYTES = 39  # UTF-8 bytes per encoded-word: 52 base64 characters, 64 in all, so "Subject: " + one fits
_PRINTABLE = re.compile(r"[ -~]*")
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*")  # a phrase of atoms needs no quotes
_ATOM_WORD = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LINK = re.compile(r"[!-~]+")


def unstructured(name: str, text: str) -> str:
    """A header-safe value of an unstructured header (Subject): folded at spaces when it is printable
    ASCII and every word fits a line, else encoded-words."""
    text = header_text(text)
    if _PRINTABLE.fullmatch(text):
        lines = _fold_words(text.split(" "), first=len(name) + 2)
        if all(len(line) <= MAX_LINE for line in lines):
            return FOLD.join(lines)
    return FOLD.join(_encoded_words(text))


def mailbox(name: str, display_name: str, addr_spec: str) -> str:
    """`Display Name <addr@domain>` for From or To, the name made header-safe; the address as it is."""
    phrase = _phrase(header_text(display_name), room=MAX_LINE - len(name) - 2)
    if not phrase:
        return addr_spec
    last = phrase.rsplit(FOLD, 1)[-1]
    first = len(name) + 2 if FOLD not in phrase else 1
    fits = first + len(last) + len(addr_spec) + 3 <= MAX_LINE
    return f"{phrase} <{addr_spec}>" if fits else f"{phrase}{FOLD}<{addr_spec}>"


def list_unsubscribe(unsubscribe: str, mailto: str) -> str:
    """RFC 8058's value, `<https://...>, <mailto:...>`, in plain ASCII, folded only between the two links."""
    for link, setting in ((unsubscribe, "SIGNALDESK_PUBLIC_URL"), (mailto, "SIGNALDESK_MAIL_FROM")):
        if not _LINK.fullmatch(link) or any(ch in link for ch in '<>,"') or "=?" in link:
            # Never the link itself: it holds the subscriber's token, and this line reaches logs and Prefect.
            raise ConfigError(
                "cannot be written into List-Unsubscribe (printable ASCII without spaces, "
                '<, >, commas, quotes or "=?")',
                resource=setting,
            )
    single = f"<{unsubscribe}>, <{mailto}>"
    return single if len("List-Unsubscribe: ") + len(single) <= MAX_LINE else f"<{unsubscribe}>,{FOLD}<{mailto}>"


def _phrase(text: str, *, room: int) -> str:
    """A display name: atoms as they are, other printable ASCII quoted, anything else encoded.

    Runs of non-ASCII words are encoded together, their spaces inside the word, and the plain words stay
    between them: readers disagree on the space between two adjacent encoded-words (RFC 2047 drops it,
    CPython's parser keeps it), so two only meet when one run is too long for a single word.
    """
    if not text:
        return ""
    if _ATOM.fullmatch(text):
        return FOLD.join(_fold_words(text.split(" "), first=MAX_LINE - room))
    if _PRINTABLE.fullmatch(text):
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + FOLD.join(_fold_words(quoted.split(" "), first=MAX_LINE - room + 1)) + '"'
    tokens: list[str] = []
    for plain, words in groupby(text.split(" "), key=lambda word: bool(_ATOM_WORD.fullmatch(word))):
        run = " ".join(words)
        tokens.extend([run] if plain else _encoded_words(run))
    return FOLD.join(_fold_words(tokens, first=MAX_LINE - room))


def _fold_words(words: list[str], *, first: int) -> list[str]:
    """Words joined by single spaces into lines, each broken before a word that would pass MAX_LINE."""
    lines: list[str] = []
    used = first
    for word in words:
        if lines and used + 1 + len(word) > MAX_LINE:
            lines.append(word)
            used = 1 + len(word)
        elif lines:
            lines[-1] += " " + word
            used += 1 + len(word)
        else:
            lines.append(word)
            used += len(word)
    return lines


def _encoded_words(text: str) -> list[str]:
    """`=?utf-8?b?...?=` words of whole characters; a reader joins adjacent ones without the folds."""
    words, chunk = [], b""
    for char in text:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > _WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += encoded
    words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words if word]
