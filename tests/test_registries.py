"""Each enumeration is written once: the category, kind and tier registries, and everything that reads them.

The last tests make the claim of issue 12 concrete: a sixth category (or a new kind) is one entry in its
registry, and the CLI, the archive's filter, the flow parameter and the subscriber validator accept it with
no other edit. They apply that one edit to the registry's source in a fresh interpreter, as a developer would.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import categories, kinds, tiers
from core.categories import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
REGISTRIES = {"categories": categories, "kinds": kinds, "tiers": tiers}
KEYS = {"categories": CATEGORIES, "kinds": kinds.KINDS, "tiers": tiers.TIERS}
SCANNED = ("core", "models", "spiders", "pipeline", "flows", "web", "cli", "bench", "tests")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def _python_files():
    return sorted(path for package in SCANNED for path in (ROOT / package).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}


def _lists_every_key(node: ast.AST, keys: tuple[str, ...], docstrings: set[int]) -> bool:
    """A tuple, list or set literal (a Literal[...] is a tuple) with every key, or a string naming them all."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        found = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        return set(keys) <= found
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
        return set(keys) <= set(re.findall(r"[a-z][a-z0-9-]*", node.value))
    return False


@pytest.mark.parametrize("name", KEYS)
def test_no_module_but_the_registry_spells_every_key(name):
    own = Path(REGISTRIES[name].__file__).resolve()
    offenders = []
    for path in _python_files():
        if path.resolve() == own:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        offenders += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if _lists_every_key(node, KEYS[name], docstrings)
        ]
    assert not offenders, f"every {name} key written out again (read {REGISTRIES[name].__name__}): {offenders}"


@pytest.mark.parametrize("name", KEYS)
def test_no_template_or_stylesheet_spells_every_key(name):
    pages = [
        *(ROOT / "web").rglob("*.html"),
        *(ROOT / "web").rglob("*.css"),
        *(ROOT / "pipeline/delivery/templates").iterdir(),
    ]
    offenders = [
        str(p.relative_to(ROOT))
        for p in pages
        if set(KEYS[name]) <= set(re.findall(r"[a-z][a-z0-9-]*", p.read_text(encoding="utf-8")))
    ]
    assert not offenders, f"every {name} key written out in {offenders}: loop over the registry instead"


@pytest.mark.parametrize("name", KEYS)
def test_keys_are_unique_slugs(name):
    keys = KEYS[name]
    assert len(set(keys)) == len(keys) and all(_SLUG.match(key) for key in keys)


def test_the_taxonomy_document_names_the_registry_in_its_order_with_its_help():
    text = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \|$", text, flags=re.MULTILINE)
    assert rows == [(c.key, c.help) for c in categories.REGISTRY]


def test_headings_use_the_registry_label_and_a_retired_key_still_reads(monkeypatch):
    from dataclasses import replace

    monkeypatch.setitem(categories.BY_KEY, "security", replace(categories.BY_KEY["security"], label="Trust"))
    assert categories.label("security") == "Trust" and categories.label("retired") == "Retired"


def test_colours_live_in_the_registry_and_are_served_from_it():
    from web.routes.styles import categories_css, category_css

    css = categories_css().body.decode()
    assert css == category_css()
    for c in categories.REGISTRY:
        assert re.fullmatch(r"#[0-9a-f]{6}", c.colour)
        assert f"--{c.key}: {c.colour};" in css and f".chip.c-{c.key} {{ background: var(--{c.key}); }}" in css
        assert f".chart rect.c-{c.key} {{ fill: var(--{c.key}); }}" in css
    assert '<link rel="stylesheet" href="/categories.css">' in (ROOT / "web/templates/base.html").read_text()
    static = (ROOT / "web/static/style.css").read_text()
    assert not [c.key for c in categories.REGISTRY if f"--{c.key}" in static or f"c-{c.key}" in static]


def test_the_cli_offers_and_accepts_exactly_the_registry(capsys):
    from cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["run", "--categories", ",".join(reversed(CATEGORIES))]).categories == list(
        reversed(CATEGORIES)
    )
    with pytest.raises(SystemExit):
        parser.parse_args(["run", "--categories", "gossip"])
    assert f"unknown category gossip (one of {', '.join(CATEGORIES)})" in capsys.readouterr().err
    brief = _subparser(parser, "brief").format_help()
    assert " ".join(CATEGORIES) in " ".join(brief.split())


def test_sources_help_names_every_kind_and_tier_from_their_registries():
    from cli import build_parser

    text = _subparser(build_parser(), "sources").format_help()
    for key, help_text in [(k.key, k.help) for k in kinds.REGISTRY] + [(t.key, t.label) for t in tiers.REGISTRY]:
        assert re.search(rf"^  {re.escape(key)} +{re.escape(help_text)}$", text, flags=re.MULTILINE), key


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices[name]


@pytest.mark.parametrize("flow_name", ["daily_briefing", "brief_flow"])
def test_the_flow_parameter_is_the_registry(flow_name):
    """What Prefect validates a run against, and the schema `signaldesk deploy` publishes."""
    from prefect.exceptions import ParameterTypeError
    from prefect.utilities.callables import parameter_schema

    from flows import daily

    flow = getattr(daily, flow_name)
    schema = parameter_schema(flow).model_dump()
    assert schema["definitions"]["CategoryName"]["enum"] == list(CATEGORIES)
    params = flow.validate_parameters({"date": "2026-04-15", "categories": list(CATEGORIES)})
    assert params["categories"] == list(CATEGORIES)
    with pytest.raises(ParameterTypeError):
        flow.validate_parameters({"date": "2026-04-15", "categories": ["gossip"]})


def test_the_archive_filter_and_the_subscriber_validator_accept_exactly_the_registry():
    from core.errors import InputError
    from pipeline.delivery.subscriber_input import clean_categories
    from web.queries.params import parse_signal_query

    assert parse_signal_query(category=list(CATEGORIES)).categories == CATEGORIES
    assert clean_categories(list(reversed(CATEGORIES))) == list(CATEGORIES)
    for check in (lambda: parse_signal_query(category=["gossip"]), lambda: clean_categories("gossip")):
        with pytest.raises(InputError, match=", ".join(CATEGORIES)):
            check()


def test_ranking_reads_the_weights_of_categories_and_tiers():
    from pipeline.briefing import rank, stories

    assert rank.CATEGORY_WEIGHTS == {c.key: c.weight for c in categories.REGISTRY}
    assert rank.TIER_WEIGHTS == {t.key: t.weight for t in tiers.REGISTRY}
    assert [stories.tier_rank(t) for t in tiers.TIERS] == list(range(len(tiers.TIERS)))


def test_the_stored_default_tier_is_the_registry_default():
    """models/ may import nothing of ours, so the Source table keeps its own copy: it must not drift."""
    from models.tables import Source

    assert Source.model_fields["tier"].default == tiers.DEFAULT


@pytest.mark.parametrize("field, registry", [("kind", kinds.KINDS), ("tier", tiers.TIERS)])
def test_the_sources_file_accepts_exactly_the_registry(field, registry):
    from core.errors import ConfigError
    from pipeline.sources import validate

    entry = {"key": "x", "kind": "feed", "url": "https://a.example/feed"}
    assert [getattr(validate({**entry, field: key}, "t"), field) for key in registry] == list(registry)
    with pytest.raises(ConfigError, match=f"expected one of {', '.join(registry)}"):
        validate({**entry, field: "gopher"}, "t")


def test_every_kind_names_a_spider_and_has_a_recorded_copy_of_its_type():
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from tests.spiders.cases import CASES

    settings = Settings()
    settings.setmodule("spiders.settings")
    spiders = set(SpiderLoader.from_settings(settings).list())
    for kind in kinds.REGISTRY:
        assert kind.spider in spiders, f"kind {kind.key}: no spider named {kind.spider!r}"
        recorded = [Path(c.files[0][1]).suffix for c in CASES if c.kind == kind.key]
        assert recorded and set(recorded) <= set(kind.fixture_types), (kind.key, recorded)


# --- one registry edit, nothing else ------------------------------------------------------------------------

_LOAD_EDITED = """
import importlib.util, pathlib, sys
import core
path = pathlib.Path(core.__file__).parent / "{module}.py"
source = path.read_text(encoding="utf-8")
anchor = "\\n)\\n\\n{keys}: "
assert source.count(anchor) == 1, "the registry is no longer one tuple literal followed by {keys}"
source = source.replace(anchor, "\\n    " + {entry!r} + anchor)
module = importlib.util.module_from_spec(importlib.util.spec_from_loader("core.{module}", loader=None))
module.__file__ = str(path)
sys.modules["core.{module}"] = core.{module} = module
exec(compile(source, str(path), "exec"), module.__dict__)
"""

_SIXTH_CATEGORY = """
from cli import build_parser
from flows.daily import brief_flow
from pipeline.briefing import check_categories, rank
from pipeline.delivery.subscriber_input import clean_categories
from web.queries.params import parse_signal_query
from web.routes.styles import category_css

assert build_parser().parse_args(["run", "--categories", "talent"]).categories == ["talent"]
assert brief_flow.validate_parameters({"date": "2026-04-15", "categories": ["talent"]})["categories"] == ["talent"]
assert parse_signal_query(category=["talent"]).categories == ("talent",)
assert clean_categories("talent,security") == ["security", "talent"]
assert check_categories(["talent"]) == ["talent"] and rank.CATEGORY_WEIGHTS["talent"] == 0.7
assert "--talent: #0f766e;" in category_css()
print("accepted")
"""

_NEW_KIND = """
from pathlib import Path
from pipeline.crawl import crawl_command
from pipeline.health import BY_KEY as HEALTH_KINDS
from pipeline.sources import validate

spec = validate({"key": "x", "kind": "json-feed", "url": "https://a.example/feed.json"}, "t")
assert crawl_command(spec, Path("items.jsonl"))[3] == "json_feed"
assert HEALTH_KINDS["json-feed"].count(b'{"items": [1, 2]}') == 2
print("accepted")
"""


def _run_with_edit(module: str, keys: str, entry: str, checks: str) -> subprocess.CompletedProcess:
    script = _LOAD_EDITED.format(module=module, keys=keys, entry=entry) + checks
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_sixth_category_is_one_registry_entry():
    entry = 'Category("talent", "Talent", "#0f766e", "people moving: hiring, layoffs, leadership", 0.7),'
    done = _run_with_edit("categories", "CATEGORIES", entry, _SIXTH_CATEGORY)
    assert done.returncode == 0 and done.stdout.strip().endswith("accepted"), done.stderr[-2000:]


def test_a_new_kind_is_one_registry_entry():
    entry = (
        'Kind("json-feed", "json_feed", "a JSON Feed 1.1 URL", '
        'lambda body: len(__import__("json").loads(body)["items"]), (".json",)),'
    )
    done = _run_with_edit("kinds", "KINDS", entry, _NEW_KIND)
    assert done.returncode == 0 and done.stdout.strip().endswith("accepted"), done.stderr[-2000:]
