"""The tagger version on every result: taxonomy release, a hash of the rule data and of the trained model.

Any change to a pattern, the gazetteer, the combination settings, the tokenizer or the model gives a new version, and
with it a re-tag of stored documents (see persist.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

TAXONOMY_RELEASE = "2026.11"
_HERE = Path(__file__).parent
RULE_FILES = ("patterns/*.json", "gazetteer/*.json", "combine.py", "money.py", "measures.py", "orgs.py",
              "text.py", "language.py", "pipeline.py")


def tree_hash(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def rules_hash() -> str:
    return tree_hash([p for pattern in RULE_FILES for p in _HERE.glob(pattern)], _HERE)


def model_hash(model_dir: Path | None) -> str:
    if model_dir is None or not Path(model_dir).is_dir():
        return "none"
    files = [p for p in Path(model_dir).rglob("*") if p.is_file() and p.name != "README.md"]
    return tree_hash(files, Path(model_dir))


def tagger_version(model_dir: Path | None) -> str:
    return f"{TAXONOMY_RELEASE}-r{rules_hash()}-m{model_hash(model_dir)}"
