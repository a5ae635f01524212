"""The signal categories (docs/taxonomy.md): the one list the tagger, the briefing, the CLI, the flows and the
archive read.

Adding a category is one entry in REGISTRY plus its data: `pipeline/tagging/patterns/<key>.json` (the rules)
and its row and section in docs/taxonomy.md (tests/test_registries.py holds the two together). Until labeled
examples and a retrained model teach the classifier the new key, its rules decide it alone. Everything else
(the CLI choices and help, the flow parameter type, the archive's filters, forms and colours, the subscriber
validator, ranking) derives from this tuple.
It sits at the top of `pipeline` and imports nothing of ours, so spiders, every stage, flows and web can
read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Category:
    key: str  # the contract string: stored on every Signal, in the briefing JSON, in URLs and CSS classes
    label: str  # a heading or menu entry
    colour: str  # the archive's chip and chart colour (served as CSS by web/routes/styles.py)
    help: str  # what a CTO files under it: its row of the table in docs/taxonomy.md
    weight: float  # how much the category counts in a story's rank (pipeline/briefing/rank.py)


# In the order of docs/taxonomy.md, which is also the order of the briefing's sections and every menu.
# Weights: what a CTO must act on first: an exposure today, then capacity, money, rules and buyers' moves.
REGISTRY: tuple[Category, ...] = (
    Category("infrastructure", "Infrastructure", "#2f7d6d", "physical compute capacity and its inputs", 0.95),
    Category("capital", "Capital", "#b7791f", "money moving", 0.85),
    Category("security", "Security", "#c0392b", "attacks, flaws and the trust of systems", 1.0),
    Category("demand", "Demand", "#6b46c1", "AI being productized and bought", 0.75),
    Category("policy", "Policy", "#2b6cb0", "government, regulators and courts", 0.8),
)

CATEGORIES: tuple[str, ...] = tuple(c.key for c in REGISTRY)
BY_KEY: dict[str, Category] = {c.key: c for c in REGISTRY}
# A type for flow parameters: Prefect validates a run's categories against it and publishes the keys as the
# parameter schema's enum. Built from the registry because a Literal cannot be.
CategoryName = StrEnum("CategoryName", [(key, key) for key in CATEGORIES], module=__name__)


def label(key: str) -> str:
    """The heading for a category key; a key no longer registered (in a stored briefing) is capitalized."""
    return BY_KEY[key].label if key in BY_KEY else key.capitalize()


def choices_text(separator: str = ", ") -> str:
    """The keys as a user reads them in help texts and error messages."""
    return separator.join(CATEGORIES)


def in_order(names) -> list[str]:
    """The known names among `names`, once each, in registry order."""
    wanted = set(names)
    return [key for key in CATEGORIES if key in wanted]


def unknown(names) -> list[str]:
    """The names that are not category keys, sorted, once each."""
    return sorted(set(names) - set(CATEGORIES))
