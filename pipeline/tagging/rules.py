"""The taxonomy rules as data: one JSON file per category under `patterns/`.

Each file lists subtopics, each with a weight (how sure one match makes us of the category), `phrases`
(matched on lower-cased tokens by a SpanRuler) and `regex` (run over the text: the structures phrases
cannot say, like "raises ... $" or "the ... Act"; case-sensitive unless wrapped in (?i:...), with MONEY
standing for a currency sign). Regular expressions rather than token patterns because spaCy's Matcher
tries every pattern at every token, which cost more than the rest of the tagger together.
`against` lists cues (phrases and regexes) that argue against the category (a settlement is not capital);
they weaken the rule score instead of vetoing it. `none.json` lists cues against every category at once:
the item kinds the taxonomy files under none (reviews, buying guides, deals). `context` lists words the
category needs somewhere in the text (demand is about AI: a subscription price with no AI in sight is not
demand); without one, the rule score is multiplied by `without_context`; `org_kinds` lets organizations of
those gazetteer kinds stand for context (policy needs a company, a market or a technology in sight, not an
election or a war).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from core.errors import ConfigError
from pipeline.tagging.prefilter import NeedleIndex, filterable, holds
from pipeline.tagging.regexes import RegexRule, compile_rule
from pipeline.tagging.results import CATEGORIES

PATTERNS_DIR = Path(__file__).parent / "patterns"
AGAINST = "against"
CONTEXT = "context"
NONE_CUES = "none"  # the against-cues of none.json, which weaken every category


class RuleHit(NamedTuple):
    """One rule match, with the attributes of a spaCy Span that the evidence reads (a tuple: documents
    make many, and a frozen dataclass costs several times more to build)."""

    text: str
    id_: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class RuleBook:
    phrases: list[dict]  # SpanRuler patterns: label = category (or against/context), id = subtopic (or category)
    # Separate patterns scan faster than one big alternation, and each is skipped outright on the many
    # texts that lack the needles of one of its required groups (prefilter.py).
    regexes: list[RegexRule]
    # (category, subtopic) -> weight; (AGAINST, category) -> weight; (CONTEXT, category) -> factor without context
    weights: dict[tuple[str, str], float]
    # category -> gazetteer kinds whose organizations count as the category's context (policy: companies)
    context_kinds: dict[str, frozenset[str]]
    needles: NeedleIndex | None = None  # every regex's needles
    # needle -> indexes of the regexes whose first (cheapest) required group holds it; and the regexes that
    # require nothing, which always run
    by_needle: dict[str, tuple[int, ...]] | None = None
    always: tuple[int, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "needles", NeedleIndex(self.needle_set))
        index: dict[str, list[int]] = {}
        for position, rule in enumerate(self.regexes):
            for needle in rule.requires[0] if rule.requires else ():
                index.setdefault(needle, []).append(position)
        object.__setattr__(self, "by_needle", {needle: tuple(found) for needle, found in index.items()})
        object.__setattr__(self, "always", tuple(i for i, rule in enumerate(self.regexes) if not rule.requires))

    @property
    def needle_set(self) -> set[str]:
        return {needle for rule in self.regexes for group in rule.requires for needle in group}

    def regex_hits(
        self, text: str, lower: str | None = None, present: set[str] | None = None
    ) -> dict[str, list[RuleHit]]:
        """Hits by category (AGAINST: cues against the category named by the hit's id_). Only the patterns
        whose required strings are in the text run (a money pattern needs a currency sign, a verb pattern its
        verbs, "government ... buys ... AI" all three). `present`: the answer of a NeedleIndex holding at least
        this book's needles (`needle_set`) for `lower`, when the caller already has one."""
        lower = lower if lower is not None else text.lower()
        if not filterable(text):  # "ſ" matches (?i:s) but lower-cases to itself: the patterns as written
            return self._scan(self.regexes, text, lower, as_written=True)
        present = self.needles(lower) if present is None else present
        # Only the regexes one of whose first group's needles is present can hold all their groups.
        candidates = set(self.always)
        for needle in present:
            candidates.update(self.by_needle.get(needle, ()))
        rules = [self.regexes[i] for i in sorted(candidates) if holds(self.regexes[i].requires[1:], present)]
        return self._scan(rules, text, lower)

    @staticmethod
    def _scan(rules: list[RegexRule], text: str, lower: str, as_written: bool = False) -> dict[str, list[RuleHit]]:
        hits: dict[str, list[RuleHit]] = {}
        for rule in rules:
            spans = (m.span() for m in rule.exact.finditer(text)) if as_written else rule.finditer(text, lower)
            for start, end in spans:
                hits.setdefault(rule.category, []).append(RuleHit(text[start:end], rule.subtopic, start, end))
        return hits


@lru_cache(maxsize=1)
def load_rules(directory: Path = PATTERNS_DIR) -> RuleBook:
    phrases, regexes, weights, kinds = [], [], {}, {}
    for category in CATEGORIES:
        path = directory / f"{category}.json"
        data = _read(path)
        for subtopic, spec in data.get("subtopics", {}).items():
            weights[(category, subtopic)] = float(spec["weight"])
            phrases += _phrases(category, subtopic, spec)
            regexes += _regexes(category, subtopic, spec, path)
        if against := data.get("against"):
            _add_against(category, against, path, phrases, regexes, weights)
        if context := data.get("context"):
            weights[(CONTEXT, category)] = float(context["without_context"])
            phrases += _phrases(CONTEXT, category, context)
            kinds[category] = frozenset(context.get("org_kinds", []))
    none_path = directory / f"{NONE_CUES}.json"
    if none_path.is_file():
        _add_against(NONE_CUES, _read(none_path), none_path, phrases, regexes, weights)
    return RuleBook(phrases=phrases, regexes=regexes, weights=weights, context_kinds=kinds)


def _add_against(target: str, spec: dict, path: Path, phrases: list, regexes: list, weights: dict) -> None:
    weights[(AGAINST, target)] = float(spec["weight"])
    phrases += _phrases(AGAINST, target, spec)
    regexes += _regexes(AGAINST, target, spec, path)


def _regexes(category: str, subtopic: str, spec: dict, path: Path) -> list[RegexRule]:
    return [compile_rule(category, subtopic, rx, path) for rx in spec.get("regex", [])]


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read taxonomy rules: {exc}", resource=str(path)) from exc
    if data.get("category") != path.stem:
        raise ConfigError(f"file declares category {data.get('category')!r}", resource=str(path))
    return data


def _phrases(label: str, rule_id: str, spec: dict) -> list[dict]:
    return [{"label": label, "id": rule_id, "pattern": phrase} for phrase in spec.get("phrases", [])]
