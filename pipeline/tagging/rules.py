"""The taxonomy rules as data: one JSON file per category under `patterns/`.

Each file lists subtopics, each with a weight (how sure one match makes us of the category), `phrases`
(matched on lower-cased tokens by a SpanRuler) and `regex` (run over the text: the structures phrases
cannot say, like "raises ... $" or "the ... Act"; case-sensitive unless wrapped in (?i:...), with MONEY
standing for a currency sign). Regular expressions rather than token patterns because spaCy's Matcher
tries every pattern at every token, which cost more than the rest of the tagger together.
`against` lists cues that argue against the category (a settlement is not capital); they weaken the rule
score instead of vetoing it. `context` lists words the category needs somewhere in the text (demand is
about AI: a subscription price with no AI in sight is not demand); without one, the rule score is
multiplied by `without_context`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.tagging.results import CATEGORIES

PATTERNS_DIR = Path(__file__).parent / "patterns"
AGAINST = "against"
CONTEXT = "context"
_MONEY = r"(?:US\$|A\$|C\$|HK\$|\$|€|£|¥)"
_CURRENCY = re.compile(r"[$€£¥]")


@dataclass(frozen=True)
class RuleHit:
    """One regex match, with the attributes of a spaCy Span that the evidence reads."""

    text: str
    id_: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class RuleBook:
    phrases: list[dict]  # SpanRuler patterns: label = category (or against/context), id = subtopic (or category)
    # (category, subtopic, compiled, needs a currency sign): separate patterns scan faster than one big
    # alternation, and the money ones are skipped outright on the many texts without a currency sign.
    regexes: list[tuple[str, str, re.Pattern, bool]]
    # (category, subtopic) -> weight; (AGAINST, category) -> weight; (CONTEXT, category) -> factor without context
    weights: dict[tuple[str, str], float]

    def regex_hits(self, text: str) -> dict[str, list[RuleHit]]:
        hits: dict[str, list[RuleHit]] = {}
        has_money = _CURRENCY.search(text) is not None
        for category, subtopic, pattern, needs_money in self.regexes:
            if needs_money and not has_money:
                continue
            for match in pattern.finditer(text):
                hits.setdefault(category, []).append(RuleHit(match.group(0), subtopic, *match.span()))
        return hits


@lru_cache(maxsize=1)
def load_rules(directory: Path = PATTERNS_DIR) -> RuleBook:
    phrases, regexes, weights = [], [], {}
    for category in CATEGORIES:
        path = directory / f"{category}.json"
        data = _read(path)
        for subtopic, spec in data.get("subtopics", {}).items():
            weights[(category, subtopic)] = float(spec["weight"])
            phrases += _phrases(category, subtopic, spec)
            regexes += [(category, subtopic, _compile(rx, path), "MONEY" in rx) for rx in spec.get("regex", [])]
        if against := data.get("against"):
            weights[(AGAINST, category)] = float(against["weight"])
            phrases += _phrases(AGAINST, category, against)
        if context := data.get("context"):
            weights[(CONTEXT, category)] = float(context["without_context"])
            phrases += _phrases(CONTEXT, category, context)
    return RuleBook(phrases=phrases, regexes=regexes, weights=weights)


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


def _compile(expression: str, path: Path) -> re.Pattern:
    try:
        return re.compile(expression.replace("MONEY", _MONEY))
    except re.error as exc:
        raise ConfigError(f"bad regex {expression!r}: {exc}", resource=str(path)) from exc
