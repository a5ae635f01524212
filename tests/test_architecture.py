"""Data flows one way: no package or stage imports a later one (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package (or stage) -> the project modules it must never import
FORBIDDEN = {
    "models": ("spiders", "pipeline", "flows", "web"),
    "spiders": ("models", "flows", "web", "pipeline.tagging", "pipeline.briefing", "pipeline.delivery"),
    "pipeline": ("flows", "web"),
    "pipeline.tagging": ("pipeline.briefing", "pipeline.delivery", "pipeline.demo"),
    "pipeline.briefing": ("pipeline.delivery", "pipeline.demo"),
    "pipeline.delivery": ("pipeline.demo",),
    "web": ("flows",),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


CASES = [
    (module_name(path), path, banned)
    for package, banned in FORBIDDEN.items()
    for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py"))
]


@pytest.mark.parametrize("module, path, banned", CASES, ids=[c[0] for c in CASES])
def test_no_stage_imports_a_later_one(module, path, banned):
    bad = sorted(name for name in imports_of(path) for b in banned if name == b or name.startswith(b + "."))
    assert not bad, f"{module} imports {bad}, which come later in the data flow"


def test_the_check_sees_every_package():
    packages = {c[0].split(".")[0] for c in CASES}
    assert {"models", "spiders", "pipeline"} <= packages
