"""Labeled items (the format of data/labeled/*.jsonl), read with a clear error for a bad line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from core.amount_roles import AMOUNT_ROLES
from core.errors import InputError
from pipeline.tagging.results import CATEGORIES


@dataclass(frozen=True)
class LabeledItem:
    id: str
    title: str
    summary: str
    labels: frozenset[str]
    orgs: frozenset[str] | None  # None: not annotated on this item
    amounts: frozenset[str] | None
    publication: str | None = None  # the outlet: the tagger does not report it as an org where it only reports
    date: str = ""  # YYYY-MM-DD as published, "" when unknown: grouped splits hold out whole months
    amount_roles: tuple[tuple[str, str], ...] = ()  # (amount as written, its role) where the label gives one


def read_labeled_files(paths: list[Path]) -> list[LabeledItem]:
    """Several labeled files as one set; an id twice across them is an error naming both files."""
    items, seen = [], {}
    for path in paths:
        for item in read_labeled(path):
            if item.id in seen:
                raise InputError(f"item id {item.id!r} is also in {seen[item.id]}", resource=str(path))
            seen[item.id] = str(path)
            items.append(item)
    return items


def read_labeled(path: Path) -> list[LabeledItem]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read labeled file: {exc.strerror}", resource=str(path)) from exc
    items = [_item(line, f"{path}:{number}") for number, line in enumerate(lines, 1) if line.strip()]
    if not items:
        raise InputError("no labeled items", resource=str(path))
    return items


def data_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _item(line: str, where: str) -> LabeledItem:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise InputError(f"not JSON ({exc.msg})", resource=where) from exc
    if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("title"), str):
        raise InputError("a labeled item needs an id and a title", resource=where)
    labels = row.get("labels", [])
    unknown = set(labels) - set(CATEGORIES)
    if not isinstance(labels, list) or unknown:
        raise InputError(f"labels must be a list of {', '.join(CATEGORIES)}; got {sorted(unknown)}", resource=where)
    return LabeledItem(
        id=str(row["id"]),
        title=row["title"],
        summary=row.get("summary") or "",
        labels=frozenset(labels),
        orgs=_strings(row, "orgs", where),
        amounts=_strings(_amount_texts(row, where), "amounts", where),
        publication=row["publication"] if isinstance(row.get("publication"), str) else None,
        date=row["date"] if isinstance(row.get("date"), str) else "",
        amount_roles=_roles(row, where),
    )


def _roles(row: dict, where: str) -> tuple[tuple[str, str], ...]:
    amounts = row.get("amounts")
    if not isinstance(amounts, list):
        return ()
    roles = tuple((a["text"], a["role"]) for a in amounts if isinstance(a, dict) and "role" in a)
    unknown = {role for _, role in roles} - set(AMOUNT_ROLES)
    if unknown:
        raise InputError(f"amount roles must be among {', '.join(AMOUNT_ROLES)}; got {sorted(unknown)}", resource=where)
    return roles


def _amount_texts(row: dict, where: str) -> dict:
    """Amounts are written as their text, or as {"text", "role"} (data/labeled/README.md); scoring reads the text."""
    amounts = row.get("amounts")
    if not isinstance(amounts, list) or not any(isinstance(a, dict) for a in amounts):
        return row
    if not all(isinstance(a, dict) and isinstance(a.get("text"), str) for a in amounts):
        raise InputError("amounts must be texts or objects with a text", resource=where)
    return {"amounts": [a["text"] for a in amounts]}


def _strings(row: dict, key: str, where: str) -> frozenset[str] | None:
    if key not in row or row[key] is None:
        return None
    if not isinstance(row[key], list) or not all(isinstance(v, str) for v in row[key]):
        raise InputError(f"{key} must be a list of strings", resource=where)
    return frozenset(row[key])
