"""The tagger version on every result: taxonomy release, a hash of what decides a tag, and of the trained model.

"What decides a tag" is derived, not listed by hand: every module of this project that the tagger imports,
directly or through another (read from their import statements), plus the rule data (patterns, gazetteer).
Any change to one of them gives a new version, and with it a re-tag of stored documents (see persist.py).
A hand-picked list missed most of the modules that decide (tagger.py, rules.py, matching.py, regexes.py, ...).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from core.imports import imported_names

TAXONOMY_RELEASE = "2026.11"
_HERE = Path(__file__).parent
_ROOT = _HERE.parents[1]
ENTRY = "pipeline.tagging.tagger"
RULE_DATA = ("patterns/*.json", "gazetteer/*.json")


def tree_hash(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root).as_posix()).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def _module_file(name: str) -> Path | None:
    base = _ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path, module: str) -> set[str]:
    """Project module names `path` imports, at any depth of its code (lazy imports inside functions too)."""
    return {name for name in imported_names(path, module) if _module_file(name) is not None}


def deciding_modules(entry: str = ENTRY) -> dict[str, Path]:
    """The modules `entry` needs, itself included, with the packages that contain them: module -> file."""
    found: dict[str, Path] = {}
    pending = [entry]
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
            prefix = ".".join(parts[:depth])
            if prefix not in found and (path := _module_file(prefix)) is not None:
                found[prefix] = path
                pending.extend(_imported(path, prefix))
    return found


@lru_cache(maxsize=1)
def rules_hash() -> str:
    files = set(deciding_modules().values()) | {p for pattern in RULE_DATA for p in _HERE.glob(pattern)}
    return tree_hash(sorted(files), _ROOT)


def model_hash(model_dir: Path | None) -> str:
    if model_dir is None or not Path(model_dir).is_dir():
        return "none"
    files = [p for p in Path(model_dir).rglob("*") if p.is_file() and p.name != "README.md"]
    return tree_hash(files, Path(model_dir))


def tagger_version(model_dir: Path | None) -> str:
    return f"{TAXONOMY_RELEASE}-r{rules_hash()}-m{model_hash(model_dir)}"
