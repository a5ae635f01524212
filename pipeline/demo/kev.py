"""Trim the CISA KEV catalogue to a demo-sized copy that keeps CISA's own JSON layout.

CISA writes the file with four-space indents, ASCII escapes and `\\/` for every slash; writing the trimmed
catalogue the same way keeps it byte-comparable with the original (the full copy re-serializes to itself).
"""

from __future__ import annotations

import json

from core.errors import InputError


def trim_catalogue(raw: bytes, *, recent: int, month: str, where: str) -> bytes:
    """Keep the `recent` newest entries by dateAdded and every entry added in `month` (YYYY-MM),
    in the catalogue's own order, and set `count` to what is kept."""
    try:
        catalogue = json.loads(raw)
        entries = catalogue["vulnerabilities"]
        newest = sorted(range(len(entries)), key=lambda i: entries[i]["dateAdded"], reverse=True)[:recent]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not a KEV catalogue ({exc})", resource=where) from None
    keep = set(newest) | {i for i, e in enumerate(entries) if str(e.get("dateAdded", "")).startswith(month)}
    catalogue["vulnerabilities"] = [e for i, e in enumerate(entries) if i in keep]
    catalogue["count"] = len(catalogue["vulnerabilities"])
    return dump_like_cisa(catalogue)


def dump_like_cisa(catalogue: dict) -> bytes:
    return json.dumps(catalogue, indent=4).replace("/", "\\/").encode("ascii")
