"""JSON Lines in, JSON Lines out: the engine of `signaldesk tag` on stdin/stdout.

Lines are tagged in chunks (one spaCy batch each) and written in input order. A malformed line is
reported on the error stream with its line number and skipped; it never stops the lines after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from pipeline.errors import InputError


def parse_line(line: str, number: int) -> tuple[object, str, str, str]:
    """(id, title, summary, body) from one input line, or InputError naming the line and field."""
    where = f"line {number}"
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", resource=where) from exc
    if not isinstance(row, dict):
        raise InputError("expected a JSON object", resource=where)
    if "id" not in row or row["id"] is None or isinstance(row["id"], bool | dict | list):
        raise InputError("missing or invalid field 'id'", resource=where)
    fields = []
    for key in ("title", "summary", "body"):
        value = row.get(key) or ""
        if not isinstance(value, str):
            raise InputError(f"field '{key}' must be a string", resource=where)
        fields.append(value)
    return (row["id"], *fields)


def tag_stream(lines: Iterable[str], out: TextIO, err: TextIO, tagger, *, chunk: int = 256) -> int:
    """Tag every good line; returns how many lines were skipped as malformed."""
    skipped, batch = 0, []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            batch.append(parse_line(line, number))
        except InputError as exc:
            skipped += 1
            print(f"signaldesk tag: {exc}", file=err)
            continue
        if len(batch) >= chunk:
            _write(batch, out, tagger)
            batch = []
    _write(batch, out, tagger)
    return skipped


def _write(batch: list, out: TextIO, tagger) -> None:
    results = tagger.tag_many([(title, summary, body) for _, title, summary, body in batch], batch_size=len(batch) or 1)
    for (item_id, *_), result in zip(batch, results, strict=True):
        out.write(json.dumps(result.as_json(item_id), ensure_ascii=False) + "\n")
    out.flush()
