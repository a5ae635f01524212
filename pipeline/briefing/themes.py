"""Cross-category themes: named only when several stories of the day connect.

Each theme is a rule over the ranked stories; its text states counts and sums taken from those stories
and names them, so every claim traces back to sources.
"""

from __future__ import annotations

from collections import defaultdict

from core.amount_roles import REGISTRY as AMOUNT_ROLES
from pipeline.briefing.contracts import Story, Theme
from pipeline.briefing.rank import usd_value
from pipeline.briefing.text import compact_usd
from pipeline.briefing.watchlist import story_matches

MAX_THEMES = 3


def find_themes(stories: list[Story], watchlist: list[str]) -> list[Theme]:
    themes = [t for t in (_capital_to_infrastructure(stories), _rules_meet_capacity(stories)) if t]
    themes += _watched_vendor_exposure(stories, watchlist)
    themes += _organization_across_categories(stories, {i for t in themes for i in t.story_ids})
    return themes[:MAX_THEMES]


def _with(stories: list[Story], *categories: str) -> list[Story]:
    return [s for s in stories if set(categories) <= set(s.categories)]


def _capital_to_infrastructure(stories: list[Story]) -> Theme | None:
    hits = _with(stories, "capital", "infrastructure")
    if len(hits) < 2:
        return None
    money = _money_by_role(hits)
    return Theme(
        title="Capital flowing to infrastructure",
        rule="capital+infrastructure",
        text=f"{len(hits)} stories put money into compute capacity{money}.",
        story_ids=[s.id for s in hits],
    )


def _money_by_role(stories: list[Story]) -> str:
    """ ", $2.1B raised and $40B target or commitment": each role summed on its own, over the stories that
    state one (the largest amount of that role per story: its sources restate the same money), and never
    added across roles: money raised, a deal's value and a valuation are not one pile."""
    totals = []
    for role in AMOUNT_ROLES:
        if not role.moves_money:
            continue
        sized = [
            max((usd_value(a) or 0.0) for a in s.amounts if a.role == role.key and not a.period)
            for s in stories
            if any(a.role == role.key and not a.period for a in s.amounts)
        ]
        if total := sum(sized):
            totals.append(f"{compact_usd(total)} {role.label}")
    return f", {' and '.join(totals)}" if totals else ""


def _rules_meet_capacity(stories: list[Story]) -> Theme | None:
    hits = _with(stories, "policy", "infrastructure")
    if len(hits) < 2:
        return None
    return Theme(
        title="Rules reaching compute capacity",
        rule="policy+infrastructure",
        text=f"{len(hits)} stories tie government action to chips, power or data centers.",
        story_ids=[s.id for s in hits],
    )


def _watched_vendor_exposure(stories: list[Story], watchlist: list[str]) -> list[Theme]:
    themes = []
    for term in watchlist or []:
        related = [s for s in stories if story_matches(s, term)]
        security = [s for s in related if "security" in s.categories]
        if security and len(related) >= 2:
            themes.append(
                Theme(
                    title=f"Security exposure of {term}",
                    rule="watched-vendor-security",
                    text=f"{term}, on the watchlist, is in {_stories(len(security))} about security"
                    + (
                        f" and {_stories(len(related) - len(security))} more today."
                        if len(related) > len(security)
                        else " today."
                    ),
                    story_ids=[s.id for s in related],
                )
            )
    return themes


def _organization_across_categories(stories: list[Story], used: set[str]) -> list[Theme]:
    by_org: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for org in story.orgs:
            by_org[org].append(story)
    themes = []
    for org, related in sorted(by_org.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        categories = sorted({s.categories[0] for s in related})
        if len(related) >= 2 and len(categories) >= 2 and not {s.id for s in related} <= used:
            themes.append(
                Theme(
                    title=f"{org} on several fronts",
                    rule="organization-across-categories",
                    text=f"{org} appears in {len(related)} stories across {', '.join(categories)}.",
                    story_ids=[s.id for s in related],
                )
            )
    return themes


def _stories(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"
