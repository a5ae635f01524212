"""Data flows one way (docs/architecture.md): no package or stage imports a later one, with no exceptions.

core (imports nothing of ours) < models < spiders, pipeline < flows, web < cli (the edge, imported by nothing).
"""

from pathlib import Path

import pytest

from core.imports import imported_names

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "models", "spiders", "pipeline", "flows", "web", "cli")
# package (or stage) -> the project modules it must never import
FORBIDDEN = {
    "core": ("models", "spiders", "pipeline", "flows", "web", "cli"),
    "models": ("spiders", "pipeline", "flows", "web", "cli"),
    "spiders": ("models", "pipeline", "flows", "web", "cli"),
    "pipeline": ("spiders", "flows", "web", "cli"),
    "pipeline.tagging": ("pipeline.briefing", "pipeline.delivery", "pipeline.demo"),
    "pipeline.briefing": ("pipeline.delivery", "pipeline.demo"),
    "pipeline.delivery": ("pipeline.demo",),
    "flows": ("spiders", "web", "cli"),
    "web": ("spiders", "flows", "cli"),
}


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, at any depth of its code, relative imports resolved."""
    return imported_names(path, module_name(path))


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


def test_every_package_is_placed_and_checked():
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert on_disk == set(PACKAGES), "a new top-level package needs its place in the order above"
    assert set(PACKAGES) - {"cli"} <= {c[0].split(".")[0] for c in CASES}


def test_nothing_imports_the_command_line():
    for package in PACKAGES[:-1]:
        for path in (ROOT / package).rglob("*.py"):
            assert not any(n == "cli" or n.startswith("cli.") for n in imports_of(path)), path
