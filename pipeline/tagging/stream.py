"""JSON Lines in, JSON Lines out: the engine of `signaldesk tag` on stdin/stdout.

Lines are tagged in chunks (one spaCy batch each) and written in input order. A malformed line (not UTF-8,
not JSON, a wrong field) is reported on the error stream as "<stdin> line N: ..." and skipped; it never
stops the lines after it nor loses those before it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import TextIO

from core.errors import InputError


def parse_line(line: str | bytes, number: int, name: str = "<stdin>") -> tuple[object, str, str, str, str | None]:
    """(id, title, summary, body, publication) from one input line, or InputError naming the input, line and
    field. `publication`, optional: the outlet that wrote the item, never reported as one of its organizations
    unless it acts in the story."""
    where = f"{name} line {number}"
    try:
        row = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start + 1})", resource=where) from None
    except RecursionError:
        raise InputError("not valid JSON (nested too deeply)", resource=where) from None
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        raise InputError(f"not valid JSON ({getattr(exc, 'msg', exc)})", resource=where) from None
    if not isinstance(row, dict):
        raise InputError("expected a JSON object", resource=where)
    if "id" not in row or row["id"] is None or isinstance(row["id"], bool | dict | list):
        raise InputError("missing or invalid field 'id'", resource=where)
    if isinstance(row["id"], float) and not math.isfinite(row["id"]):  # NaN would be written as non-JSON
        raise InputError("field 'id' is not a finite number", resource=where)
    if isinstance(row["id"], str) and not _utf8(row["id"]):  # "\ud800" is JSON, but the output is UTF-8
        raise InputError("field 'id' holds a lone surrogate", resource=where)
    fields = []
    for key in ("title", "summary", "body"):
        value = row.get(key) or ""
        if not isinstance(value, str):
            raise InputError(f"field '{key}' must be a string", resource=where)
        fields.append(value)
    publication = row.get("publication")
    if publication is not None and not isinstance(publication, str):
        raise InputError("field 'publication' must be a string", resource=where)
    return (row["id"], *fields, publication or None)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def tag_stream(lines: Iterable[str | bytes], out: TextIO, err: TextIO, tagger, *, chunk: int = 256) -> int:
    """Tag every good line; returns how many lines were skipped as malformed."""
    skipped, batch = 0, []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            batch.append(parse_line(line, number))
        except InputError as exc:
            skipped += 1
            print(exc, file=err)
            continue
        if len(batch) >= chunk:
            _write(batch, out, tagger)
            batch = []
    _write(batch, out, tagger)
    return skipped


def _write(batch: list, out: TextIO, tagger) -> None:
    results = tagger.tag_many([fields for _, *fields in batch], batch_size=len(batch) or 1)
    for (item_id, *_), result in zip(batch, results, strict=True):
        out.write(json.dumps(result.as_json(item_id), ensure_ascii=False) + "\n")
    out.flush()
