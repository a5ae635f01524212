"""Which modules a Python file imports, read from its syntax tree without running it.

Two readers need the same answer: the tagger version (every module that decides a tag, pipeline/tagging/version.py)
and the architecture test (no package imports a later one). Lazy imports inside functions count, and relative
imports are resolved against the file's package.
"""

from __future__ import annotations

import ast
from pathlib import Path


def imported_names(path: Path, module: str) -> set[str]:
    """Every module name `path` (the file of `module`) imports; `from a import b` gives both a and a.b."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
            stem = ".".join(filter(None, (base, node.module)))
            names.add(stem)
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    return names
