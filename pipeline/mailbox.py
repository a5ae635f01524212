"""The sender's mailbox, `addr@domain` or `Display Name <addr@domain>`, and nothing else.

The email package's parseaddr takes the first mailbox of a list and drops trailing words, so
`ops@example.com, ceo@example.com` would quietly send as ops@example.com alone. This grammar accepts
exactly one mailbox: a display name of plain words or one quoted string (which may hold commas), then the
address in angle brackets; or the bare address.
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_QUOTED = r'"(?P<quoted>(?:[^"\\]|\\.)*)"'
_WORDS = r'(?P<words>[^<>()\[\]:;@\\,"]*)'  # RFC 5322's specials, except the period of "J. Smith"


def _addr(tag: str) -> str:
    return rf"(?P<local{tag}>{_ATOM}(?:\.{_ATOM})*)@(?P<domain{tag}>{_LABEL}(?:\.{_LABEL})*)"


_MAILBOX = re.compile(rf"{_addr('')}|(?:{_QUOTED}|{_WORDS})\s*<{_addr('_named')}>")
_MAX_ADDR = 254
EXPECTED = "one mailbox: name@example.com or Name <name@example.com>"


def parse_mailbox(value: str) -> tuple[str, str, str]:
    """(display name, local part, domain) of the one mailbox `value` names; ValueError otherwise."""
    text = (value or "").strip()
    found = _MAILBOX.fullmatch(text) if text.isprintable() else None
    if found is None:
        raise ValueError(f"not {EXPECTED}")
    local, domain = found["local"] or found["local_named"], found["domain"] or found["domain_named"]
    if "=?" in local or len(local) + len(domain) + 1 > _MAX_ADDR:
        raise ValueError(f"not {EXPECTED}")
    if found["quoted"] is not None:
        return re.sub(r"\\(.)", r"\1", found["quoted"]), local, domain
    return " ".join((found["words"] or "").split()), local, domain
